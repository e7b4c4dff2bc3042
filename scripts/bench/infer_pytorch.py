#!/usr/bin/env python3
"""The PyTorch side of `fovea bench infer`: forward passes (eval mode, no autograd) of the same model, batch,
input size and thread count. Prints one JSON object: {"name": "pytorch.infer", "images_per_s": ..., "seconds": ...}
with the median seconds per batch over --repeat samples of at least 1 s each, after 0.5 s of warm-up.
Models: the zoo names of Fovea that exist in torchvision (resnet18, resnet34, resnet50, vgg11, vgg16, alexnet,
googlenet) and the CIFAR ResNet-20 of train_pytorch.py. Run through scripts/bench/pytorch.sh.
"""
import argparse
import json
import pathlib
import statistics
import sys
import time

import torch

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from train_pytorch import LeNet5, resnet20  # noqa: E402  (the same definitions the training benchmark uses)


def build(name):
    if name == "resnet20":
        return resnet20()
    if name == "lenet5":
        return LeNet5()
    import torchvision.models as tvm
    if name == "googlenet":
        return tvm.googlenet(weights=None, aux_logits=False, init_weights=True)
    return getattr(tvm, name)(weights=None)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True)
    ap.add_argument("--batch", type=int, required=True)
    ap.add_argument("--input", required=True, help="CxHxW")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--seed", type=int, default=42)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    c, h, w = (int(v) for v in a.input.split("x"))
    model = build(a.model).eval()
    x = torch.randn(a.batch, c, h, w)
    with torch.no_grad():
        start = time.perf_counter()
        calls = 0
        while calls < 2 or time.perf_counter() - start < 0.5:
            model(x)
            calls += 1
        samples = []
        for _ in range(a.repeat):
            n, start = 0, time.perf_counter()
            while n < 1 or time.perf_counter() - start < 1.0:
                model(x)
                n += 1
            samples.append((time.perf_counter() - start) / n)
    s = statistics.median(samples)
    print(json.dumps({"name": "pytorch.infer", "model": a.model, "batch": a.batch, "seconds": s,
                      "images_per_s": a.batch / s, "threads": a.threads}), flush=True)


if __name__ == "__main__":
    main()
