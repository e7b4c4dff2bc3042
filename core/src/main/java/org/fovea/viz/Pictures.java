package org.fovea.viz;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.fovea.data.ImageOps;
import org.fovea.data.Images;
import org.fovea.tensor.Tensor;

/**
 * The small image operations the visualisations share: min–max scaling of a tile to [0, 1], nearest-neighbour
 * enlargement (so a 5×5 filter stays crisp), a colour map for heat maps and its overlay on an image, and PNG
 * files with an optional caption strip, written through {@link Images} (javax.imageio).
 *
 * <p>Shape: images are (C, H, W) with C = 1 or 3, values in [0, 1]; heat maps are (H, W).
 */
public final class Pictures {
    /** Height in pixels of the caption strip {@link #writePng(Tensor, String, Path)} adds above an image. */
    public static final int CAPTION_HEIGHT = 16;

    // Control points of a perceptually ordered dark-blue → red → yellow → white map (close to matplotlib's "inferno").
    private static final float[][] HEAT = {
        {0.00f, 0.00f, 0.02f}, {0.26f, 0.04f, 0.41f}, {0.58f, 0.15f, 0.40f}, {0.87f, 0.32f, 0.23f},
        {0.99f, 0.65f, 0.04f}, {0.99f, 1.00f, 0.64f}};

    private Pictures() {}

    /** Min–max scaling to [0, 1] over the whole tensor; a constant tensor becomes 0.5 grey. */
    public static Tensor rescale(Tensor x) {
        float[] d = x.contiguous().toArray();
        float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
        for (float v : d) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        float range = hi - lo;
        for (int i = 0; i < d.length; i++) d[i] = range > 0 ? (d[i] - lo) / range : 0.5f;
        return Tensor.wrap(d, x.shape());
    }

    /** Each pixel repeated factor × factor times. Shape: (C, H, W) → (C, H·factor, W·factor). */
    public static Tensor enlarge(Tensor image, int factor) {
        if (factor < 1) throw new IllegalArgumentException("enlarge: factor must be >= 1, got " + factor);
        Tensor x = chw("enlarge", image).contiguous();
        int c = x.size(0), h = x.size(1), w = x.size(2), oh = h * factor, ow = w * factor;
        float[] src = x.data(), out = new float[c * oh * ow];
        int off = x.offset();
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < oh; y++) {
                for (int xx = 0; xx < ow; xx++) out[(ch * oh + y) * ow + xx] = src[off + (ch * h + y / factor) * w + xx / factor];
            }
        }
        return Tensor.wrap(out, c, oh, ow);
    }

    /** A grey (1, H, W) image as (3, H, W); RGB passes through. */
    public static Tensor rgb(Tensor image) {
        Tensor x = chw("rgb", image);
        if (x.size(0) == 3) return x;
        if (x.size(0) != 1) throw new IllegalArgumentException("rgb: want 1 or 3 channels, got " + x.size(0));
        return Tensor.concat(0, x, x, x).contiguous();
    }

    /** A (H, W) map, min–max scaled, through the heat colour map. Shape: (H, W) → (3, H, W). */
    public static Tensor heat(Tensor map) {
        if (map.dim() != 2) throw new IllegalArgumentException("heat: want an (H, W) map, got " + map.dim() + " dims");
        float[] v = rescale(map).data();
        int hw = v.length;
        float[] out = new float[3 * hw];
        for (int i = 0; i < hw; i++) {
            float t = v[i] * (HEAT.length - 1);
            int k = Math.min((int) t, HEAT.length - 2);
            float f = t - k;
            for (int c = 0; c < 3; c++) out[c * hw + i] = HEAT[k][c] * (1 - f) + HEAT[k + 1][c] * f;
        }
        return Tensor.wrap(out, 3, map.size(0), map.size(1));
    }

    /**
     * The heat map of {@code map} blended over the image: (1 − alpha)·image + alpha·heat(map), the map resized
     * (bilinear) to the image if their sizes differ. Shape: image (C, H, W), map (h, w) → (3, H, W).
     */
    public static Tensor overlay(Tensor image, Tensor map, float alpha) {
        Tensor img = rgb(image);
        int h = img.size(1), w = img.size(2);
        Tensor heat = heat(map);
        if (heat.size(1) != h || heat.size(2) != w) heat = ImageOps.resize(heat, h, w);
        return img.mul(1 - alpha).add(heat.mul(alpha)).contiguous();
    }

    /** Tiles, each enlarged by {@code scale}, in a grid of {@code columns} with 2 black pixels between tiles. */
    public static Tensor tile(List<Tensor> images, int columns, int scale) {
        return Images.grid(images.stream().map(t -> enlarge(t, scale)).toList(), Math.min(columns, images.size()), 2);
    }

    /** Checks a (C, H, W) image with C = 1 or 3. */
    static Tensor chw(String op, Tensor image) {
        if (image.dim() != 3 || (image.size(0) != 1 && image.size(0) != 3)) {
            throw new IllegalArgumentException(op + ": want a (C, H, W) image with C = 1 or 3, got shape " + java.util.Arrays.toString(image.shape()));
        }
        return image;
    }

    /** Writes a (C, H, W) image in [0, 1] as a PNG of exactly H × W pixels. */
    public static void writePng(Tensor image, Path file) { Images.writePng(image, file); }

    /**
     * Writes the image under a caption strip of {@link #CAPTION_HEIGHT} pixels (white text on black): a PNG of
     * (H + CAPTION_HEIGHT) × W pixels.
     */
    public static void writePng(Tensor image, String caption, Path file) {
        BufferedImage body = Images.toImage(image);
        BufferedImage out = new BufferedImage(body.getWidth(), body.getHeight() + CAPTION_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.BLACK);
            g.fillRect(0, 0, out.getWidth(), CAPTION_HEIGHT);
            g.setColor(Color.WHITE);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            g.drawString(caption, 3, CAPTION_HEIGHT - 4);
            g.drawImage(body, 0, CAPTION_HEIGHT, null);
        } finally {
            g.dispose();
        }
        try {
            if (!ImageIO.write(out, "png", file.toFile())) throw new IOException("no PNG writer");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
