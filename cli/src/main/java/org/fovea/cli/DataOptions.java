package org.fovea.cli;

import java.nio.file.Path;
import org.fovea.data.DataSets;
import org.fovea.data.DataSource;
import org.fovea.data.ImageFolder;
import picocli.CommandLine.Option;

/** The options that name a dataset ({@code --data}, {@code --data-dir}) and say how to read image folders. */
public final class DataOptions {
    @Option(names = "--data", required = true,
            description = "fashion-mnist, fashion-mnist-embedded, mnist, cifar10, cifar100, folder:PATH, or a directory of IDX files.")
    public String data;

    @Option(names = "--data-dir", description = "Directory holding the files of --data (fashion-mnist: else the Debian package, else the embedded subset).")
    public Path dataDir;

    @Option(names = "--resize", paramLabel = "HxW", description = "folder: resize every image to H×W (default: keep; all images must agree).")
    public String resize;

    @Option(names = "--grayscale", description = "folder: read images as one grey channel instead of RGB.")
    public boolean grayscale;

    @Option(names = "--skip-unreadable", description = "folder: skip (and count) files that do not decode instead of failing.")
    public boolean skipUnreadable;

    public DataSource resolve() {
        int h = 0;
        int w = 0;
        if (resize != null) {
            String[] p = resize.toLowerCase(java.util.Locale.ROOT).split("x");
            try {
                if (p.length != 2) throw new NumberFormatException();
                h = Integer.parseInt(p[0].strip());
                w = Integer.parseInt(p[1].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--resize wants HxW, e.g. 64x64, got \"" + resize + "\"");
            }
        }
        return DataSets.resolve(data, dataDir, new ImageFolder.Options(h, w, grayscale, skipUnreadable));
    }
}
