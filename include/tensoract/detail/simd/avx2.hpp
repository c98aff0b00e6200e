// tensoract — the AVX2 + FMA backend of the SIMD layer (x86-64, 256-bit vectors). Compiled with
// target attributes, so a program built without -mavx2 still gets it when the CPU has it.
// Written with vector extensions and x86 builtins instead of <immintrin.h>, as the AVX-512
// backend (see there why).
// SPDX-License-Identifier: MIT
#pragma once

#include "cpu.hpp"

// Empty where this build has no avx2 backend (so that the header compiles on its own anywhere).
#if TENSORACT_HAS_AVX2

#include <cstdint>

#include "target_begin_avx2.hpp"

namespace tensoract::detail::avx2 {

using F8 = float __attribute__((vector_size(32)));
// Element-aligned twins of the vector types, for loads and stores through any pointer. A
// typedef, not `using`: Clang ignores a lowered alignment in an alias declaration.
typedef float F8u __attribute__((vector_size(32), aligned(4), may_alias));  // NOLINT(modernize-use-using)
typedef float F4u __attribute__((vector_size(16), aligned(4), may_alias));  // NOLINT(modernize-use-using)
using F4 = float __attribute__((vector_size(16)));
using D4 = double __attribute__((vector_size(32)));
typedef double D4u __attribute__((vector_size(32), aligned(8), may_alias));  // NOLINT(modernize-use-using)
using D2 = double __attribute__((vector_size(16)));
using I8 = std::int32_t __attribute__((vector_size(32)));
using I4 = std::int32_t __attribute__((vector_size(16)));
using L4 = long long __attribute__((vector_size(32)));

static_assert(alignof(F8u) == alignof(float), "unaligned vector type");
static_assert(alignof(D4u) == alignof(double), "unaligned vector type");

template <class T>
struct Ops;

template <>
struct Ops<float> {
    using T = float;
    using V = F8;
    using M = I8;  // a comparison's lanes, all ones or zero
    using I = I8;
    static constexpr int lanes = 8;

    TENSORACT_INLINE static I tail_mask(std::int64_t n) noexcept { return I{0, 1, 2, 3, 4, 5, 6, 7} < static_cast<std::int32_t>(n); }
    TENSORACT_INLINE static V load(const T* p) noexcept { return *reinterpret_cast<const F8u*>(p); }
    TENSORACT_INLINE static V in_register(V v) noexcept { return v; }  // blends take their operands unmasked
    TENSORACT_INLINE static void store(T* p, V v) noexcept { *reinterpret_cast<F8u*>(p) = v; }
    TENSORACT_INLINE static void stream(T* p, V v) noexcept {  // vmovntps; p is 32-byte aligned
#if defined(__clang__)
        __builtin_nontemporal_store(v, reinterpret_cast<V*>(p));
#else
        __builtin_ia32_movntps256(p, v);
#endif
    }
    TENSORACT_INLINE static void stream_fence() noexcept { __builtin_ia32_sfence(); }
    TENSORACT_INLINE static V load_partial(const T* p, std::int64_t n) noexcept {  // vmaskmovps
        return __builtin_ia32_maskloadps256(reinterpret_cast<const V*>(p), tail_mask(n));
    }
    TENSORACT_INLINE static void store_partial(T* p, V v, std::int64_t n) noexcept {
        __builtin_ia32_maskstoreps256(reinterpret_cast<V*>(p), tail_mask(n), v);
    }
    TENSORACT_INLINE static V set1(T v) noexcept { return V{v, v, v, v, v, v, v, v}; }
    /// v * 2^floor(n) for n in [-200, 200], rounded once: two exact power-of-two factors
    /// (the second may round into the denormals), as AVX-512's scalef in one.
    TENSORACT_INLINE static V scale(V v, V n) noexcept {
        const I k = __builtin_ia32_cvtps2dq256(__builtin_ia32_roundps256(n, 1));  // vroundps toward -inf
        const I half = k >> 1;
        const I rest = k - half;
        const V a = from_bits((half + 127) << 23);
        const V b = from_bits((rest + 127) << 23);
        return v * a * b;
    }
    /// scale where a result may be below the normal range: the same bits, without the
    /// microcode assist that a product rounding into the denormals takes on x86. Such lanes are formed as integers: |v| 2^(k+149) (exact; k = floor(n))
    /// plus 2^23 rounds to an integer as the product would round (to nearest, ties to even),
    /// and its low bits are the result's. A branch skips that for vectors without such lanes.
    TENSORACT_INLINE static V scale_below_normal(V v, V n) noexcept {
        const I k = __builtin_ia32_cvtps2dq256(__builtin_ia32_roundps256(n, 1));
        const I low = k < -125;  // 2^k below 2^-125: the result may be denormal
        if (__builtin_ia32_movmskps256(from_bits(low)) == 0) {
            return scale(v, n);
        }
        // 2^(k+149), clamped at 2^-100 (the result rounds to 0 there either way)
        const I e = k < -249 ? int_set1(-100) : k + 149;
        const V t = abs(v) * from_bits((e + 127) << 23);
        const V big = set1(0x1p23F);
        const V s = t + big;
        const V den = from_bits((bits(s) - bits(big)) | (bits(v) & INT32_MIN));
        const M integer = low & (t < big) & (n == n);  // elsewhere the result is normal (or NaN)
        return select(integer, den, scale(v, select(integer, set1(0.0F), n)));
    }
    /// table[j] per lane, j the low 5 bits of index's bits: four in-register permutes
    /// (vpermps takes j's low 3 bits) and three blends (two on bit 3, one on bit 4). Not a
    /// gather: vgatherdps is microcoded and slow on AMD's Zen cores, and the derivatives use
    /// two lookups per vector.
    /// (For double's 16 entries the gather stays: the permutes were no faster there.)
    TENSORACT_INLINE static V lookup(const T (&table)[32], V index) noexcept {
        const I j = bits(index);
        const V q0 = __builtin_ia32_permvarsf256(load(table), j);
        const V q1 = __builtin_ia32_permvarsf256(load(table + 8), j);
        const V q2 = __builtin_ia32_permvarsf256(load(table + 16), j);
        const V q3 = __builtin_ia32_permvarsf256(load(table + 24), j);
        const V bit3 = from_bits(j << 28);  // vblendvps picks by the sign bit
        const V lo = __builtin_ia32_blendvps256(q0, q1, bit3);
        const V hi = __builtin_ia32_blendvps256(q2, q3, bit3);
        return __builtin_ia32_blendvps256(lo, hi, from_bits(j << 27));
    }
    TENSORACT_INLINE static V load_partial_or(const T* p, std::int64_t n, T fill) noexcept {
        return tail_mask(n) ? load_partial(p, n) : set1(fill);
    }
    // vcvtps2pd / vcvtpd2ps (round to nearest), as the AVX-512 backend
    TENSORACT_INLINE static D4 widen_lo(V a) noexcept { return widen(__builtin_shufflevector(a, a, 0, 1, 2, 3)); }
    TENSORACT_INLINE static D4 widen_hi(V a) noexcept { return widen(__builtin_shufflevector(a, a, 4, 5, 6, 7)); }
    /// The 4 floats at p in double (as the AVX-512 backend's).
    TENSORACT_INLINE static D4 widen_half(const T* p) noexcept { return widen(*reinterpret_cast<const F4u*>(p)); }
    TENSORACT_INLINE static V narrow(D4 lo, D4 hi) noexcept {
        return __builtin_shufflevector(__builtin_ia32_cvtpd2ps256(lo), __builtin_ia32_cvtpd2ps256(hi), 0, 1, 2, 3, 4, 5, 6, 7);
    }

    TENSORACT_INLINE static V add(V a, V b) noexcept { return a + b; }
    TENSORACT_INLINE static V sub(V a, V b) noexcept { return a - b; }
    TENSORACT_INLINE static V mul(V a, V b) noexcept { return a * b; }
    TENSORACT_INLINE static V div(V a, V b) noexcept { return a / b; }
    TENSORACT_INLINE static V fma(V a, V b, V c) noexcept { return __builtin_ia32_vfmaddps256(a, b, c); }
    // GCC does not fold a negated operand into its fma builtin; Clang has no vfnmadd builtin
#if defined(__clang__)
    TENSORACT_INLINE static V fnma(V a, V b, V c) noexcept { return fma(-a, b, c); }
    TENSORACT_INLINE static V fms(V a, V b, V c) noexcept { return fma(a, b, -c); }
#else
    TENSORACT_INLINE static V fnma(V a, V b, V c) noexcept { return __builtin_ia32_vfnmaddps256(a, b, c); }
    TENSORACT_INLINE static V fms(V a, V b, V c) noexcept { return __builtin_ia32_vfmsubps256(a, b, c); }
#endif
    // vminps / vmaxps: the second operand where either is NaN
    TENSORACT_INLINE static V min(V a, V b) noexcept { return __builtin_ia32_minps256(a, b); }
    TENSORACT_INLINE static V max(V a, V b) noexcept { return __builtin_ia32_maxps256(a, b); }
    TENSORACT_INLINE static V abs(V a) noexcept { return from_bits(bits(a) & 0x7fffffff); }
    TENSORACT_INLINE static V neg(V a) noexcept { return -a; }
    TENSORACT_INLINE static V xor_sign(V a, V s) noexcept { return from_bits(bits(a) ^ (bits(s) & INT32_MIN)); }

    TENSORACT_INLINE static M lt(V a, V b) noexcept { return a < b; }
    TENSORACT_INLINE static M le(V a, V b) noexcept { return a <= b; }
    TENSORACT_INLINE static M gt(V a, V b) noexcept { return a > b; }
    TENSORACT_INLINE static V select(M m, V yes, V no) noexcept { return m ? yes : no; }

    TENSORACT_INLINE static I bits(V a) noexcept { return reinterpret_cast<I>(a); }
    TENSORACT_INLINE static V from_bits(I i) noexcept { return reinterpret_cast<V>(i); }
    TENSORACT_INLINE static I int_set1(std::int32_t v) noexcept { return I{v, v, v, v, v, v, v, v}; }
    TENSORACT_INLINE static I int_sub(I a, I b) noexcept { return a - b; }
    template <int k>
    TENSORACT_INLINE static I int_shl(I a) noexcept {
        return a << k;
    }

    TENSORACT_INLINE static T reduce_add(V a) noexcept {
        F4 s = __builtin_shufflevector(a, a, 0, 1, 2, 3) + __builtin_shufflevector(a, a, 4, 5, 6, 7);
        s = s + __builtin_shufflevector(s, s, 2, 3, 2, 3);
        return s[0] + s[1];
    }
    /// Whether a > b in any lane (vcmpps, vmovmskps).
    TENSORACT_INLINE static bool any_gt(V a, V b) noexcept { return __builtin_ia32_movmskps256(from_bits(a > b)) != 0; }
    TENSORACT_INLINE static T reduce_max(V a) noexcept {
        F4 s = max4(__builtin_shufflevector(a, a, 0, 1, 2, 3), __builtin_shufflevector(a, a, 4, 5, 6, 7));
        s = max4(s, __builtin_shufflevector(s, s, 2, 3, 2, 3));
        return s[0] > s[1] ? s[0] : s[1];  // vmaxss
    }

private:
    TENSORACT_INLINE static D4 widen(F4 a) noexcept {
#if defined(__clang__)
        return __builtin_convertvector(a, D4);
#else
        return __builtin_ia32_cvtps2pd256(a);
#endif
    }
    TENSORACT_INLINE static F4 max4(F4 a, F4 b) noexcept { return __builtin_ia32_maxps(a, b); }
};

template <>
struct Ops<double> {
    using T = double;
    using V = D4;
    using M = L4;
    using I = L4;
    static constexpr int lanes = 4;

    TENSORACT_INLINE static I tail_mask(std::int64_t n) noexcept { return I{0, 1, 2, 3} < n; }
    TENSORACT_INLINE static V load(const T* p) noexcept { return *reinterpret_cast<const D4u*>(p); }
    TENSORACT_INLINE static V in_register(V v) noexcept { return v; }  // blends take their operands unmasked
    TENSORACT_INLINE static void store(T* p, V v) noexcept { *reinterpret_cast<D4u*>(p) = v; }
    TENSORACT_INLINE static void stream(T* p, V v) noexcept {  // vmovntpd; p is 32-byte aligned
#if defined(__clang__)
        __builtin_nontemporal_store(v, reinterpret_cast<V*>(p));
#else
        __builtin_ia32_movntpd256(p, v);
#endif
    }
    TENSORACT_INLINE static void stream_fence() noexcept { __builtin_ia32_sfence(); }
    TENSORACT_INLINE static V load_partial(const T* p, std::int64_t n) noexcept {  // vmaskmovpd
        return __builtin_ia32_maskloadpd256(reinterpret_cast<const V*>(p), tail_mask(n));
    }
    TENSORACT_INLINE static void store_partial(T* p, V v, std::int64_t n) noexcept {
        __builtin_ia32_maskstorepd256(reinterpret_cast<V*>(p), tail_mask(n), v);
    }
    TENSORACT_INLINE static V set1(T v) noexcept { return V{v, v, v, v}; }
    TENSORACT_INLINE static V scale(V v, V n) noexcept {
        // n fits in int32: two exact power-of-two factors, as for float
        const I4 k = __builtin_ia32_cvtpd2dq256(__builtin_ia32_roundpd256(n, 1));  // vroundpd toward -inf
        const I4 half = k >> 1;
        const I4 rest = k - half;
        const V a = from_bits((__builtin_convertvector(half, I) + 1023) << 52);
        const V b = from_bits((__builtin_convertvector(rest, I) + 1023) << 52);
        return v * a * b;
    }
    /// As the float scale_below_normal, with 2^(k+1074) and 2^52.
    TENSORACT_INLINE static V scale_below_normal(V v, V n) noexcept {
        const I4 k = __builtin_ia32_cvtpd2dq256(__builtin_ia32_roundpd256(n, 1));
        const I4 low4 = k < -1021;
        if (__builtin_ia32_movmskps(reinterpret_cast<F4>(low4)) == 0) {
            return scale(v, n);
        }
        const I4 e = k < -2074 ? I4{-1000, -1000, -1000, -1000} : k + 1074;
        const V t = abs(v) * from_bits((__builtin_convertvector(e, I) + 1023) << 52);
        const V big = set1(0x1p52);
        const V s = t + big;
        const V den = from_bits((bits(s) - bits(big)) | (bits(v) & INT64_MIN));
        const M integer = __builtin_convertvector(low4, I) & (t < big) & (n == n);
        return select(integer, den, scale(v, select(integer, set1(0.0), n)));
    }
    TENSORACT_INLINE static V lookup(const T (&table)[16], V index) noexcept {
        const I j = bits(index) & 15;
#if defined(__clang__)
        return __builtin_ia32_gatherq_pd256(V{}, table, j, from_bits(int_set1(-1)), 8);
#else
        return __builtin_ia32_gatherdiv4df(V{}, table, j, from_bits(int_set1(-1)), 8);
#endif
    }
    TENSORACT_INLINE static V load_partial_or(const T* p, std::int64_t n, T fill) noexcept {
        return tail_mask(n) ? load_partial(p, n) : set1(fill);
    }

    TENSORACT_INLINE static V add(V a, V b) noexcept { return a + b; }
    TENSORACT_INLINE static V sub(V a, V b) noexcept { return a - b; }
    TENSORACT_INLINE static V mul(V a, V b) noexcept { return a * b; }
    TENSORACT_INLINE static V div(V a, V b) noexcept { return a / b; }
    TENSORACT_INLINE static V fma(V a, V b, V c) noexcept { return __builtin_ia32_vfmaddpd256(a, b, c); }
#if defined(__clang__)
    TENSORACT_INLINE static V fnma(V a, V b, V c) noexcept { return fma(-a, b, c); }
    TENSORACT_INLINE static V fms(V a, V b, V c) noexcept { return fma(a, b, -c); }
#else
    TENSORACT_INLINE static V fnma(V a, V b, V c) noexcept { return __builtin_ia32_vfnmaddpd256(a, b, c); }
    TENSORACT_INLINE static V fms(V a, V b, V c) noexcept { return __builtin_ia32_vfmsubpd256(a, b, c); }
#endif
    TENSORACT_INLINE static V min(V a, V b) noexcept { return __builtin_ia32_minpd256(a, b); }
    TENSORACT_INLINE static V max(V a, V b) noexcept { return __builtin_ia32_maxpd256(a, b); }
    TENSORACT_INLINE static V abs(V a) noexcept { return from_bits(bits(a) & INT64_MAX); }
    TENSORACT_INLINE static V neg(V a) noexcept { return -a; }
    TENSORACT_INLINE static V xor_sign(V a, V s) noexcept { return from_bits(bits(a) ^ (bits(s) & INT64_MIN)); }

    TENSORACT_INLINE static M lt(V a, V b) noexcept { return a < b; }
    TENSORACT_INLINE static M le(V a, V b) noexcept { return a <= b; }
    TENSORACT_INLINE static M gt(V a, V b) noexcept { return a > b; }
    TENSORACT_INLINE static V select(M m, V yes, V no) noexcept { return m ? yes : no; }

    TENSORACT_INLINE static I bits(V a) noexcept { return reinterpret_cast<I>(a); }
    TENSORACT_INLINE static V from_bits(I i) noexcept { return reinterpret_cast<V>(i); }
    TENSORACT_INLINE static I int_set1(std::int64_t v) noexcept { return I{v, v, v, v}; }
    TENSORACT_INLINE static I int_sub(I a, I b) noexcept { return a - b; }
    template <int k>
    TENSORACT_INLINE static I int_shl(I a) noexcept {
        return a << k;
    }

    TENSORACT_INLINE static T reduce_add(V a) noexcept {
        const D2 s = __builtin_shufflevector(a, a, 0, 1) + __builtin_shufflevector(a, a, 2, 3);
        return s[0] + s[1];
    }
    TENSORACT_INLINE static bool any_gt(V a, V b) noexcept { return __builtin_ia32_movmskpd256(from_bits(a > b)) != 0; }
    TENSORACT_INLINE static T reduce_max(V a) noexcept {
        const D2 lo = __builtin_shufflevector(a, a, 0, 1);
        const D2 hi = __builtin_shufflevector(a, a, 2, 3);
        const D2 s = __builtin_ia32_maxpd(lo, hi);
        return s[0] > s[1] ? s[0] : s[1];
    }
};

}  // namespace tensoract::detail::avx2

#include "target_end.hpp"

#endif  // TENSORACT_HAS_AVX2
