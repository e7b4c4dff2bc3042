package org.fovea.optim;

import static org.fovea.optim.OptimTesting.param;
import static org.fovea.optim.OptimTesting.setGrad;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Stream;
import org.fovea.autograd.Variable;
import org.fovea.optim.schedule.CosineAnnealingLR;
import org.fovea.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Skipping, checkpoints, argument validation, gradient clipping and convergence on a quadratic bowl. */
class OptimizerStateTest {
    static Stream<Arguments> kinds() {
        return Stream.of(
                Arguments.of("SGD momentum", (Function<List<Variable>, Optimizer>) p -> new SGD(p, 0.1, 0.9, 0.01, false)),
                Arguments.of("SGD Nesterov PyTorch", (Function<List<Variable>, Optimizer>) p -> new SGD(p, 0.1, 0.9, 0, 0.01, true, SGD.Formulation.PYTORCH)),
                Arguments.of("AdaGrad", (Function<List<Variable>, Optimizer>) p -> new AdaGrad(p, 0.1)),
                Arguments.of("RMSProp", (Function<List<Variable>, Optimizer>) p -> new RMSProp(p, 0.01)),
                Arguments.of("Adam", (Function<List<Variable>, Optimizer>) p -> new Adam(p, 0.01, 0.9, 0.999, 1e-8, 0.01)),
                Arguments.of("AdamW", (Function<List<Variable>, Optimizer>) p -> new AdamW(p, 0.01)));
    }

    /** Two parameters (40 and 3 elements); the second gets no gradient on odd steps. */
    private static List<Variable> model() {
        SplittableRandom rng = new SplittableRandom(7);
        return List.of(Variable.param(Tensor.randn(rng, 5, 8)), Variable.param(Tensor.randn(rng, 3)));
    }

    private static void trainStep(Optimizer opt, List<Variable> ps, int step) {
        SplittableRandom rng = new SplittableRandom(1000 + step);
        opt.zeroGrad();
        setGrad(ps.get(0), Tensor.randn(rng, 40).toArray());
        if (step % 2 == 0) setGrad(ps.get(1), Tensor.randn(rng, 3).toArray());
        else ps.get(1).zeroGrad();
        if (step == 3) opt.setLr(opt.lr() / 3); // a rate that is not float-exact must survive the checkpoint
        opt.step();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void resumingFromStateDictContinuesExactly(String kind, Function<List<Variable>, Optimizer> make) {
        List<Variable> straight = model();
        Optimizer a = make.apply(straight);
        for (int s = 0; s < 8; s++) trainStep(a, straight, s);

        List<Variable> first = model();
        Optimizer b = make.apply(first);
        for (int s = 0; s < 5; s++) trainStep(b, first, s);
        Map<String, Tensor> saved = b.stateDict();
        List<float[]> weights = first.stream().map(p -> p.data().toArray()).toList();
        trainStep(b, first, 99); // the snapshot must be a copy, unaffected by later steps
        List<Variable> resumed = model();
        for (int i = 0; i < resumed.size(); i++) resumed.get(i).data().copyFrom(Tensor.of(weights.get(i), resumed.get(i).shape()));
        Optimizer c = make.apply(resumed);
        c.loadStateDict(saved);
        assertEquals(5, c.stepCount());
        for (int s = 5; s < 8; s++) trainStep(c, resumed, s);
        for (int i = 0; i < straight.size(); i++) {
            assertArrayEquals(straight.get(i).data().toArray(), resumed.get(i).data().toArray(), kind + ": parameter " + i);
        }
        assertEquals(a.lr(), c.lr(), 0, kind + ": learning rate restored exactly");
    }

    @Test
    void stateDictKeysAndShapeChecks() {
        List<Variable> ps = model();
        Adam adam = new Adam(ps, 0.01);
        setGrad(ps.get(0), new float[40]);
        adam.step();
        Map<String, Tensor> d = adam.stateDict();
        assertEquals(List.of("lr", "step", "state.0.step", "state.0.exp_avg", "state.0.exp_avg_sq"), List.copyOf(d.keySet()));
        assertEquals(0.01, StateDicts.value(d.get("lr")), 0);
        d.put("state.1.exp_avg", Tensor.zeros(40));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Adam(model(), 0.01).loadStateDict(d));
        assertTrue(e.getMessage().contains("state.1.exp_avg") && e.getMessage().contains("[3]"), e.getMessage());
        d.remove("state.1.exp_avg");
        d.put("state.7.exp_avg", Tensor.zeros(3));
        assertThrows(IllegalArgumentException.class, () -> new Adam(model(), 0.01).loadStateDict(d));
    }

    @Test
    void exactDoublesSurviveFloatStorage() {
        for (double v : new double[] {0.1, 1.0 / 3, 1e-300, 4.9e-324, -1.7e308, 123456789.123456789, -2.5e-7, 0, -0.0, Double.POSITIVE_INFINITY}) {
            assertEquals(v, StateDicts.value(StateDicts.exact(v)), 0, "round trip of " + v);
        }
    }

    @Test
    void parametersWithoutGradientOrFrozenAreSkipped() {
        Variable trained = param(1f, 2f);
        Variable noGrad = param(3f, 4f);
        Variable frozen = param(5f, 6f);
        Adam opt = new Adam(List.of(trained, noGrad, frozen), 0.1);
        setGrad(trained, 1f, 1f);
        setGrad(frozen, 1f, 1f);
        frozen.requiresGrad(false);
        opt.step();
        assertArrayEquals(new float[] {0.9f, 1.9f}, trained.data().toArray(), 1e-6f);
        assertArrayEquals(new float[] {3f, 4f}, noGrad.data().toArray());
        assertArrayEquals(new float[] {5f, 6f}, frozen.data().toArray());
        assertNull(opt.state(1, "exp_avg"));
        assertNull(opt.state(2, "exp_avg"));
        opt.zeroGrad();
        assertNull(trained.grad());
    }

    @Test
    void invalidArgumentsNameOptimiserArgumentValueAndRange() {
        List<Variable> ps = List.of(param(1f));
        Object[][] cases = {
            {(Runnable) () -> new SGD(ps, -0.1), "SGD: lr must be in [0, ∞), got -0.1"},
            {(Runnable) () -> new SGD(ps, 0.1, 1.0, 0, false), "SGD: momentum must be in [0, 1), got 1.0"},
            {(Runnable) () -> new SGD(ps, 0.1, 0.9, -1e-4, false), "SGD: weightDecay must be in [0, ∞), got -1.0E-4"},
            {(Runnable) () -> new SGD(ps, 0.1, 0.9, 1.5, 0, false, SGD.Formulation.PYTORCH), "SGD: dampening must be in [0, 1), got 1.5"},
            {(Runnable) () -> new SGD(ps, 0.1, 0, 0, true), "SGD: nesterov needs momentum in (0, 1)"},
            {(Runnable) () -> new AdaGrad(ps, 0.1, 0, 0), "AdaGrad: eps must be in (0, ∞), got 0.0"},
            {(Runnable) () -> new RMSProp(ps, 0.1, 1.2, 1e-7, 0), "RMSProp: decay must be in [0, 1), got 1.2"},
            {(Runnable) () -> new Adam(ps, 0.1, 1.5, 0.999, 1e-8, 0), "Adam: beta1 must be in [0, 1), got 1.5"},
            {(Runnable) () -> new Adam(ps, 0.1, 0.9, Double.NaN, 1e-8, 0), "Adam: beta2 must be in [0, 1), got NaN"},
            {(Runnable) () -> new AdamW(ps, 0.1, 0.9, 0.999, -1e-8, 0), "AdamW: eps must be in (0, ∞), got -1.0E-8"},
            {(Runnable) () -> new AdamW(ps, 0.1, 0.9, 0.999, 1e-8, -0.01), "AdamW: weightDecay must be in [0, ∞), got -0.01"},
            {(Runnable) () -> new Adam(List.of(), 0.1), "Adam: params is empty"},
            {(Runnable) () -> new SGD(ps, 0.1).setLr(-1), "SGD: lr must be in [0, ∞), got -1.0"},
            {(Runnable) () -> Optimizer.clipGradNorm(ps, 0), "clipGradNorm: maxNorm must be in (0, ∞), got 0.0"},
        };
        for (Object[] c : cases) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, ((Runnable) c[0])::run, (String) c[1]);
            assertTrue(e.getMessage().startsWith((String) c[1]), "message '" + e.getMessage() + "' should start with '" + c[1] + "'");
        }
    }

    @Test
    void clipGradNormRescalesToTheGlobalNorm() {
        Variable a = param(0f, 0f);
        Variable b = param(0f);
        Variable none = param(0f);
        setGrad(a, 3f, 4f);
        setGrad(b, 12f);
        double norm = Optimizer.clipGradNorm(List.of(a, b, none), 6.5);
        assertEquals(13, norm, 1e-9);
        double scale = 6.5 / (13 + 1e-6);
        assertArrayEquals(new float[] {(float) (3 * scale), (float) (4 * scale)}, a.grad().toArray(), 1e-6f);
        assertEquals(12 * scale, b.grad().get(0), 1e-6);
        assertEquals(6.5, Optimizer.clipGradNorm(List.of(a, b), 100), 1e-5);
        assertArrayEquals(new float[] {(float) (3 * scale), (float) (4 * scale)}, a.grad().toArray(), 1e-6f, "below maxNorm: untouched");
    }

    @Test
    void clipGradNormOnALargeTensorMatchesDoubleSum() {
        Variable big = Variable.param(Tensor.zeros(10_007));
        float[] g = Tensor.randn(new SplittableRandom(3), 10_007).toArray();
        setGrad(big, g);
        double want = 0;
        for (float v : g) want += (double) v * v;
        assertEquals(Math.sqrt(want), Optimizer.clipGradNorm(List.of(big), 1e9), 1e-4);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void minimisesAQuadraticBowl(String kind, Function<List<Variable>, Optimizer> make) {
        // f(x) = ½ Σ aᵢ xᵢ², condition number 10; the minimum is 0 at x = 0.
        Variable x = param(1f, -2f, 0.5f, 3f);
        Variable a = Variable.of(Tensor.of(new float[] {1f, 0.5f, 2f, 5f}, 4));
        Optimizer opt = make.apply(List.of(x));
        opt.setLr(opt instanceof AdaGrad ? 1.0 : 0.1); // AdaGrad's steps shrink as its cache grows
        CosineAnnealingLR sched = new CosineAnnealingLR(opt, 2000, 0);
        double loss = Double.NaN;
        for (int s = 0; s < 2000; s++) {
            opt.zeroGrad();
            Variable f = x.mul(x).mul(a).sum().mul(0.5f);
            loss = f.item();
            f.backward();
            opt.step();
            sched.step();
        }
        assertTrue(loss < 1e-6, kind + ": loss " + loss + " after 2000 steps");
    }
}
