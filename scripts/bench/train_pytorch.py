#!/usr/bin/env python3
"""The PyTorch side of `fovea bench train`: the same model, data, batch, optimiser and thread count.

Trains LeNet-5 or the two-layer MLP on Fashion-MNIST (IDX files, gzip or raw) held in memory as float32,
normalised with the training set's mean and std, and prints one JSON object per line on stdout:
  {"name": "pytorch.train", "images_per_s": ..., "seconds": ..., ...} after the timed steps, and, with
  --epochs, one object per epoch with the test accuracy.
With --model lstm: nn.LSTM(64, 256, batch_first=True) on a fixed random batch (N, T = 50, 64), loss
sum(output * R) for a fixed random R, forward + backward + SGD step; prints {"name": "pytorch.lstm",
"sequences_per_s": ...}. No data directory is needed.
Run with Debian's interpreter (python3-torch); for a fair peer, put OpenBLAS first on LD_LIBRARY_PATH and
turn glibc's malloc trimming off (scripts/bench/pytorch-env.sh does both).
"""
import argparse
import gzip
import json
import pathlib
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def read_idx(path):
    raw = path.read_bytes()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    dims = raw[3]
    shape = [int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def find(directory, stem):
    for name in (stem + ".gz", stem):
        p = pathlib.Path(directory) / name
        if p.exists():
            return p
    sys.exit(f"train_pytorch.py: no {stem}[.gz] in {directory}")


class LeNet5(nn.Module):
    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(1, 6, 5, padding=2)
        self.c2 = nn.Conv2d(6, 16, 5)
        self.f1, self.f2, self.f3 = nn.Linear(400, 120), nn.Linear(120, 84), nn.Linear(84, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.c1(x)), 2)
        x = F.max_pool2d(F.relu(self.c2(x)), 2)
        x = torch.flatten(x, 1)
        return self.f3(F.relu(self.f2(F.relu(self.f1(x)))))


class Block(nn.Module):
    """CIFAR ResNet basic block with the parameter-free "option A" shortcut (He et al. 2016, §4.2)."""

    def __init__(self, cin, cout, stride):
        super().__init__()
        self.c1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.b1 = nn.BatchNorm2d(cout)
        self.c2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.b2 = nn.BatchNorm2d(cout)
        self.stride, self.pad = stride, cout - cin

    def forward(self, x):
        out = self.b2(self.c2(F.relu(self.b1(self.c1(x)))))
        sc = x[:, :, ::self.stride, ::self.stride] if self.stride > 1 else x
        if self.pad:
            sc = F.pad(sc, (0, 0, 0, 0, self.pad // 2, self.pad - self.pad // 2))
        return F.relu(out + sc)


def resnet20():
    layers = [nn.Conv2d(3, 16, 3, 1, 1, bias=False), nn.BatchNorm2d(16), nn.ReLU()]
    cin = 16
    for cout, stride in ((16, 1), (32, 2), (64, 2)):
        for b in range(3):
            layers.append(Block(cin, cout, stride if b == 0 else 1))
            cin = cout
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(64, 10)]
    return nn.Sequential(*layers)


def mlp(hidden):
    return nn.Sequential(nn.Flatten(), nn.Linear(784, hidden), nn.ReLU(), nn.Linear(hidden, 10))


def lstm_throughput(a):
    """Sequences/s of one LSTM layer, forward + backward + SGD step, after 10 untimed steps."""
    lstm = nn.LSTM(a.input_size, a.hidden, batch_first=True)
    x = torch.randn(a.batch, a.seq_length, a.input_size)
    r = torch.randn(a.batch, a.seq_length, a.hidden)
    opt = torch.optim.SGD(lstm.parameters(), lr=a.lr, momentum=a.momentum)

    def step():
        opt.zero_grad(set_to_none=True)
        out, _ = lstm(x)
        (out * r).sum().backward()
        opt.step()

    for _ in range(10):
        step()
    start = time.perf_counter()
    for _ in range(a.steps):
        step()
    seconds = time.perf_counter() - start
    print(json.dumps({"name": "pytorch.lstm", "batch": a.batch, "hidden": a.hidden, "seq_length": a.seq_length,
                      "input_size": a.input_size, "threads": a.threads, "torch": torch.__version__,
                      "sequences_per_s": a.steps * a.batch / seconds, "seconds": seconds}), flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data-dir")
    ap.add_argument("--model", default="lenet5", choices=["lenet5", "mlp", "resnet20", "lstm"])
    ap.add_argument("--seq-length", type=int, default=50, help="lstm: time steps T")
    ap.add_argument("--input-size", type=int, default=64, help="lstm: input width D")
    ap.add_argument("--hidden", type=int, default=100)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--lr", type=float, default=0.01)
    ap.add_argument("--momentum", type=float, default=0.9)
    ap.add_argument("--steps", type=int, default=300, help="timed steps (after the warm-up)")
    ap.add_argument("--warmup", type=float, default=0.0, help="untimed warm-up: at least 30 steps and this many seconds")
    ap.add_argument("--epochs", type=int, default=0, help="also train this many full epochs, evaluating each")
    ap.add_argument("--target", type=float, default=0.0, help="stop the epochs once test accuracy reaches this")
    ap.add_argument("--seed", type=int, default=42)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    if a.model == "lstm":
        lstm_throughput(a)
        return
    if a.data_dir is None:
        sys.exit("train_pytorch.py: --data-dir is required for " + a.model)
    x = torch.from_numpy(read_idx(find(a.data_dir, "train-images-idx3-ubyte")).astype(np.float32) / 255.0).unsqueeze(1)
    y = torch.from_numpy(read_idx(find(a.data_dir, "train-labels-idx1-ubyte")).astype(np.int64))
    xt = torch.from_numpy(read_idx(find(a.data_dir, "t10k-images-idx3-ubyte")).astype(np.float32) / 255.0).unsqueeze(1)
    yt = torch.from_numpy(read_idx(find(a.data_dir, "t10k-labels-idx1-ubyte")).astype(np.int64))
    mean, std = x.mean().item(), x.std().item()
    x, xt = (x - mean) / std, (xt - mean) / std
    if a.model == "resnet20":
        # CIFAR-shaped synthetic inputs (3x32x32, seeded): a throughput measurement only.
        x = torch.randn(8192, 3, 32, 32)
        y = torch.randint(0, 10, (8192,))
    model = {"lenet5": LeNet5, "resnet20": resnet20}.get(a.model, lambda: mlp(a.hidden))()
    print(json.dumps({"name": "pytorch.params", "value": sum(p.numel() for p in model.parameters())}), flush=True)
    opt = torch.optim.SGD(model.parameters(), lr=a.lr, momentum=a.momentum)
    n = x.shape[0]

    def step(idx):
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(x[idx]), y[idx])
        loss.backward()
        opt.step()
        return loss

    perm = torch.randperm(n)
    batches = n // a.batch
    warm, begin = 0, time.perf_counter()
    while warm < 30 or time.perf_counter() - begin < a.warmup:
        j = warm % batches
        step(perm[j * a.batch:(j + 1) * a.batch])
        warm += 1
    start = time.perf_counter()
    for i in range(a.steps):
        j = (warm + i) % batches
        step(perm[j * a.batch:(j + 1) * a.batch])
    seconds = time.perf_counter() - start
    print(json.dumps({"name": "pytorch.train", "model": a.model, "batch": a.batch, "threads": a.threads,
                      "torch": torch.__version__, "images_per_s": a.steps * a.batch / seconds, "seconds": seconds}),
          flush=True)

    if a.epochs:
        torch.manual_seed(a.seed)
        model = {"lenet5": LeNet5, "resnet20": resnet20}.get(a.model, lambda: mlp(a.hidden))()
        opt = torch.optim.SGD(model.parameters(), lr=a.lr, momentum=a.momentum)
        start = time.perf_counter()
        for epoch in range(1, a.epochs + 1):
            model.train()
            perm = torch.randperm(n)
            for b in range(0, n, a.batch):
                step(perm[b:b + a.batch])
            model.eval()
            with torch.no_grad():
                acc = sum((model(xt[b:b + 1000]).argmax(1) == yt[b:b + 1000]).sum().item() for b in range(0, len(yt), 1000)) / len(yt)
            print(json.dumps({"name": "pytorch.epoch", "epoch": epoch, "test_acc": acc,
                              "seconds": time.perf_counter() - start}), flush=True)
            if a.target and acc >= a.target:
                break


if __name__ == "__main__":
    main()
