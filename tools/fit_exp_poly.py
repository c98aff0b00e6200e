#!/usr/bin/python3
"""Prints the coefficients of P in e^t = 1 + t + t^2 P(t) on [-0.3466, 0.3466] (just over
ln2/2), used by include/tensoract/detail/simd/constants.hpp, and their error.

Chebyshev interpolation in 60-digit arithmetic, then rounded to the element type; the error
printed is max |(1 + t + t^2 P(t)) / e^t - 1| with the rounded coefficients, exactly evaluated.
Needs python3-mpmath and python3-numpy (Debian)."""
import mpmath as mp
import numpy as np

mp.mp.dps = 60
A = mp.mpf("0.3466")


def P(t):
    if abs(t) < mp.mpf("1e-10"):
        return mp.nsum(lambda k: t**k / mp.factorial(k + 2), [0, mp.inf])
    return (mp.exp(t) - 1 - t) / t**2


def fit(degree):
    n = degree + 1
    xs = [A * mp.cos(mp.pi * (k + mp.mpf(1) / 2) / n) for k in range(n)]
    a = mp.matrix([[x**j for j in range(n)] for x in xs])
    c = mp.lu_solve(a, mp.matrix([P(x) for x in xs]))
    return [c[j] for j in range(n)]


for name, degree, cast in [("float", 5, lambda v: float(np.float32(float(v)))),
                           ("double", 10, float)]:
    coef = [mp.mpf(cast(c)) for c in fit(degree)]
    err = max(abs((1 + t + t * t * sum(c * t**j for j, c in enumerate(coef))) / mp.exp(t) - 1)
              for t in (-A + 2 * A * i / 4000 for i in range(4001)))
    print(name, "degree", degree, "relative error 2^%.1f" % float(mp.log(err, 2)))
    print("   ", ", ".join(float(c).hex() for c in coef))
