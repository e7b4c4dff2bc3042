package org.fovea.optim;

import static org.fovea.optim.OptimTesting.param;
import static org.fovea.optim.OptimTesting.setGrad;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.fovea.autograd.Variable;
import org.junit.jupiter.api.Test;

/**
 * Each optimiser for two or three steps on a two-element parameter, against the update rule written out
 * here in double precision (the formulas of CS231n lecture 7 and the papers). The gradient is the same
 * g = (0.5, −1) at every step unless stated.
 */
class OptimizerStepsTest {
    private static final float[] G = {0.5f, -1f};
    private static final double TOL = 1e-6;

    private static void check(String what, double[] expected, Variable p) {
        float[] got = p.data().toArray();
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], got[i], TOL * Math.max(1, Math.abs(expected[i])), what + " element " + i);
        }
    }

    @Test
    void vanillaSgdWithWeightDecay() {
        Variable p = param(1f, -2f);
        SGD opt = new SGD(List.of(p), 0.1, 0, 0.01, false);
        double[] x = {1, -2};
        for (int step = 1; step <= 3; step++) {
            setGrad(p, G);
            opt.step();
            for (int i = 0; i < 2; i++) x[i] -= 0.1 * (G[i] + 0.01 * x[i]); // x −= lr·(dx + wd·x)
            check("step " + step, x, p);
            // written out: x1 = 1 − 0.1·(0.5 + 0.01·1) = 0.949, x2 = 0.949 − 0.1·(0.5 + 0.00949) = 0.898051
            if (step == 1) assertEquals(0.949, p.data().get(0), TOL);
            if (step == 2) assertEquals(0.898051, p.data().get(0), TOL);
        }
    }

    @Test
    void momentumCs231n() {
        Variable p = param(1f, -2f);
        SGD opt = new SGD(List.of(p), 0.1, 0.9, 0, false);
        // v1 = −0.1·g = (−0.05, 0.1); x1 = (0.95, −1.9)
        setGrad(p, G);
        opt.step();
        check("step 1", new double[] {0.95, -1.9}, p);
        // v2 = 0.9·v1 − 0.1·g = (−0.095, 0.19); x2 = (0.855, −1.71)
        setGrad(p, G);
        opt.step();
        check("step 2", new double[] {0.855, -1.71}, p);
        // v3 = 0.9·v2 − 0.1·g = (−0.1355, 0.271); x3 = (0.7195, −1.439)
        setGrad(p, G);
        opt.step();
        check("step 3", new double[] {0.7195, -1.439}, p);
        assertEquals(-0.1355, opt.state(0, "velocity").get(0), TOL);
    }

    @Test
    void nesterovCs231n() {
        Variable p = param(1f, -2f);
        SGD opt = new SGD(List.of(p), 0.1, 0.9, 0, true);
        double mu = 0.9;
        double[] x = {1, -2};
        double[] v = {0, 0};
        for (int step = 1; step <= 3; step++) {
            setGrad(p, G);
            opt.step();
            for (int i = 0; i < 2; i++) {
                double vPrev = v[i];
                v[i] = mu * v[i] - 0.1 * G[i];
                x[i] += -mu * vPrev + (1 + mu) * v[i];
            }
            check("step " + step, x, p);
        }
        // written out for element 0: x1 = 1 + 1.9·(−0.05) = 0.905; x2 = 0.905 + 0.045 + 1.9·(−0.095) = 0.7695
        Variable q = param(1f, -2f);
        SGD two = new SGD(List.of(q), 0.1, 0.9, 0, true);
        for (int s = 0; s < 2; s++) {
            setGrad(q, G);
            two.step();
        }
        assertEquals(0.7695, q.data().get(0), TOL);
    }

    @Test
    void momentumPyTorchFormulation() {
        Variable p = param(1f, -2f);
        SGD opt = new SGD(List.of(p), 0.1, 0.9, 0, 0, false, SGD.Formulation.PYTORCH);
        // b1 = g; x1 = x0 − 0.1·g = (0.95, −1.9); b2 = 0.9·g + g = 1.9·g; x2 = x1 − 0.19·g = (0.855, −1.71)
        setGrad(p, G);
        opt.step();
        check("step 1", new double[] {0.95, -1.9}, p);
        setGrad(p, G);
        opt.step();
        check("step 2", new double[] {0.855, -1.71}, p);
        assertEquals(1.9 * 0.5, opt.state(0, "momentum_buffer").get(0), TOL);
    }

    @Test
    void adaGrad() {
        Variable p = param(1f, -2f);
        AdaGrad opt = new AdaGrad(List.of(p), 0.1);
        double eps = 1e-7;
        double[] x = {1, -2};
        double[] cache = {0, 0};
        for (int step = 1; step <= 3; step++) {
            float[] g = step == 2 ? new float[] {1f, 0f} : G;
            setGrad(p, g);
            opt.step();
            for (int i = 0; i < 2; i++) {
                cache[i] += g[i] * g[i];
                x[i] -= 0.1 * g[i] / (Math.sqrt(cache[i]) + eps);
            }
            check("step " + step, x, p);
        }
        // written out for element 1: x1 = −2 + 0.1; a zero gradient leaves it; x3 = −1.9 + 0.1·1/√2
        assertEquals(-1.9 + 0.1 / Math.sqrt(2), p.data().get(1), TOL);
    }

    @Test
    void rmsProp() {
        Variable p = param(1f, -2f);
        RMSProp opt = new RMSProp(List.of(p), 0.01);
        // cache1 = 0.01·g²; x1 = x0 − 0.01·g / (0.1·|g| + 1e-7) ≈ x0 − 0.1·sign(g)
        setGrad(p, G);
        opt.step();
        check("step 1", new double[] {1 - 0.01 * 0.5 / (0.1 * 0.5 + 1e-7), -2 + 0.01 / (0.1 + 1e-7)}, p);
        // cache2 = 0.99·0.01·g² + 0.01·g² = 0.0199·g²
        setGrad(p, G);
        opt.step();
        double x2 = 1 - 0.01 * 0.5 / (0.1 * 0.5 + 1e-7) - 0.01 * 0.5 / (Math.sqrt(0.0199) * 0.5 + 1e-7);
        assertEquals(x2, p.data().get(0), TOL);
    }

    @Test
    void adamWithBiasCorrection() {
        Variable p = param(1f, -2f);
        Adam opt = new Adam(List.of(p), 0.01);
        double b1 = 0.9, b2 = 0.999, eps = 1e-8;
        double[] x = {1, -2};
        double[] m = {0, 0};
        double[] v = {0, 0};
        for (int t = 1; t <= 3; t++) {
            float[] g = t == 2 ? new float[] {-1f, 2f} : G;
            setGrad(p, g);
            opt.step();
            for (int i = 0; i < 2; i++) {
                m[i] = b1 * m[i] + (1 - b1) * g[i];
                v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
                double mHat = m[i] / (1 - Math.pow(b1, t));
                double vHat = v[i] / (1 - Math.pow(b2, t));
                x[i] -= 0.01 * mHat / (Math.sqrt(vHat) + eps);
            }
            check("step " + t, x, p);
        }
        // the first bias-corrected step moves every coordinate by lr·sign(g): x1 = (0.99, −1.99)
        Variable q = param(1f, -2f);
        Adam one = new Adam(List.of(q), 0.01);
        setGrad(q, G);
        one.step();
        check("first step", new double[] {0.99, -1.99}, q);
        assertEquals(3, opt.state(0, "step").get(0));
    }

    @Test
    void adamL2VersusAdamWDecoupled() {
        // With g = 0 Adam's L2 term alone drives a normalised step lr·sign(x); AdamW only shrinks x by lr·wd·x.
        Variable a = param(2f);
        Variable w = param(2f);
        Adam adam = new Adam(List.of(a), 0.1, 0.9, 0.999, 1e-8, 0.5);
        AdamW adamW = new AdamW(List.of(w), 0.1, 0.9, 0.999, 1e-8, 0.5);
        setGrad(a, 0f);
        setGrad(w, 0f);
        adam.step();
        adamW.step();
        assertEquals(2 - 0.1, a.data().get(0), TOL);           // dx = 0.5·2 = 1, step lr·m̂/√v̂ = lr
        assertEquals(2 * (1 - 0.1 * 0.5), w.data().get(0), TOL); // x·(1 − lr·wd), then m = v = 0: no Adam step
    }
}
