package org.fovea.data;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.fovea.tensor.Tensor;

/**
 * Image files ↔ tensors through javax.imageio (PNG, JPEG, BMP, GIF): decoding to (C, H, W) floats in [0, 1],
 * encoding back to PNG, and tiling many images into one grid.
 *
 * <p>Shape: images are (C, H, W) with C = 1 (grey) or 3 (RGB).
 */
public final class Images {
    private Images() {}

    /** Decodes a file to C = 3 (RGB) or C = 1 (grey, ITU-R 601 luma) unsigned bytes, (C, H, W) row-major. */
    public static byte[] readBytes(Path file, int channels, int[] heightWidth) {
        if (channels != 1 && channels != 3) throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
        BufferedImage img;
        try {
            if (Files.size(file) == 0) throw new DataFormatException(file.toString(), "empty (zero-byte) image file");
            img = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            if (e instanceof DataFormatException d) throw d;
            throw new DataFormatException(file.toString(), "unreadable image (" + e.getMessage() + ")", e);
        }
        if (img == null) throw new DataFormatException(file.toString(), "not a PNG, JPEG, BMP or GIF image that javax.imageio can decode");
        return pixels(img, channels, heightWidth);
    }

    /**
     * A decoded image (e.g. from encoded bytes held in memory: {@code ImageIO.read(new ByteArrayInputStream(b))}) to C = 3
     * (RGB) or C = 1 (grey, ITU-R 601 luma) unsigned bytes, (C, H, W) row-major; heightWidth receives H and W.
     */
    public static byte[] pixels(BufferedImage img, int channels, int[] heightWidth) {
        if (channels != 1 && channels != 3) throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
        int h = img.getHeight(), w = img.getWidth();
        heightWidth[0] = h;
        heightWidth[1] = w;
        byte[] out = new byte[channels * h * w];
        Raster raster = img.getRaster();
        if (raster.getNumBands() == 1 && img.getColorModel().getPixelSize() == 8) {
            // NOTE: read grey samples from the raster; getRGB would pass them through a gamma conversion.
            int[] grey = raster.getSamples(0, 0, w, h, 0, (int[]) null);
            for (int c = 0; c < channels; c++) for (int i = 0; i < h * w; i++) out[c * h * w + i] = (byte) grey[i];
            return out;
        }
        int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < h * w; i++) {
            int r = argb[i] >> 16 & 0xff, g = argb[i] >> 8 & 0xff, b = argb[i] & 0xff;
            if (channels == 3) {
                out[i] = (byte) r;
                out[h * w + i] = (byte) g;
                out[2 * h * w + i] = (byte) b;
            } else {
                out[i] = (byte) Math.round(0.299f * r + 0.587f * g + 0.114f * b);
            }
        }
        return out;
    }

    /** Decodes a file to a (C, H, W) tensor in [0, 1]. */
    public static Tensor read(Path file, int channels) {
        int[] hw = new int[2];
        byte[] bytes = readBytes(file, channels, hw);
        float[] out = new float[bytes.length];
        ImageDataset.scaleToUnit(bytes, 0, out, 0, bytes.length);
        return Tensor.wrap(out, channels, hw[0], hw[1]);
    }

    /** Values in [0, 1] (clamped) to an 8-bit grey or RGB image. */
    public static BufferedImage toImage(Tensor image) {
        Tensor x = ImageOps.chw("toImage", image);
        int c = x.size(0), h = x.size(1), w = x.size(2);
        if (c != 1 && c != 3) throw new IllegalArgumentException("toImage: want 1 or 3 channels, got " + c);
        float[] d = x.data();
        int off = x.offset();
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] rgb = new int[h * w];
        for (int i = 0; i < h * w; i++) {
            int r = toByte(d[off + i]);
            int g = c == 3 ? toByte(d[off + h * w + i]) : r, b = c == 3 ? toByte(d[off + 2 * h * w + i]) : r;
            rgb[i] = r << 16 | g << 8 | b;
        }
        img.setRGB(0, 0, w, h, rgb, 0, w);
        return img;
    }

    public static void writePng(Tensor image, Path file) {
        try {
            if (!ImageIO.write(toImage(image), "png", file.toFile())) throw new IOException("no PNG writer");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * Tiles equally shaped images row by row, {@code columns} per row, {@code pad} zero pixels between them.
     * Shape: each (C, H, W) → (C, rows·(H + pad) + pad, columns·(W + pad) + pad).
     */
    public static Tensor grid(List<Tensor> images, int columns, int pad) {
        if (images.isEmpty() || columns <= 0) throw new IllegalArgumentException("grid: need images and columns > 0");
        int[] s = images.get(0).shape();
        int rows = (images.size() + columns - 1) / columns;
        int gh = rows * (s[1] + pad) + pad, gw = columns * (s[2] + pad) + pad;
        float[] out = new float[s[0] * gh * gw];
        for (int k = 0; k < images.size(); k++) {
            Tensor x = ImageOps.chw("grid", images.get(k));
            if (!Arrays.equals(x.shape(), s)) throw new IllegalArgumentException("grid: image " + k + " has shape " + Arrays.toString(x.shape()) + ", image 0 " + Arrays.toString(s));
            int top = pad + (k / columns) * (s[1] + pad), left = pad + (k % columns) * (s[2] + pad);
            for (int c = 0; c < s[0]; c++) {
                for (int y = 0; y < s[1]; y++) {
                    System.arraycopy(x.data(), x.offset() + (c * s[1] + y) * s[2], out, (c * gh + top + y) * gw + left, s[2]);
                }
            }
        }
        return Tensor.wrap(out, s[0], gh, gw);
    }

    private static int toByte(float v) {
        return Math.round(Math.min(1f, Math.max(0f, v)) * 255f);
    }
}
