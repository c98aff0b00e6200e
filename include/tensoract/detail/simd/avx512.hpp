// tensoract — the AVX-512 backend of the SIMD layer (x86-64, 512-bit vectors, F/DQ/BW/VL).
// Tails use masked loads and stores, so the last elements go through the same instructions as
// the others. Compiled with target attributes, as the AVX2 backend.
//
// Written with the compilers' vector extensions and a few x86 builtins, not <immintrin.h>:
// GCC takes about half a second to parse that header, more than all of tensoract. Each
// operation names the instruction it stands for; the builtins are the ones GCC's and Clang's
// own intrinsic headers expand to, so the code generated is the same.
// SPDX-License-Identifier: MIT
#pragma once

#include "cpu.hpp"

// Empty where this build has no avx512 backend (so that the header compiles on its own anywhere).
#if TENSORACT_HAS_AVX512

#include <cstdint>

#include "target_begin_avx512.hpp"

namespace tensoract::detail::avx512 {

using F16 = float __attribute__((vector_size(64)));
// Element-aligned twins of the vector types, for loads and stores through any pointer. A
// typedef, not `using`: Clang ignores a lowered alignment in an alias declaration.
typedef float F16u __attribute__((vector_size(64), aligned(4), may_alias));  // NOLINT(modernize-use-using)
typedef float F8u __attribute__((vector_size(32), aligned(4), may_alias));  // NOLINT(modernize-use-using)
using F8 = float __attribute__((vector_size(32)));
using F4 = float __attribute__((vector_size(16)));
using D8 = double __attribute__((vector_size(64)));
typedef double D8u __attribute__((vector_size(64), aligned(8), may_alias));  // NOLINT(modernize-use-using)
using D4 = double __attribute__((vector_size(32)));
using D2 = double __attribute__((vector_size(16)));
using I16 = std::int32_t __attribute__((vector_size(64)));
using L8 = long long __attribute__((vector_size(64)));

static_assert(alignof(F16u) == alignof(float), "unaligned vector type");
static_assert(alignof(D8u) == alignof(double), "unaligned vector type");

template <class T>
struct Ops;

template <>
struct Ops<float> {
    using T = float;
    using V = F16;
    using M = I16;  // a comparison's lanes, all ones or zero (kept in a mask register)
    using I = I16;
    static constexpr int lanes = 16;
    static constexpr std::uint16_t all_lanes = 0xffff;
    static constexpr std::uint8_t eight_lanes = 0xff;

    TENSORACT_INLINE static std::uint16_t tail_mask(std::int64_t n) noexcept {
        return static_cast<std::uint16_t>(n >= lanes ? 0xffffU : (1U << n) - 1U);
    }
    TENSORACT_INLINE static V load(const T* p) noexcept { return *reinterpret_cast<const F16u*>(p); }
    /// v, in a register: the load that gives it stays a whole load. GCC folds a select (or an
    /// operation under a mask) on a loaded value into a load under that mask, which cannot
    /// start before the mask's own input has arrived: on arrays in DRAM that halves the loads
    /// in flight (relu_backward, relu6_backward and hardswish_backward on 16M floats: 1.3x to
    /// 2.4x slower than with both inputs loaded whole, one-off A/B).
    TENSORACT_INLINE static V in_register(V v) noexcept {
        __asm__("" : "+v"(v));
        return v;
    }
    TENSORACT_INLINE static void store(T* p, V v) noexcept { *reinterpret_cast<F16u*>(p) = v; }
    TENSORACT_INLINE static void stream(T* p, V v) noexcept {  // vmovntps; p is 64-byte aligned
#if defined(__clang__)
        __builtin_nontemporal_store(v, reinterpret_cast<V*>(p));
#else
        __builtin_ia32_movntps512(p, v);
#endif
    }
    TENSORACT_INLINE static void stream_fence() noexcept { __builtin_ia32_sfence(); }
    TENSORACT_INLINE static V load_partial(const T* p, std::int64_t n) noexcept {  // vmovups with a zeroing mask
        return __builtin_ia32_loadups512_mask(p, V{}, tail_mask(n));
    }
    TENSORACT_INLINE static void store_partial(T* p, V v, std::int64_t n) noexcept {
        __builtin_ia32_storeups512_mask(p, v, tail_mask(n));
    }
    TENSORACT_INLINE static V set1(T v) noexcept { return V{v, v, v, v, v, v, v, v, v, v, v, v, v, v, v, v}; }
    /// v * 2^floor(n), rounded once (vscalefps).
    TENSORACT_INLINE static V scale(V v, V n) noexcept { return __builtin_ia32_scalefps512_mask(v, n, V{}, all_lanes, 4); }
    /// scale where a result may be below the normal range: the same bits, without the
    /// microcode assist that vscalefps takes on Intel's cores whenever its result underflows,
    /// to a denormal or to 0 (~70 ns a vector, a one-off measurement on a Xeon of family 6,
    /// model 207; bench/: sigmoid_derivative[x in -104..-87]; AMD's Zen cores take none). As
    /// on AVX2, such lanes are formed as integers: |v| 2^(k+149) (exact; k = floor(n)) plus
    /// 2^23 rounds to an integer as the product would (to nearest, ties to
    /// even), and its low bits are the result's. A branch skips that for vectors without them.
    TENSORACT_INLINE static V scale_below_normal(V v, V n) noexcept {
        if (__builtin_ia32_cmpps512_mask(n, set1(-125.0F), 0x11, all_lanes, 4) == 0) {  // floor(n) >= -125
            return scale(v, n);
        }
        const I k = __builtin_convertvector(__builtin_ia32_rndscaleps_mask(n, 0x09, n, all_lanes, 4), I);  // floor
        const I low = k < -125;
        // 2^(k+149), clamped at 2^-100 (the result rounds to 0 there either way)
        const I e = k < -249 ? int_set1(-100) : k + 149;
        const V t = abs(v) * from_bits((e + 127) << 23);
        const V big = set1(0x1p23F);
        const V s = t + big;
        const V den = from_bits((bits(s) - bits(big)) | (bits(v) & INT32_MIN));
        const M integer = low & (t < big) & (n == n);  // elsewhere the result is normal (or NaN)
        return select(integer, den, scale(v, select(integer, set1(0.0F), n)));
    }
    /// table[j] per lane, j the low 5 bits of index's bits (two registers, one vpermt2ps).
    TENSORACT_INLINE static V lookup(const T (&table)[32], V index) noexcept {
        const V lo = load(table);
        const V hi = load(table + 16);
#if defined(__clang__)
        return __builtin_ia32_vpermi2varps512(lo, bits(index), hi);
#else
        return __builtin_ia32_vpermt2varps512_mask(bits(index), lo, hi, all_lanes);
#endif
    }
    TENSORACT_INLINE static V load_partial_or(const T* p, std::int64_t n, T fill) noexcept {
        return __builtin_ia32_loadups512_mask(p, set1(fill), tail_mask(n));
    }
    // vcvtps2pd / vcvtpd2ps (round to nearest) on whole zmm registers: GCC lowers a generic
    // conversion of 8 lanes as two 4-lane ones, so it gets the instruction's builtin
    TENSORACT_INLINE static D8 widen_lo(V a) noexcept { return widen(__builtin_shufflevector(a, a, 0, 1, 2, 3, 4, 5, 6, 7)); }
    TENSORACT_INLINE static D8 widen_hi(V a) noexcept {
        return widen(__builtin_shufflevector(a, a, 8, 9, 10, 11, 12, 13, 14, 15));
    }
    /// The 8 floats at p in double: a load folded into vcvtps2pd, where widen_hi of a whole
    /// vector takes a shuffle first.
    TENSORACT_INLINE static D8 widen_half(const T* p) noexcept { return widen(*reinterpret_cast<const F8u*>(p)); }
    TENSORACT_INLINE static V narrow(D8 lo, D8 hi) noexcept {
        const F8 a = __builtin_ia32_cvtpd2ps512_mask(lo, F8{}, eight_lanes, 4);
        const F8 b = __builtin_ia32_cvtpd2ps512_mask(hi, F8{}, eight_lanes, 4);
        return __builtin_shufflevector(a, b, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    }

    TENSORACT_INLINE static V add(V a, V b) noexcept { return a + b; }
    TENSORACT_INLINE static V sub(V a, V b) noexcept { return a - b; }
    TENSORACT_INLINE static V mul(V a, V b) noexcept { return a * b; }
    TENSORACT_INLINE static V div(V a, V b) noexcept { return a / b; }
    TENSORACT_INLINE static V fma(V a, V b, V c) noexcept { return __builtin_ia32_vfmaddps512_mask(a, b, c, all_lanes, 4); }
    // GCC does not fold a negated operand into its fma builtin; Clang has no vfnmadd builtin
#if defined(__clang__)
    TENSORACT_INLINE static V fnma(V a, V b, V c) noexcept { return fma(-a, b, c); }
    TENSORACT_INLINE static V fms(V a, V b, V c) noexcept { return fma(a, b, -c); }
    // vminps / vmaxps: the second operand where either is NaN
    TENSORACT_INLINE static V min(V a, V b) noexcept { return __builtin_ia32_minps512(a, b, 4); }
    TENSORACT_INLINE static V max(V a, V b) noexcept { return __builtin_ia32_maxps512(a, b, 4); }
#else
    TENSORACT_INLINE static V fnma(V a, V b, V c) noexcept { return __builtin_ia32_vfnmaddps512_mask(a, b, c, all_lanes, 4); }
    TENSORACT_INLINE static V fms(V a, V b, V c) noexcept { return __builtin_ia32_vfmsubps512_mask(a, b, c, all_lanes, 4); }
    TENSORACT_INLINE static V min(V a, V b) noexcept { return __builtin_ia32_minps512_mask(a, b, V{}, all_lanes, 4); }
    TENSORACT_INLINE static V max(V a, V b) noexcept { return __builtin_ia32_maxps512_mask(a, b, V{}, all_lanes, 4); }
#endif
    TENSORACT_INLINE static V abs(V a) noexcept { return from_bits(bits(a) & int_set1(0x7fffffff)); }
    TENSORACT_INLINE static V neg(V a) noexcept { return -a; }
    TENSORACT_INLINE static V xor_sign(V a, V s) noexcept { return from_bits(bits(a) ^ (bits(s) & int_set1(INT32_MIN))); }

    TENSORACT_INLINE static M lt(V a, V b) noexcept { return a < b; }
    TENSORACT_INLINE static M le(V a, V b) noexcept { return a <= b; }
    TENSORACT_INLINE static M gt(V a, V b) noexcept { return a > b; }
    TENSORACT_INLINE static V select(M m, V yes, V no) noexcept { return m ? yes : no; }

    TENSORACT_INLINE static I bits(V a) noexcept { return reinterpret_cast<I>(a); }
    TENSORACT_INLINE static V from_bits(I i) noexcept { return reinterpret_cast<V>(i); }
    TENSORACT_INLINE static I int_set1(std::int32_t v) noexcept { return I{v, v, v, v, v, v, v, v, v, v, v, v, v, v, v, v}; }
    TENSORACT_INLINE static I int_sub(I a, I b) noexcept { return a - b; }
    template <int k>
    TENSORACT_INLINE static I int_shl(I a) noexcept {
        return a << k;
    }

    // Halves added (or maxed) pairwise, as GCC's _mm512_reduce_*_ps.
    TENSORACT_INLINE static T reduce_add(V a) noexcept {
        const F8 h = __builtin_shufflevector(a, a, 8, 9, 10, 11, 12, 13, 14, 15) +
                     __builtin_shufflevector(a, a, 0, 1, 2, 3, 4, 5, 6, 7);
        const F4 q = __builtin_shufflevector(h, h, 4, 5, 6, 7) + __builtin_shufflevector(h, h, 0, 1, 2, 3);
        const F4 p = q + __builtin_shufflevector(q, q, 2, 3, 0, 1);
        return p[0] + p[1];
    }
    /// Whether a > b in any lane (a cheap early exit: vcmpps to a mask register, kortest).
    TENSORACT_INLINE static bool any_gt(V a, V b) noexcept { return __builtin_ia32_cmpps512_mask(a, b, 0x1e, all_lanes, 4) != 0; }
    TENSORACT_INLINE static T reduce_max(V a) noexcept {
        const F8 h = max8(__builtin_shufflevector(a, a, 8, 9, 10, 11, 12, 13, 14, 15),
                          __builtin_shufflevector(a, a, 0, 1, 2, 3, 4, 5, 6, 7));
        const F4 q = max4(__builtin_shufflevector(h, h, 4, 5, 6, 7), __builtin_shufflevector(h, h, 0, 1, 2, 3));
        const F4 p = max4(q, __builtin_shufflevector(q, q, 2, 3, 0, 1));
        return max4(p, __builtin_shufflevector(p, p, 1, 0, 1, 0))[0];
    }

private:
    TENSORACT_INLINE static D8 widen(F8 a) noexcept {
#if defined(__clang__)
        return __builtin_convertvector(a, D8);
#else
        return __builtin_ia32_cvtps2pd512_mask(a, D8{}, eight_lanes, 4);
#endif
    }
    TENSORACT_INLINE static F8 max8(F8 a, F8 b) noexcept { return __builtin_ia32_maxps256(a, b); }
    TENSORACT_INLINE static F4 max4(F4 a, F4 b) noexcept { return __builtin_ia32_maxps(a, b); }
};

template <>
struct Ops<double> {
    using T = double;
    using V = D8;
    using M = L8;
    using I = L8;
    static constexpr int lanes = 8;
    static constexpr std::uint8_t all_lanes = 0xff;

    TENSORACT_INLINE static std::uint8_t tail_mask(std::int64_t n) noexcept {
        return static_cast<std::uint8_t>(n >= lanes ? 0xffU : (1U << n) - 1U);
    }
    TENSORACT_INLINE static V load(const T* p) noexcept { return *reinterpret_cast<const D8u*>(p); }
    TENSORACT_INLINE static V in_register(V v) noexcept {  // see the float Ops
        __asm__("" : "+v"(v));
        return v;
    }
    TENSORACT_INLINE static void store(T* p, V v) noexcept { *reinterpret_cast<D8u*>(p) = v; }
    TENSORACT_INLINE static void stream(T* p, V v) noexcept {  // vmovntpd; p is 64-byte aligned
#if defined(__clang__)
        __builtin_nontemporal_store(v, reinterpret_cast<V*>(p));
#else
        __builtin_ia32_movntpd512(p, v);
#endif
    }
    TENSORACT_INLINE static void stream_fence() noexcept { __builtin_ia32_sfence(); }
    TENSORACT_INLINE static V load_partial(const T* p, std::int64_t n) noexcept {
        return __builtin_ia32_loadupd512_mask(p, V{}, tail_mask(n));
    }
    TENSORACT_INLINE static void store_partial(T* p, V v, std::int64_t n) noexcept {
        __builtin_ia32_storeupd512_mask(p, v, tail_mask(n));
    }
    TENSORACT_INLINE static V set1(T v) noexcept { return V{v, v, v, v, v, v, v, v}; }
    TENSORACT_INLINE static V scale(V v, V n) noexcept { return __builtin_ia32_scalefpd512_mask(v, n, V{}, all_lanes, 4); }
    /// As the float scale_below_normal, with 2^(k+1074) and 2^52.
    TENSORACT_INLINE static V scale_below_normal(V v, V n) noexcept {
        if (__builtin_ia32_cmppd512_mask(n, set1(-1021.0), 0x11, all_lanes, 4) == 0) {  // floor(n) >= -1021
            return scale(v, n);
        }
        const I k = __builtin_convertvector(__builtin_ia32_rndscalepd_mask(n, 0x09, n, all_lanes, 4), I);  // floor
        const I low = k < -1021;
        const I e = k < -2074 ? int_set1(-1000) : k + 1074;
        const V t = abs(v) * from_bits((e + 1023) << 52);
        const V big = set1(0x1p52);
        const V s = t + big;
        const V den = from_bits((bits(s) - bits(big)) | (bits(v) & INT64_MIN));
        const M integer = low & (t < big) & (n == n);
        return select(integer, den, scale(v, select(integer, set1(0.0), n)));
    }
    /// table[j] per lane, j the low 4 bits of index's bits.
    TENSORACT_INLINE static V lookup(const T (&table)[16], V index) noexcept {
        const V lo = load(table);
        const V hi = load(table + 8);
#if defined(__clang__)
        return __builtin_ia32_vpermi2varpd512(lo, bits(index), hi);
#else
        return __builtin_ia32_vpermt2varpd512_mask(bits(index), lo, hi, all_lanes);
#endif
    }
    TENSORACT_INLINE static V load_partial_or(const T* p, std::int64_t n, T fill) noexcept {
        return __builtin_ia32_loadupd512_mask(p, set1(fill), tail_mask(n));
    }

    TENSORACT_INLINE static V add(V a, V b) noexcept { return a + b; }
    TENSORACT_INLINE static V sub(V a, V b) noexcept { return a - b; }
    TENSORACT_INLINE static V mul(V a, V b) noexcept { return a * b; }
    TENSORACT_INLINE static V div(V a, V b) noexcept { return a / b; }
    TENSORACT_INLINE static V fma(V a, V b, V c) noexcept { return __builtin_ia32_vfmaddpd512_mask(a, b, c, all_lanes, 4); }
#if defined(__clang__)
    TENSORACT_INLINE static V fnma(V a, V b, V c) noexcept { return fma(-a, b, c); }
    TENSORACT_INLINE static V fms(V a, V b, V c) noexcept { return fma(a, b, -c); }
    TENSORACT_INLINE static V min(V a, V b) noexcept { return __builtin_ia32_minpd512(a, b, 4); }
    TENSORACT_INLINE static V max(V a, V b) noexcept { return __builtin_ia32_maxpd512(a, b, 4); }
#else
    TENSORACT_INLINE static V fnma(V a, V b, V c) noexcept { return __builtin_ia32_vfnmaddpd512_mask(a, b, c, all_lanes, 4); }
    TENSORACT_INLINE static V fms(V a, V b, V c) noexcept { return __builtin_ia32_vfmsubpd512_mask(a, b, c, all_lanes, 4); }
    TENSORACT_INLINE static V min(V a, V b) noexcept { return __builtin_ia32_minpd512_mask(a, b, V{}, all_lanes, 4); }
    TENSORACT_INLINE static V max(V a, V b) noexcept { return __builtin_ia32_maxpd512_mask(a, b, V{}, all_lanes, 4); }
#endif
    TENSORACT_INLINE static V abs(V a) noexcept { return from_bits(bits(a) & int_set1(INT64_MAX)); }
    TENSORACT_INLINE static V neg(V a) noexcept { return -a; }
    TENSORACT_INLINE static V xor_sign(V a, V s) noexcept { return from_bits(bits(a) ^ (bits(s) & int_set1(INT64_MIN))); }

    TENSORACT_INLINE static M lt(V a, V b) noexcept { return a < b; }
    TENSORACT_INLINE static M le(V a, V b) noexcept { return a <= b; }
    TENSORACT_INLINE static M gt(V a, V b) noexcept { return a > b; }
    TENSORACT_INLINE static V select(M m, V yes, V no) noexcept { return m ? yes : no; }

    TENSORACT_INLINE static I bits(V a) noexcept { return reinterpret_cast<I>(a); }
    TENSORACT_INLINE static V from_bits(I i) noexcept { return reinterpret_cast<V>(i); }
    TENSORACT_INLINE static I int_set1(std::int64_t v) noexcept { return I{v, v, v, v, v, v, v, v}; }
    TENSORACT_INLINE static I int_sub(I a, I b) noexcept { return a - b; }
    template <int k>
    TENSORACT_INLINE static I int_shl(I a) noexcept {
        return a << k;
    }

    TENSORACT_INLINE static T reduce_add(V a) noexcept {
        const D4 h = __builtin_shufflevector(a, a, 4, 5, 6, 7) + __builtin_shufflevector(a, a, 0, 1, 2, 3);
        const D2 q = __builtin_shufflevector(h, h, 2, 3) + __builtin_shufflevector(h, h, 0, 1);
        return q[0] + q[1];
    }
    TENSORACT_INLINE static bool any_gt(V a, V b) noexcept { return __builtin_ia32_cmppd512_mask(a, b, 0x1e, all_lanes, 4) != 0; }
    TENSORACT_INLINE static T reduce_max(V a) noexcept {
        const D4 h = max4(__builtin_shufflevector(a, a, 4, 5, 6, 7), __builtin_shufflevector(a, a, 0, 1, 2, 3));
        const D2 q = max2(__builtin_shufflevector(h, h, 2, 3), __builtin_shufflevector(h, h, 0, 1));
        return max2(q, __builtin_shufflevector(q, q, 1, 0))[0];
    }

private:
    TENSORACT_INLINE static D4 max4(D4 a, D4 b) noexcept { return __builtin_ia32_maxpd256(a, b); }
    TENSORACT_INLINE static D2 max2(D2 a, D2 b) noexcept { return __builtin_ia32_maxpd(a, b); }
};

}  // namespace tensoract::detail::avx512

#include "target_end.hpp"

#endif  // TENSORACT_HAS_AVX512
