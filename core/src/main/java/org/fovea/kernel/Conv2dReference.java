package org.fovea.kernel;

/**
 * Direct convolution by definition, forward and backward, accumulating in double: the oracle for {@link Conv2d}.
 * out[n, ko, oy, ox] = bias[ko] + Σ_{ci, ki, kj} x[n, g·cg + ci, oy·sh − ph + ki·dh, ox·sw − pw + kj·dw] · w[ko, ci, ki, kj]
 * where g = ko / kg is the group of output channel ko.
 */
public final class Conv2dReference {
    private Conv2dReference() {}

    public static void conv2dForward(ConvGeometry g, float[] x, float[] weight, float[] bias, float[] out) {
        int oh = g.outH();
        int ow = g.outW();
        for (int n = 0; n < g.n(); n++) {
            for (int ko = 0; ko < g.k(); ko++) {
                int grp = ko / g.kg();
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        double sum = bias == null ? 0 : bias[ko];
                        for (int ci = 0; ci < g.cg(); ci++) {
                            for (int ki = 0; ki < g.r(); ki++) {
                                for (int kj = 0; kj < g.s(); kj++) {
                                    int iy = oy * g.strideH() - g.padH() + ki * g.dilationH();
                                    int ix = ox * g.strideW() - g.padW() + kj * g.dilationW();
                                    if (iy < 0 || iy >= g.h() || ix < 0 || ix >= g.w()) continue;
                                    sum += (double) x[((n * g.c() + grp * g.cg() + ci) * g.h() + iy) * g.w() + ix]
                                            * weight[((ko * g.cg() + ci) * g.r() + ki) * g.s() + kj];
                                }
                            }
                        }
                        out[((n * g.k() + ko) * oh + oy) * ow + ox] = (float) sum;
                    }
                }
            }
        }
    }

    /** dX overwritten, dWeight and dBias accumulated (each may be null), as {@link Conv2d#conv2dBackward}. */
    public static void conv2dBackward(ConvGeometry g, float[] x, float[] weight, float[] dOut,
                                      float[] dX, float[] dWeight, float[] dBias) {
        int oh = g.outH();
        int ow = g.outW();
        double[] dx = new double[g.inputSize()];
        double[] dw = new double[g.weightSize()];
        double[] db = new double[g.k()];
        for (int n = 0; n < g.n(); n++) {
            for (int ko = 0; ko < g.k(); ko++) {
                int grp = ko / g.kg();
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        double d = dOut[((n * g.k() + ko) * oh + oy) * ow + ox];
                        db[ko] += d;
                        for (int ci = 0; ci < g.cg(); ci++) {
                            for (int ki = 0; ki < g.r(); ki++) {
                                for (int kj = 0; kj < g.s(); kj++) {
                                    int iy = oy * g.strideH() - g.padH() + ki * g.dilationH();
                                    int ix = ox * g.strideW() - g.padW() + kj * g.dilationW();
                                    if (iy < 0 || iy >= g.h() || ix < 0 || ix >= g.w()) continue;
                                    int xi = ((n * g.c() + grp * g.cg() + ci) * g.h() + iy) * g.w() + ix;
                                    int wi = ((ko * g.cg() + ci) * g.r() + ki) * g.s() + kj;
                                    dx[xi] += d * weight[wi];
                                    dw[wi] += d * x[xi];
                                }
                            }
                        }
                    }
                }
            }
        }
        if (dX != null) for (int i = 0; i < dx.length; i++) dX[i] = (float) dx[i];
        if (dWeight != null) for (int i = 0; i < dw.length; i++) dWeight[i] += (float) dw[i];
        if (dBias != null) for (int i = 0; i < db.length; i++) dBias[i] += (float) db[i];
    }
}
