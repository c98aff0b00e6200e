#!/usr/bin/python3
"""Prints the polynomials of the family's float kernels (include/tensoract/detail/simd/
constants.hpp) and their errors, measured in 50-digit arithmetic with the coefficients rounded
as the kernels use them. Chebyshev interpolation; needs python3-mpmath (Debian).

atanh_p (float): 2 atanh(s) = 2s + 2s^3 P(s^2), s^2 in [0, 1/9] (softplus's log1p(w) at
    s = w/(2 + w), w in [0, 1]); relative error of P.
erfc_exponent (double, for float lanes): erfc(y) = t exp(-y^2 + F(t)), t = 2/(2 + y), y in
    [0, 10.4] (gelu's Phi(x) = erfc(-x/sqrt2)/2 down to x = -14.7, where gelu' underflows float);
    absolute error of F, which is the relative error of erfc.
"""
import mpmath as mp
import numpy as np

mp.mp.dps = 50


def cheb(f, lo, hi, degree):
    n = degree + 1
    xs = [(lo + hi) / 2 + (hi - lo) / 2 * mp.cos(mp.pi * (k + mp.mpf(1) / 2) / n) for k in range(n)]
    a = mp.matrix([[x**j for j in range(n)] for x in xs])
    c = mp.lu_solve(a, mp.matrix([f(x) for x in xs]))
    return [c[j] for j in range(n)]


def horner(c, x):
    p = mp.mpf(0)
    for v in reversed(c):
        p = p * x + v
    return p


def p_atanh(z):
    if z < mp.mpf("1e-30"):
        return mp.mpf(1) / 3
    s = mp.sqrt(z)
    return (mp.atanh(s) - s) / (s * z)


c = [mp.mpf(float(np.float32(float(v)))) for v in cheb(p_atanh, mp.mpf(0), mp.mpf(1) / 9, 4)]
err = max(abs(horner(c, z) / p_atanh(z) - 1) for z in (mp.mpf(i) / 9 / 3000 for i in range(3001)))
print("atanh_p (float), degree 4: relative error 2^%.1f" % float(mp.log(err, 2)))
print("   ", ", ".join(float(v).hex() + "F" for v in c))


def f_erfc(t):
    y = 2 / t - 2
    return mp.log(mp.erfc(y) / t) + y * y


Y_MAX = mp.mpf("10.4")
t_lo = 2 / (2 + Y_MAX)
c = [mp.mpf(float(v)) for v in cheb(f_erfc, t_lo, mp.mpf(1), 16)]
err = max(abs(horner(c, t) - f_erfc(t)) for t in (t_lo + (1 - t_lo) * i / 3000 for i in range(3001)))
print("erfc_exponent (double), degree 16 on t in [2/12.4, 1]: absolute error 2^%.1f" % float(mp.log(err, 2)))
print("   ", ", ".join(float(v).hex() for v in c))
