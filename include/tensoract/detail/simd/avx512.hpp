// tensoract — the AVX-512 backend of the SIMD layer (x86-64, 512-bit vectors, F/DQ/BW/VL).
// Tails use masked loads and stores, so the last elements go through the same instructions as
// the others. Compiled with target attributes, as the AVX2 backend.
// SPDX-License-Identifier: MIT
#pragma once

#include "cpu.hpp"

// Empty where this build has no avx512 backend (so that the header compiles on its own anywhere).
#if TENSORACT_HAS_AVX512

#include <cstdint>
#include <immintrin.h>

#include "target_begin_avx512.hpp"

namespace tensoract::detail::avx512 {

template <class T>
struct Ops;

template <>
struct Ops<float> {
    using T = float;
    using V = __m512;
    using M = __mmask16;
    using I = __m512i;
    static constexpr int lanes = 16;

    static M tail_mask(std::int64_t n) noexcept {
        return static_cast<M>(n >= lanes ? 0xffffU : (1U << n) - 1U);
    }
    static V load(const T* p) noexcept { return _mm512_loadu_ps(p); }
    static void store(T* p, V v) noexcept { _mm512_storeu_ps(p, v); }
    static void stream(T* p, V v) noexcept { _mm512_stream_ps(p, v); }
    static void stream_fence() noexcept { _mm_sfence(); }
    static V load_partial(const T* p, std::int64_t n) noexcept { return _mm512_maskz_loadu_ps(tail_mask(n), p); }
    static void store_partial(T* p, V v, std::int64_t n) noexcept { _mm512_mask_storeu_ps(p, tail_mask(n), v); }
    static V set1(T v) noexcept { return _mm512_set1_ps(v); }
    /// v * 2^floor(n), rounded once.
    static V scale(V v, V n) noexcept { return _mm512_scalef_ps(v, n); }
    /// table[j] per lane, j the low 5 bits of index's bits (two registers, one vpermt2ps).
    static V lookup(const T (&table)[32], V index) noexcept {
        return _mm512_permutex2var_ps(_mm512_load_ps(table), _mm512_castps_si512(index), _mm512_load_ps(table + 16));
    }
    static V load_partial_or(const T* p, std::int64_t n, T fill) noexcept {
        return _mm512_mask_loadu_ps(_mm512_set1_ps(fill), tail_mask(n), p);
    }
    static __m512d widen_lo(V a) noexcept { return _mm512_cvtps_pd(_mm512_castps512_ps256(a)); }
    static __m512d widen_hi(V a) noexcept {
        return _mm512_cvtps_pd(_mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(a), 1)));
    }
    static V narrow(__m512d lo, __m512d hi) noexcept {
        return _mm512_insertf32x8(_mm512_castps256_ps512(_mm512_cvtpd_ps(lo)), _mm512_cvtpd_ps(hi), 1);
    }

    static V add(V a, V b) noexcept { return _mm512_add_ps(a, b); }
    static V sub(V a, V b) noexcept { return _mm512_sub_ps(a, b); }
    static V mul(V a, V b) noexcept { return _mm512_mul_ps(a, b); }
    static V div(V a, V b) noexcept { return _mm512_div_ps(a, b); }
    static V fma(V a, V b, V c) noexcept { return _mm512_fmadd_ps(a, b, c); }
    static V fnma(V a, V b, V c) noexcept { return _mm512_fnmadd_ps(a, b, c); }
    static V fms(V a, V b, V c) noexcept { return _mm512_fmsub_ps(a, b, c); }
    static V min(V a, V b) noexcept { return _mm512_min_ps(a, b); }
    static V max(V a, V b) noexcept { return _mm512_max_ps(a, b); }
    static V abs(V a) noexcept { return _mm512_andnot_ps(_mm512_set1_ps(-0.0F), a); }
    static V neg(V a) noexcept { return _mm512_xor_ps(_mm512_set1_ps(-0.0F), a); }
    static V xor_sign(V a, V s) noexcept { return _mm512_xor_ps(a, _mm512_and_ps(s, _mm512_set1_ps(-0.0F))); }

    static M lt(V a, V b) noexcept { return _mm512_cmp_ps_mask(a, b, _CMP_LT_OQ); }
    static M le(V a, V b) noexcept { return _mm512_cmp_ps_mask(a, b, _CMP_LE_OQ); }
    static M gt(V a, V b) noexcept { return _mm512_cmp_ps_mask(a, b, _CMP_GT_OQ); }
    static V select(M m, V yes, V no) noexcept { return _mm512_mask_blend_ps(m, no, yes); }

    static I bits(V a) noexcept { return _mm512_castps_si512(a); }
    static V from_bits(I i) noexcept { return _mm512_castsi512_ps(i); }
    static I int_set1(std::int32_t v) noexcept { return _mm512_set1_epi32(v); }
    static I int_sub(I a, I b) noexcept { return _mm512_sub_epi32(a, b); }
    template <int k>
    static I int_shl(I a) noexcept {
        return _mm512_slli_epi32(a, k);
    }

    static T reduce_add(V a) noexcept { return _mm512_reduce_add_ps(a); }
    static T reduce_max(V a) noexcept { return _mm512_reduce_max_ps(a); }
};

template <>
struct Ops<double> {
    using T = double;
    using V = __m512d;
    using M = __mmask8;
    using I = __m512i;
    static constexpr int lanes = 8;

    static M tail_mask(std::int64_t n) noexcept {
        return static_cast<M>(n >= lanes ? 0xffU : (1U << n) - 1U);
    }
    static V load(const T* p) noexcept { return _mm512_loadu_pd(p); }
    static void store(T* p, V v) noexcept { _mm512_storeu_pd(p, v); }
    static void stream(T* p, V v) noexcept { _mm512_stream_pd(p, v); }
    static void stream_fence() noexcept { _mm_sfence(); }
    static V load_partial(const T* p, std::int64_t n) noexcept { return _mm512_maskz_loadu_pd(tail_mask(n), p); }
    static void store_partial(T* p, V v, std::int64_t n) noexcept { _mm512_mask_storeu_pd(p, tail_mask(n), v); }
    static V set1(T v) noexcept { return _mm512_set1_pd(v); }
    static V scale(V v, V n) noexcept { return _mm512_scalef_pd(v, n); }
    /// table[j] per lane, j the low 4 bits of index's bits.
    static V lookup(const T (&table)[16], V index) noexcept {
        return _mm512_permutex2var_pd(_mm512_load_pd(table), _mm512_castpd_si512(index), _mm512_load_pd(table + 8));
    }
    static V load_partial_or(const T* p, std::int64_t n, T fill) noexcept {
        return _mm512_mask_loadu_pd(_mm512_set1_pd(fill), tail_mask(n), p);
    }

    static V add(V a, V b) noexcept { return _mm512_add_pd(a, b); }
    static V sub(V a, V b) noexcept { return _mm512_sub_pd(a, b); }
    static V mul(V a, V b) noexcept { return _mm512_mul_pd(a, b); }
    static V div(V a, V b) noexcept { return _mm512_div_pd(a, b); }
    static V fma(V a, V b, V c) noexcept { return _mm512_fmadd_pd(a, b, c); }
    static V fnma(V a, V b, V c) noexcept { return _mm512_fnmadd_pd(a, b, c); }
    static V fms(V a, V b, V c) noexcept { return _mm512_fmsub_pd(a, b, c); }
    static V min(V a, V b) noexcept { return _mm512_min_pd(a, b); }
    static V max(V a, V b) noexcept { return _mm512_max_pd(a, b); }
    static V abs(V a) noexcept { return _mm512_andnot_pd(_mm512_set1_pd(-0.0), a); }
    static V neg(V a) noexcept { return _mm512_xor_pd(_mm512_set1_pd(-0.0), a); }
    static V xor_sign(V a, V s) noexcept { return _mm512_xor_pd(a, _mm512_and_pd(s, _mm512_set1_pd(-0.0))); }

    static M lt(V a, V b) noexcept { return _mm512_cmp_pd_mask(a, b, _CMP_LT_OQ); }
    static M le(V a, V b) noexcept { return _mm512_cmp_pd_mask(a, b, _CMP_LE_OQ); }
    static M gt(V a, V b) noexcept { return _mm512_cmp_pd_mask(a, b, _CMP_GT_OQ); }
    static V select(M m, V yes, V no) noexcept { return _mm512_mask_blend_pd(m, no, yes); }

    static I bits(V a) noexcept { return _mm512_castpd_si512(a); }
    static V from_bits(I i) noexcept { return _mm512_castsi512_pd(i); }
    static I int_set1(std::int64_t v) noexcept { return _mm512_set1_epi64(v); }
    static I int_sub(I a, I b) noexcept { return _mm512_sub_epi64(a, b); }
    template <int k>
    static I int_shl(I a) noexcept {
        return _mm512_slli_epi64(a, k);
    }

    static T reduce_add(V a) noexcept { return _mm512_reduce_add_pd(a); }
    static T reduce_max(V a) noexcept { return _mm512_reduce_max_pd(a); }
};

}  // namespace tensoract::detail::avx512

#include "target_end.hpp"

#endif  // TENSORACT_HAS_AVX512
