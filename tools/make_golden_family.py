#!/usr/bin/python3
"""Writes tensoract's golden test data for the activation family (tests/data/family.txt) from
real PyTorch 1.13: leaky_relu, relu6, hardtanh, hardsigmoid, hardswish, silu, softsign, elu, selu,
celu, softplus, logsigmoid, tanhshrink, mish, gelu (forward, derivative, backward from the saved
input) and log_softmax, softmin (forward, backward).

Run from the repository root, with Debian's PyTorch (see tools/make_golden.py):
    /usr/bin/python3 tools/make_golden_family.py

It reuses make_golden.py's helpers and writes the same format. Every record holds the inputs,
what PyTorch returned ("torch") and the exact result rounded to the record's dtype ("exact",
computed with mpmath at 80 digits, 400 for the elementwise ops). The output is deterministic. It
checks, as it goes, that each explicit backward op it records is what autograd gives, and prints
to stderr how far the torch lines are from the exact ones in ULPs.
"""
import functools
import math
import os
import random
import sys
import time

import numpy as np
import mpmath
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_golden as mg  # noqa: E402  (sets mpmath to 80 digits and torch to 1 thread)

mpmath.mp.dps = 80
OUT_FILE = os.path.join(mg.OUT, "family.txt")
NP = mg.NP
INF = math.inf
NAN = math.nan
ZERO, HALF, ONE = mpmath.mpf(0), mpmath.mpf(1) / 2, mpmath.mpf(1)
N_RANDOM = 300 + 100 + 150  # the random values at the end of mg.interesting_inputs

HEADER = """\
# tensoract golden data for leaky_relu, relu6, hardtanh, hardsigmoid, hardswish, silu, softsign,
# elu, selu, celu, softplus, logsigmoid, tanhshrink, mish, gelu (forward, _derivative, _backward)
# and log_softmax, softmin (forward, _backward).
# Written by tools/make_golden_family.py with PyTorch %s; do not edit.
# torch = PyTorch's result (float32 math for float32); exact = the true value rounded to the
# dtype, from the inputs as written (a parameter is the double its text reads back to).
# Elementwise _backward cases take (g, x): x is the saved input, torch is PyTorch's backward op
# (leaky_relu_backward, hardtanh_backward, hardsigmoid_backward, hardswish_backward,
# silu_backward, elu_backward for elu and selu, softplus_backward, mish_backward, gelu_backward;
# autograd for softsign, celu, logsigmoid, tanhshrink), which the writer checked is what
# autograd gives.
# Where the derivative does not exist (a kink) or x is NaN, exact follows PyTorch's scalar
# kernel: leaky_relu' = x > 0 ? 1 : slope; hardtanh' = (x <= min || x >= max) ? 0 : 1 (NaN: 1);
# hardsigmoid' = (-3 < x < 3) ? 1/6 : 0 (NaN: 0); hardswish' = x < -3 ? 0 : x <= 3 ? x/3 + 1/2 : 1
# (so 1.5 at 3, -0.5 at -3; NaN: 1). PyTorch's vectorised loop (here AVX2, one thread: all but
# the last n %% 16 float32 or n %% 8 float64 elements, so every special value in these records)
# gives 0 for hardtanh'(NaN) and relu6'(NaN), NaN for hardswish'(NaN) and 1 for hardswish'(3)
# instead, so the torch lines differ from exact there.
# At +-inf exact is the limit (softsign 1, silu -0 at -inf, hardswish -0 at -inf, ...). A zero
# exact value takes torch's sign where torch gives a zero. Non-finite g or x in a _backward
# case: exact is the float64 formula g * f'(x), so NaN where g is NaN or inf and f'(x) = 0,
# where PyTorch's piecewise kernels select 0.
# elu, selu, celu: x > 0 ? x : alpha (e^x - 1), selu scale times that with the true constants
# alpha = 1.6732632423543772848170429916717, scale = 1.0507009873554804934193349852946, celu
# alpha (e^(x/alpha) - 1); f(-0) = +0 (PyTorch's), f(-inf) = -alpha (selu: -scale alpha);
# f' = x > 0 ? 1 (selu: scale) : the derivative of the other side, so f'(NaN) = 1 (selu: scale)
# as PyTorch's scalar loop; its vector loop gives NaN there.
# softplus: x where beta * x, rounded to the dtype as PyTorch does, is > threshold, else
# log1p(e^(beta x)) / beta; f' = 1 there, else sigmoid(beta x) (NaN at NaN).
# logsigmoid(+inf) = +0, PyTorch's sign (a finite x whose value rounds to zero gives -0);
# tanhshrink(-0) = +0 (PyTorch's -0 - -0), a tiny negative x gives -0.
# mish and gelu (approximate=none: x Phi(x); approximate=tanh: x/2 (1 + tanh(sqrt(2/pi)
# (x + 0.044715 x^3))), sqrt(2/pi) and the decimal 0.044715 exact): f(-0) = -0 (PyTorch's
# float32 gelu gives +0), and the limits at -inf, where PyTorch gives NaN: f = -0, f' = -0
# (f' < 0 there); f'(+inf) = 1. Their inputs add the floats next to the zero of f' (mish
# -1.1924, gelu -0.7518, tanh gelu -0.7522).
# log_softmax_backward and softmin_backward take (g, y), y the forward result; exact is
# g - exp(y) * sum(g) and -(y * (g - sum(g * y))) computed exactly from the given g and y.
"""


# ------------------------------------------------------------------------------- helpers

def same(a, b):
    """Bitwise equal tensors, NaNs alike."""
    if a.shape != b.shape:
        return False
    an, bn = torch.isnan(a), torch.isnan(b)
    if not torch.equal(an, bn):
        return False
    a2, b2 = a[~an], b[~bn]
    return torch.equal(a2, b2) and torch.equal(torch.signbit(a2), torch.signbit(b2))


def ordered(arr, dtype):
    """Map float values onto a monotonic integer line (as golden::ulp_distance does)."""
    if dtype == "float32":
        bits = np.asarray(arr, dtype=np.float32).view(np.int32).astype(np.int64)
        return np.where(bits < 0, np.int64(-2**31) - bits, bits)
    bits = np.asarray(arr, dtype=np.float64).view(np.int64)
    # as Python ints: int64 arithmetic could overflow
    return np.array([(-2**63 - int(b)) if b < 0 else int(b) for b in bits], dtype=object)


class UlpStats:
    def __init__(self):
        self.stats = {}

    def add(self, op, dtype, torch_vals, exact_vals):
        t = np.asarray(torch_vals, dtype=NP[dtype])
        e = np.asarray(exact_vals, dtype=NP[dtype])
        key = (op, dtype)
        s = self.stats.setdefault(key, {"max": 0, "over1": 0, "nan_mismatch": 0, "n": 0,
                                        "sign": 0})
        s["n"] += t.size
        if t.size == 0:
            return
        tn, en = np.isnan(t), np.isnan(e)
        s["nan_mismatch"] += int(np.sum(tn != en))
        ok = ~tn & ~en
        if not ok.any():
            return
        d = np.abs(ordered(t[ok], dtype) - ordered(e[ok], dtype))
        s["max"] = max(s["max"], int(max(d)))
        tiny = np.finfo(NP[dtype]).tiny
        normal = (np.abs(t[ok]) >= tiny) & (np.abs(e[ok]) >= tiny) & np.isfinite(t[ok])
        if normal.any():
            s["max_normal"] = max(s.get("max_normal", 0), int(max(d[normal])))
        s["over1"] += int(sum(1 for v in d if v > 1))
        zero = (t[ok] == 0) & (e[ok] == 0)
        s["sign"] += int(np.sum(np.signbit(t[ok][zero]) != np.signbit(e[ok][zero])))

    def markdown(self, out):
        """PyTorch against the exact values, as a table for docs/accuracy.md."""
        out.write("| op | dtype | values | PyTorch max ULP | where both are normal | values > 1 ULP |\n"
                  "|---|---|---:|---:|---:|---:|\n")
        for (op, dtype), s in sorted(self.stats.items()):
            out.write("| %s | %s | %d | %d | %d | %d |\n"
                      % (op, dtype, s["n"], s["max"], s.get("max_normal", 0), s["over1"]))

    def report(self, out):
        out.write("%-22s %-8s %6s %20s %12s %7s %6s %6s\n"
                  % ("op", "dtype", "values", "max ulp", "max normal", ">1 ulp", "nan!=", "sign0"))
        for (op, dtype), s in sorted(self.stats.items()):
            out.write("%-22s %-8s %6d %20d %12d %7d %6d %6d\n"
                      % (op, dtype, s["n"], s["max"], s.get("max_normal", 0), s["over1"],
                         s["nan_mismatch"], s["sign"]))


STATS = UlpStats()


def finish_zero(val, is_true_zero, torch_val, fallback=None):
    """A zero exact value takes torch's sign where torch gives a zero, else fallback's sign."""
    if not is_true_zero:
        return val
    if torch_val == 0 and not math.isnan(torch_val):
        return math.copysign(0.0, torch_val)
    if fallback is not None and fallback == 0:
        return math.copysign(0.0, fallback)
    return 0.0


def round_mp(v, dtype):
    """v (an mpmath value) correctly rounded to dtype, ties to even. Going through double
    alone rounds twice, which misses where the double lands on a float midpoint (x/2 + x^2/4
    at the smallest denormal, for one)."""
    if not mpmath.isfinite(v):
        return float(v)
    npt = mg.NP[dtype]
    with np.errstate(over="ignore"):  # past the dtype's max: inf, as it should
        f = npt(float(v))
    if not np.isfinite(f):
        return float(f)
    with np.errstate(over="ignore"):
        cands = [c for c in (f, np.nextafter(f, npt(-np.inf)), np.nextafter(f, npt(np.inf))) if np.isfinite(c)]
    uint = np.uint32 if dtype == "float32" else np.uint64

    def key(c):
        return (abs(mpmath.mpf(float(c)) - v), int(np.array(c, dtype=npt).view(uint)) & 1)
    best = float(min(cands, key=key))
    return math.copysign(0.0, float(v)) if best == 0 else best


def write_arrays(f, op, dtype, shape, params, arrays, stats=True):
    head = "case %s %s shape=%s" % (op, dtype, mg.shape_str(shape))
    for k, v in params.items():
        head += (" %s=%s" if isinstance(v, str) else " %s=%r") % (k, v)  # text without quotes
    f.write(head + "\n")
    for name, vals in arrays:
        f.write(mg.line(name, vals, dtype))
    if stats:
        d = dict(arrays)
        STATS.add(op, dtype, d["torch"], d["exact"])


# ------------------------------------------------------------------- elementwise ops

def kink_inputs(dtype):
    """The exact kinks of the piecewise ops and their neighbours in dtype."""
    vals = []
    for c in [0.0, -0.0, 1.0, -1.0, 2.0, -2.0, 3.0, -3.0, 6.0, -6.0]:
        v = NP[dtype](c)
        vals += [float(v), float(np.nextafter(v, NP[dtype](INF))),
                 float(np.nextafter(v, NP[dtype](-INF)))]
    return vals


def huge_tiny_inputs(dtype):
    if dtype == "float32":
        mags = [1e10, 1e15, 1.8446744e19, 1e20, 1e25, 1e35, 3e38, 1e-20, 1e-38, 1e-40, 1e-44]
    else:
        mags = [1e15, 1e20, 1e100, 1.3407807929942596e154, 1e200, 1e300, 1e-100, 1e-300,
                1e-310, 5e-324]
    mags += [30.0, 50.0, 60.0, 80.0, 200.0, 500.0]
    vals = []
    for m in mags:
        vals += [float(NP[dtype](m)), -float(NP[dtype](m))]
    return vals


def hardtanh_rules(lo, hi):
    return dict(
        torch=lambda x: F.hardtanh(x, lo, hi),
        fwd=lambda v: min(max(v, mpmath.mpf(lo)), mpmath.mpf(hi)),
        fwd_inf=lambda s: hi if s > 0 else lo,
        der=lambda v: mpmath.mpf(0) if (v <= lo or v >= hi) else mpmath.mpf(1),
        der_special=lambda v: 1.0 if math.isnan(v) else 0.0,
        back=lambda g, x: torch.ops.aten.hardtanh_backward(g, x, lo, hi))


SELU_ALPHA = "1.6732632423543772848170429916717"
SELU_SCALE = "1.0507009873554804934193349852946"


def autograd_backward(fn):
    """(g, x) -> autograd's gradient of fn at x, for ops without an explicit backward."""
    def back(g, x):
        xg = x.clone().requires_grad_(True)
        return torch.autograd.grad(fn(xg), xg, g)[0]
    return back


def rule(rules, name, dtype):
    """rules[name], with the dtype bound where the rules compare in the dtype."""
    return functools.partial(rules[name], dtype=dtype) if rules.get("per_dtype") else rules[name]


def root_inputs(roots, dtype):
    """The floats of dtype nearest each exact root, 3 steps either side."""
    vals = []
    for r in roots:
        v = NP[dtype](float(r))
        lo = hi = v
        for _ in range(3):
            lo, hi = np.nextafter(lo, NP[dtype](-INF)), np.nextafter(hi, NP[dtype](INF))
        while lo <= hi:
            vals.append(float(lo))
            lo = np.nextafter(lo, NP[dtype](INF))
    return vals


def op_table():
    """(op, params, input set, rules) for every elementwise family member."""
    table = []
    for slope in [0.01, 0.2]:
        s = mpmath.mpf(slope)
        table.append(("leaky_relu", {"negative_slope": slope}, "kinks", dict(
            torch=lambda x, slope=slope: F.leaky_relu(x, slope),
            fwd=lambda v, s=s: v if v > 0 else s * v,
            fwd_inf=lambda sg: INF if sg > 0 else -INF,
            der=lambda v, s=s: mpmath.mpf(1) if v > 0 else s,
            der_special=lambda v, slope=slope: 1.0 if v == INF else slope,
            back=lambda g, x, slope=slope: torch.ops.aten.leaky_relu_backward(g, x, slope, False))))
    r6 = hardtanh_rules(0.0, 6.0)
    r6["torch"] = F.relu6
    table.append(("relu6", {}, "kinks", r6))
    for lo, hi in [(-1.0, 1.0), (-2.0, 3.0)]:
        table.append(("hardtanh", {"min_val": lo, "max_val": hi}, "kinks", hardtanh_rules(lo, hi)))
    table.append(("hardsigmoid", {}, "kinks", dict(
        torch=F.hardsigmoid,
        fwd=lambda v: ZERO if v <= -3 else ONE if v >= 3 else v / 6 + HALF,
        fwd_inf=lambda sg: 1.0 if sg > 0 else 0.0,
        der=lambda v: ONE / 6 if -3 < v < 3 else ZERO,
        der_special=lambda v: 0.0,
        back=torch.ops.aten.hardsigmoid_backward)))
    table.append(("hardswish", {}, "kinks", dict(
        torch=F.hardswish,
        fwd=lambda v: ZERO if v <= -3 else v if v >= 3 else v * (v + 3) / 6,
        fwd_inf=lambda sg: INF if sg > 0 else -0.0,
        der=lambda v: ZERO if v < -3 else v / 3 + HALF if v <= 3 else ONE,
        der_special=lambda v: 0.0 if v == -INF else 1.0,
        back=torch.ops.aten.hardswish_backward)))

    def mp_silu_der(v):
        s = 1 / (1 + mpmath.exp(-v))
        t = 1 / (1 + mpmath.exp(v))  # 1 - s without cancellation
        return s * (1 + v * t)

    table.append(("silu", {}, "huge", dict(
        torch=F.silu,
        fwd=lambda v: v / (1 + mpmath.exp(-v)),
        fwd_inf=lambda sg: INF if sg > 0 else -0.0,
        der=mp_silu_der,
        der_special=lambda v: NAN if math.isnan(v) else 1.0 if v > 0 else -0.0,
        back=torch.ops.aten.silu_backward)))

    def softsign_back(g, x):
        xg = x.clone().requires_grad_(True)
        return torch.autograd.grad(F.softsign(xg), xg, g)[0]

    table.append(("softsign", {}, "huge", dict(
        torch=F.softsign,
        fwd=lambda v: v / (1 + abs(v)),
        fwd_inf=lambda sg: 1.0 if sg > 0 else -1.0,
        der=lambda v: 1 / (1 + abs(v)) ** 2,
        der_special=lambda v: NAN if math.isnan(v) else 0.0,
        back=softsign_back)))

    # ---- written after every record above (see write_elementwise_cases): input set "smooth",
    # the "huge" set plus, where rules has "roots", the floats next to each zero of f'.
    # "fwd_zero" gives f(+-0) (its sign); a rule with "per_dtype" takes the dtype too.
    for alpha in [1.0, 0.5]:
        a = mpmath.mpf(alpha)
        table.append(("elu", {"alpha": alpha}, "smooth", dict(
            torch=lambda x, alpha=alpha: F.elu(x, alpha),
            fwd=lambda v, a=a: v if v > 0 else a * mpmath.expm1(v),
            fwd_zero=lambda v: 0.0,
            fwd_inf=lambda sg, alpha=alpha: INF if sg > 0 else -alpha,
            der=lambda v, a=a: ONE if v > 0 else a * mpmath.exp(v),
            der_special=lambda v: 0.0 if v == -INF else 1.0,
            back=lambda g, x, alpha=alpha: torch.ops.aten.elu_backward(g, alpha, 1, 1, False, x))))

    sa, ss = mpmath.mpf(SELU_ALPHA), mpmath.mpf(SELU_SCALE)
    # f'(NaN) and f'(inf) are the double scale: the same float as scale rounded once
    assert round_mp(ss, "float32") == float(np.float32(float(ss)))
    table.append(("selu", {}, "smooth", dict(
        torch=F.selu,
        fwd=lambda v: ss * (v if v > 0 else sa * mpmath.expm1(v)),
        fwd_zero=lambda v: 0.0,
        fwd_inf=lambda sg: INF if sg > 0 else -ss * sa,
        der=lambda v: ss if v > 0 else ss * sa * mpmath.exp(v),
        der_special=lambda v: 0.0 if v == -INF else float(ss),
        back=lambda g, x: torch.ops.aten.elu_backward(g, float(SELU_ALPHA), float(SELU_SCALE), 1,
                                                      False, x))))
    for alpha in [1.0, 2.0]:
        a = mpmath.mpf(alpha)
        table.append(("celu", {"alpha": alpha}, "smooth", dict(
            torch=lambda x, alpha=alpha: F.celu(x, alpha),
            fwd=lambda v, a=a: v if v > 0 else a * mpmath.expm1(v / a),
            fwd_zero=lambda v: 0.0,
            fwd_inf=lambda sg, alpha=alpha: INF if sg > 0 else -alpha,
            der=lambda v, a=a: ONE if v > 0 else mpmath.exp(v / a),
            der_special=lambda v: 0.0 if v == -INF else 1.0,
            back=autograd_backward(lambda x, alpha=alpha: F.celu(x, alpha)))))

    for beta, threshold in [(1, 20), (2, 10)]:
        b = mpmath.mpf(beta)

        def above(v, dtype, beta=beta, threshold=threshold):
            """PyTorch's test: beta * x rounded to the dtype, > threshold."""
            t = NP[dtype]
            with np.errstate(over="ignore"):
                return bool(t(beta) * t(float(v)) > t(threshold))

        table.append(("softplus", {"beta": beta, "threshold": threshold}, "smooth", dict(
            per_dtype=True,
            torch=lambda x, beta=beta, threshold=threshold: F.softplus(x, beta, threshold),
            fwd=lambda v, dtype, b=b, above=above:
                v if above(v, dtype) else mpmath.log1p(mpmath.exp(b * v)) / b,
            fwd_inf=lambda sg: INF if sg > 0 else 0.0,
            der=lambda v, dtype, b=b, above=above:
                ONE if above(v, dtype) else 1 / (1 + mpmath.exp(-b * v)),
            der_special=lambda v: NAN if math.isnan(v) else 1.0 if v > 0 else 0.0,
            back=lambda g, x, beta=beta, threshold=threshold:
                torch.ops.aten.softplus_backward(g, x, beta, threshold))))

    table.append(("logsigmoid", {}, "smooth", dict(
        torch=F.logsigmoid,
        fwd=lambda v: -mpmath.log1p(mpmath.exp(-v)),
        fwd_inf=lambda sg: 0.0 if sg > 0 else -INF,  # +0: PyTorch's sign
        der=lambda v: 1 / (1 + mpmath.exp(v)),
        der_special=lambda v: NAN if math.isnan(v) else 0.0 if v > 0 else 1.0,
        back=autograd_backward(F.logsigmoid))))

    def mp_tanhshrink(v):
        # x - tanh(x) ~ x^3 / 3: twice x's binary exponent more bits keep its digits
        with mpmath.extraprec(max(0, -2 * mpmath.mag(v)) + 64):
            return v - mpmath.tanh(v)

    table.append(("tanhshrink", {}, "smooth", dict(
        torch=F.tanhshrink,
        fwd=mp_tanhshrink,
        fwd_zero=lambda v: 0.0,  # PyTorch's -0 - -0
        fwd_inf=lambda sg: INF if sg > 0 else -INF,
        der=lambda v: mpmath.tanh(v) ** 2,
        der_special=lambda v: NAN if math.isnan(v) else 1.0,
        back=autograd_backward(F.tanhshrink))))

    def mish_w(v):
        u = mpmath.exp(v)
        return u, u * (u + 2)  # tanh(log1p(u)) = w / (w + 2), 1 - its square 4 (w + 1) / (w + 2)^2

    def mp_mish(v):
        _, w = mish_w(v)
        return v * w / (w + 2)

    def mp_mish_der(v):
        u, w = mish_w(v)
        return w / (w + 2) + v * (u / (1 + u)) * 4 * (w + 1) / (w + 2) ** 2

    table.append(("mish", {}, "smooth", dict(
        torch=F.mish,
        fwd=mp_mish,
        fwd_zero=lambda v: v,
        fwd_inf=lambda sg: INF if sg > 0 else -0.0,
        der=mp_mish_der,
        der_special=lambda v: NAN if math.isnan(v) else 1.0 if v > 0 else -0.0,
        back=torch.ops.aten.mish_backward,
        roots=[mpmath.findroot(mp_mish_der, -1.19)])))

    sqrt2, k, c = mpmath.sqrt(2), mpmath.sqrt(2 / mpmath.pi), mpmath.mpf("0.044715")

    def mp_cdf(v):
        """Phi(v) = erfc(-v / sqrt 2) / 2, the tail kept to its last digit."""
        z = -v / sqrt2
        if z < 1e100:
            return mpmath.erfc(z) / 2
        # mpmath's erfc overflows past 1e154: its asymptotic series, here to ~z^-12
        terms, t = [], ONE
        for n in range(6):
            terms.append(t)
            t = -t * (2 * n + 1) / (2 * z * z)
        return mpmath.exp(-z * z) / (z * mpmath.sqrt(mpmath.pi)) * mpmath.fsum(terms) / 2

    def mp_gelu_der(v):
        return mp_cdf(v) + v * mpmath.exp(-v * v / 2) / mpmath.sqrt(2 * mpmath.pi)

    def tanh_halves(v):
        """(1 + tanh y) / 2 and (1 - tanh y) / 2, y = k (v + c v^3), neither cancelling."""
        y = k * (v + c * v ** 3)
        return 1 / (1 + mpmath.exp(-2 * y)), 1 / (1 + mpmath.exp(2 * y))

    def mp_gelu_tanh(v):
        return v * tanh_halves(v)[0]

    def mp_gelu_tanh_der(v):
        s, r = tanh_halves(v)
        return s + 2 * v * s * r * k * (1 + 3 * c * v * v)

    for approx, fwd, der in [("none", lambda v: v * mp_cdf(v), mp_gelu_der),
                             ("tanh", mp_gelu_tanh, mp_gelu_tanh_der)]:
        table.append(("gelu", {"approximate": approx}, "smooth", dict(
            torch=lambda x, approx=approx: F.gelu(x, approximate=approx),
            fwd=fwd,
            fwd_zero=lambda v: v,
            fwd_inf=lambda sg: INF if sg > 0 else -0.0,
            der=der,
            der_special=lambda v: NAN if math.isnan(v) else 1.0 if v > 0 else -0.0,
            back=lambda g, x, approx=approx: torch.ops.aten.gelu_backward(g, x, approximate=approx),
            roots=[mpmath.findroot(der, -0.75)])))
    return table


def der_float64(rules, v, dtype):
    """f'(v) as a double: the rounded exact value, or the special value at NaN and +-inf."""
    if not math.isfinite(v):
        return rules["der_special"](v)
    return float(rule(rules, "der", dtype)(mpmath.mpf(v)))


def write_elementwise(f, rng):
    # 400 digits: x/2 + x^2/4 at the smallest double denormal needs the x^2 term (~330 digits
    # below x/2) to decide its rounding
    with mpmath.workdps(400):
        write_elementwise_cases(f, rng)


def write_elementwise_cases(f, rng):
    table = op_table()
    smooth = []  # per dtype: the "huge" set (all, fewer) and its g, for the "smooth" ops
    for dtype, dt in mg.DTYPES.items():
        base = mg.interesting_inputs(dtype, rng).tolist()
        # the derivative and backward cases keep the special values and every third random one
        # (interesting_inputs ends with N_RANDOM random values), to keep the file small
        n_special = len(base) - N_RANDOM
        assert n_special > 0
        fewer = base[:n_special] + base[n_special::3]
        extras = {"kinks": kink_inputs(dtype), "huge": huge_tiny_inputs(dtype)}
        inputs = {(k, full): torch.tensor((base if full else fewer) + e, dtype=dt)
                  for k, e in extras.items() for full in (True, False)}
        grads = {}
        for key, x in inputs.items():
            if key[1]:
                continue
            g = torch.rand(x.numel(), dtype=dt) * 4 - 2
            g[:5] = torch.tensor([0.0, -0.0, 1.0, NAN, INF], dtype=dt)
            grads[key] = g
        for op, params, which, rules in table:
            if which != "smooth":
                write_elementwise_op(f, op, params, rules, dtype, inputs[(which, True)],
                                     inputs[(which, False)], grads[(which, False)])
        smooth.append((dtype, dt, inputs[("huge", True)], inputs[("huge", False)],
                       grads[("huge", False)]))
    # The "smooth" ops come after the records above, which keep their bytes and their order;
    # the g of their extra inputs comes from a generator of its own, so the softmax records
    # below draw the same random numbers as before.
    gen = torch.Generator().manual_seed(20261128)
    for dtype, dt, x_all, x_fewer, g in smooth:
        for op, params, which, rules in table:
            if which != "smooth":
                continue
            extra = torch.tensor(root_inputs(rules.get("roots", []), dtype), dtype=dt)
            g_extra = torch.rand(extra.numel(), generator=gen, dtype=dt) * 4 - 2
            write_elementwise_op(f, op, params, rules, dtype, torch.cat([x_all, extra]),
                                 torch.cat([x_fewer, extra]), torch.cat([g, g_extra]))


def write_elementwise_op(f, op, params, rules, dtype, x, x_fewer, g):
    """forward on x; _derivative and _backward (with g) on x_fewer."""
    fwd, der = rule(rules, "fwd", dtype), rule(rules, "der", dtype)
    n = x.numel()
    xs = x.tolist()

    # forward
    ty = rules["torch"](x)
    tl = ty.tolist()
    ex = []
    for v, tv in zip(xs, tl):
        if math.isnan(v):
            ex.append(NAN)
        elif math.isinf(v):
            r = rules["fwd_inf"](v)  # a float, or an mpmath value to round
            ex.append(round_mp(r, dtype) if isinstance(r, mpmath.mpf) else r)
        elif v == 0 and "fwd_zero" in rules:
            ex.append(rules["fwd_zero"](v))
        else:
            m = fwd(mpmath.mpf(v))
            ex.append(finish_zero(round_mp(m, dtype), m == 0, tv))
    write_arrays(f, op, dtype, (n,), params, [("x", xs), ("torch", tl), ("exact", ex)])

    # derivative: autograd's d sum(f(x)) / dx
    x = x_fewer
    n = x.numel()
    xs = x.tolist()
    xg = x.clone().requires_grad_(True)
    rules["torch"](xg).backward(torch.ones_like(xg))
    td = xg.grad
    assert same(td, rules["back"](torch.ones_like(x), x)), (op, dtype, "derivative")
    tdl = td.tolist()
    ex = []
    for v, tv in zip(xs, tdl):
        if not math.isfinite(v):
            ex.append(rules["der_special"](v))
        else:
            m = der(mpmath.mpf(v))
            ex.append(finish_zero(round_mp(m, dtype), m == 0, tv))
    write_arrays(f, op + "_derivative", dtype, (n,), params,
                 [("x", xs), ("torch", tdl), ("exact", ex)])

    # backward from (g, x)
    tb = rules["back"](g, x)
    xg = x.clone().requires_grad_(True)
    auto = torch.autograd.grad(rules["torch"](xg), xg, g)[0]
    assert same(tb, auto), (op, dtype, "backward is not autograd's")
    tbl = tb.tolist()
    ex = []
    for gv, v, tv in zip(g.tolist(), xs, tbl):
        formula = gv * der_float64(rules, v, dtype)  # the float64 formula
        if not (math.isfinite(gv) and math.isfinite(v)):
            ex.append(float(NP[dtype](formula)))
        else:
            m = mpmath.mpf(gv) * der(mpmath.mpf(v))
            ex.append(finish_zero(round_mp(m, dtype), m == 0, tv, formula))
    write_arrays(f, op + "_backward", dtype, (n,), params,
                 [("g", g.tolist()), ("x", xs), ("torch", tbl), ("exact", ex)])


# ---------------------------------------------------------------- log_softmax, softmin

def mp_log_softmax_rows(x, dim):
    """Exact log_softmax of a float64 numpy array along dim; NaN rows as PyTorch makes them."""
    xm = np.moveaxis(x, dim, -1)
    out = np.empty(xm.shape, dtype=object)
    for idx in np.ndindex(xm.shape[:-1]):
        row = [float(v) for v in xm[idx]]
        if any(math.isnan(v) or v == INF for v in row) or all(v == -INF for v in row):
            out[idx] = [NAN] * len(row)
            continue
        m = max(row)
        # log(sum) as log1p(sum - 1): at 80 digits 1 + exp(-745) would lose the exp(-745)
        rest = mpmath.fsum(mpmath.exp(mpmath.mpf(v) - m) for v in row if v != -INF and v != m)
        ls = mpmath.log1p(rest + (row.count(m) - 1))
        out[idx] = [(mpmath.mpf(v) - m) - ls if v != -INF else -INF for v in row]
    return np.moveaxis(out, -1, dim)


def mp_log_softmax_backward_rows(g, y, dim):
    def row(gr, yr):
        s = mpmath.fsum(gr)
        return [a - mpmath.exp(b) * s for a, b in zip(gr, yr)]
    return mg.mp_backward_rows(g, y, dim, row)


def flat_signed(arr, torch_vals, dtype):
    """mg.flat, with a zero exact value taking torch's sign where torch gives a zero."""
    vals = list(np.asarray(arr, dtype=object).reshape(-1))
    out = []
    for v, tv in zip(vals, torch_vals):
        if isinstance(v, float) and not math.isfinite(v):
            out.append(v)
        else:
            out.append(finish_zero(round_mp(v, dtype), v == 0, tv))
    return out


def exact_rows(fn, x, dim, torch_vals, dtype):
    """Apply a row function along dim; 0-D as a one-element row; empty as nothing."""
    if x.numel() == 0:
        return []
    a = x.double().numpy()
    d = dim % max(x.dim(), 1)
    if x.dim() == 0:
        a, d = a.reshape(1), 0
    return flat_signed(fn(a, d), torch_vals, dtype)


def exact_rows2(fn, g, y, dim, torch_vals, dtype):
    if g.numel() == 0:
        return []
    ga, ya = g.double().numpy(), y.double().numpy()
    d = dim % max(g.dim(), 1)
    if g.dim() == 0:
        ga, ya, d = ga.reshape(1), ya.reshape(1), 0
    return flat_signed(fn(ga, ya, d), torch_vals, dtype)


def neg_backward_rows(g, y, d):
    r = mg.mp_softmax_backward_rows(g, y, d)
    return np.vectorize(lambda v: -v, otypes=[object])(r) if r.size else r


def write_softmax_family(f, rng):
    shapes = [(5,), (3, 4), (2, 3, 4), (2, 1, 3, 5), (1, 4, 3, 5), (4, 70), (2, 3, 70),
              (0,), (), (4, 0, 2)]
    for dtype, dt in mg.DTYPES.items():
        cases = []
        for shape in shapes:
            cases.append(torch.randn(shape, dtype=dt) * rng.choice([1.0, 3.0, 30.0]))
        # special rows: NaN, +inf, all -inf, some -inf, a 1e4 range, ties
        cases.append(torch.tensor([[1.0, NAN, 2.0], [1.0, INF, 2.0], [-INF, -INF, -INF],
                                   [1.0, -INF, 2.0], [1e4, -1e4, 0.0], [9999.0, 1e4, -5e3],
                                   [0.0, 0.0, 0.0], [88.0, 89.0, 90.0]], dtype=dt))
        # one dominant entry: log_softmax of it is a tiny negative number
        cases.append(torch.tensor([[0.0, -30.0, -40.0], [0.0, -100.0, -200.0], [1e-3, 0.0, -20.0],
                                   [5.0, 5.0, -60.0], [0.0, -17.0, -18.0], [0.0, -37.0, -38.0],
                                   [0.0, -88.0, -104.0], [0.0, -745.0, -800.0]], dtype=dt))
        cases.append(torch.tensor([0.6229, 0.1372, 0.4505], dtype=dt))  # the notebook's z
        for x in cases:
            dims = list(range(-x.dim(), x.dim())) if x.dim() > 0 else [-1, 0]
            shape = tuple(x.shape)
            xs = x.reshape(-1).tolist()
            finite = bool(torch.isfinite(x).all())
            for dim in dims:
                p = {"dim": dim}
                # log_softmax
                y = F.log_softmax(x, dim=dim)
                yl = y.reshape(-1).tolist()
                if x.dim() == 0:
                    v = x.item()
                    ex = [0.0 if math.isfinite(v) else yl[0]]
                    ex = [finish_zero(ex[0], ex[0] == 0, yl[0])]
                else:
                    ex = exact_rows(mp_log_softmax_rows, x, dim, yl, dtype)
                write_arrays(f, "log_softmax", dtype, shape, p,
                             [("x", xs), ("torch", yl), ("exact", ex)])
                if finite:
                    g = torch.randn(x.shape, dtype=dt)
                    tb = torch._log_softmax_backward_data(g, y, dim, dt)
                    xg = x.clone().requires_grad_(True)
                    auto = torch.autograd.grad(F.log_softmax(xg, dim=dim), xg, g)[0]
                    assert same(tb, auto), ("log_softmax_backward", dtype, shape, dim)
                    tbl = tb.reshape(-1).tolist()
                    ex = exact_rows2(mp_log_softmax_backward_rows, g, y, dim, tbl, dtype)
                    write_arrays(f, "log_softmax_backward", dtype, shape, p,
                                 [("g", g.reshape(-1).tolist()), ("y", yl), ("torch", tbl),
                                  ("exact", ex)])
                # softmin
                y = F.softmin(x, dim=dim)
                yl = y.reshape(-1).tolist()
                if x.dim() == 0:
                    v = x.item()
                    ex = [1.0 if math.isfinite(v) else NAN]
                else:
                    ex = exact_rows(mg.mp_softmax_rows, -x, dim, yl, dtype)
                write_arrays(f, "softmin", dtype, shape, p,
                             [("x", xs), ("torch", yl), ("exact", ex)])
                if finite:
                    g = torch.randn(x.shape, dtype=dt)
                    xg = x.clone().requires_grad_(True)
                    tb = torch.autograd.grad(F.softmin(xg, dim=dim), xg, g)[0]
                    SOFTMIN_VS_SOFTMAX_BACKWARD.append(
                        same(tb, -torch._softmax_backward_data(g, y, dim, dt)))
                    tbl = tb.reshape(-1).tolist()
                    ex = exact_rows2(neg_backward_rows, g, y, dim, tbl, dtype)
                    write_arrays(f, "softmin_backward", dtype, shape, p,
                                 [("g", g.reshape(-1).tolist()), ("y", yl), ("torch", tbl),
                                  ("exact", ex)])


SOFTMIN_VS_SOFTMAX_BACKWARD = []


# ------------------------------------------------------------------------------ checking

def check_file(path):
    """Re-read the file as tests/golden.hpp does: every array of a case is numel long."""
    counts = {}
    cases = []
    with open(path) as fh:
        for ln in fh:
            if not ln.strip() or ln.startswith("#"):
                continue
            parts = ln.split()
            if parts[0] == "case":
                params = dict(kv.split("=", 1) for kv in parts[3:])
                cases.append((parts[1], parts[2], params, {}))
            else:
                cases[-1][3][parts[0]] = [float(v) for v in parts[1:]]
    for op, dtype, params, arrays in cases:
        assert dtype in mg.DTYPES and "shape" in params, (op, params)
        numel = 1
        for d in (params["shape"].split(",") if params["shape"] else []):
            numel *= int(d)
        names = ["g", "y", "torch", "exact"] if op in ("log_softmax_backward", "softmin_backward") \
            else ["g", "x", "torch", "exact"] if op.endswith("_backward") \
            else ["x", "torch", "exact"]
        assert sorted(arrays) == sorted(names), (op, params, sorted(arrays))
        for name, vals in arrays.items():
            assert len(vals) == numel, (op, dtype, params, name, len(vals), numel)
        counts[(op, dtype)] = counts.get((op, dtype), 0) + 1
    return counts


def main():
    global OUT_FILE
    # --out FILE writes the data elsewhere; --markdown prints PyTorch's errors as a table
    args = sys.argv[1:]
    if "--out" in args:
        OUT_FILE = args[args.index("--out") + 1]
    t0 = time.time()
    rng = random.Random(20261127)
    torch.manual_seed(20261127)
    with open(OUT_FILE, "w") as f:
        f.write(HEADER % torch.__version__)
        write_elementwise(f, rng)
        write_softmax_family(f, rng)
    counts = check_file(OUT_FILE)
    err = sys.stderr
    err.write("wrote %s: %d cases, %d bytes, %.1f s\n"
              % (OUT_FILE, sum(counts.values()), os.path.getsize(OUT_FILE), time.time() - t0))
    for (op, dtype), c in sorted(counts.items()):
        err.write("  %-26s %-8s %4d cases\n" % (op, dtype, c))
    err.write("softmin autograd == -_softmax_backward_data bitwise in %d of %d cases\n"
              % (sum(SOFTMIN_VS_SOFTMAX_BACKWARD), len(SOFTMIN_VS_SOFTMAX_BACKWARD)))
    err.write("torch vs exact: max ULP over non-NaN pairs; the same where both are normal "
              "numbers;\nhow many differ by more than 1 ULP; NaN in one line only; zero signs "
              "differ:\n")
    STATS.report(err)
    if "--markdown" in args:
        STATS.markdown(sys.stdout)


if __name__ == "__main__":
    main()
