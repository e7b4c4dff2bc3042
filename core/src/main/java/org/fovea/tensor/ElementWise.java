package org.fovea.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.fovea.kernel.Parallel;

/**
 * Element-wise kernels: unary maps on contiguous data and broadcasting binary ops on strided data.
 * Contiguous runs use the Vector API with a scalar tail; the scalar switch is the reference.
 */
final class ElementWise {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    enum Unary { NEG, EXP, LOG, SQRT, ABS, TANH, SIGMOID, RELU }

    enum Binary { ADD, SUB, MUL, DIV, MAXIMUM, MINIMUM, POW, GT, GE, LT, LE, EQ, NE }

    private ElementWise() {}

    static float apply(Unary op, float x) {
        return switch (op) {
            case NEG -> -x;
            case EXP -> (float) Math.exp(x);
            case LOG -> (float) Math.log(x);
            case SQRT -> (float) Math.sqrt(x);
            case ABS -> Math.abs(x);
            case TANH -> (float) Math.tanh(x);
            case SIGMOID -> (float) (1.0 / (1.0 + Math.exp(-x)));
            case RELU -> Math.max(x, 0f); // NOTE: max keeps NaN (as PyTorch does); `x > 0 ? x : 0` would hide it
        };
    }

    static float apply(Binary op, float x, float y) {
        return switch (op) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            case DIV -> x / y;
            case MAXIMUM -> Math.max(x, y);
            case MINIMUM -> Math.min(x, y);
            case POW -> (float) Math.pow(x, y);
            case GT -> x > y ? 1f : 0f;
            case GE -> x >= y ? 1f : 0f;
            case LT -> x < y ? 1f : 0f;
            case LE -> x <= y ? 1f : 0f;
            case EQ -> x == y ? 1f : 0f;
            case NE -> x != y ? 1f : 0f;
        };
    }

    /**
     * Element-wise loops over at least this many elements are split across the threads (each element is computed
     * alone, so the result does not depend on the split). NOTE: ResNet-20 at batch 128 spent 3 % of a training
     * step in one-thread ReLU passes over 8 MB tensors.
     */
    private static final int PARALLEL_GRAIN = 1 << 16;

    static Tensor unary(Unary op, Tensor x) {
        Tensor src = x.contiguous();
        float[] in = src.data();
        int off = src.offset();
        int n = src.numel();
        float[] out = new float[n];
        Parallel.parallelFor(n, PARALLEL_GRAIN, (lo, hi) -> unary(op, in, off, out, 0, lo, hi));
        return Tensor.wrap(out, x.shape());
    }

    static void reluInPlace(Tensor x) {
        if (!x.isContiguous()) {
            throw new IllegalArgumentException("reluInPlace: needs a contiguous tensor, got shape " + Shape.format(x.shape())
                    + " with strides " + Shape.format(x.strides()));
        }
        float[] d = x.data();
        int off = x.offset();
        Parallel.parallelFor(x.numel(), PARALLEL_GRAIN, (lo, hi) -> unary(Unary.RELU, d, off, d, off, lo, hi));
    }

    /** out[outOff + i] = op(in[off + i]) for i in [lo, hi); in and out may be the same array at the same offset. */
    private static void unary(Unary op, float[] in, int off, float[] out, int outOff, int lo, int hi) {
        int i = lo;
        if (op == Unary.NEG || op == Unary.SQRT || op == Unary.ABS) {
            VectorOperators.Unary vop = switch (op) {
                case NEG -> VectorOperators.NEG;
                case SQRT -> VectorOperators.SQRT;
                default -> VectorOperators.ABS;
            };
            for (int bound = lo + S.loopBound(hi - lo); i < bound; i += S.length()) {
                FloatVector.fromArray(S, in, off + i).lanewise(vop).intoArray(out, outOff + i);
            }
        } else if (op == Unary.RELU) {
            for (int bound = lo + S.loopBound(hi - lo); i < bound; i += S.length()) {
                FloatVector.fromArray(S, in, off + i).max(0f).intoArray(out, outOff + i);
            }
        }
        // NOTE: exp, log, tanh and sigmoid stay scalar: the vector EXP/LOG/TANH intrinsics differ from their
        // interpreted fallback (Math.exp per lane) by a few ulps, so results would change once the JIT compiled
        // the loop; the exact ops (neg, sqrt, abs, max) are safe to vectorise.
        for (; i < hi; i++) out[outOff + i] = apply(op, in[off + i]);
    }

    static Tensor binary(String name, Binary op, Tensor a, Tensor b) {
        int[] shape = Shape.broadcast(name, a.shape(), b.shape());
        Tensor ea = a.expand(shape);
        Tensor eb = b.expand(shape);
        float[] out = new float[Shape.numel(shape)];
        float[] x = ea.data();
        float[] y = eb.data();
        StridedLoop.forEach(shape, ea.strides(), ea.offset(), eb.strides(), eb.offset(),
                (offA, strideA, offB, strideB, offOut, len) -> run(op, x, offA, strideA, y, offB, strideB, out, offOut, len));
        return Tensor.wrap(out, shape);
    }

    /** Copies a strided tensor into a new contiguous array. */
    static float[] copyContiguous(Tensor t) {
        float[] out = new float[t.numel()];
        float[] x = t.data();
        StridedLoop.forEach(t.shape(), t.strides(), t.offset(), new int[t.dim()], 0,
                (offA, strideA, offB, strideB, offOut, len) -> {
                    if (strideA == 1) {
                        System.arraycopy(x, offA, out, offOut, len);
                    } else {
                        for (int i = 0; i < len; i++) out[offOut + i] = x[offA + i * strideA];
                    }
                });
        return out;
    }

    private static void run(Binary op, float[] x, int offA, int strideA, float[] y, int offB, int strideB,
                            float[] out, int offOut, int len) {
        int i = 0;
        if (op != Binary.POW && (strideA | strideB) >>> 1 == 0 && (strideA | strideB) != 0) {
            // Both operands contiguous (stride 1) or broadcast (stride 0): whole vectors at a time.
            // NOTE: one small loop per op, chosen outside the loop: a switch inside the loop body made the
            // vector twin too large to inline, and every vector was boxed (relu's backward ran 5x slower).
            i = switch (op) {
                case ADD -> vectorAdd(x, offA, strideA, y, offB, strideB, out, offOut, len);
                case MUL -> vectorMul(x, offA, strideA, y, offB, strideB, out, offOut, len);
                case SUB -> vectorSub(x, offA, strideA, y, offB, strideB, out, offOut, len);
                case DIV -> vectorDiv(x, offA, strideA, y, offB, strideB, out, offOut, len);
                default -> vectorAny(op, x, offA, strideA, y, offB, strideB, out, offOut, len);
            };
        }
        for (; i < len; i++) out[offOut + i] = apply(op, x[offA + i * strideA], y[offB + i * strideB]);
    }

    private static int vectorAdd(float[] x, int offA, int strideA, float[] y, int offB, int strideB, float[] out, int offOut, int len) {
        int i = 0;
        for (int bound = S.loopBound(len); i < bound; i += S.length()) {
            operand(x, offA, strideA, i).add(operand(y, offB, strideB, i)).intoArray(out, offOut + i);
        }
        return i;
    }

    private static int vectorMul(float[] x, int offA, int strideA, float[] y, int offB, int strideB, float[] out, int offOut, int len) {
        int i = 0;
        for (int bound = S.loopBound(len); i < bound; i += S.length()) {
            operand(x, offA, strideA, i).mul(operand(y, offB, strideB, i)).intoArray(out, offOut + i);
        }
        return i;
    }

    private static int vectorSub(float[] x, int offA, int strideA, float[] y, int offB, int strideB, float[] out, int offOut, int len) {
        int i = 0;
        for (int bound = S.loopBound(len); i < bound; i += S.length()) {
            operand(x, offA, strideA, i).sub(operand(y, offB, strideB, i)).intoArray(out, offOut + i);
        }
        return i;
    }

    private static int vectorDiv(float[] x, int offA, int strideA, float[] y, int offB, int strideB, float[] out, int offOut, int len) {
        int i = 0;
        for (int bound = S.loopBound(len); i < bound; i += S.length()) {
            operand(x, offA, strideA, i).div(operand(y, offB, strideB, i)).intoArray(out, offOut + i);
        }
        return i;
    }

    /** NOTE: the op switch inside the loop keeps these vectors boxed (5-10x slower): the common ops have their own loops above. */
    private static int vectorAny(Binary op, float[] x, int offA, int strideA, float[] y, int offB, int strideB, float[] out, int offOut, int len) {
        int i = 0;
        for (int bound = S.loopBound(len); i < bound; i += S.length()) {
            apply(op, operand(x, offA, strideA, i), operand(y, offB, strideB, i)).intoArray(out, offOut + i);
        }
        return i;
    }

    /**
     * x[offA + i·strideA] = y[…] (overwrite) or x[…] op= y[offB + i·strideB] for i in [0, len): the run of an
     * in-place update (gradient accumulation, copies, fills). Contiguous or broadcast runs of add and mul go
     * through whole vectors; NOTE: the scalar loop with the op switch per element cost 2 % of a ResNet step.
     */
    static void inPlace(Binary op, boolean overwrite, float[] x, int offA, int strideA, float[] y, int offB, int strideB, int len) {
        int i = 0;
        if (strideA == 1 && (strideB | 1) == 1) {
            if (overwrite) {
                if (strideB == 1) {
                    System.arraycopy(y, offB, x, offA, len);
                    return;
                }
                java.util.Arrays.fill(x, offA, offA + len, y[offB]);
                return;
            }
            if (op == Binary.ADD) {
                for (int bound = S.loopBound(len); i < bound; i += S.length()) {
                    FloatVector.fromArray(S, x, offA + i).add(operand(y, offB, strideB, i)).intoArray(x, offA + i);
                }
            } else if (op == Binary.MUL) {
                for (int bound = S.loopBound(len); i < bound; i += S.length()) {
                    FloatVector.fromArray(S, x, offA + i).mul(operand(y, offB, strideB, i)).intoArray(x, offA + i);
                }
            }
        }
        for (; i < len; i++) {
            int at = offA + i * strideA;
            x[at] = overwrite ? y[offB + i * strideB] : apply(op, x[at], y[offB + i * strideB]);
        }
    }

    /** Lanes [i, i + S.length()) of a contiguous (stride 1) or broadcast (stride 0) operand. */
    private static FloatVector operand(float[] a, int off, int stride, int i) {
        return stride == 0 ? FloatVector.broadcast(S, a[off]) : FloatVector.fromArray(S, a, off + i);
    }

    /** out[i] = ref[i] > 0 ? g[i] : 0 over same-shaped tensors: relu's backward (0 where ref is NaN, as PyTorch). */
    static Tensor whereRefPositive(Tensor g, Tensor ref) {
        if (!java.util.Arrays.equals(g.shape(), ref.shape())) {
            throw new IllegalArgumentException("reluBackward: gradient shape " + Shape.format(g.shape())
                    + " does not match output shape " + Shape.format(ref.shape()));
        }
        Tensor gc = g.contiguous();
        Tensor rc = ref.contiguous();
        float[] gd = gc.data();
        float[] rd = rc.data();
        int go = gc.offset();
        int ro = rc.offset();
        int n = gc.numel();
        float[] out = new float[n];
        Parallel.parallelFor(n, PARALLEL_GRAIN, (lo, hi) -> {
            int i = lo;
            for (int bound = lo + S.loopBound(hi - lo); i < bound; i += S.length()) {
                FloatVector r = FloatVector.fromArray(S, rd, ro + i);
                FloatVector.zero(S).blend(FloatVector.fromArray(S, gd, go + i), r.compare(VectorOperators.GT, 0f)).intoArray(out, i);
            }
            for (; i < hi; i++) out[i] = rd[ro + i] > 0f ? gd[go + i] : 0f;
        });
        return Tensor.wrap(out, g.shape());
    }

    /** The vector twin of {@link #apply(Binary, float, float)} (every op but POW). */
    private static FloatVector apply(Binary op, FloatVector a, FloatVector b) {
        return switch (op) {
            case ADD -> a.add(b);
            case SUB -> a.sub(b);
            case MUL -> a.mul(b);
            case DIV -> a.div(b);
            case MAXIMUM -> a.max(b);
            case MINIMUM -> a.min(b);
            case GT -> ones(a.compare(VectorOperators.GT, b));
            case GE -> ones(a.compare(VectorOperators.GE, b));
            case LT -> ones(a.compare(VectorOperators.LT, b));
            case LE -> ones(a.compare(VectorOperators.LE, b));
            case EQ -> ones(a.compare(VectorOperators.EQ, b));
            case NE -> ones(a.compare(VectorOperators.NE, b));
            case POW -> throw new IllegalArgumentException("pow has no vector form");
        };
    }

    private static FloatVector ones(jdk.incubator.vector.VectorMask<Float> mask) {
        return FloatVector.zero(S).blend(1f, mask);
    }
}
