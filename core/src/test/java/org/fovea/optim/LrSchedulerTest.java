package org.fovea.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.fovea.optim.schedule.CosineAnnealingLR;
import org.fovea.optim.schedule.ExponentialLR;
import org.fovea.optim.schedule.InverseTimeLR;
import org.fovea.optim.schedule.LinearWarmup;
import org.fovea.optim.schedule.LrScheduler;
import org.fovea.optim.schedule.ReduceLROnPlateau;
import org.fovea.optim.schedule.StepLR;
import org.fovea.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Learning-rate schedules against their formulas written out, checkpoint resume and argument checks. */
class LrSchedulerTest {
    private static final double[] METRICS = {0.3, 0.5, 0.5, 0.49, 0.5, 0.6, 0.6, 0.6, 0.6, 0.6, 0.7, 0.7};

    private static Optimizer sgd(double lr) { return new SGD(List.of(OptimTesting.param(0f)), lr); }

    /** The learning rate after each of n steps (metric METRICS[t] at step t). */
    private static double[] run(LrScheduler s, int n) {
        double[] out = new double[n];
        for (int t = 0; t < n; t++) {
            s.step(METRICS[t % METRICS.length]);
            out[t] = s.lr();
        }
        return out;
    }

    private static void assertRates(double[] want, double[] got) {
        for (int t = 0; t < want.length; t++) assertEquals(want[t], got[t], 1e-12 * Math.abs(want[t]) + 1e-15, "after step " + (t + 1));
    }

    @Test
    void closedForms() {
        assertRates(new double[] {0.1, 0.05, 0.05, 0.025, 0.025}, run(new StepLR(sgd(0.1), 2, 0.5), 5));
        double[] exp = run(ExponentialLR.withRate(sgd(0.1), 0.5), 3); // α₀·e^(−kt)
        assertRates(new double[] {0.1 * Math.exp(-0.5), 0.1 * Math.exp(-1), 0.1 * Math.exp(-1.5)}, exp);
        assertRates(new double[] {0.1 / 1.5, 0.1 / 2, 0.1 / 2.5}, run(new InverseTimeLR(sgd(0.1), 0.5), 3)); // α₀/(1+kt)
        double[] cos = run(new CosineAnnealingLR(sgd(0.1), 4, 0.01), 4);
        // t = 2 = T/2: (α₀ + η_min)/2; t = T: η_min; t = 1: η_min + (α₀ − η_min)(1 + cos(π/4))/2
        assertRates(new double[] {0.01 + 0.09 * (1 + Math.sqrt(0.5)) / 2, 0.055, 0.01 + 0.09 * (1 - Math.sqrt(0.5)) / 2, 0.01}, cos);
    }

    @Test
    void linearWarmupThenStepDecay() {
        Optimizer opt = sgd(0.1);
        StepLR decay = new StepLR(opt, 2, 0.1);
        LinearWarmup warm = new LinearWarmup(decay, 4, 0.25);
        assertEquals(0.025, opt.lr(), 1e-15, "t = 0 starts at f·α₀");
        // ramp α₀·(0.25 + 0.75·t/4) for t < 4, then StepLR at t − 4: 0.1, 0.1, 0.01, 0.01, 0.001
        assertRates(new double[] {0.04375, 0.0625, 0.08125, 0.1, 0.1, 0.01, 0.01, 0.001}, run(warm, 8));
        Optimizer flat = sgd(0.2);
        assertRates(new double[] {0.15, 0.2, 0.2}, run(new LinearWarmup(flat, 2, 0.5), 3));
    }

    @Test
    void plateauDividesByTenWhenAccuracyStalls() {
        Optimizer opt = sgd(0.1);
        ReduceLROnPlateau s = new ReduceLROnPlateau(opt, ReduceLROnPlateau.Mode.MAX, 0.1, 1);
        // metrics 0.3 0.5 | 0.5 0.49 → two bad epochs > patience 1: divide | 0.5 0.6 (best) 0.6 0.6 → divide ...
        assertRates(new double[] {0.1, 0.1, 0.1, 0.01, 0.01, 0.01, 0.01, 0.001, 0.001, 0.0001}, run(s, 10));
        assertEquals(0.6, s.best(), 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, s::step);
        assertTrue(e.getMessage().contains("step(metric)"), e.getMessage());
    }

    static Stream<Arguments> schedules() {
        return Stream.of(
                Arguments.of("StepLR", (Function<Optimizer, LrScheduler>) o -> new StepLR(o, 3, 0.3)),
                Arguments.of("ExponentialLR", (Function<Optimizer, LrScheduler>) o -> new ExponentialLR(o, 0.9)),
                Arguments.of("InverseTimeLR", (Function<Optimizer, LrScheduler>) o -> new InverseTimeLR(o, 0.3)),
                Arguments.of("CosineAnnealingLR", (Function<Optimizer, LrScheduler>) o -> new CosineAnnealingLR(o, 7, 1e-4)),
                Arguments.of("LinearWarmup+Cosine", (Function<Optimizer, LrScheduler>) o -> new LinearWarmup(new CosineAnnealingLR(o, 6, 0), 3, 0.1)),
                Arguments.of("LinearWarmup+Plateau", (Function<Optimizer, LrScheduler>) o -> new LinearWarmup(
                        new ReduceLROnPlateau(o, ReduceLROnPlateau.Mode.MAX, 0.5, 0), 2, 0.5)),
                Arguments.of("ReduceLROnPlateau", (Function<Optimizer, LrScheduler>) o -> new ReduceLROnPlateau(
                        o, ReduceLROnPlateau.Mode.MAX, 0.3, 1, 1e-4, 1, 1e-3)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schedules")
    void resumesFromStateDict(String name, Function<Optimizer, LrScheduler> make) {
        Optimizer a = sgd(1.0 / 3);
        double[] straight = run(make.apply(a), 12);

        Optimizer b = sgd(1.0 / 3);
        LrScheduler first = make.apply(b);
        for (int t = 0; t < 5; t++) first.step(METRICS[t]);
        Map<String, Tensor> optState = b.stateDict();
        Map<String, Tensor> schedState = first.stateDict();

        Optimizer c = sgd(1.0 / 3);
        LrScheduler resumed = make.apply(c);
        c.loadStateDict(optState);
        resumed.loadStateDict(schedState);
        assertEquals(5, resumed.epoch());
        for (int t = 5; t < 12; t++) {
            resumed.step(METRICS[t]);
            assertEquals(straight[t], c.lr(), 0, name + ": step " + (t + 1) + " after resuming");
        }
    }

    @Test
    void invalidArgumentsAreNamed() {
        Object[][] cases = {
            {(Runnable) () -> new StepLR(sgd(0.1), 0, 0.1), "StepLR: stepSize must be in [1, ∞), got 0"},
            {(Runnable) () -> new StepLR(sgd(0.1), 3, -0.1), "StepLR: gamma must be in (0, ∞), got -0.1"},
            {(Runnable) () -> new CosineAnnealingLR(sgd(0.1), 10, -1), "CosineAnnealingLR: etaMin must be in [0, ∞), got -1.0"},
            {(Runnable) () -> new InverseTimeLR(sgd(0.1), -2), "InverseTimeLR: k must be in [0, ∞), got -2.0"},
            {(Runnable) () -> new LinearWarmup(sgd(0.1), 5, 0), "LinearWarmup: startFactor must be in (0, 1], got 0.0"},
            {(Runnable) () -> new ReduceLROnPlateau(sgd(0.1), ReduceLROnPlateau.Mode.MAX, 1.0, 3), "ReduceLROnPlateau: factor must be in (0, 1), got 1.0"},
            {(Runnable) () -> new ReduceLROnPlateau(sgd(0.1), ReduceLROnPlateau.Mode.MIN, 0.1, -1), "ReduceLROnPlateau: patience must be in [0, ∞), got -1"},
        };
        for (Object[] c : cases) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, ((Runnable) c[0])::run, (String) c[1]);
            assertEquals(c[1], e.getMessage());
        }
    }
}
