package org.fovea.data;

import org.fovea.tensor.Tensor;

/**
 * The geometric kernels behind the transforms: flip, crop (with zero padding), bilinear resize and
 * bilinear affine warp. Each takes a (C, H, W) image and returns a new contiguous one.
 *
 * <p>Shape: input (C, H, W) → output (C, H', W').
 */
public final class ImageOps {
    private ImageOps() {}

    /** Mirrors left and right. */
    public static Tensor flipHorizontal(Tensor image) {
        Tensor x = chw("flipHorizontal", image);
        int c = x.size(0), h = x.size(1), w = x.size(2);
        float[] src = x.data(), out = new float[c * h * w];
        int off = x.offset();
        for (int row = 0; row < c * h; row++) {
            int s = off + row * w, d = row * w + w - 1;
            for (int col = 0; col < w; col++) out[d - col] = src[s + col];
        }
        return Tensor.wrap(out, c, h, w);
    }

    /**
     * The (outH, outW) window whose top-left corner is at (top, left); parts outside the image are zero,
     * so negative corners or windows larger than the image act as zero padding.
     */
    public static Tensor crop(Tensor image, int top, int left, int outH, int outW) {
        Tensor x = chw("crop", image);
        int c = x.size(0), h = x.size(1), w = x.size(2);
        float[] src = x.data(), out = new float[c * outH * outW];
        int off = x.offset();
        int x0 = Math.max(0, -left), x1 = Math.min(outW, w - left);
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < outH; y++) {
                int sy = top + y;
                if (sy < 0 || sy >= h || x1 <= x0) continue;
                System.arraycopy(src, off + (ch * h + sy) * w + left + x0, out, (ch * outH + y) * outW + x0, x1 - x0);
            }
        }
        return Tensor.wrap(out, c, outH, outW);
    }

    /** Bilinear resize with half-pixel centres (as PyTorch's interpolate with align_corners = false). */
    public static Tensor resize(Tensor image, int outH, int outW) {
        Tensor x = chw("resize", image);
        int h = x.size(1), w = x.size(2);
        if (outH == h && outW == w) return x.copy();
        float sy = (float) h / outH, sx = (float) w / outW;
        return warp(x, outH, outW, new float[] {sx, 0, 0.5f * sx - 0.5f, 0, sy, 0.5f * sy - 0.5f}, true);
    }

    /**
     * Bilinear sampling of an affine map: output pixel (x, y) takes the input at
     * (m0·x + m1·y + m2, m3·x + m4·y + m5); samples outside the image are zero.
     */
    public static Tensor affine(Tensor image, int outH, int outW, float[] m) {
        return warp(chw("affine", image), outH, outW, m, false);
    }

    private static Tensor warp(Tensor x, int outH, int outW, float[] m, boolean clampEdges) {
        int c = x.size(0), h = x.size(1), w = x.size(2);
        float[] src = x.data(), out = new float[c * outH * outW];
        int off = x.offset();
        for (int y = 0; y < outH; y++) {
            for (int xo = 0; xo < outW; xo++) {
                float fx = m[0] * xo + m[1] * y + m[2], fy = m[3] * xo + m[4] * y + m[5];
                if (clampEdges) {
                    fx = Math.min(Math.max(fx, 0), w - 1);
                    fy = Math.min(Math.max(fy, 0), h - 1);
                }
                int ix = (int) Math.floor(fx), iy = (int) Math.floor(fy);
                float ax = fx - ix, ay = fy - iy;
                for (int ch = 0; ch < c; ch++) {
                    int base = off + ch * h * w;
                    float v = (1 - ay) * ((1 - ax) * at(src, base, h, w, iy, ix) + ax * at(src, base, h, w, iy, ix + 1))
                            + ay * ((1 - ax) * at(src, base, h, w, iy + 1, ix) + ax * at(src, base, h, w, iy + 1, ix + 1));
                    out[(ch * outH + y) * outW + xo] = v;
                }
            }
        }
        return Tensor.wrap(out, c, outH, outW);
    }

    private static float at(float[] src, int base, int h, int w, int y, int x) {
        return y < 0 || y >= h || x < 0 || x >= w ? 0f : src[base + y * w + x];
    }

    static Tensor chw(String op, Tensor image) {
        if (image.dim() != 3) throw new IllegalArgumentException(op + ": want a (C, H, W) image, got shape " + java.util.Arrays.toString(image.shape()));
        return image.contiguous();
    }
}
