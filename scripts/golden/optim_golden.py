#!/usr/bin/env python3
"""PyTorch golden values for Fovea's optimisers and learning-rate schedules.

Each optimiser case starts from the same float32-exact parameter, replays a fixed list of explicit
float32-exact gradients (no loss) with torch.optim in float64, and records the parameter after every step;
"lrs" gives the learning rate set before each step (constant unless a case tests a change). Schedule cases
record the learning rate after every scheduler.step(). Writes core/src/test/resources/golden/optim.json.
Run with Debian's interpreter (python3-torch):

    /usr/bin/python3 scripts/golden/optim_golden.py
"""
import json
import pathlib

import torch

X0 = [0.5, -1.25, 2.0, -0.75, 0.125, 3.0]
SHAPE = [2, 3]
GRADS = [
    [0.25, -0.5, 1.0, 0.0, -2.0, 0.75],
    [0.5, -0.25, 0.75, 0.125, -1.5, 0.5],
    [-0.125, 0.5, 0.5, -0.25, -1.0, 0.25],
    [0.375, 0.0, -0.25, 0.5, 0.5, -0.5],
    [-0.5, 0.75, 1.25, -0.125, 0.25, 1.0],
]
CONST = [None] * len(GRADS)

OPTIMIZERS = [
    # (name, torch class, kwargs, per-step lr overrides or None)
    ("sgd", torch.optim.SGD, dict(lr=0.1), CONST),
    ("sgd_momentum", torch.optim.SGD, dict(lr=0.1, momentum=0.9), CONST),
    ("sgd_nesterov_wd", torch.optim.SGD, dict(lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.01), CONST),
    ("sgd_dampening", torch.optim.SGD, dict(lr=0.1, momentum=0.8, dampening=0.5), CONST),
    ("sgd_momentum_lr_change", torch.optim.SGD, dict(lr=0.1, momentum=0.9), [0.1, 0.1, 0.03, 0.03, 0.01]),
    ("adagrad", torch.optim.Adagrad, dict(lr=0.1, eps=1e-7, initial_accumulator_value=0.0, lr_decay=0.0), CONST),
    ("adagrad_wd", torch.optim.Adagrad, dict(lr=0.5, eps=1e-3, weight_decay=0.1), CONST),
    ("rmsprop", torch.optim.RMSprop, dict(lr=0.01, alpha=0.99, eps=1e-7), CONST),
    ("rmsprop_wd", torch.optim.RMSprop, dict(lr=0.02, alpha=0.9, eps=1e-4, weight_decay=0.05), CONST),
    ("adam", torch.optim.Adam, dict(lr=0.01, betas=(0.9, 0.999), eps=1e-8), CONST),
    ("adam_wd", torch.optim.Adam, dict(lr=0.05, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1), [0.05, 0.05, 0.02, 0.02, 0.02]),
    ("adamw", torch.optim.AdamW, dict(lr=0.01, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.1), CONST),
    ("adamw_lr_change", torch.optim.AdamW, dict(lr=0.05, betas=(0.9, 0.99), eps=1e-8, weight_decay=0.5), [0.05, 0.05, 0.01, 0.01, 0.01]),
]

PLATEAU_METRICS = [0.30, 0.40, 0.45, 0.45, 0.44, 0.46, 0.46, 0.46, 0.46, 0.47, 0.47, 0.47, 0.47, 0.47, 0.47]


def optimizer_case(name, cls, kwargs, lrs):
    x = torch.tensor(X0, dtype=torch.float64).reshape(SHAPE).requires_grad_(True)
    opt = cls([x], **kwargs)
    steps = []
    for g, lr in zip(GRADS, lrs):
        if lr is not None:
            opt.param_groups[0]["lr"] = lr
        x.grad = torch.tensor(g, dtype=torch.float64).reshape(SHAPE)
        opt.step()
        steps.append([float(v) for v in x.detach().reshape(-1).tolist()])
    hyper = {k: (list(v) if isinstance(v, tuple) else v) for k, v in kwargs.items()}
    return {"name": name, "hyper": hyper, "lrs": [lr if lr is not None else kwargs["lr"] for lr in lrs], "steps": steps}


def schedule_case(name, make, epochs, metrics=None, base_lr=0.1):
    x = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([x], lr=base_lr)
    sched = make(opt)
    lrs = []
    for e in range(epochs):
        opt.step()
        if metrics is None:
            sched.step()
        else:
            sched.step(metrics[e])
        lrs.append(opt.param_groups[0]["lr"])
    return {"name": name, "base_lr": base_lr, "metrics": metrics, "lrs": lrs}


def main():
    lr_sched = torch.optim.lr_scheduler
    out = {
        "generator": "scripts/golden/optim_golden.py",
        "torch": torch.__version__,
        "x0": {"shape": SHAPE, "data": X0},
        "grads": GRADS,
        "optimizers": [optimizer_case(*c) for c in OPTIMIZERS],
        "schedules": [
            schedule_case("step", lambda o: lr_sched.StepLR(o, step_size=3, gamma=0.5), 10),
            schedule_case("exponential", lambda o: lr_sched.ExponentialLR(o, gamma=0.9), 10),
            schedule_case("cosine", lambda o: lr_sched.CosineAnnealingLR(o, T_max=8, eta_min=0.001), 20),
            schedule_case("plateau", lambda o: lr_sched.ReduceLROnPlateau(o, mode="max", factor=0.1, patience=2),
                          len(PLATEAU_METRICS), PLATEAU_METRICS),
            schedule_case("plateau_min_cooldown",
                          lambda o: lr_sched.ReduceLROnPlateau(o, mode="min", factor=0.5, patience=1, cooldown=2,
                                                               min_lr=0.02),
                          len(PLATEAU_METRICS), [1 - m for m in PLATEAU_METRICS]),
        ],
    }
    path = pathlib.Path(__file__).resolve().parents[2] / "core/src/test/resources/golden/optim.json"
    path.write_text(json.dumps(out, indent=1) + "\n")
    print("wrote", path)


if __name__ == "__main__":
    main()
