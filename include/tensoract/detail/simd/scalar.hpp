// tensoract — the scalar backend of the SIMD layer: one lane, plain C++.
//
// Every operation has the semantics the vector backends have, so the kernels written over the
// layer give the same bits here: min/max return the second operand when either is NaN (as
// x86's minps/maxps), fma is fused (std::fma, a library call where the CPU has no FMA).
// SPDX-License-Identifier: MIT
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>

namespace tensoract::detail::scalar {

template <class T>
struct Ops {
    using V = T;
    using M = bool;
    using I = std::conditional_t<sizeof(T) == 4, std::int32_t, std::int64_t>;
    using U = std::make_unsigned_t<I>;
    static constexpr int lanes = 1;

    static V load(const T* p) noexcept { return *p; }
    static V in_register(V v) noexcept { return v; }
    static void store(T* p, V v) noexcept { *p = v; }
    static void stream(T* p, V v) noexcept { *p = v; }
    static void stream_fence() noexcept {}
    static V load_partial(const T* p, std::int64_t n) noexcept { return n > 0 ? *p : T(0); }
    static void store_partial(T* p, V v, std::int64_t n) noexcept {
        if (n > 0) {
            *p = v;
        }
    }
    static V set1(T v) noexcept { return v; }
    /// v * 2^floor(n) for n in [-252, 254] (float) or [-2000, 2000] (double), rounded once
    /// (as AVX-512's scalef); NaN for NaN n. A normal result is v times two exact powers of
    /// two. A result below the normal range (of a normal v, as the kernels pass) is formed
    /// without a denormal operation, which costs x86 CPUs a microcode assist (the derivatives
    /// at |x| > 87 ran several times slower): |v| 2^(k + denormal_shift) is below
    /// 2^mantissa_bits, so adding 2^mantissa_bits rounds it to an integer (to nearest, ties
    /// to even, as a multiplication rounds into the denormals) and leaves that integer in the
    /// sum's low bits: the denormal's bits (2^mantissa_bits, where it rounds up to the
    /// smallest normal).
    static V scale(V v, V n) noexcept {
        if (!(n >= T(-2000) && n <= T(2000))) {
            return v * n;  // NaN (the cast below would be undefined)
        }
        auto k = static_cast<I>(n);
        k -= static_cast<T>(k) > n ? 1 : 0;  // floor
        const auto exponent = static_cast<I>((static_cast<U>(bits(v)) >> mantissa_bits) & max_exponent);
        if (exponent + k < 1 && exponent != max_exponent) {  // (also a denormal v: rounded once)
            // clamped so that both factors are normal: t < 2^(bias + 1 + e_min) rounds to 0 there,
            // as it would unclamped
            constexpr I e_min = -2 * (bias - 1);
            const I e = k + denormal_shift < e_min ? e_min : k + denormal_shift;
            const V t = abs(v) * pow2(e / 2) * pow2(e - e / 2);
            const V magic = pow2(mantissa_bits);
            return xor_sign(from_bits(int_sub(bits(t + magic), bits(magic))), v);
        }
        const I half = k / 2;
        return v * pow2(half) * pow2(k - half);
    }
    /// scale itself: results below the normal range cost no more here (on AVX2 they do).
    static V scale_below_normal(V v, V n) noexcept { return scale(v, n); }
    /// table[j], j the low bits of index's bits.
    template <std::size_t N>
    static V lookup(const T (&table)[N], V index) noexcept {
        static_assert((N & (N - 1)) == 0, "a power of two");
        return table[static_cast<std::size_t>(bits(index)) & (N - 1)];
    }
    /// The first n lanes from p (n >= 1 here), the rest `fill`.
    static V load_partial_or(const T* p, std::int64_t n, T fill) noexcept { return n > 0 ? *p : fill; }
    // float <-> double: a float vector is two double vectors (here, one value and a zero)
    static double widen_lo(V a) noexcept { return static_cast<double>(a); }
    static double widen_hi(V /*a*/) noexcept { return 0.0; }
    static double widen_half(const T* p) noexcept { return static_cast<double>(*p); }  // not called: one lane has no halves
    static T narrow(double lo, double /*hi*/) noexcept { return static_cast<T>(lo); }

    static V add(V a, V b) noexcept { return a + b; }
    static V sub(V a, V b) noexcept { return a - b; }
    static V mul(V a, V b) noexcept { return a * b; }
    static V div(V a, V b) noexcept { return a / b; }
    static V fma(V a, V b, V c) noexcept { return std::fma(a, b, c); }      // a*b + c
    static V fnma(V a, V b, V c) noexcept { return std::fma(-a, b, c); }    // c - a*b
    static V fms(V a, V b, V c) noexcept { return std::fma(a, b, -c); }     // a*b - c
    static V min(V a, V b) noexcept { return a < b ? a : b; }
    static V max(V a, V b) noexcept { return a > b ? a : b; }
    static V abs(V a) noexcept { return from_bits(bits(a) & ~sign_bit()); }
    static V neg(V a) noexcept { return from_bits(bits(a) ^ sign_bit()); }
    /// a with the sign bit of s xored in: restores a sign taken off with abs.
    static V xor_sign(V a, V s) noexcept { return from_bits(bits(a) ^ (bits(s) & sign_bit())); }

    static M lt(V a, V b) noexcept { return a < b; }
    static M le(V a, V b) noexcept { return a <= b; }
    static M gt(V a, V b) noexcept { return a > b; }
    static V select(M m, V yes, V no) noexcept { return m ? yes : no; }

    // integer view, for building powers of two from a rounded exponent
    static I bits(V a) noexcept {
        I i;
        std::memcpy(&i, &a, sizeof a);
        return i;
    }
    static V from_bits(I i) noexcept {
        V a;
        std::memcpy(&a, &i, sizeof a);
        return a;
    }
    static I int_set1(I v) noexcept { return v; }
    static I int_sub(I a, I b) noexcept { return static_cast<I>(static_cast<U>(a) - static_cast<U>(b)); }
    template <int k>
    static I int_shl(I a) noexcept {
        return static_cast<I>(static_cast<U>(a) << k);
    }

    static T reduce_add(V a) noexcept { return a; }
    static bool any_gt(V a, V b) noexcept { return a > b; }
    static T reduce_max(V a) noexcept { return a; }

private:
    static constexpr int mantissa_bits = sizeof(T) == 4 ? 23 : 52;
    static constexpr I bias = sizeof(T) == 4 ? 127 : 1023;
    static constexpr I max_exponent = 2 * bias + 1;           // the biased exponent of inf and NaN
    static constexpr I denormal_shift = bias - 1 + mantissa_bits;  // 2^-denormal_shift: the smallest denormal

    /// 2^k for k in the normal exponent range.
    static V pow2(I k) noexcept { return from_bits(static_cast<I>(static_cast<U>(k + bias) << mantissa_bits)); }
    static constexpr I sign_bit() noexcept { return static_cast<I>(U(1) << (sizeof(T) * 8 - 1)); }
};

}  // namespace tensoract::detail::scalar
