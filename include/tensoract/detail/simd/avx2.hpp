// tensoract — the AVX2 + FMA backend of the SIMD layer (x86-64, 256-bit vectors). Compiled with
// target attributes, so a program built without -mavx2 still gets it when the CPU has it.
// SPDX-License-Identifier: MIT
#pragma once

#include "cpu.hpp"

// Empty where this build has no avx2 backend (so that the header compiles on its own anywhere).
#if TENSORACT_HAS_AVX2

#include <cstdint>
#include <immintrin.h>

#include "target_begin_avx2.hpp"

namespace tensoract::detail::avx2 {

template <class T>
struct Ops;

template <>
struct Ops<float> {
    using T = float;
    using V = __m256;
    using M = __m256;
    using I = __m256i;
    static constexpr int lanes = 8;

    static __m256i tail_mask(std::int64_t n) noexcept {
        const __m256i idx = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
        return _mm256_cmpgt_epi32(_mm256_set1_epi32(static_cast<int>(n)), idx);
    }
    static V load(const T* p) noexcept { return _mm256_loadu_ps(p); }
    static void store(T* p, V v) noexcept { _mm256_storeu_ps(p, v); }
    static void stream(T* p, V v) noexcept { _mm256_stream_ps(p, v); }
    static void stream_fence() noexcept { _mm_sfence(); }
    static V load_partial(const T* p, std::int64_t n) noexcept { return _mm256_maskload_ps(p, tail_mask(n)); }
    static void store_partial(T* p, V v, std::int64_t n) noexcept { _mm256_maskstore_ps(p, tail_mask(n), v); }
    static V set1(T v) noexcept { return _mm256_set1_ps(v); }
    /// v * 2^floor(n) for n in [-200, 200], rounded once: two exact power-of-two factors
    /// (the second may round into the denormals), as AVX-512's scalef in one.
    static V scale(V v, V n) noexcept {
        const __m256i k = _mm256_cvtps_epi32(_mm256_floor_ps(n));
        const __m256i half = _mm256_srai_epi32(k, 1);
        const __m256i rest = _mm256_sub_epi32(k, half);
        const __m256i bias = _mm256_set1_epi32(127);
        const V a = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(half, bias), 23));
        const V b = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(rest, bias), 23));
        return _mm256_mul_ps(_mm256_mul_ps(v, a), b);
    }
    /// table[j] per lane, j the low 5 bits of index's bits (a gather: AVX2 has no two-register
    /// permute).
    static V lookup(const T (&table)[32], V index) noexcept {
        return _mm256_i32gather_ps(table, _mm256_and_si256(_mm256_castps_si256(index), _mm256_set1_epi32(31)), 4);
    }
    static V load_partial_or(const T* p, std::int64_t n, T fill) noexcept {
        const __m256i m = tail_mask(n);
        return _mm256_blendv_ps(_mm256_set1_ps(fill), _mm256_maskload_ps(p, m), _mm256_castsi256_ps(m));
    }
    static __m256d widen_lo(V a) noexcept { return _mm256_cvtps_pd(_mm256_castps256_ps128(a)); }
    static __m256d widen_hi(V a) noexcept { return _mm256_cvtps_pd(_mm256_extractf128_ps(a, 1)); }
    static V narrow(__m256d lo, __m256d hi) noexcept {
        return _mm256_insertf128_ps(_mm256_castps128_ps256(_mm256_cvtpd_ps(lo)), _mm256_cvtpd_ps(hi), 1);
    }

    static V add(V a, V b) noexcept { return _mm256_add_ps(a, b); }
    static V sub(V a, V b) noexcept { return _mm256_sub_ps(a, b); }
    static V mul(V a, V b) noexcept { return _mm256_mul_ps(a, b); }
    static V div(V a, V b) noexcept { return _mm256_div_ps(a, b); }
    static V fma(V a, V b, V c) noexcept { return _mm256_fmadd_ps(a, b, c); }
    static V fnma(V a, V b, V c) noexcept { return _mm256_fnmadd_ps(a, b, c); }
    static V fms(V a, V b, V c) noexcept { return _mm256_fmsub_ps(a, b, c); }
    static V min(V a, V b) noexcept { return _mm256_min_ps(a, b); }
    static V max(V a, V b) noexcept { return _mm256_max_ps(a, b); }
    static V abs(V a) noexcept { return _mm256_andnot_ps(_mm256_set1_ps(-0.0F), a); }
    static V neg(V a) noexcept { return _mm256_xor_ps(_mm256_set1_ps(-0.0F), a); }
    static V xor_sign(V a, V s) noexcept { return _mm256_xor_ps(a, _mm256_and_ps(s, _mm256_set1_ps(-0.0F))); }

    static M lt(V a, V b) noexcept { return _mm256_cmp_ps(a, b, _CMP_LT_OQ); }
    static M le(V a, V b) noexcept { return _mm256_cmp_ps(a, b, _CMP_LE_OQ); }
    static M gt(V a, V b) noexcept { return _mm256_cmp_ps(a, b, _CMP_GT_OQ); }
    static V select(M m, V yes, V no) noexcept { return _mm256_blendv_ps(no, yes, m); }

    static I bits(V a) noexcept { return _mm256_castps_si256(a); }
    static V from_bits(I i) noexcept { return _mm256_castsi256_ps(i); }
    static I int_set1(std::int32_t v) noexcept { return _mm256_set1_epi32(v); }
    static I int_sub(I a, I b) noexcept { return _mm256_sub_epi32(a, b); }
    template <int k>
    static I int_shl(I a) noexcept {
        return _mm256_slli_epi32(a, k);
    }

    static T reduce_add(V a) noexcept {
        __m128 s = _mm_add_ps(_mm256_castps256_ps128(a), _mm256_extractf128_ps(a, 1));
        s = _mm_add_ps(s, _mm_movehl_ps(s, s));
        s = _mm_add_ss(s, _mm_movehdup_ps(s));
        return _mm_cvtss_f32(s);
    }
    static T reduce_max(V a) noexcept {
        __m128 s = _mm_max_ps(_mm256_castps256_ps128(a), _mm256_extractf128_ps(a, 1));
        s = _mm_max_ps(s, _mm_movehl_ps(s, s));
        s = _mm_max_ss(s, _mm_movehdup_ps(s));
        return _mm_cvtss_f32(s);
    }
};

template <>
struct Ops<double> {
    using T = double;
    using V = __m256d;
    using M = __m256d;
    using I = __m256i;
    static constexpr int lanes = 4;

    static __m256i tail_mask(std::int64_t n) noexcept {
        const __m256i idx = _mm256_setr_epi64x(0, 1, 2, 3);
        return _mm256_cmpgt_epi64(_mm256_set1_epi64x(n), idx);
    }
    static V load(const T* p) noexcept { return _mm256_loadu_pd(p); }
    static void store(T* p, V v) noexcept { _mm256_storeu_pd(p, v); }
    static void stream(T* p, V v) noexcept { _mm256_stream_pd(p, v); }
    static void stream_fence() noexcept { _mm_sfence(); }
    static V load_partial(const T* p, std::int64_t n) noexcept { return _mm256_maskload_pd(p, tail_mask(n)); }
    static void store_partial(T* p, V v, std::int64_t n) noexcept { _mm256_maskstore_pd(p, tail_mask(n), v); }
    static V set1(T v) noexcept { return _mm256_set1_pd(v); }
    static V scale(V v, V n) noexcept {
        // n fits in int32: two exact power-of-two factors, as for float
        const __m128i k = _mm256_cvtpd_epi32(_mm256_floor_pd(n));
        const __m128i half = _mm_srai_epi32(k, 1);
        const __m128i rest = _mm_sub_epi32(k, half);
        const __m256i bias = _mm256_set1_epi64x(1023);
        const V a = _mm256_castsi256_pd(_mm256_slli_epi64(_mm256_add_epi64(_mm256_cvtepi32_epi64(half), bias), 52));
        const V b = _mm256_castsi256_pd(_mm256_slli_epi64(_mm256_add_epi64(_mm256_cvtepi32_epi64(rest), bias), 52));
        return _mm256_mul_pd(_mm256_mul_pd(v, a), b);
    }
    static V lookup(const T (&table)[16], V index) noexcept {
        return _mm256_i64gather_pd(table, _mm256_and_si256(_mm256_castpd_si256(index), _mm256_set1_epi64x(15)), 8);
    }
    static V load_partial_or(const T* p, std::int64_t n, T fill) noexcept {
        const __m256i m = tail_mask(n);
        return _mm256_blendv_pd(_mm256_set1_pd(fill), _mm256_maskload_pd(p, m), _mm256_castsi256_pd(m));
    }

    static V add(V a, V b) noexcept { return _mm256_add_pd(a, b); }
    static V sub(V a, V b) noexcept { return _mm256_sub_pd(a, b); }
    static V mul(V a, V b) noexcept { return _mm256_mul_pd(a, b); }
    static V div(V a, V b) noexcept { return _mm256_div_pd(a, b); }
    static V fma(V a, V b, V c) noexcept { return _mm256_fmadd_pd(a, b, c); }
    static V fnma(V a, V b, V c) noexcept { return _mm256_fnmadd_pd(a, b, c); }
    static V fms(V a, V b, V c) noexcept { return _mm256_fmsub_pd(a, b, c); }
    static V min(V a, V b) noexcept { return _mm256_min_pd(a, b); }
    static V max(V a, V b) noexcept { return _mm256_max_pd(a, b); }
    static V abs(V a) noexcept { return _mm256_andnot_pd(_mm256_set1_pd(-0.0), a); }
    static V neg(V a) noexcept { return _mm256_xor_pd(_mm256_set1_pd(-0.0), a); }
    static V xor_sign(V a, V s) noexcept { return _mm256_xor_pd(a, _mm256_and_pd(s, _mm256_set1_pd(-0.0))); }

    static M lt(V a, V b) noexcept { return _mm256_cmp_pd(a, b, _CMP_LT_OQ); }
    static M le(V a, V b) noexcept { return _mm256_cmp_pd(a, b, _CMP_LE_OQ); }
    static M gt(V a, V b) noexcept { return _mm256_cmp_pd(a, b, _CMP_GT_OQ); }
    static V select(M m, V yes, V no) noexcept { return _mm256_blendv_pd(no, yes, m); }

    static I bits(V a) noexcept { return _mm256_castpd_si256(a); }
    static V from_bits(I i) noexcept { return _mm256_castsi256_pd(i); }
    static I int_set1(std::int64_t v) noexcept { return _mm256_set1_epi64x(v); }
    static I int_sub(I a, I b) noexcept { return _mm256_sub_epi64(a, b); }
    template <int k>
    static I int_shl(I a) noexcept {
        return _mm256_slli_epi64(a, k);
    }

    static T reduce_add(V a) noexcept {
        __m128d s = _mm_add_pd(_mm256_castpd256_pd128(a), _mm256_extractf128_pd(a, 1));
        s = _mm_add_sd(s, _mm_unpackhi_pd(s, s));
        return _mm_cvtsd_f64(s);
    }
    static T reduce_max(V a) noexcept {
        __m128d s = _mm_max_pd(_mm256_castpd256_pd128(a), _mm256_extractf128_pd(a, 1));
        s = _mm_max_sd(s, _mm_unpackhi_pd(s, s));
        return _mm_cvtsd_f64(s);
    }
};

}  // namespace tensoract::detail::avx2

#include "target_end.hpp"

#endif  // TENSORACT_HAS_AVX2
