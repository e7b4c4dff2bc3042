#!/usr/bin/env python3
"""The PyTorch side of `fovea bench kernels`: the same SGEMM and convolution shapes, same thread count.

Reads the shapes as JSON from --shapes (a file written by Fovea) and prints one JSON object per shape on
stdout: {"name": ..., "seconds": median seconds per call}. Convolutions are timed forward + backward
(input gradient too, except for a network's first layer, as in training), through torch.nn.functional.
Run through scripts/bench/pytorch.sh (OpenBLAS, no malloc trimming).
"""
import argparse
import json
import statistics
import time

import torch
import torch.nn.functional as F


def timed(fn, min_seconds=0.2, repeats=5):
    for _ in range(3):
        fn()
    n = 1
    while True:
        start = time.perf_counter()
        for _ in range(n):
            fn()
        if time.perf_counter() - start >= min_seconds / repeats or n >= 1 << 20:
            break
        n *= 2
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(n):
            fn()
        samples.append((time.perf_counter() - start) / n)
    return statistics.median(samples)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shapes", required=True)
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    spec = json.load(open(a.shapes))
    for g in spec["gemm"]:
        m, n, k = g["m"], g["n"], g["k"]
        x, y = torch.randn(m, k), torch.randn(k, n)
        out = torch.empty(m, n)
        s = timed(lambda: torch.mm(x, y, out=out))
        print(json.dumps({"name": g["name"], "seconds": s, "torch": torch.__version__}), flush=True)
    for c in spec["conv"]:
        x = torch.randn(c["n"], c["c"], c["h"], c["w"], requires_grad=c["input_grad"])
        w = torch.randn(c["k"], c["c"] // c["groups"], c["r"], c["s"], requires_grad=True)
        b = torch.randn(c["k"], requires_grad=True)

        def step():
            y = F.conv2d(x, w, b, stride=c["stride"], padding=c["pad"], groups=c["groups"])
            y.backward(torch.ones_like(y))

        s = timed(step)
        print(json.dumps({"name": c["name"], "seconds": s, "torch": torch.__version__}), flush=True)


if __name__ == "__main__":
    main()
