#!/usr/bin/env python3
"""PyTorch float64 golden values for Fovea's sequence layers (org.fovea.rnn): nn.RNN, nn.LSTM, nn.GRU
(single, stacked and bidirectional), nn.Embedding, nn.Conv1d and the masked temporal cross-entropy.

Weights and inputs are drawn here, float32-exact; everything else is float64. Recurrent cases store the
PyTorch state dict (Fovea imports it with loadPyTorchStateDict) and the parameter gradients converted to
Fovea's layout: RNN one bias (b_ih + b_hh, so its gradient is that of b_ih); LSTM W = [W_hh | W_ih] and
b = b_ih + b_hh with gate rows reordered from PyTorch's (i, f, g, o) to the lecture's (i, f, o, g).
Writes core/src/test/resources/golden/rnn.json.
Run with Debian's interpreter (python3-torch):  /usr/bin/python3 scripts/golden/rnn_golden.py
"""
import json
import pathlib

import torch
import torch.nn.functional as F

torch.manual_seed(2310)
LSTM_FROM_PYTORCH = [0, 1, 3, 2]  # Fovea's gate block k is PyTorch's block LSTM_FROM_PYTORCH[k]


def f32(t):
    return t.to(torch.float32).to(torch.float64)


def normal(*shape):
    return f32(torch.randn(*shape, dtype=torch.float64))


def tj(t):
    return {"shape": list(t.shape), "data": [float(v) for v in t.detach().reshape(-1).tolist()]}


def gates(t):
    h = t.shape[0] // 4
    return torch.cat([t[k * h:(k + 1) * h] for k in LSTM_FROM_PYTORCH], 0)


def fovea_grads(kind, module):
    """Parameter gradients under Fovea's names and layout."""
    g = {name: p.grad for name, p in module.named_parameters()}
    out = {}
    for name in g:
        if not name.startswith("weight_ih"):
            continue
        s = name[len("weight_ih"):]
        if kind == "RNN":
            out["weight_xh" + s], out["weight_hh" + s], out["bias" + s] = g["weight_ih" + s], g["weight_hh" + s], g["bias_ih" + s]
        elif kind == "LSTM":
            out["weight" + s] = gates(torch.cat([g["weight_hh" + s], g["weight_ih" + s]], 1))
            out["bias" + s] = gates(g["bias_ih" + s])
        else:
            for p in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
                out[p + s] = g[p + s]
    return {k: tj(v) for k, v in out.items()}


def recurrent(name, kind, n, t, d, h, layers=1, bidirectional=False, initial=True):
    cls = {"RNN": torch.nn.RNN, "LSTM": torch.nn.LSTM, "GRU": torch.nn.GRU}[kind]
    m = cls(d, h, num_layers=layers, bidirectional=bidirectional, batch_first=True).double()
    with torch.no_grad():
        for p in m.parameters():
            p.copy_(f32(torch.empty_like(p).uniform_(-0.7, 0.7)))
    states = layers * (2 if bidirectional else 1)
    x = normal(n, t, d).requires_grad_(True)
    inputs = {"x": x}
    if initial:
        inputs["h0"] = (normal(states, n, h) * 0.5).requires_grad_(True)
        if kind == "LSTM":
            inputs["c0"] = normal(states, n, h).requires_grad_(True)
    if kind == "LSTM":
        init = (inputs["h0"], inputs["c0"]) if initial else None
        out, (hn, cn) = m(x, init)
        finals = {"h_n": hn, "c_n": cn}
    else:
        out, hn = m(x, inputs.get("h0"))
        finals = {"h_n": hn}
    results = {"output": out, **finals}
    upstream = {k: f32(torch.randn(v.shape, dtype=torch.float64)) for k, v in results.items()}
    sum((v * upstream[k]).sum() for k, v in results.items()).backward()
    return {"name": name, "kind": kind, "layer": "recurrent",
            "config": {"input_size": d, "hidden_size": h, "num_layers": layers, "bidirectional": bidirectional},
            "pytorch_state": {k: tj(v) for k, v in m.state_dict().items()},
            "inputs": {k: tj(v) for k, v in inputs.items()},
            "results": {k: tj(v) for k, v in results.items()},
            "upstream": {k: tj(v) for k, v in upstream.items()},
            "input_grads": {k: tj(v.grad) for k, v in inputs.items()},
            "param_grads": fovea_grads(kind, m)}


def embedding():
    w = normal(7, 3).requires_grad_(True)
    idx = torch.tensor([[0, 3, 6, 3], [2, 2, 5, 1]])
    y = F.embedding(idx, w)
    up = normal(*y.shape)
    y.backward(up)
    return {"name": "embedding", "layer": "embedding", "indices": idx.tolist(), "weight": tj(w), "output": tj(y),
            "upstream": tj(up), "weight_grad": tj(w.grad)}


def conv1d():
    x, w, b = (normal(2, 3, 11).requires_grad_(True), normal(4, 3, 3).requires_grad_(True), normal(4).requires_grad_(True))
    y = F.conv1d(x, w, b, stride=2, padding=1, dilation=2)
    up = normal(*y.shape)
    y.backward(up)
    return {"name": "conv1d", "layer": "conv1d", "config": {"stride": 2, "padding": 1, "dilation": 2},
            "inputs": [tj(x), tj(w), tj(b)], "output": tj(y), "upstream": tj(up), "grads": [tj(x.grad), tj(w.grad), tj(b.grad)]}


def temporal_loss(name, reduction):
    n, t, v = 3, 4, 5
    s = normal(n, t, v).requires_grad_(True)
    y = torch.randint(0, v, (n, t))
    mask = torch.tensor([[1, 1, 1, 1], [1, 1, 0, 0], [1, 0, 0, 0]])
    per = F.cross_entropy(s.reshape(-1, v), y.reshape(-1), reduction="none") * mask.reshape(-1)
    loss = per.sum() / (mask.sum() if reduction == "MEAN_OVER_UNMASKED" else n)
    loss.backward()
    return {"name": name, "layer": "temporal_loss", "reduction": reduction, "scores": tj(s), "targets": y.tolist(),
            "mask": mask.tolist(), "loss": float(loss), "grad": tj(s.grad)}


def main():
    cases = [
        recurrent("rnn", "RNN", 2, 5, 3, 4),
        recurrent("rnn_stacked_bidirectional", "RNN", 2, 4, 3, 3, layers=2, bidirectional=True),
        recurrent("lstm", "LSTM", 2, 5, 3, 4),
        recurrent("lstm_zero_state", "LSTM", 3, 3, 2, 3, initial=False),
        recurrent("lstm_stacked_bidirectional", "LSTM", 2, 4, 3, 3, layers=2, bidirectional=True),
        recurrent("gru", "GRU", 2, 5, 3, 4),
        recurrent("gru_stacked_bidirectional", "GRU", 2, 4, 3, 3, layers=2, bidirectional=True),
        embedding(),
        conv1d(),
        temporal_loss("temporal_loss_mean_over_unmasked", "MEAN_OVER_UNMASKED"),
        temporal_loss("temporal_loss_sum_over_time", "SUM_OVER_TIME"),
    ]
    out = {"generator": "scripts/golden/rnn_golden.py", "torch": torch.__version__, "cases": cases}
    path = pathlib.Path(__file__).resolve().parents[2] / "core/src/test/resources/golden/rnn.json"
    path.write_text(json.dumps(out, separators=(",", ":")) + "\n")
    print(f"wrote {path} ({path.stat().st_size} bytes, {len(cases)} cases)")


if __name__ == "__main__":
    main()
