package org.fovea.autograd;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.fovea.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The checker must catch wrong backward steps, or its passes mean nothing. */
class BrokenBackwardTest {
    private final Tensor a = GradCheckSuite.normal(new SplittableRandom(1), 3, 4);
    private final Tensor b = GradCheckSuite.normal(new SplittableRandom(2), 3, 4);

    private static Variable mulWithBackward(Variable x, Variable y, boolean flipSign) {
        float s = flipSign ? -1f : 1f;
        return Variable.op("mul", x.data().mul(y.data()),
                dOut -> new Tensor[] {dOut.mul(y.data()).mul(s), dOut.mul(x.data())}, x, y);
    }

    @Test
    void correctCustomOpPasses() {
        var r = GradCheck.check("mul", v -> mulWithBackward(v[0], v[1], false), new Tensor[] {a, b}, GradCheck.Options.defaults());
        assertTrue(r.passed(), r.toString());
    }

    @Test
    void flippedSignIsCaught() {
        var r = GradCheck.check("mul-flipped", v -> mulWithBackward(v[0], v[1], true), new Tensor[] {a, b}, GradCheck.Options.defaults());
        assertFalse(r.passed(), "a flipped sign went unnoticed: " + r);
    }

    @Test
    void missingTermIsCaught() {
        // x·y + x has gradient y + 1 for x; forget the "+ 1".
        var r = GradCheck.check("missing-term", v -> Variable.op("mul_add", v[0].data().mul(v[1].data()).add(v[0].data()),
                dOut -> new Tensor[] {dOut.mul(v[1].data()), dOut.mul(v[0].data())}, v[0], v[1]),
                new Tensor[] {a, b}, GradCheck.Options.defaults());
        assertFalse(r.passed(), "a missing term went unnoticed: " + r);
    }

    @Test
    void forgottenBroadcastReductionIsCaughtByTheEngine() {
        // A backward that forgets to sum dOut back to the broadcast input's shape is a shape error.
        Variable x = Variable.param(Tensor.ones(3, 4));
        Variable bias = Variable.param(Tensor.ones(4));
        Variable y = Variable.op("bad_add", x.data().add(bias.data()), dOut -> new Tensor[] {dOut, dOut}, x, bias);
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> y.sum().backward());
        assertTrue(e.getMessage().contains("bad_add"), e.getMessage());
    }

    @Test
    void smallScaleErrorIsCaught() {
        // A gradient off by 1 % must still fail the default threshold (1e-3).
        var r = GradCheck.check("exp-1pct", v -> Variable.op("exp", v[0].data().exp(),
                dOut -> new Tensor[] {dOut.mul(v[0].data().exp()).mul(1.01f)}, v[0]),
                new Tensor[] {a}, GradCheck.Options.defaults());
        assertFalse(r.passed(), "a 1% error went unnoticed: " + r);
    }
}
