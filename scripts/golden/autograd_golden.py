#!/usr/bin/env python3
"""PyTorch float64 golden values for Fovea's autograd tests.

For each case: inputs drawn from a seeded generator and rounded to float32 (so Fovea reads exactly the same
numbers), a float32-rounded upstream gradient, then output and input gradients computed in float64.
Writes core/src/test/resources/golden/autograd.json. Run with Debian's interpreter, which has python3-torch:

    /usr/bin/python3 scripts/golden/autograd_golden.py
"""
import json
import pathlib

import torch

torch.manual_seed(231)


def f32(t):
    return t.to(torch.float32).to(torch.float64)


def normal(*shape):
    return f32(torch.randn(*shape, dtype=torch.float64))


def positive(*shape):
    return f32(torch.rand(*shape, dtype=torch.float64) * 1.5 + 0.5)


# name -> (input makers, function); the Java test maps the same names to the same expressions.
CASES = {
    "matmul": ([lambda: normal(3, 4), lambda: normal(4, 5)], lambda a, b: a @ b),
    "matmul_batched": ([lambda: normal(2, 3, 4), lambda: normal(4, 5)], lambda a, b: a @ b),
    "add_broadcast": ([lambda: normal(3, 4), lambda: normal(4)], lambda a, b: a + b),
    "add_broadcast_outer": ([lambda: normal(3, 1), lambda: normal(1, 4)], lambda a, b: a + b),
    "mul_broadcast": ([lambda: normal(2, 3, 4), lambda: normal(3, 1)], lambda a, b: a * b),
    "div_broadcast": ([lambda: normal(3, 4), lambda: positive(4)], lambda a, b: a / b),
    "exp": ([lambda: normal(2, 3)], torch.exp),
    "log": ([lambda: positive(2, 3)], torch.log),
    "tanh": ([lambda: normal(2, 3)], torch.tanh),
    "sigmoid": ([lambda: normal(2, 3)], torch.sigmoid),
    "sum_dim": ([lambda: normal(2, 3, 4)], lambda a: a.sum(1)),
    "mean_dims_keepdim": ([lambda: normal(2, 3, 4)], lambda a: a.mean(dim=(0, 2), keepdim=True)),
    "max_dim": ([lambda: normal(3, 5)], lambda a: a.max(1).values),
    "min_dim_keepdim": ([lambda: normal(3, 5)], lambda a: a.min(0, keepdim=True).values),
    "var_dim": ([lambda: normal(3, 5)], lambda a: a.var(1)),
    "log_softmax": ([lambda: normal(3, 5)], lambda a: torch.log_softmax(a, 1)),
    "relu": ([lambda: normal(3, 4)], torch.relu),
    "avg_pool_composite": ([lambda: normal(2, 3, 4)], lambda a: a.mean(2).sum()),
    "composite_mlp": ([lambda: normal(4, 3), lambda: normal(3, 5), lambda: normal(5)],
                      lambda x, w, b: torch.tanh(x @ w + b).sum(1)),
}


def tensor_json(t):
    return {"shape": list(t.shape), "data": [float(v) for v in t.reshape(-1).tolist()]}


def main():
    out = {"generator": "scripts/golden/autograd_golden.py", "torch": torch.__version__, "cases": []}
    for name, (makers, fn) in CASES.items():
        inputs = [m().requires_grad_(True) for m in makers]
        y = fn(*inputs)
        upstream = f32(torch.randn(y.shape, dtype=torch.float64))
        y.backward(upstream)
        out["cases"].append({
            "name": name,
            "inputs": [tensor_json(x.detach()) for x in inputs],
            "upstream": tensor_json(upstream),
            "output": tensor_json(y.detach()),
            "grads": [tensor_json(x.grad) for x in inputs],
        })
    path = pathlib.Path(__file__).resolve().parents[2] / "core/src/test/resources/golden/autograd.json"
    path.write_text(json.dumps(out, indent=1) + "\n")
    print(f"wrote {len(out['cases'])} cases to {path}")


if __name__ == "__main__":
    main()
