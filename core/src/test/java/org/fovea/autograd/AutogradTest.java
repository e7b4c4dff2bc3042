package org.fovea.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.SplittableRandom;
import org.fovea.tensor.Tensor;
import org.junit.jupiter.api.Test;

class AutogradTest {
    @Test
    void gradientsOfASmallExpression() {
        // f = (a·b + a)², a = 2, b = 3: df/da = 2(ab + a)(b + 1) = 2·8·4 = 64, df/db = 2(ab + a)·a = 32
        Variable a = Variable.param(Tensor.scalar(2f));
        Variable b = Variable.param(Tensor.scalar(3f));
        a.mul(b).add(a).pow(2f).backward();
        assertEquals(64f, a.grad().item(), 1e-4);
        assertEquals(32f, b.grad().item(), 1e-4);
    }

    @Test
    void gradientsAccumulateUntilZeroGrad() {
        Variable x = Variable.param(Tensor.of(new float[] {1, 2, 3}, 3));
        x.mul(2f).sum().backward();
        x.mul(2f).sum().backward();
        assertArrayEquals(new float[] {4, 4, 4}, x.grad().toArray());
        x.zeroGrad();
        assertNull(x.grad());
        x.mul(3f).sum().backward();
        assertArrayEquals(new float[] {3, 3, 3}, x.grad().toArray());
    }

    @Test
    void aVariableUsedTwiceGetsBothContributions() {
        Variable x = Variable.param(Tensor.scalar(3f));
        x.mul(x).add(x).backward(); // d(x² + x)/dx = 2x + 1 = 7
        assertEquals(7f, x.grad().item(), 1e-6);
    }

    @Test
    void backwardWithAnUpstreamGradient() {
        Variable x = Variable.param(Tensor.of(new float[] {1, 2}, 2));
        x.mul(x).backward(Tensor.of(new float[] {10, 100}, 2));
        assertArrayEquals(new float[] {20, 400}, x.grad().toArray());
    }

    @Test
    void nonScalarBackwardNeedsAnUpstreamGradient() {
        Variable x = Variable.param(Tensor.ones(2, 2));
        var e = assertThrows(IllegalArgumentException.class, () -> x.mul(2f).backward());
        assertTrue(e.getMessage().contains("not a scalar"), e.getMessage());
        var shape = assertThrows(IllegalArgumentException.class, () -> x.mul(2f).backward(Tensor.ones(3)));
        assertTrue(shape.getMessage().contains("[3]") && shape.getMessage().contains("[2, 2]"), shape.getMessage());
    }

    @Test
    void detachCutsTheGraph() {
        Variable x = Variable.param(Tensor.scalar(2f));
        Variable y = x.mul(x);
        Variable z = y.detach().mul(x); // only the direct path to x remains: dz/dx = y = 4
        z.backward();
        assertEquals(4f, x.grad().item(), 1e-6);
        assertFalse(y.detach().requiresGrad());
    }

    @Test
    void noGradRecordsNothingAndRestoresOnClose() {
        Variable x = Variable.param(Tensor.scalar(2f));
        try (var scope = GradMode.noGrad()) {
            assertFalse(GradMode.isEnabled());
            try (var inner = GradMode.noGrad()) {
                assertFalse(x.mul(x).requiresGrad());
            }
            assertFalse(GradMode.isEnabled(), "closing an inner scope must not re-enable recording");
            assertFalse(x.mul(x).requiresGrad());
        }
        assertTrue(GradMode.isEnabled());
        assertTrue(x.mul(x).requiresGrad());
        var e = assertThrows(IllegalStateException.class, () -> Variable.of(Tensor.scalar(1f)).mul(2f).backward());
        assertTrue(e.getMessage().contains("does not require a gradient"), e.getMessage());
    }

    @Test
    void secondBackwardThroughAReleasedGraphIsAnError() {
        Variable x = Variable.param(Tensor.scalar(2f));
        Variable y = x.exp();
        y.backward();
        var e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("second time"), e.getMessage());
    }

    @Test
    void retainGradKeepsAnIntermediateGradient() {
        Variable x = Variable.param(Tensor.scalar(3f));
        Variable y = x.mul(2f).retainGrad();
        y.mul(y).backward(); // d(y²)/dy = 2y = 12
        assertEquals(12f, y.grad().item(), 1e-6);
        assertEquals(24f, x.grad().item(), 1e-6);
    }

    @Test
    void deepChainsDoNotOverflowTheStack() {
        Variable x = Variable.param(Tensor.scalar(1f));
        Variable y = x;
        for (int i = 0; i < 100_000; i++) y = y.add(0f);
        y.backward();
        assertEquals(1f, x.grad().item());
    }

    @Test
    void trainingStepsReleaseTheirGraphs() {
        // 10,000 steps of a small regression: the heap after the last steps must not exceed the heap after
        // the first ones by more than a few MB (each step's graph holds ~4 KB, 10,000 of them ~40 MB).
        SplittableRandom rng = new SplittableRandom(7);
        Tensor inputs = GradCheckSuite.normal(rng, 32, 8);
        Tensor targets = inputs.matmul(GradCheckSuite.normal(rng, 8, 1)).add(0.5f);
        Variable w = Variable.param(GradCheckSuite.normal(rng, 8, 1).mul(0.1f));
        Variable b = Variable.param(Tensor.zeros(1));
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long afterWarmUp = 0;
        float firstLoss = 0;
        float loss = 0;
        for (int step = 0; step < 10_000; step++) {
            Variable err = Variable.of(inputs).matmul(w).add(b).sub(Variable.of(targets));
            Variable l = err.mul(err).mean();
            l.backward();
            w.data().addInPlace(w.grad().mul(-0.05f));
            b.data().addInPlace(b.grad().mul(-0.05f));
            w.zeroGrad();
            b.zeroGrad();
            loss = l.item();
            if (step == 0) firstLoss = loss;
            if (step == 1_000) afterWarmUp = usedAfterGc(memory);
        }
        long atEnd = usedAfterGc(memory);
        assertTrue(loss < firstLoss * 1e-3f, "training did not progress: " + firstLoss + " -> " + loss);
        assertTrue(atEnd - afterWarmUp < 8L << 20, "heap grew by " + ((atEnd - afterWarmUp) >> 10) + " KB over 9,000 steps");
    }

    private static long usedAfterGc(MemoryMXBean memory) {
        for (int i = 0; i < 3; i++) System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }
}
