package org.fovea.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TensorTest {
    private static Tensor t(int rows, int cols) {
        return Tensor.arange(rows * cols).reshape(rows, cols);
    }

    @Test
    void creation() {
        assertArrayEquals(new float[] {0, 0.5f, 1, 1.5f}, Tensor.arange(0, 2, 0.5f).toArray());
        assertArrayEquals(new float[] {-1, -0.5f, 0, 0.5f, 1}, Tensor.linspace(-1, 1, 5).toArray());
        assertArrayEquals(new float[] {7, 7, 7, 7, 7, 7}, Tensor.full(7, 2, 3).toArray());
        assertEquals(0, Tensor.zeros(0, 3).numel());
        assertEquals(1, Tensor.scalar(3).numel());
        assertEquals(0, Tensor.scalar(3).dim());
        Tensor a = Tensor.randn(new SplittableRandom(5), 100);
        Tensor b = Tensor.randn(new SplittableRandom(5), 100);
        assertArrayEquals(a.toArray(), b.toArray(), "same seed, same values");
        Tensor u = Tensor.rand(new SplittableRandom(1), 10_000);
        assertTrue(u.min().item() >= 0 && u.max().item() < 1);
        assertEquals(0.5, u.mean().item(), 0.02);
        assertThrows(IllegalArgumentException.class, () -> Tensor.wrap(new float[5], 2, 3));
    }

    @Test
    void viewsShareMemory() {
        Tensor x = t(3, 4);
        Tensor tr = x.t();
        assertFalse(tr.isContiguous());
        assertEquals(6f, tr.get(2, 1));
        x.narrow(1, 1, 2).fill(-1);
        assertArrayEquals(new float[] {0, -1, -1, 3, 4, -1, -1, 7, 8, -1, -1, 11}, x.toArray());
        x.select(0, 2).copyFrom(Tensor.scalar(9));
        assertEquals(9f, x.get(2, 3));
        Tensor r = x.reshape(2, 6);
        r.set(100, 0, 0);
        assertEquals(100f, x.get(0, 0), "reshape of a contiguous tensor is a view");
        Tensor copy = tr.contiguous();
        copy.set(-5, 0, 0);
        assertEquals(100f, x.get(0, 0), "contiguous() of a transposed view copies");
    }

    @Test
    void viewOps() {
        Tensor x = Tensor.arange(24).reshape(2, 3, 4);
        Tensor p = x.permute(2, 0, 1);
        assertArrayEquals(new int[] {4, 2, 3}, p.shape());
        assertEquals(x.get(1, 2, 3), p.get(3, 1, 2));
        assertArrayEquals(new int[] {2, 1, 3, 4}, x.unsqueeze(1).shape());
        assertArrayEquals(new int[] {2, 3, 4, 1}, x.unsqueeze(-1).shape());
        assertArrayEquals(new int[] {2, 3, 4}, x.unsqueeze(1).squeeze(1).shape());
        assertArrayEquals(new int[] {3, 4}, Tensor.zeros(1, 3, 1, 4).squeeze().shape());
        assertArrayEquals(new int[] {2, 12}, x.reshape(2, -1).shape());
        Tensor e = Tensor.of(new float[] {1, 2, 3}, 3, 1).expand(2, 3, 4);
        assertArrayEquals(new int[] {2, 3, 4}, e.shape());
        assertEquals(3f, e.get(1, 2, 3));
        assertArrayEquals(x.permute(1, 0, 2).toArray(), x.transpose(0, 1).toArray());
        assertArrayEquals(new float[] {12, 13, 14, 15}, x.select(1, 0).select(1).toArray());
    }

    @Test
    void broadcastingArithmetic() {
        Tensor a = t(2, 3);
        Tensor row = Tensor.of(new float[] {10, 20, 30}, 3);
        Tensor col = Tensor.of(new float[] {1, 2}, 2, 1);
        assertArrayEquals(new float[] {10, 21, 32, 13, 24, 35}, a.add(row).toArray());
        assertArrayEquals(new float[] {0, 1, 2, 6, 8, 10}, a.mul(col).toArray());
        assertArrayEquals(new float[] {11, 21, 31, 12, 22, 32}, col.add(row).toArray());
        assertArrayEquals(new float[] {-10, -19, -28, -7, -16, -25}, a.sub(row).toArray());
        assertArrayEquals(new float[] {0, 0.5f, 1, 1.5f, 2, 2.5f}, a.div(2).toArray());
        assertArrayEquals(new float[] {0, 1, 4, 9, 16, 25}, a.pow(2).toArray());
        assertArrayEquals(new float[] {0, 1, 1, 1, 1, 1}, a.gt(0.5f).toArray());
        assertArrayEquals(new float[] {2, 2, 2, 3, 4, 5}, a.maximum(Tensor.scalar(2)).toArray());
        assertArrayEquals(new float[] {0, 1, 2, 2, 2, 2}, a.minimum(Tensor.scalar(2)).toArray());
        assertArrayEquals(new float[] {0, -1, 2, -3, 4, -5},
                Tensor.where(Tensor.of(new float[] {1, 0}, 1, 2).expand(3, 2).reshape(2, 3), a, a.neg()).toArray());
        // a long contiguous run exercises the vector path and its scalar tail
        Tensor big = Tensor.arange(1003);
        float[] sum = big.add(big).toArray();
        for (int i = 0; i < sum.length; i++) assertEquals(2 * i, sum[i]);
    }

    @Test
    void unaryOps() {
        Tensor x = Tensor.of(new float[] {-2, -0.5f, 0, 0.5f, 2}, 5);
        float[] v = x.toArray();
        float[][] got = {x.exp().toArray(), x.tanh().toArray(), x.sigmoid().toArray(), x.relu().toArray(), x.abs().toArray(), x.neg().toArray()};
        for (int i = 0; i < v.length; i++) {
            assertEquals(Math.exp(v[i]), got[0][i], 1e-6 * Math.exp(v[i]));
            assertEquals(Math.tanh(v[i]), got[1][i], 1e-6);
            assertEquals(1 / (1 + Math.exp(-v[i])), got[2][i], 1e-6);
            assertEquals(Math.max(v[i], 0), got[3][i]);
            assertEquals(Math.abs(v[i]), got[4][i]);
            assertEquals(-v[i], got[5][i]);
        }
        Tensor p = Tensor.arange(1, 40, 1);
        float[] logs = p.log().toArray();
        float[] roots = p.sqrt().toArray();
        for (int i = 0; i < logs.length; i++) {
            assertEquals(Math.log(i + 1), logs[i], 1e-6);
            assertEquals(Math.sqrt(i + 1), roots[i], 1e-6);
        }
        assertTrue(Float.isNaN(Tensor.scalar(Float.NaN).relu().item()), "relu keeps NaN visible");
    }

    @Test
    void reluBackwardPassesTheGradientWhereTheOutputIsPositive() {
        // 37 elements: two full vectors of any width up to 16 and a scalar tail; a strided (transposed) gradient.
        SplittableRandom r = new SplittableRandom(3);
        float[] o = new float[37];
        float[] g = new float[37];
        for (int i = 0; i < o.length; i++) {
            o[i] = i % 3 == 0 ? 0f : (float) r.nextDouble(-1, 1);
            g[i] = (float) r.nextDouble(-1, 1);
        }
        o[5] = Float.NaN;
        Tensor out = Tensor.of(o, 37);
        Tensor grad = Tensor.of(g, 37);
        float[] got = grad.reluBackward(out).toArray();
        for (int i = 0; i < o.length; i++) assertEquals(o[i] > 0 ? g[i] : 0f, got[i], "element " + i);
        assertEquals(0f, got[5], "NaN output passes no gradient (PyTorch's threshold_backward)");
        Tensor gt = Tensor.of(g, 37).narrow(0, 0, 36).reshape(6, 6).transpose(0, 1);
        Tensor ot = Tensor.of(o, 37).narrow(0, 0, 36).reshape(6, 6).transpose(0, 1);
        assertArrayEquals(gt.mul(ot.gt(0f)).toArray(), gt.reluBackward(ot).toArray(), 0f);
        var e = assertThrows(IllegalArgumentException.class, () -> grad.reluBackward(Tensor.zeros(36)));
        assertTrue(e.getMessage().contains("(37)") && e.getMessage().contains("(36)"), e.getMessage());
    }

    @Test
    void reductions() {
        Tensor x = Tensor.of(new float[] {1, 5, 3, 4, 2, 6}, 2, 3);
        assertEquals(21f, x.sum().item());
        assertArrayEquals(new float[] {5, 7, 9}, x.sum(0, false).toArray());
        assertArrayEquals(new int[] {2, 1}, x.sum(1, true).shape());
        assertArrayEquals(new float[] {3, 4}, x.mean(1, false).toArray());
        assertArrayEquals(new float[] {5, 6}, x.max(1, false).toArray());
        assertArrayEquals(new float[] {1, 2, 3}, x.min(0, false).toArray());
        assertArrayEquals(new float[] {1, 2}, x.argmax(1, false).toArray());
        assertArrayEquals(new float[] {0, 1, 0}, x.argmin(0, false).toArray());
        assertArrayEquals(new float[] {4, 4}, x.var(1, false).toArray()); // (1,5,3): mean 3, ss 8, /2
        assertArrayEquals(new float[] {8f / 3, 8f / 3}, x.var(new int[] {1}, 0, false).toArray(), 1e-6f);
        assertArrayEquals(new float[] {3.5f}, x.mean(new int[] {0, 1}, false).reshape(1).toArray());
        assertArrayEquals(new float[] {1}, Tensor.of(new float[] {3, 7, 7}, 3).argmax(0, false).toArray(), "first maximum wins");
        assertArrayEquals(new float[] {5, 7, 9}, Tensor.ones(2, 1).mul(x).t().sum(1, false).toArray(), "reduces strided views");
        assertArrayEquals(new float[] {1.5f, 3.5f}, Tensor.arange(1, 5, 1).reshape(2, 2).t().sumTo(1, 2).div(2).toArray());
        Tensor big = Tensor.ones(1037);
        assertEquals(1037f, big.sum().item());
    }

    @Test
    void matmulMatchesTheDefinition() {
        SplittableRandom rng = new SplittableRandom(3);
        Tensor a = Tensor.randn(rng, 2, 5, 7);
        Tensor b = Tensor.randn(rng, 7, 3);
        Tensor c = a.matmul(b);
        assertArrayEquals(new int[] {2, 5, 3}, c.shape());
        for (int n = 0; n < 2; n++) {
            for (int i = 0; i < 5; i++) {
                for (int j = 0; j < 3; j++) {
                    double s = 0;
                    for (int k = 0; k < 7; k++) s += a.get(n, i, k) * b.get(k, j);
                    assertEquals(s, c.get(n, i, j), 1e-5);
                }
            }
        }
        Tensor at = Tensor.randn(rng, 7, 5);
        assertTrue(at.t().matmul(b).allClose(at.t().contiguous().matmul(b), 1e-6f, 1e-6f), "transposed view");
        assertTrue(b.t().matmul(at).allClose(b.t().contiguous().matmul(at), 1e-6f, 1e-6f));
        assertArrayEquals(new int[] {5}, at.t().matmul(Tensor.ones(7)).shape());
        assertEquals(7f, Tensor.ones(7).matmul(Tensor.ones(7)).item());
    }

    @Test
    void joinsAndIndexing() {
        Tensor a = t(2, 2);
        Tensor b = Tensor.full(9, 2, 1);
        assertArrayEquals(new float[] {0, 1, 9, 2, 3, 9}, Tensor.concat(1, a, b).toArray());
        assertArrayEquals(new int[] {2, 2, 2}, Tensor.stack(0, a, a).shape());
        assertArrayEquals(new float[] {0, 0, 1, 1, 2, 2, 3, 3}, Tensor.stack(2, a, a).toArray());
        Tensor x = t(3, 4);
        Tensor idx = Tensor.of(new float[] {3, 0, 1}, 3, 1);
        assertArrayEquals(new float[] {3, 4, 9}, x.gather(1, idx).toArray());
        assertArrayEquals(new float[] {8, 9, 10, 11, 0, 1, 2, 3}, x.indexSelect(0, 2, 0).toArray());
        Tensor scattered = Tensor.scatterAdd(new int[] {3, 4}, 1, idx, Tensor.ones(3, 1));
        assertEquals(1f, scattered.get(0, 3));
        assertEquals(3f, scattered.sum().item());
        assertArrayEquals(new float[] {0, 0, 0, 0, 2, 2}, Tensor.indexAdd(new int[] {3, 2}, 0, new int[] {2, 2}, Tensor.ones(2, 2)).toArray());
    }

    @Test
    void shapeErrorsNameTheOpAndBothShapes() {
        var e = assertThrows(IllegalArgumentException.class, () -> t(2, 3).add(t(3, 2)));
        assertTrue(e.getMessage().startsWith("add:") && e.getMessage().contains("(2, 3)") && e.getMessage().contains("(3, 2)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> t(2, 3).matmul(t(2, 3)));
        assertTrue(e.getMessage().startsWith("matmul:") && e.getMessage().contains("(2, 3)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> t(2, 3).reshape(4, 2));
        assertTrue(e.getMessage().startsWith("reshape:") && e.getMessage().contains("(2, 3)") && e.getMessage().contains("(4, 2)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.concat(0, t(2, 3), t(2, 2)));
        assertTrue(e.getMessage().startsWith("concat:") && e.getMessage().contains("(2, 2)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> t(2, 3).sum(2, false));
        assertTrue(e.getMessage().startsWith("sum:"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> t(2, 3).gather(1, Tensor.of(new float[] {3, 0}, 2, 1)));
        assertTrue(e.getMessage().startsWith("gather:"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> t(2, 3).expand(4, 3));
        assertTrue(e.getMessage().startsWith("expand:"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> t(2, 3).view(-1, -1));
        assertTrue(e.getMessage().contains("only one dimension may be -1"), e.getMessage());
    }

    @Test
    void printsLikePyTorch() {
        assertEquals("tensor([[0., 1., 2.],\n        [3., 4., 5.]])", t(2, 3).toString());
        assertEquals("tensor([ 0.5000, -1.2500])", Tensor.of(new float[] {0.5f, -1.25f}, 2).toString());
        assertEquals("tensor(3.)", Tensor.scalar(3).toString());
        assertEquals("tensor([1.0000e-05, 1.0000e+00])", Tensor.of(new float[] {1e-5f, 1}, 2).toString());
        String big = Tensor.arange(2000).toString();
        assertTrue(big.contains("...") && big.endsWith("shape=(2000))"), big);
    }
}
