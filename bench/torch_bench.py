#!/usr/bin/python3
"""Times PyTorch (one thread) on the benchmark's ops and sizes; prints JSON lines
{"name": "op/pytorch/n", "elem_per_ns": ...} for bench/run.py. Run with Debian's PyTorch."""
import json
import statistics
import sys
import timeit

import torch

torch.set_num_threads(1)
SIZES = [4096, 65536, 1 << 24]


def measure(fn, n):
    fn()
    number = max(1, int(2e6 // n))
    # the median of 5 repetitions, as the C++ benchmarks report (a minimum would favour PyTorch
    # where a repetition is a single call: the DRAM-sized tensors)
    median = statistics.median(timeit.repeat(fn, number=number, repeat=5)) / number
    return n / (median * 1e9)


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
        F = torch.nn.functional
        ops.update({
            "leaky_relu": lambda: torch._C._nn.leaky_relu(x, 0.01, out=o),
            "hardtanh": lambda: torch._C._nn.hardtanh(x, -1.0, 1.0, out=o),
            "hardsigmoid": lambda: torch._C._nn.hardsigmoid(x, out=o),
            "hardswish": lambda: torch._C._nn.hardswish(x, out=o),
            "silu": lambda: torch._C._nn.silu(x, out=o),
            "softsign": lambda: F.softsign(x),  # a composite: no out= form
            "leaky_relu_backward": lambda: torch.ops.aten.leaky_relu_backward(gr, x, 0.01, False, grad_input=o),
            "hardswish_backward": lambda: torch.ops.aten.hardswish_backward(gr, x),
            "silu_backward": lambda: torch.ops.aten.silu_backward(gr, x, grad_input=o),
            "elu": lambda: torch._C._nn.elu(x, out=o),
            "selu": lambda: F.selu(x),  # no out= form
            "softplus": lambda: torch._C._nn.softplus(x, 1, 20, out=o),
            "logsigmoid": lambda: torch._C._nn.log_sigmoid(x, out=o),
            "tanhshrink": lambda: F.tanhshrink(x),  # a composite
            "mish": lambda: F.mish(x),
            "gelu": lambda: torch._C._nn.gelu(x, out=o),
            "gelu_tanh": lambda: torch._C._nn.gelu(x, approximate="tanh", out=o),
            "elu_backward": lambda: torch.ops.aten.elu_backward(gr, 1.0, 1, 1, False, x, grad_input=o),
            "mish_backward": lambda: torch.ops.aten.mish_backward(gr, x),
            "gelu_backward": lambda: torch.ops.aten.gelu_backward(gr, x, grad_input=o),
        })
        for name, fn in ops.items():
            out.append({"name": "%s/pytorch/%d" % (name, n), "elem_per_ns": measure(fn, n)})
    for rows, cols, dim in [(1, 10, 1), (4, 1024, 1), (256, 1024, 1), (16384, 1024, 1),
                            (64, 50257, 1), (1024, 1024, 0)]:
        g = torch.Generator().manual_seed(2)
        x = torch.rand(rows, cols, generator=g) * 20 - 10
        y = torch.softmax(torch.rand(rows, cols, generator=g), dim=dim)
        gr = torch.rand(rows, cols, generator=g) * 2 - 1
        o = torch.empty(rows, cols)
        suffix = "_dim0" if dim == 0 else ""
        label = "%dx%d" % (rows, cols)
        n = rows * cols
        out.append({"name": "softmax%s/pytorch/%s" % (suffix, label),
                    "elem_per_ns": measure(lambda: torch._softmax(x, dim, False, out=o), n)})
        out.append({"name": "softmax_backward%s/pytorch/%s" % (suffix, label),
                    "elem_per_ns": measure(lambda: torch._softmax_backward_data(gr, y, dim, torch.float32, grad_input=o), n)})
        if dim == 1 and rows * cols in (4 * 1024, 256 * 1024, 16384 * 1024) and cols == 1024:
            ly = torch.log_softmax(x, dim)
            out.append({"name": "log_softmax/pytorch/%s" % label,
                        "elem_per_ns": measure(lambda: torch._log_softmax(x, dim, False, out=o), n)})
            out.append({"name": "log_softmax_backward/pytorch/%s" % label,
                        "elem_per_ns": measure(lambda: torch._log_softmax_backward_data(gr, ly, dim, torch.float32, out=o), n)})
        if dim == 0:
            out.append({"name": "log_softmax_dim0/pytorch/%s" % label,
                        "elem_per_ns": measure(lambda: torch._log_softmax(x, dim, False, out=o), n)})
    for rec in out:
        print(json.dumps(rec))


if __name__ == "__main__":
    sys.exit(main())
