#!/usr/bin/python3
"""Prints the table-driven exponential's constants used by
include/tensoract/detail/simd/constants.hpp, and checks the bounds the kernels rely on.

e^z = 2^(k/N) e^r with k = round(z N / ln 2) and r = z - k ln2/N, |r| <= ln2/(2N) (a hair
more: k is rounded from a product carrying one rounding error). 2^(j/N), j = k mod N, comes
from a table as hi + lo (hi the element type's nearest value, lo the rest rounded), and
e^r = 1 + r + r^2 P(r) with P the Taylor polynomial. N = 32 for float (AVX-512 looks the table
up with one vpermt2ps from two registers), N = 16 for double (one vpermt2pd).

Everything is evaluated in 80-digit arithmetic (python3-mpmath); no other dependency."""
import struct

import mpmath as mp

mp.mp.dps = 80
LN2 = mp.log(2)


def f32(v):
    return struct.unpack("f", struct.pack("f", float(v)))[0]


def f64(v):
    return float(v)


def split_hi(c, bits):
    """c rounded to `bits` significant bits: k * hi is exact for k below 2^(24 - bits)."""
    m, e = mp.frexp(c)
    return mp.ldexp(mp.nint(m * 2**bits), e - bits)


def hexf(v, suffix):
    return float(v).hex().replace("0000000p", "p").replace(".0p", "p") + suffix if suffix else float(v).hex()


def show(name, type_, rnd, n, hi_bits, poly_degree, suffix):
    c = LN2 / n
    c_hi = split_hi(c, hi_bits)
    c_lo = rnd(c - c_hi)
    hi = [rnd(mp.power(2, mp.mpf(j) / n)) for j in range(n)]
    lo = [rnd(mp.power(2, mp.mpf(j) / n) - h) for j, h in zip(range(n), hi)]
    poly = [rnd(1 / mp.factorial(i + 2)) for i in range(poly_degree + 1)]
    r_max = c / 2 * (1 + mp.mpf(2) ** -20)
    # truncation of e^r = 1 + r + r^2 P(r), relative to e^r, at |r| = r_max
    tail = max(abs((1 + r + r * r * sum(mp.mpf(p) * r**i for i, p in enumerate(poly))) / mp.exp(r) - 1)
               for r in (r_max, -r_max))
    table_err = max(abs((mp.mpf(h) + mp.mpf(l)) / mp.power(2, mp.mpf(j) / n) - 1)
                    for j, (h, l) in enumerate(zip(hi, lo)))
    print(f"// {name}: N = {n}, P degree {poly_degree}: truncation 2^{float(mp.log(tail, 2)):.1f}, "
          f"table 2^{float(mp.log(table_err, 2)) if table_err else -999:.1f} (relative)")
    print(f"    static constexpr {type_} exp_table_scale = {hexf(rnd(n / LN2), suffix)};  // N / ln2")
    print(f"    static constexpr {type_} exp_reduce_hi = {hexf(c_hi, suffix)};  // ln2/N, {hi_bits} bits")
    print(f"    static constexpr {type_} exp_reduce_lo = {hexf(c_lo, suffix)};")
    print(f"    static constexpr {type_} exp_poly[{poly_degree + 1}] = {{" + ", ".join(hexf(p, suffix) for p in poly) + "};")
    print(f"    static constexpr {type_} exp_table_hi[{n}] = {{" + ", ".join(hexf(h, suffix) for h in hi) + "};")
    print(f"    static constexpr {type_} exp_table_lo[{n}] = {{" + ", ".join(hexf(l, suffix) for l in lo) + "};")


def largest_below(v, rnd, step_down):
    x = rnd(v)
    while mp.mpf(x) >= v:
        x = step_down(x)
    return x


def f32_down(x):
    b = struct.unpack("I", struct.pack("f", x))[0]
    return struct.unpack("f", struct.pack("I", b - 1))[0]


def f64_down(x):
    b = struct.unpack("Q", struct.pack("d", x))[0]
    return struct.unpack("d", struct.pack("Q", b + (-1 if x > 0 else 1)))[0]


show("float", "float", f32, 32, 11, 1, "F")
show("double", "double", f64, 16, 38, 5, "")
# sigmoid is flushed to 0 below -a_max: a_max is the largest value below -ln(min normal), so
# that -a_max is the smallest input whose sigmoid is normal and 2^k at -a_max is the min normal.
print("// sigmoid_a_max: float", hexf(largest_below(126 * LN2, f32, f32_down), "F"),
      " double", hexf(largest_below(1022 * LN2, f64, f64_down), ""))
