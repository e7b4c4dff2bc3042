package org.fovea.kernel;

/**
 * im2col and its adjoint col2im for one image and one group, over a block of output rows.
 * cols is (cg·r·s, rows·outW) row-major: row (ci, ki, kj), column (oy − oy0, ox) holds
 * x[ci, oy·strideH − padH + ki·dilationH, ox·strideW − padW + kj·dilationW], or 0 outside the image.
 */
final class Im2col {
    private Im2col() {}

    /** x points at channel 0 of the group in one image (offset xOff); output rows [oy0, oy1). */
    static void im2col(ConvGeometry g, float[] x, int xOff, int oy0, int oy1, float[] cols) {
        int outW = g.outW();
        int width = (oy1 - oy0) * outW;
        int row = 0;
        for (int ci = 0; ci < g.cg(); ci++) {
            int plane = xOff + ci * g.h() * g.w();
            for (int ki = 0; ki < g.r(); ki++) {
                for (int kj = 0; kj < g.s(); kj++, row++) {
                    int at = row * width;
                    for (int oy = oy0; oy < oy1; oy++) {
                        int iy = oy * g.strideH() - g.padH() + ki * g.dilationH();
                        if (iy < 0 || iy >= g.h()) {
                            java.util.Arrays.fill(cols, at, at + outW, 0f);
                            at += outW;
                            continue;
                        }
                        int src = plane + iy * g.w();
                        int ix0 = kj * g.dilationW() - g.padW();
                        if (g.strideW() == 1 && ix0 >= 0 && ix0 + outW <= g.w()) {
                            System.arraycopy(x, src + ix0, cols, at, outW);
                            at += outW;
                            continue;
                        }
                        for (int ox = 0; ox < outW; ox++, at++) {
                            int ix = ix0 + ox * g.strideW();
                            cols[at] = ix >= 0 && ix < g.w() ? x[src + ix] : 0f;
                        }
                    }
                }
            }
        }
    }

    /** dx[group channels of one image] += the adjoint of im2col applied to cols (output rows [oy0, oy1)). */
    static void col2im(ConvGeometry g, float[] cols, int oy0, int oy1, float[] dx, int dxOff) {
        int outW = g.outW();
        int width = (oy1 - oy0) * outW;
        int row = 0;
        for (int ci = 0; ci < g.cg(); ci++) {
            int plane = dxOff + ci * g.h() * g.w();
            for (int ki = 0; ki < g.r(); ki++) {
                for (int kj = 0; kj < g.s(); kj++, row++) {
                    int at = row * width;
                    for (int oy = oy0; oy < oy1; oy++) {
                        int iy = oy * g.strideH() - g.padH() + ki * g.dilationH();
                        if (iy < 0 || iy >= g.h()) {
                            at += outW;
                            continue;
                        }
                        int dst = plane + iy * g.w();
                        int ix0 = kj * g.dilationW() - g.padW();
                        for (int ox = 0; ox < outW; ox++, at++) {
                            int ix = ix0 + ox * g.strideW();
                            if (ix >= 0 && ix < g.w()) dx[dst + ix] += cols[at];
                        }
                    }
                }
            }
        }
    }
}
