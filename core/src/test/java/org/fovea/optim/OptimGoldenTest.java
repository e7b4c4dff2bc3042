package org.fovea.optim;

import static org.fovea.optim.OptimTesting.setGrad;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.fovea.autograd.Variable;
import org.fovea.optim.schedule.CosineAnnealingLR;
import org.fovea.optim.schedule.ExponentialLR;
import org.fovea.optim.schedule.LrScheduler;
import org.fovea.optim.schedule.ReduceLROnPlateau;
import org.fovea.optim.schedule.StepLR;
import org.fovea.testing.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Optimisers and schedules against torch.optim (scripts/golden/optim_golden.py): the same float32-exact start
 * and explicit gradients, the parameter compared after every step within 1e-5 relative (plus 1e-6 absolute).
 */
class OptimGoldenTest {
    private static final double RTOL = 1e-5;
    private static final double ATOL = 1e-6;
    private static final JsonNode GOLDEN = Golden.load("optim.json");

    static Stream<JsonNode> optimizers() { return list("optimizers"); }
    static Stream<JsonNode> schedules() { return list("schedules"); }

    private static Stream<JsonNode> list(String key) {
        List<JsonNode> l = new ArrayList<>();
        GOLDEN.get(key).forEach(l::add);
        return l.stream();
    }

    /** Our optimiser for a golden case, in the given SGD formulation (ignored by the others). */
    private static Optimizer make(JsonNode c, Variable p, SGD.Formulation f) {
        JsonNode h = c.get("hyper");
        double lr = h.get("lr").asDouble();
        double wd = h.path("weight_decay").asDouble(0);
        List<Variable> ps = List.of(p);
        String name = c.get("name").asText();
        if (name.startsWith("sgd")) {
            return new SGD(ps, lr, h.path("momentum").asDouble(0), h.path("dampening").asDouble(0), wd,
                    h.path("nesterov").asBoolean(false), f);
        }
        if (name.startsWith("adagrad")) return new AdaGrad(ps, lr, h.get("eps").asDouble(), wd);
        if (name.startsWith("rmsprop")) return new RMSProp(ps, lr, h.get("alpha").asDouble(), h.get("eps").asDouble(), wd);
        double b1 = h.get("betas").get(0).asDouble();
        double b2 = h.get("betas").get(1).asDouble();
        if (name.startsWith("adamw")) return new AdamW(ps, lr, b1, b2, h.get("eps").asDouble(), wd);
        if (name.startsWith("adam")) return new Adam(ps, lr, b1, b2, h.get("eps").asDouble(), wd);
        throw new IllegalArgumentException("no optimiser for golden case " + name);
    }

    /** Replays the case's gradients and learning rates; returns the largest error relative to the tolerance. */
    private static double replay(JsonNode c, SGD.Formulation f) {
        Variable p = Variable.param(Golden.tensor(GOLDEN.get("x0")));
        Optimizer opt = make(c, p, f);
        double worst = 0;
        for (int s = 0; s < c.get("steps").size(); s++) {
            opt.setLr(c.get("lrs").get(s).asDouble());
            setGrad(p, floats(GOLDEN.get("grads").get(s)));
            opt.step();
            float[] got = p.data().toArray();
            JsonNode want = c.get("steps").get(s);
            for (int i = 0; i < got.length; i++) {
                double w = want.get(i).asDouble();
                worst = Math.max(worst, Math.abs(got[i] - w) / (ATOL + RTOL * Math.abs(w)));
            }
        }
        return worst;
    }

    private static float[] floats(JsonNode array) {
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) out[i] = (float) array.get(i).asDouble();
        return out;
    }

    @ParameterizedTest
    @MethodSource("optimizers")
    void optimizerMatchesPyTorch(JsonNode c) {
        String name = c.get("name").asText();
        double worst = replay(c, SGD.Formulation.PYTORCH);
        assertTrue(worst <= 1, name + ": worst error " + worst + " × tolerance against torch.optim");
        boolean constantLr = !name.endsWith("lr_change");
        if (name.startsWith("sgd") && constantLr) {
            // The lecture's velocity form is the same sequence as PyTorch's when the learning rate is constant.
            double cs231n = replay(c, SGD.Formulation.CS231N);
            assertTrue(cs231n <= 1, name + " (CS231n formulation): worst error " + cs231n + " × tolerance");
        }
    }

    @Test
    void cs231nMomentumDiffersFromPyTorchWhenTheLearningRateChanges() {
        JsonNode c = optimizers().filter(n -> n.get("name").asText().equals("sgd_momentum_lr_change")).findFirst().orElseThrow();
        assertTrue(replay(c, SGD.Formulation.PYTORCH) <= 1);
        assertTrue(replay(c, SGD.Formulation.CS231N) > 100, "the two formulations should part when lr changes");
    }

    @ParameterizedTest
    @MethodSource("schedules")
    void scheduleMatchesPyTorch(JsonNode c) {
        String name = c.get("name").asText();
        Optimizer opt = new SGD(List.of(OptimTesting.param(0f)), c.get("base_lr").asDouble());
        Function<Optimizer, LrScheduler> make = switch (name) {
            case "step" -> o -> new StepLR(o, 3, 0.5);
            case "exponential" -> o -> new ExponentialLR(o, 0.9);
            case "cosine" -> o -> new CosineAnnealingLR(o, 8, 0.001);
            case "plateau" -> o -> new ReduceLROnPlateau(o, ReduceLROnPlateau.Mode.MAX, 0.1, 2);
            case "plateau_min_cooldown" -> o -> new ReduceLROnPlateau(o, ReduceLROnPlateau.Mode.MIN, 0.5, 1, 1e-4, 2, 0.02);
            default -> throw new IllegalArgumentException("no schedule for golden case " + name);
        };
        LrScheduler sched = make.apply(opt);
        JsonNode lrs = c.get("lrs");
        JsonNode metrics = c.get("metrics");
        for (int e = 0; e < lrs.size(); e++) {
            if (metrics.isNull()) sched.step();
            else sched.step(metrics.get(e).asDouble());
            double want = lrs.get(e).asDouble();
            assertEquals(want, opt.lr(), 1e-12 * want, name + " epoch " + (e + 1));
        }
    }
}
