#!/usr/bin/env python3
"""PyTorch float64 golden values for Fovea's convolution and pooling kernels.

Inputs are float32-exact; outputs and gradients are computed in float64 by torch.nn.functional.
Writes core/src/test/resources/golden/conv_pool.json. Run with Debian's interpreter (python3-torch):

    /usr/bin/python3 scripts/golden/conv_pool_golden.py
"""
import json
import pathlib

import torch
import torch.nn.functional as F

torch.manual_seed(231)


def f32(t):
    return t.to(torch.float32).to(torch.float64)


def normal(*shape):
    return f32(torch.randn(*shape, dtype=torch.float64)).requires_grad_(True)


def tj(t):
    return {"shape": list(t.shape), "data": [float(v) for v in t.detach().reshape(-1).tolist()]}


CONVS = [
    # (n, c, h, w, k, r, s, stride, padding, dilation, groups)
    (2, 3, 7, 7, 4, 3, 3, (1, 1), (1, 1), (1, 1), 1),
    (2, 1, 12, 12, 6, 5, 5, (1, 1), (2, 2), (1, 1), 1),
    (2, 4, 9, 11, 6, 3, 2, (2, 3), (1, 0), (1, 1), 1),
    (1, 4, 10, 10, 6, 3, 3, (1, 1), (2, 2), (2, 2), 1),
    (2, 6, 8, 8, 9, 3, 3, (1, 1), (1, 1), (1, 1), 3),
    (2, 5, 6, 7, 8, 1, 1, (1, 1), (0, 0), (1, 1), 1),
]

POOLS = [
    # (kind, n, c, h, w, kernel, stride, padding, ceil_mode, count_include_pad)
    ("max", 2, 3, 8, 8, (2, 2), (2, 2), (0, 0), False, True),
    ("max", 1, 2, 7, 9, (3, 3), (2, 2), (1, 1), False, True),
    ("max", 1, 2, 7, 7, (3, 3), (2, 2), (0, 0), True, True),
    ("avg", 2, 3, 8, 8, (2, 2), (2, 2), (0, 0), False, True),
    ("avg", 1, 2, 7, 9, (3, 3), (2, 2), (1, 1), False, True),
    ("avg", 1, 2, 7, 9, (3, 3), (2, 2), (1, 1), False, False),
    ("avg", 1, 2, 6, 6, (3, 3), (2, 2), (1, 1), True, True),
]


def main():
    out = {"generator": "scripts/golden/conv_pool_golden.py", "torch": torch.__version__, "conv": [], "pool": []}
    for n, c, h, w, k, r, s, stride, padding, dilation, groups in CONVS:
        x, wt, b = normal(n, c, h, w), normal(k, c // groups, r, s), normal(k)
        y = F.conv2d(x, wt, b, stride=stride, padding=padding, dilation=dilation, groups=groups)
        up = f32(torch.randn(y.shape, dtype=torch.float64))
        y.backward(up)
        out["conv"].append({"stride": stride, "padding": padding, "dilation": dilation, "groups": groups,
                            "x": tj(x), "weight": tj(wt), "bias": tj(b), "out": tj(y), "upstream": tj(up),
                            "dx": tj(x.grad), "dweight": tj(wt.grad), "dbias": tj(b.grad)})
    for kind, n, c, h, w, kernel, stride, padding, ceil, include in POOLS:
        x = normal(n, c, h, w)
        if kind == "max":
            y = F.max_pool2d(x, kernel, stride, padding, ceil_mode=ceil)
        else:
            y = F.avg_pool2d(x, kernel, stride, padding, ceil_mode=ceil, count_include_pad=include)
        up = f32(torch.randn(y.shape, dtype=torch.float64))
        y.backward(up)
        out["pool"].append({"kind": kind, "kernel": kernel, "stride": stride, "padding": padding, "ceil_mode": ceil,
                            "count_include_pad": include, "x": tj(x), "out": tj(y), "upstream": tj(up), "dx": tj(x.grad)})
    path = pathlib.Path(__file__).resolve().parents[2] / "core/src/test/resources/golden/conv_pool.json"
    path.write_text(json.dumps(out) + "\n")
    print(f"wrote {len(out['conv'])} convolutions and {len(out['pool'])} poolings to {path}")


if __name__ == "__main__":
    main()
