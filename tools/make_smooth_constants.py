#!/usr/bin/python3
"""Prints the constants of the smooth family's double kernels (elu, selu, celu, softplus,
logsigmoid, tanhshrink, mish, gelu) for include/tensoract/detail/simd/constants.hpp, and checks
the published approximations they use.

- selu's and gelu's constants as double pairs hi + lo (hi the rounded value, lo the rounded rest);
- tanhshrink's polynomial: (x - tanh x) / x^3 = 1/3 + u Q1(u), u = x^2, for |x| <= 0.625,
  Chebyshev interpolation in 60-digit arithmetic, rounded to double; its relative error is printed;
- fdlibm's log1p polynomial (Lp1..Lp7, s_log1p.c) and erf/erfc rational approximations
  (s_erf.c: pp/qq on [0, 0.84375], pa/qa on [0.84375, 1.25], ra/sa on [1.25, 1/0.35], rb/sb on
  [1/0.35, 28]): the published constants, as hex, with the error of each approximation on its
  interval measured here (so a mistyped digit shows).
Needs python3-mpmath (Debian)."""
import mpmath as mp

mp.mp.dps = 60


def pair(v):
    hi = float(v)
    lo = float(v - mp.mpf(hi))
    return "%s, %s" % (hi.hex(), lo.hex())


SELU_ALPHA = mp.mpf("1.6732632423543772848170429916717")
SELU_SCALE = mp.mpf("1.0507009873554804934193349852946")
print("selu_scale", pair(SELU_SCALE))
print("selu_alpha_scale", pair(SELU_ALPHA * SELU_SCALE))
K = mp.sqrt(2 / mp.pi)
KAPPA = mp.mpf("0.044715")
print("gelu_tanh_2k", pair(2 * K))
print("gelu_tanh_kappa", pair(KAPPA))
print("gelu_tanh_3kappa", pair(3 * KAPPA))
print("sqrt1_2", pair(1 / mp.sqrt(2)))
print("inv_sqrt_2pi", pair(1 / mp.sqrt(2 * mp.pi)))
print("two_over_sqrt_pi", float(2 / mp.sqrt(mp.pi)).hex())

# tanhshrink: (x - tanh x) / x^3 = 1/3 + u Q1(u) with u = x^2, on [0, A^2]; 1/3 is carried as
# a double pair by the kernel, so Q1 alone is fitted
A = mp.mpf("0.625")


def Q1(u):
    if u < mp.mpf("1e-20"):
        return mp.mpf(-2) / 15 + u * 17 / 315
    x = mp.sqrt(u)
    return ((x - mp.tanh(x)) / x**3 - mp.mpf(1) / 3) / u


def cheb_fit(f, a, b, degree):
    n = degree + 1
    xs = [(a + b) / 2 + (b - a) / 2 * mp.cos(mp.pi * (k + mp.mpf(1) / 2) / n) for k in range(n)]
    m = mp.matrix([[x**j for j in range(n)] for x in xs])
    c = mp.lu_solve(m, mp.matrix([f(x) for x in xs]))
    return [mp.mpf(float(c[j])) for j in range(n)]


print("third", pair(mp.mpf(1) / 3))
for degree in (12,):
    coef = cheb_fit(Q1, mp.mpf(0), A * A, degree)
    err = max(abs((mp.mpf(1) / 3 + u * sum(c * u**j for j, c in enumerate(coef))) / (mp.mpf(1) / 3 + u * Q1(u)) - 1)
              for u in (A * A * i / 3000 for i in range(3001)))
    print("tanhshrink Q1 degree %d: relative error of 1/3 + u Q1(u) 2^%.1f" % (degree, float(mp.log(err, 2))))
    print("   ", ", ".join(float(c).hex() for c in coef))

LP = [6.666666666666735130e-01, 3.999999999940941908e-01, 2.857142874366239149e-01,
      2.222219843214978396e-01, 1.818357216161805012e-01, 1.531383769920937332e-01,
      1.479819860511658591e-01]
# log1p(f) = f - hfsq + s (hfsq + R(s^2)), s = f / (2 + f): R(z) ~ 2 atanh(s)/s - 2 ... check
# 2 atanh(s) = 2 s + s z sum Lp_k z^(k-1) on s in [0, 0.1716]
err = 0
for i in range(1, 2001):
    s = mp.mpf("0.1716") * i / 2000
    z = s * s
    r = z * sum(mp.mpf(c) * z**k for k, c in enumerate(LP))
    exact = (2 * mp.atanh(s) - 2 * s) / s
    err = max(err, abs(r - exact))
print("log1p Lp: |R - (2 atanh(s) - 2 s)/s| 2^%.1f (fdlibm: 2^-58.45)" % float(mp.log(err, 2)))
print("   ", ", ".join(c.hex() for c in LP))

PP = [1.28379167095512558561e-01, -3.25042107247001499370e-01, -2.84817495755985104766e-02,
      -5.77027029648944159157e-03, -2.37630166566501626084e-05]
QQ = [1.0, 3.97917223959155352819e-01, 6.50222499887672944485e-02, 5.08130628187576562776e-03,
      1.32494738004321644526e-04, -3.96022827877536812320e-06]
ERX = 8.45062911510467529297e-01
PA = [-2.36211856075265944077e-03, 4.14856118683748331666e-01, -3.72207876035701323847e-01,
      3.18346619901161753674e-01, -1.10894694282396677476e-01, 3.54783043256182359371e-02,
      -2.16637559486879084300e-03]
QA = [1.0, 1.06420880400844228286e-01, 5.40397917702171048937e-01, 7.18286544141962662868e-02,
      1.26171219808761642112e-01, 1.36370839120290507362e-02, 1.19844998467991074170e-02]
RA = [-9.86494403484714822705e-03, -6.93858572707181764372e-01, -1.05586262253232909814e+01,
      -6.23753324503260060396e+01, -1.62396669462573470355e+02, -1.84605092906711035994e+02,
      -8.12874355063065934246e+01, -9.81432934416914548592e+00]
SA = [1.0, 1.96512716674392571292e+01, 1.37657754143519042600e+02, 4.34565877475229228821e+02,
      6.45387271733267880336e+02, 4.29008140027567833386e+02, 1.08635005541779435134e+02,
      6.57024977031928170135e+00, -6.04244152148580987438e-02]
RB = [-9.86494292470009928597e-03, -7.99283237680523006574e-01, -1.77579549177547519889e+01,
      -1.60636384855821916062e+02, -6.37566443368389627722e+02, -1.02509513161107724954e+03,
      -4.83519191608651397019e+02]
SB = [1.0, 3.03380607434824582924e+01, 3.25792512996573918826e+02, 1.53672958608443695994e+03,
      3.19985821950859553908e+03, 2.55305040643316442583e+03, 4.74528541206955367215e+02,
      -2.24409524465858183362e+01]


def poly(c, t):
    return sum(mp.mpf(v) * t**k for k, v in enumerate(c))


def worst(f, exact, a, b, n=1500):
    e = 0
    for i in range(n + 1):
        y = a + (b - a) * i / n
        e = max(e, abs(f(y) - exact(y)))
    return float(mp.log(e, 2))


print("erf [0, 0.84375]: |R - (erf(y) - y)/y| 2^%.1f" % worst(
    lambda y: poly(PP, y * y) / poly(QQ, y * y), lambda y: (mp.erf(y) - y) / y if y else 2 / mp.sqrt(mp.pi) - 1,
    mp.mpf(0), mp.mpf("0.84375")))
print("erf [0.84375, 1.25]: |P/Q - (erf(y) - erx)| 2^%.1f" % worst(
    lambda y: poly(PA, y - 1) / poly(QA, y - 1), lambda y: mp.erf(y) - mp.mpf(ERX),
    mp.mpf("0.84375"), mp.mpf("1.25")))
g = lambda y: mp.log(mp.erfc(y) * y) + y * y + mp.mpf("0.5625")  # noqa: E731
print("erfc [1.25, 1/0.35]: |R/S - g| 2^%.1f" % worst(
    lambda y: poly(RA, 1 / (y * y)) / poly(SA, 1 / (y * y)), g, mp.mpf("1.25"), 1 / mp.mpf("0.35")))
print("erfc [1/0.35, 28]: |R/S - g| 2^%.1f" % worst(
    lambda y: poly(RB, 1 / (y * y)) / poly(SB, 1 / (y * y)), g, 1 / mp.mpf("0.35"), mp.mpf(28)))
for name, c in [("erf_pp", PP), ("erf_qq", QQ), ("erf_pa", PA), ("erf_qa", QA), ("erfc_ra", RA),
                ("erfc_sa", SA), ("erfc_rb", RB), ("erfc_sb", SB)]:
    print(name, ", ".join(float(v).hex() for v in c))
print("erx", ERX.hex())
