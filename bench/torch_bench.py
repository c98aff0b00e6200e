#!/usr/bin/python3
"""Times PyTorch (one thread) on the benchmark's ops and sizes; prints JSON lines
{"name": "op/pytorch/n", "elem_per_ns": ...} for bench/run.py. Run with Debian's PyTorch."""
import json
import sys
import timeit

import torch

torch.set_num_threads(1)
SIZES = [4096, 65536, 1 << 24]


def measure(fn, n):
    fn()
    number = max(1, int(2e6 // n))
    best = min(timeit.repeat(fn, number=number, repeat=5)) / number
    return n / (best * 1e9)


def main():
    out = []
    for n in SIZES:
        g = torch.Generator().manual_seed(1)
        x = torch.rand(n, generator=g) * 20 - 10
        y = torch.rand(n, generator=g)
        gr = torch.rand(n, generator=g) * 2 - 1
        o = torch.empty(n)
        ops = {
            "sigmoid": lambda: torch.sigmoid(x, out=o),
            "tanh": lambda: torch.tanh(x, out=o),
            "relu": lambda: torch.clamp_min(x, 0, out=o),
            "relu_": lambda: torch.relu_(o),
            "sigmoid_backward": lambda: torch.ops.aten.sigmoid_backward(gr, y, grad_input=o),
            "tanh_backward": lambda: torch.ops.aten.tanh_backward(gr, y, grad_input=o),
            "relu_backward": lambda: torch.ops.aten.threshold_backward(gr, y, 0, grad_input=o),
        }
        for name, fn in ops.items():
            out.append({"name": "%s/pytorch/%d" % (name, n), "elem_per_ns": measure(fn, n)})
    for rec in out:
        print(json.dumps(rec))


if __name__ == "__main__":
    sys.exit(main())
