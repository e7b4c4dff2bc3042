#!/usr/bin/env python3
"""PyTorch float64 golden values for Fovea's layers and losses (forward, backward, running statistics).

Inputs are float32-exact; everything else is float64. Writes core/src/test/resources/golden/layers.json.
Run with Debian's interpreter (python3-torch):  /usr/bin/python3 scripts/golden/layers_golden.py
"""
import json
import pathlib

import torch
import torch.nn.functional as F

torch.manual_seed(231)
LABELS = [2, 0, 3]


def f32(t):
    return t.to(torch.float32).to(torch.float64)


def normal(*shape):
    return f32(torch.randn(*shape, dtype=torch.float64))


def positive(*shape):
    return f32(torch.rand(*shape, dtype=torch.float64) * 1.5 + 0.5)


def bn_train(x, g, b):
    rm, rv = torch.zeros(g.shape[0], dtype=torch.float64), torch.ones(g.shape[0], dtype=torch.float64)
    y = F.batch_norm(x, rm, rv, g, b, training=True, momentum=0.1, eps=1e-5)
    return y, {"running_mean": rm, "running_var": rv}


def bn_eval(x, g, b):
    rm = torch.tensor([0.1, -0.2, 0.3], dtype=torch.float64)
    rv = torch.tensor([0.5, 1.5, 2.0], dtype=torch.float64)
    return F.batch_norm(f32(x), f32(rm), f32(rv), g, b, training=False, eps=1e-5), {}


CASES = {
    "linear": ([normal(4, 5), normal(3, 5), normal(3)], lambda x, w, b: F.linear(x, w, b)),
    "conv2d": ([normal(2, 3, 6, 5), normal(4, 3, 3, 3), normal(4)],
               lambda x, w, b: F.conv2d(x, w, b, stride=(2, 1), padding=1)),
    "max_pool2d": ([normal(2, 2, 7, 7)], lambda x: F.max_pool2d(x, 3, 2, 1, ceil_mode=True)),
    "batch_norm2d_train": ([normal(4, 3, 3, 3), positive(3), normal(3)], bn_train),
    "batch_norm1d_train": ([normal(6, 4), positive(4), normal(4)], bn_train),
    "batch_norm2d_eval": ([normal(4, 3, 2, 2), positive(3), normal(3)], bn_eval),
    "local_response_norm": ([normal(2, 6, 3, 3)], lambda x: F.local_response_norm(x, 5, alpha=0.5, beta=0.75, k=2.0)),
    "local_response_norm_alexnet": ([normal(2, 7, 3, 3) * 20], lambda x: F.local_response_norm(x, 5, alpha=5e-4, beta=0.75, k=2.0)),
    "leaky_relu": ([normal(3, 4)], lambda x: F.leaky_relu(x, 0.1)),
    "elu": ([normal(3, 4)], lambda x: F.elu(x, 1.0)),
    "prelu": ([normal(2, 3, 2, 2), positive(3)], lambda x, a: F.prelu(x, a)),
    "maxout": ([normal(3, 6)], lambda x: x.reshape(3, 2, 3).max(2).values),
    "adaptive_avg_pool2d": ([normal(2, 2, 5, 7)], lambda x: F.adaptive_avg_pool2d(x, (3, 2))),
    "cross_entropy": ([normal(3, 5)], lambda s: F.cross_entropy(s, torch.tensor(LABELS))),
    "cross_entropy_smoothed": ([normal(3, 5)], lambda s: F.cross_entropy(s, torch.tensor(LABELS), label_smoothing=0.1)),
    # PyTorch's multi_margin_loss divides each sample's sum by C; the lecture's SVM loss does not.
    "svm_loss": ([normal(3, 5)], lambda s: F.multi_margin_loss(s, torch.tensor(LABELS), margin=1.0) * s.shape[1]),
    "bce_with_logits": ([normal(3, 4)], lambda x: F.binary_cross_entropy_with_logits(
        x, torch.tensor([[1, 0, 1, 1], [0, 0, 1, 0], [0.5, 1, 0, 1]], dtype=torch.float64))),
    "mse": ([normal(3, 4), normal(3, 4)], lambda x, t: F.mse_loss(x, t)),
    "softmax": ([normal(3, 5)], lambda x: torch.softmax(x, 1)),
}


def tj(t):
    return {"shape": list(t.shape), "data": [float(v) for v in t.detach().reshape(-1).tolist()]}


def main():
    out = {"generator": "scripts/golden/layers_golden.py", "torch": torch.__version__, "cases": []}
    for name, (inputs, fn) in CASES.items():
        inputs = [x.clone().requires_grad_(True) for x in inputs]
        result = fn(*inputs)
        y, extra = result if isinstance(result, tuple) else (result, {})
        up = f32(torch.randn(y.shape, dtype=torch.float64))
        y.backward(up)
        out["cases"].append({"name": name, "inputs": [tj(x) for x in inputs], "output": tj(y), "upstream": tj(up),
                             "grads": [tj(x.grad) for x in inputs], "extra": {k: tj(v) for k, v in extra.items()}})
    path = pathlib.Path(__file__).resolve().parents[2] / "core/src/test/resources/golden/layers.json"
    path.write_text(json.dumps(out) + "\n")
    print(f"wrote {len(out['cases'])} cases to {path}")


if __name__ == "__main__":
    main()
