#!/usr/bin/python3
"""Writes tensoract's golden test data (tests/data/*.txt) from real PyTorch 1.13.

Run from the repository root, with Debian's PyTorch:
    apt-get install python3-torch      # brings python3-mpmath too
    /usr/bin/python3 tools/make_golden.py

Every record holds the inputs, what PyTorch returned ("torch"), and, for the numeric ops, the
exact result rounded to the record's dtype ("exact", computed with mpmath at 80 digits), so the
tests can check both agreement with PyTorch and accuracy. The output is deterministic.
"""
import math
import os
import random
import sys

import mpmath
import numpy as np
import torch
import torch.nn.functional as F

mpmath.mp.dps = 80
torch.set_num_threads(1)  # linspace's values depend on how PyTorch splits the work
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "data")
DTYPES = {"float32": torch.float32, "float64": torch.float64}
NP = {"float32": np.float32, "float64": np.float64}


def fmt(v, dtype):
    """Shortest text that reads back to the same value of dtype (nan, inf, -inf, -0.0 kept)."""
    v = NP[dtype](v)
    if np.isnan(v):
        return "nan"
    if np.isinf(v):
        return "inf" if v > 0 else "-inf"
    return np.format_float_positional(v, unique=True, trim="-") if 1e-4 <= abs(v) < 1e16 \
        else np.format_float_scientific(v, unique=True, trim="-")


def line(name, values, dtype):
    return name + " " + " ".join(fmt(v, dtype) for v in values) + "\n"


def to_dtype(mpval, dtype):
    """Round an mpmath value to dtype (via double: a double-rounding miss is ~2^-29 likely)."""
    return NP[dtype](float(mpval))


def shape_str(shape):
    return ",".join(str(d) for d in shape)


# ----------------------------------------------------------------------------- elementwise

def interesting_inputs(dtype, rng):
    fi = np.finfo(NP[dtype])
    special = [0.0, -0.0, math.inf, -math.inf, math.nan, 1.0, -1.0, 0.5, -0.5,
               float(fi.tiny), -float(fi.tiny), float(fi.tiny) / 8, -float(fi.tiny) / 8,
               float(fi.smallest_subnormal), -float(fi.smallest_subnormal),
               float(fi.max), -float(fi.max), 1e-30, -1e-30, 1e-8, -1e-8, 1e-4, -1e-4]
    # the notebook's inputs
    special += torch.linspace(-100, 100, 10, dtype=DTYPES[dtype]).tolist()
    special += torch.linspace(-1, 1, 10, dtype=DTYPES[dtype]).tolist()
    # where the functions saturate, underflow or change regime
    for c in [8.5, 9.0, 15.7, 16.6, 17.0, 18.7, 20.0, 36.8, 40.0, 87.3, 87.34, 87.5, 88.7, 88.8,
              89.0, 100.0, 103.9, 104.0, 700.0, 709.0, 709.8, 710.0, 745.0, 746.0, 1e4, 1e30]:
        special += [c, -c]
    vals = list(special)
    vals += [rng.uniform(-10, 10) for _ in range(300)]
    vals += [rng.uniform(-120, 120) for _ in range(100)]
    vals += [rng.choice([-1, 1]) * 10 ** rng.uniform(-40 if dtype == "float32" else -310, 2.5)
             for _ in range(150)]
    return torch.tensor(vals, dtype=DTYPES[dtype])


def mp_sigmoid(x):
    return 1 / (1 + mpmath.exp(-x))


def mp_sigmoid_derivative(x):
    e = mpmath.exp(-abs(x))
    return e / (1 + e) ** 2


def mp_tanh_derivative(x):
    return 1 / mpmath.cosh(x) ** 2


def exact_unary(fn, x, dtype):
    out = []
    for v in x.tolist():
        if math.isnan(v):
            out.append(math.nan)
        elif math.isinf(v):
            out.append(float(fn(mpmath.mpf(v))) if fn is not mp_sigmoid_derivative
                       and fn is not mp_tanh_derivative else 0.0)
        else:
            out.append(to_dtype(fn(mpmath.mpf(v)), dtype))
    return out


def write_elementwise(rng):
    with open(os.path.join(OUT, "elementwise.txt"), "w") as f:
        f.write("# tensoract golden data for sigmoid, tanh, relu: forward, derivative, backward.\n"
                "# Written by tools/make_golden.py with PyTorch %s; do not edit.\n"
                "# torch = PyTorch's result (float32 math for float32); exact = the true value\n"
                "# rounded to the dtype.\n" % torch.__version__)
        for dtype in DTYPES:
            dt = DTYPES[dtype]
            x = interesting_inputs(dtype, rng)
            n = x.numel()
            forward = {"sigmoid": (torch.sigmoid, mp_sigmoid),
                       "tanh": (torch.tanh, mpmath.tanh),
                       "relu": (torch.relu, lambda v: max(v, mpmath.mpf(0)))}
            for op, (tfn, mfn) in forward.items():
                f.write("case %s %s shape=%d\n" % (op, dtype, n))
                f.write(line("x", x.tolist(), dtype))
                f.write(line("torch", tfn(x).tolist(), dtype))
                if op == "relu":  # exact, with PyTorch's signs: -0 and NaN pass through
                    f.write(line("exact", tfn(x).tolist(), dtype))
                else:
                    f.write(line("exact", exact_unary(mfn, x, dtype), dtype))
            # derivatives: what autograd gives for d sum(f(x)) / dx, and the true derivative
            derivs = {"sigmoid": (torch.sigmoid, mp_sigmoid_derivative),
                      "tanh": (torch.tanh, mp_tanh_derivative),
                      "relu": (torch.relu, None)}
            for op, (tfn, mfn) in derivs.items():
                xg = x.clone().requires_grad_(True)
                tfn(xg).backward(torch.ones_like(xg))
                f.write("case %s_derivative %s shape=%d\n" % (op, dtype, n))
                f.write(line("x", x.tolist(), dtype))
                f.write(line("torch", xg.grad.tolist(), dtype))
                if mfn is None:
                    f.write(line("exact", xg.grad.tolist(), dtype))
                else:
                    f.write(line("exact", exact_unary(mfn, x, dtype), dtype))
            # backward from (g, y): PyTorch's own backward kernels
            g = (torch.rand(n, dtype=dt) * 4 - 2)
            g[:5] = torch.tensor([0.0, -0.0, 1.0, math.nan, math.inf], dtype=dt)
            backs = {"sigmoid": (torch.sigmoid, lambda gg, yy: torch.ops.aten.sigmoid_backward(gg, yy),
                                 lambda gg, yy: gg * (1 - yy) * yy),
                     "tanh": (torch.tanh, lambda gg, yy: torch.ops.aten.tanh_backward(gg, yy),
                              lambda gg, yy: gg * (1 - yy * yy)),
                     "relu": (torch.relu, lambda gg, yy: torch.ops.aten.threshold_backward(gg, yy, 0),
                              None)}
            for op, (tfn, tback, mback) in backs.items():
                y = tfn(x)
                f.write("case %s_backward %s shape=%d\n" % (op, dtype, n))
                f.write(line("g", g.tolist(), dtype))
                f.write(line("y", y.tolist(), dtype))
                tb = tback(g, y)
                f.write(line("torch", tb.tolist(), dtype))
                if mback is None:
                    f.write(line("exact", tb.tolist(), dtype))
                else:
                    ex = []
                    for gv, yv in zip(g.tolist(), y.tolist()):
                        if not (math.isfinite(gv) and math.isfinite(yv)):
                            ex.append(float(mback(torch.tensor(gv, dtype=torch.float64),
                                                  torch.tensor(yv, dtype=torch.float64))))
                        else:
                            ex.append(to_dtype(mback(mpmath.mpf(gv), mpmath.mpf(yv)), dtype))
                    f.write(line("exact", ex, dtype))


# --------------------------------------------------------------------------------- softmax

def mp_softmax_rows(x, dim):
    """Exact softmax of a float64 numpy array along dim; NaN rows as PyTorch makes them."""
    xm = np.moveaxis(x, dim, -1)
    out = np.empty(xm.shape, dtype=object)
    for idx in np.ndindex(xm.shape[:-1]):
        row = [float(v) for v in xm[idx]]
        if any(math.isnan(v) or v == math.inf for v in row) or all(v == -math.inf for v in row):
            out[idx] = [math.nan] * len(row)
            continue
        m = max(row)
        es = [mpmath.exp(mpmath.mpf(v) - m) if v != -math.inf else mpmath.mpf(0) for v in row]
        s = mpmath.fsum(es)
        out[idx] = [e / s for e in es]
    return np.moveaxis(out, -1, dim)


def mp_backward_rows(g, y, dim, row):
    """row(gr, yr) -> the exact backward of one row (mpmath values), applied along dim."""
    gm = np.moveaxis(g, dim, -1)
    ym = np.moveaxis(y, dim, -1)
    out = np.empty(gm.shape, dtype=object)
    for idx in np.ndindex(gm.shape[:-1]):
        out[idx] = row([mpmath.mpf(float(v)) for v in gm[idx]], [mpmath.mpf(float(v)) for v in ym[idx]])
    return np.moveaxis(out, -1, dim)


def mp_softmax_backward_row(gr, yr):
    s = mpmath.fsum(a * b for a, b in zip(gr, yr))
    return [b * (a - s) for a, b in zip(gr, yr)]


def mp_softmax_backward_rows(g, y, dim):
    return mp_backward_rows(g, y, dim, mp_softmax_backward_row)


def flat(arr, dtype):
    return [to_dtype(v, dtype) if not (isinstance(v, float) and math.isnan(v)) else math.nan
            for v in np.asarray(arr, dtype=object).reshape(-1)]


def write_softmax(rng):
    shapes = [(5,), (3, 4), (2, 3, 4), (2, 1, 3, 5), (1, 4, 3, 5), (4, 70), (2, 3, 70),
              (0,), (), (4, 0, 2)]
    with open(os.path.join(OUT, "softmax.txt"), "w") as f:
        f.write("# tensoract golden data for softmax, softmax_backward and softmax_jacobian.\n"
                "# Written by tools/make_golden.py with PyTorch %s; do not edit.\n" % torch.__version__)
        for dtype, dt in DTYPES.items():
            cases = []
            for shape in shapes:
                x = torch.randn(shape, dtype=dt) * rng.choice([1.0, 3.0, 30.0])
                cases.append(x)
            # special rows: NaN, +inf, all -inf, some -inf, a 1e4 range, ties
            cases.append(torch.tensor([[1.0, math.nan, 2.0], [1.0, math.inf, 2.0],
                                       [-math.inf, -math.inf, -math.inf], [1.0, -math.inf, 2.0],
                                       [1e4, -1e4, 0.0], [9999.0, 1e4, -5e3], [0.0, 0.0, 0.0],
                                       [88.0, 89.0, 90.0]], dtype=dt))
            cases.append(torch.tensor([0.6229, 0.1372, 0.4505], dtype=dt))  # the notebook's z
            for x in cases:
                dims = list(range(-x.dim(), max(x.dim(), 1)))
                for dim in dims:
                    y = F.softmax(x, dim=dim)
                    f.write("case softmax %s shape=%s dim=%d\n" % (dtype, shape_str(x.shape), dim))
                    f.write(line("x", x.reshape(-1).tolist(), dtype))
                    f.write(line("torch", y.reshape(-1).tolist(), dtype))
                    d = dim % max(x.dim(), 1)
                    if x.dim() == 0:
                        v = x.item()
                        ex = [math.nan if (math.isnan(v) or math.isinf(v)) else 1.0]
                    elif x.numel() == 0:
                        ex = []
                    else:
                        ex = flat(mp_softmax_rows(x.double().numpy(), d), dtype)
                    f.write(line("exact", ex, dtype))
                    if not torch.isfinite(x).all():
                        continue
                    g = torch.randn(x.shape, dtype=dt)
                    tb = torch._softmax_backward_data(g, y, dim, dt)
                    f.write("case softmax_backward %s shape=%s dim=%d\n" % (dtype, shape_str(x.shape), dim))
                    f.write(line("g", g.reshape(-1).tolist(), dtype))
                    f.write(line("y", y.reshape(-1).tolist(), dtype))
                    f.write(line("torch", tb.reshape(-1).tolist(), dtype))
                    if x.dim() == 0:
                        ex = [0.0]
                    elif x.numel() == 0:
                        ex = []
                    else:
                        ex = flat(mp_softmax_backward_rows(g.double().numpy(), y.double().numpy(), d), dtype)
                    f.write(line("exact", ex, dtype))
            for n in [1, 2, 3, 7]:
                x = torch.randn(n, dtype=dt) * 2
                if n == 3:
                    x = torch.tensor([0.6229, 0.1372, 0.4505], dtype=dt)
                jac = torch.autograd.functional.jacobian(lambda t: F.softmax(t, dim=0), x)
                p = mp_softmax_rows(x.double().numpy(), 0)
                ex = [p[i] * ((1 if i == j else 0) - p[j]) for i in range(n) for j in range(n)]
                f.write("case softmax_jacobian %s shape=%d\n" % (dtype, n))
                f.write(line("x", x.tolist(), dtype))
                f.write(line("torch", jac.reshape(-1).tolist(), dtype))
                f.write(line("exact", [to_dtype(v, dtype) for v in ex], dtype))


# --------------------------------------------------------------------------- factories

def write_factories(rng):
    with open(os.path.join(OUT, "factories.txt"), "w") as f:
        f.write("# tensoract golden data for linspace and rand.\n"
                "# Written by tools/make_golden.py with PyTorch %s (1 thread); do not edit.\n"
                % torch.__version__)
        steps_list = [0, 1, 2, 3, 5, 9, 10, 15, 16, 17, 23, 31, 32, 33, 47, 64, 100, 257, 1000, 2050]
        for dtype, dt in DTYPES.items():
            pairs = [(-100.0, 100.0), (-1.0, 1.0), (0.0, 1.0), (1.0, 0.0), (-5.0, 5.0), (3.0, 3.0)]
            pairs += [(rng.uniform(-1e3, 1e3), rng.uniform(-1e3, 1e3)) for _ in range(4)]
            pairs += [(0.1, 0.7), (-1e-3, 2e-3)]
            for start, end in pairs:
                for steps in steps_list:
                    if steps > 300 and (start, end) not in [(-100.0, 100.0), (0.1, 0.7)] \
                            and rng.random() < 0.8:
                        continue
                    t = torch.linspace(start, end, steps, dtype=dt)
                    f.write("case linspace %s start=%r end=%r steps=%d\n" % (dtype, start, end, steps))
                    f.write(line("torch", t.tolist(), dtype))
            for seed, shape in [(0, (3,)), (5, (2,)), (42, (1, 16, 7, 7)), (2**40 + 7, (10,)),
                                (67280421310721, (4, 5))]:
                g = torch.Generator().manual_seed(seed)
                t = torch.rand(shape, generator=g, dtype=dt)
                f.write("case rand %s seed=%d shape=%s\n" % (dtype, seed, shape_str(shape)))
                f.write(line("torch", t.reshape(-1).tolist(), dtype))


# -------------------------------------------------------------------------------- repr

def repr_cases(rng):
    def r(shape, lo, hi, dt):
        return torch.rand(shape, dtype=dt) * (hi - lo) + lo
    for dt in (torch.float32, torch.float64):
        yield torch.linspace(-100, 100, 10, dtype=dt)
        yield torch.sigmoid(torch.linspace(-100, 100, 10, dtype=dt))
        yield torch.linspace(-1, 1, 10, dtype=dt)
        yield torch.tanh(torch.linspace(-1, 1, 10, dtype=dt))
        yield torch.relu(torch.linspace(-1, 1, 10, dtype=dt))
        yield torch.tensor([], dtype=dt)
        yield torch.zeros((2, 0), dtype=dt)
        yield torch.zeros((3, 0, 2), dtype=dt)
        for v in [3.5, 2.0, -0.0, 0.0, math.nan, math.inf, -math.inf, 1e-6, 1e8, 1.2345e-4, 123456789.0]:
            yield torch.tensor(v, dtype=dt)
        fixed = [[1.0, math.nan, math.inf, -math.inf], [0.5, math.nan, math.inf, -math.inf],
                 [math.nan, 1e-5], [-1.0, 2.0, 30.0], [0.5, -1.25, 3.1416], [1.0, 2e3],
                 [-0.0, 0.0], [1e-4], [1e-4, 1e-3], [1.2345e-4], [0.5, 500.0], [1.0, 1000.0],
                 [1e8, 1e8], [1.2346e8], [1e-5, 1.0], [0.99995], [0.00005, 1.0], [1e100, -1e-100],
                 [-0.0, -1.0, math.nan], [0.0] * 7, [math.nan] * 3, [-math.inf, 5.0, 6.0],
                 [1e-320, 1.0], [123456.5, 0.25], [99999999.0, 1.0], [-5e-5, 0.1, 0.2]]
        for v in fixed:
            yield torch.tensor(v, dtype=dt)
        yield torch.arange(24, dtype=dt).reshape(2, 3, 4)
        yield torch.arange(1001, dtype=dt)
        yield torch.arange(1000, dtype=dt)
        yield torch.arange(1010, dtype=dt).reshape(202, 5)
        yield torch.arange(2000, dtype=dt).reshape(40, 50)
        yield torch.zeros((1, 2000), dtype=dt)
        yield torch.arange(1024, dtype=dt).reshape(2, 2, 2, 2, 2, 2, 2, 2, 2, 2) / 7
        yield torch.softmax(torch.arange(1200, dtype=dt).reshape(3, 400) / 100, dim=1)
        yield torch.tensor([[0.0900, 0.2447, 0.6652], [0.3333, 0.3333, 0.3333]], dtype=dt)
        yield torch.tensor([0.0067, 0.0180, 0.0474, 0.1192, 0.2689, 0.5000, 0.7311, 0.8808,
                            0.9526, 0.9820, 0.9933], dtype=dt)
        # random: every rank up to 4, every regime of the formatter, with specials sprinkled in
        for k in range(80):
            rank = rng.choice([1, 1, 2, 2, 3, 4])
            shape = tuple(rng.choice([1, 2, 3, 4, 5, 7, 9, 13]) for _ in range(rank))
            kind = rng.choice(["unit", "wide", "tiny", "int", "big", "neg", "mixed"])
            if kind == "unit":
                t = r(shape, 0, 1, dt)
            elif kind == "wide":
                t = r(shape, -1, 1, dt) * 10 ** rng.uniform(-6, 10)
            elif kind == "tiny":
                t = r(shape, 0, 1, dt) * 1e-5
            elif kind == "int":
                t = torch.floor(r(shape, -1, 1, dt) * 10 ** rng.randint(0, 9))
            elif kind == "big":
                t = r(shape, 0, 1, dt) * 1e9
            elif kind == "neg":
                t = r(shape, -100, 0, dt)
            else:
                t = torch.randn(shape, dtype=dt) * 10 ** rng.uniform(-3, 4)
            if rng.random() < 0.3 and t.numel() > 2:
                flatv = t.reshape(-1)
                for _ in range(rng.randint(1, 3)):
                    flatv[rng.randrange(flatv.numel())] = rng.choice([math.nan, math.inf, -math.inf, 0.0, -0.0])
            yield t
        for k in range(12):  # summarised tensors of several ranks
            shape = rng.choice([(1001,), (1500,), (7, 200), (200, 7), (11, 11, 11), (3, 40, 10),
                                (2, 3, 200), (8, 8, 8, 8)])
            t = torch.randn(shape, dtype=dt) * 10 ** rng.uniform(-2, 5)
            if k % 3 == 0:
                t = torch.floor(t)
            yield t


def write_repr(rng):
    count = 0
    with open(os.path.join(OUT, "repr.txt"), "w") as f:
        f.write("# tensoract golden data for printing: repr() of each tensor in PyTorch %s.\n"
                "# Written by tools/make_golden.py; do not edit. Each case: its values, then the\n"
                "# text up to a line '@@end'.\n" % torch.__version__)
        for t in repr_cases(rng):
            dtype = "float32" if t.dtype == torch.float32 else "float64"
            f.write("case repr %s shape=%s\n" % (dtype, shape_str(t.shape)))
            f.write(line("x", t.reshape(-1).tolist(), dtype))
            f.write("text\n" + repr(t) + "\n@@end\n")
            count += 1
    return count


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = random.Random(20261126)
    torch.manual_seed(20261126)
    write_elementwise(rng)
    write_softmax(rng)
    write_factories(rng)
    n = write_repr(rng)
    print("wrote", OUT, "with", n, "repr cases", file=sys.stderr)


if __name__ == "__main__":
    main()
