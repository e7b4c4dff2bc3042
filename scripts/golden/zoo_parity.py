#!/usr/bin/env python3
"""Golden logits of torchvision's models for Fovea's zoo (parity test, issue 9 item 5).

Full weights are hundreds of megabytes, so none are committed: both sides generate identical float32
weights from a formula, and only the logits (float64) are stored. The formula, which
core/src/test/java/org/fovea/zoo/FormulaWeights.java repeats exactly:

  Tensors are numbered k = 0, 1, … in the order: every parameter (named_parameters(), i.e. module
  registration order), then every buffer except BatchNorm's num_batches_tracked (named_buffers()).
  Fovea's stateDict() lists namedParameters() then namedBuffers() in the same module order, so tensor k
  of torchvision is tensor k of Fovea: e.g. torchvision's "layer1.0.conv1.weight" is Fovea's
  "4.0.0.body.0.weight", "layer1.0.downsample.0.weight" is "…0.shortcut.0.weight", "fc.bias" the last
  Linear's bias; the golden file lists torchvision's names and shapes, which the test checks one by one.
  Element i (row-major) of tensor k, with h = (i·2654435761 + (k + 1)·40503) mod 2³² (exact in int64)
  and v = 2·h/2³² − 1 ∈ [−1, 1) (exact in float64), is, by the name's last component:
    weight of rank ≥ 2 (conv, linear)   v·√(6 / fan_in), fan_in = numel / shape[0]  (He-uniform scale)
    weight of rank 1 (BatchNorm γ)       1 + 0.25·v
    bias (conv, linear, BatchNorm β)     0.1·v
    running_mean                         0.1·v
    running_var                          1 + 0.5·v
  each computed in float64 and rounded to float32. The input is the same with k = −1 and value v.

The forward runs in evaluation mode (dropout off, BatchNorm on the running statistics) in float64 on the
float32 weights and input. Writes core/src/test/resources/golden/zoo/<model>.json. Run with Debian's
interpreter (python3-torch, python3-torchvision):

    /usr/bin/python3 scripts/golden/zoo_parity.py [model …]
"""
import json
import math
import pathlib
import sys

import numpy as np
import torch
import torchvision

OUT = pathlib.Path(__file__).resolve().parents[2] / "core/src/test/resources/golden/zoo"

# name → (constructor, input shape); inputs are small: adaptive pooling makes the classifiers size-agnostic.
MODELS = {
    "alexnet": (lambda: torchvision.models.alexnet(), (2, 3, 64, 64)),
    "vgg11": (lambda: torchvision.models.vgg11(), (2, 3, 32, 32)),
    "vgg16": (lambda: torchvision.models.vgg16(), (2, 3, 32, 32)),
    "resnet18": (lambda: torchvision.models.resnet18(), (2, 3, 64, 64)),
    "resnet50": (lambda: torchvision.models.resnet50(), (2, 3, 64, 64)),
    "googlenet": (lambda: torchvision.models.GoogLeNet(aux_logits=False, init_weights=False), (2, 3, 64, 64)),
}


def values(k, n):
    """v_i = 2·h_i/2³² − 1 for i < n (float64)."""
    i = np.arange(n, dtype=np.int64)
    h = (i * 2654435761 + (k + 1) * 40503) & 0xFFFFFFFF
    return h.astype(np.float64) / 4294967296.0 * 2.0 - 1.0


def formula(k, name, shape):
    n = int(np.prod(shape)) if shape else 1
    v = values(k, n)
    last = name.rsplit(".", 1)[-1]
    if last == "weight" and len(shape) >= 2:
        x = v * math.sqrt(6.0 / (n // shape[0]))
    elif last == "weight":
        x = 1.0 + 0.25 * v
    elif last in ("bias", "running_mean"):
        x = 0.1 * v
    elif last == "running_var":
        x = 1.0 + 0.5 * v
    else:
        raise ValueError("no formula for " + name)
    return torch.from_numpy(x.astype(np.float32).astype(np.float64).reshape(shape))


def run(name):
    build, input_shape = MODELS[name]
    model = build().double().eval()
    tensors = [(n, p) for n, p in model.named_parameters()]
    tensors += [(n, b) for n, b in model.named_buffers() if not n.endswith("num_batches_tracked")]
    checksum = 0.0
    with torch.no_grad():
        for k, (n, t) in enumerate(tensors):
            w = formula(k, n, tuple(t.shape))
            t.copy_(w)
            checksum += float(w.sum())
        x = torch.from_numpy(values(-1, int(np.prod(input_shape))).astype(np.float32).astype(np.float64).reshape(input_shape))
        logits = model(x)
    golden = {
        "model": name,
        "torchvision": torchvision.__version__,
        "input_shape": list(input_shape),
        "tensors": [[n, list(t.shape)] for n, t in tensors],
        "checksum": checksum,
        "logits": {"shape": list(logits.shape), "data": [float("%.10g" % v) for v in logits.reshape(-1).tolist()]},
    }
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / (name + ".json")).write_text(json.dumps(golden, separators=(",", ":")) + "\n")
    print(name, "logits", tuple(logits.shape), "max |logit| %.4g" % float(logits.abs().max()), "std %.4g" % float(logits.std()))


if __name__ == "__main__":
    for m in sys.argv[1:] or MODELS:
        run(m)
