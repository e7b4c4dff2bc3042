package org.fovea.autograd;

import org.fovea.tensor.Tensor;

/**
 * Element-wise ops, each forward beside its backward. Broadcast inputs receive {@code dOut} summed back
 * to their own shape ({@link Tensor#sumTo}), the adjoint of broadcasting.
 */
final class PointwiseOps {
    private PointwiseOps() {}

    static Variable add(Variable a, Variable b) {
        return Variable.op("add", a.data().add(b.data()), dOut -> new Tensor[] {
                a.requiresGrad() ? dOut.sumTo(a.shape()) : null,
                b.requiresGrad() ? dOut.sumTo(b.shape()) : null}, a, b);
    }

    static Variable sub(Variable a, Variable b) {
        return Variable.op("sub", a.data().sub(b.data()), dOut -> new Tensor[] {
                a.requiresGrad() ? dOut.sumTo(a.shape()) : null,
                b.requiresGrad() ? dOut.neg().sumTo(b.shape()) : null}, a, b);
    }

    static Variable mul(Variable a, Variable b) {
        return Variable.op("mul", a.data().mul(b.data()), dOut -> new Tensor[] {
                a.requiresGrad() ? dOut.mul(b.data()).sumTo(a.shape()) : null,
                b.requiresGrad() ? dOut.mul(a.data()).sumTo(b.shape()) : null}, a, b);
    }

    // d(a/b)/da = 1/b, d(a/b)/db = -a/b²
    static Variable div(Variable a, Variable b) {
        return Variable.op("div", a.data().div(b.data()), dOut -> new Tensor[] {
                a.requiresGrad() ? dOut.div(b.data()).sumTo(a.shape()) : null,
                b.requiresGrad() ? dOut.mul(a.data()).div(b.data().mul(b.data())).neg().sumTo(b.shape()) : null}, a, b);
    }

    static Variable addScalar(Variable a, float c) {
        return Variable.op("add", a.data().add(c), dOut -> new Tensor[] {dOut}, a);
    }

    static Variable mulScalar(Variable a, float c) {
        return Variable.op(c == -1f ? "neg" : "mul", a.data().mul(c), dOut -> new Tensor[] {dOut.mul(c)}, a);
    }

    static Variable pow(Variable a, float p) {
        return Variable.op("pow", a.data().pow(p), dOut -> new Tensor[] {dOut.mul(a.data().pow(p - 1f)).mul(p)}, a);
    }

    static Variable exp(Variable a) {
        Tensor out = a.data().exp();
        return Variable.op("exp", out, dOut -> new Tensor[] {dOut.mul(out)}, a);
    }

    static Variable log(Variable a) {
        return Variable.op("log", a.data().log(), dOut -> new Tensor[] {dOut.div(a.data())}, a);
    }

    static Variable sqrt(Variable a) {
        Tensor out = a.data().sqrt();
        return Variable.op("sqrt", out, dOut -> new Tensor[] {dOut.div(out).mul(0.5f)}, a);
    }

    // NOTE: the gradient at 0 is taken as 0 (sign(0) = 0), as PyTorch does.
    static Variable abs(Variable a) {
        return Variable.op("abs", a.data().abs(), dOut -> {
            Tensor sign = a.data().gt(0f).sub(a.data().lt(0f));
            return new Tensor[] {dOut.mul(sign)};
        }, a);
    }

    static Variable tanh(Variable a) {
        Tensor out = a.data().tanh();
        return Variable.op("tanh", out, dOut -> new Tensor[] {dOut.mul(out.mul(out).neg().add(1f))}, a);
    }

    static Variable sigmoid(Variable a) {
        Tensor out = a.data().sigmoid();
        return Variable.op("sigmoid", out, dOut -> new Tensor[] {dOut.mul(out).mul(out.neg().add(1f))}, a);
    }

    // NOTE: the gradient at exactly 0 is 0 (the mask is x > 0), matching PyTorch.
    static Variable relu(Variable a) {
        Tensor out = a.data().relu();
        return Variable.op("relu", out, dOut -> new Tensor[] {dOut.reluBackward(out)}, a);
    }

    static Variable maximum(Variable a, Variable b) {
        return extreme("maximum", a, b, a.data().maximum(b.data()), a.data().gt(b.data()));
    }

    static Variable minimum(Variable a, Variable b) {
        return extreme("minimum", a, b, a.data().minimum(b.data()), a.data().lt(b.data()));
    }

    // The gradient goes to the winner; on a tie it is split evenly between a and b, as PyTorch does.
    private static Variable extreme(String name, Variable a, Variable b, Tensor out, Tensor aWins) {
        return Variable.op(name, out, dOut -> {
            Tensor tie = a.data().eq(b.data()).mul(0.5f);
            Tensor toA = aWins.add(tie);
            Tensor toB = toA.neg().add(1f);
            return new Tensor[] {
                    a.requiresGrad() ? dOut.mul(toA).sumTo(a.shape()) : null,
                    b.requiresGrad() ? dOut.mul(toB).sumTo(b.shape()) : null};
        }, a, b);
    }

    static Variable where(Tensor cond, Variable a, Variable b) {
        Tensor out = Tensor.where(cond, a.data(), b.data());
        return Variable.op("where", out, dOut -> {
            Tensor zero = Tensor.scalar(0f);
            return new Tensor[] {
                    a.requiresGrad() ? Tensor.where(cond, dOut, zero).sumTo(a.shape()) : null,
                    b.requiresGrad() ? Tensor.where(cond, zero, dOut).sumTo(b.shape()) : null};
        }, a, b);
    }
}
