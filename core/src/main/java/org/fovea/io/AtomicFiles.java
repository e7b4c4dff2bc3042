package org.fovea.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Replaces a file atomically: readers (and a process restarted after a crash or a SIGKILL) see either
 * the complete old file or the complete new one, never a mix or a truncated file.
 *
 * <p>The content goes to a temporary file {@code .NAME.RANDOM.tmp} in the target's directory (so the
 * rename stays within one file system), is forced to the disk ({@code fsync}), renamed over the target
 * with {@link StandardCopyOption#ATOMIC_MOVE}, and then the directory is forced too where the platform
 * allows it, so that the rename itself survives a power cut. If anything fails the temporary file is
 * deleted and the old target is untouched. A process killed mid-write may leave its temporary file
 * behind; it is never mistaken for the target.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** Writes the content of a file through a channel opened for writing (and reading) at position 0. */
    @FunctionalInterface
    public interface ChannelWriter {
        void writeTo(FileChannel channel) throws IOException;
    }

    /** Writes target atomically with the content the writer puts into the channel. */
    public static void write(Path target, ChannelWriter writer) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        String suffix = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        Path tmp = dir.resolve("." + absolute.getFileName() + "." + suffix + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.READ)) {
                writer.writeTo(ch);
                ch.force(true);
            }
            Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (Throwable failure) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
            if (failure instanceof AtomicMoveNotSupportedException) {
                throw new IOException("cannot replace " + target + " atomically: " + failure.getMessage(), failure);
            }
            throw failure;
        }
        forceDirectory(dir);
    }

    /** Forces a directory's entries to the disk; silently skipped where directories cannot be opened (Windows). */
    static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException platformForbids) {
            // NOTE: POSIX allows fsync on a directory descriptor; Windows refuses to open one. The data is
            // already durable there; only the rename may be lost in a power cut, which leaves the old file.
        }
    }
}
