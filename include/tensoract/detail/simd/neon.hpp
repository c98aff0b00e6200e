// tensoract — the NEON backend of the SIMD layer (AArch64 Advanced SIMD, 128-bit vectors).
// AArch64 has vector division and fused multiply-add, so the kernels run unchanged and give
// the same bits as on x86. NEON has no masked loads: partial vectors go through a small buffer.
// min/max are written as compare + select, for x86's rule (the second operand when unordered).
// SPDX-License-Identifier: MIT
#pragma once

#include "cpu.hpp"

// Empty where this build has no neon backend (so that the header compiles on its own anywhere).
#if TENSORACT_HAS_NEON

#include <arm_neon.h>

#include <cstdint>
#include <cstring>

namespace tensoract::detail::neon {

template <class T>
struct Ops;

template <>
struct Ops<float> {
    using T = float;
    using V = float32x4_t;
    using M = uint32x4_t;
    using I = int32x4_t;
    static constexpr int lanes = 4;

    static V load(const T* p) noexcept { return vld1q_f32(p); }
    static V in_register(V v) noexcept { return v; }
    static void store(T* p, V v) noexcept { vst1q_f32(p, v); }
    static void stream(T* p, V v) noexcept { vst1q_f32(p, v); }
    static void stream_fence() noexcept {}
    static V load_partial_or(const T* p, std::int64_t n, T fill) noexcept {
        T buf[lanes] = {fill, fill, fill, fill};
        std::memcpy(buf, p, static_cast<std::size_t>(n < lanes ? n : lanes) * sizeof(T));
        return vld1q_f32(buf);
    }
    static V load_partial(const T* p, std::int64_t n) noexcept { return load_partial_or(p, n, T(0)); }
    static void store_partial(T* p, V v, std::int64_t n) noexcept {
        T buf[lanes];
        vst1q_f32(buf, v);
        std::memcpy(p, buf, static_cast<std::size_t>(n < lanes ? n : lanes) * sizeof(T));
    }
    static V set1(T v) noexcept { return vdupq_n_f32(v); }
    static V scale(V v, V n) noexcept {
        const int32x4_t k = vcvtmq_s32_f32(n);
        const int32x4_t half = vshrq_n_s32(k, 1);
        const int32x4_t rest = vsubq_s32(k, half);
        const int32x4_t bias = vdupq_n_s32(127);
        const V a = vreinterpretq_f32_s32(vshlq_n_s32(vaddq_s32(half, bias), 23));
        const V b = vreinterpretq_f32_s32(vshlq_n_s32(vaddq_s32(rest, bias), 23));
        return vmulq_f32(vmulq_f32(v, a), b);
    }
    /// scale itself: results below the normal range cost no more here (on AVX2 they do).
    static V scale_below_normal(V v, V n) noexcept { return scale(v, n); }
    /// table[j] per lane, j the low 5 bits of index's bits (lane by lane: tbl works on bytes).
    static V lookup(const T (&table)[32], V index) noexcept {
        const uint32x4_t j = vandq_u32(vreinterpretq_u32_f32(index), vdupq_n_u32(31));
        const T v[lanes] = {table[vgetq_lane_u32(j, 0)], table[vgetq_lane_u32(j, 1)], table[vgetq_lane_u32(j, 2)],
                            table[vgetq_lane_u32(j, 3)]};
        return vld1q_f32(v);
    }
    static float64x2_t widen_lo(V a) noexcept { return vcvt_f64_f32(vget_low_f32(a)); }
    static float64x2_t widen_hi(V a) noexcept { return vcvt_high_f64_f32(a); }
    static float64x2_t widen_half(const T* p) noexcept { return vcvt_f64_f32(vld1_f32(p)); }  // the 2 floats at p
    static V narrow(float64x2_t lo, float64x2_t hi) noexcept { return vcvt_high_f32_f64(vcvt_f32_f64(lo), hi); }

    static V add(V a, V b) noexcept { return vaddq_f32(a, b); }
    static V sub(V a, V b) noexcept { return vsubq_f32(a, b); }
    static V mul(V a, V b) noexcept { return vmulq_f32(a, b); }
    static V div(V a, V b) noexcept { return vdivq_f32(a, b); }
    static V fma(V a, V b, V c) noexcept { return vfmaq_f32(c, a, b); }
    static V fnma(V a, V b, V c) noexcept { return vfmsq_f32(c, a, b); }
    static V fms(V a, V b, V c) noexcept { return vnegq_f32(vfmsq_f32(c, a, b)); }
    static V min(V a, V b) noexcept { return vbslq_f32(vcltq_f32(a, b), a, b); }
    static V max(V a, V b) noexcept { return vbslq_f32(vcgtq_f32(a, b), a, b); }
    static V abs(V a) noexcept { return vabsq_f32(a); }
    static V neg(V a) noexcept { return vnegq_f32(a); }
    static V xor_sign(V a, V s) noexcept {
        const uint32x4_t sign = vandq_u32(vreinterpretq_u32_f32(s), vdupq_n_u32(0x80000000U));
        return vreinterpretq_f32_u32(veorq_u32(vreinterpretq_u32_f32(a), sign));
    }

    static M lt(V a, V b) noexcept { return vcltq_f32(a, b); }
    static M le(V a, V b) noexcept { return vcleq_f32(a, b); }
    static M gt(V a, V b) noexcept { return vcgtq_f32(a, b); }
    static V select(M m, V yes, V no) noexcept { return vbslq_f32(m, yes, no); }

    static I bits(V a) noexcept { return vreinterpretq_s32_f32(a); }
    static V from_bits(I i) noexcept { return vreinterpretq_f32_s32(i); }
    static I int_set1(std::int32_t v) noexcept { return vdupq_n_s32(v); }
    static I int_sub(I a, I b) noexcept { return vsubq_s32(a, b); }
    template <int k>
    static I int_shl(I a) noexcept {
        return vshlq_n_s32(a, k);
    }

    static T reduce_add(V a) noexcept { return vaddvq_f32(a); }
    static bool any_gt(V a, V b) noexcept { return vmaxvq_u32(vcgtq_f32(a, b)) != 0; }
    static T reduce_max(V a) noexcept { return vmaxvq_f32(a); }
};

template <>
struct Ops<double> {
    using T = double;
    using V = float64x2_t;
    using M = uint64x2_t;
    using I = int64x2_t;
    static constexpr int lanes = 2;

    static V load(const T* p) noexcept { return vld1q_f64(p); }
    static V in_register(V v) noexcept { return v; }
    static void store(T* p, V v) noexcept { vst1q_f64(p, v); }
    static void stream(T* p, V v) noexcept { vst1q_f64(p, v); }
    static void stream_fence() noexcept {}
    static V load_partial_or(const T* p, std::int64_t n, T fill) noexcept {
        T buf[lanes] = {fill, fill};
        std::memcpy(buf, p, static_cast<std::size_t>(n < lanes ? n : lanes) * sizeof(T));
        return vld1q_f64(buf);
    }
    static V load_partial(const T* p, std::int64_t n) noexcept { return load_partial_or(p, n, T(0)); }
    static void store_partial(T* p, V v, std::int64_t n) noexcept {
        T buf[lanes];
        vst1q_f64(buf, v);
        std::memcpy(p, buf, static_cast<std::size_t>(n < lanes ? n : lanes) * sizeof(T));
    }
    static V set1(T v) noexcept { return vdupq_n_f64(v); }
    static V scale(V v, V n) noexcept {
        const int64x2_t k = vcvtmq_s64_f64(n);
        const int64x2_t half = vshrq_n_s64(k, 1);
        const int64x2_t rest = vsubq_s64(k, half);
        const int64x2_t bias = vdupq_n_s64(1023);
        const V a = vreinterpretq_f64_s64(vshlq_n_s64(vaddq_s64(half, bias), 52));
        const V b = vreinterpretq_f64_s64(vshlq_n_s64(vaddq_s64(rest, bias), 52));
        return vmulq_f64(vmulq_f64(v, a), b);
    }
    /// scale itself: results below the normal range cost no more here (on AVX2 they do).
    static V scale_below_normal(V v, V n) noexcept { return scale(v, n); }
    static V lookup(const T (&table)[16], V index) noexcept {
        const uint64x2_t j = vandq_u64(vreinterpretq_u64_f64(index), vdupq_n_u64(15));
        const T v[lanes] = {table[vgetq_lane_u64(j, 0)], table[vgetq_lane_u64(j, 1)]};
        return vld1q_f64(v);
    }

    static V add(V a, V b) noexcept { return vaddq_f64(a, b); }
    static V sub(V a, V b) noexcept { return vsubq_f64(a, b); }
    static V mul(V a, V b) noexcept { return vmulq_f64(a, b); }
    static V div(V a, V b) noexcept { return vdivq_f64(a, b); }
    static V fma(V a, V b, V c) noexcept { return vfmaq_f64(c, a, b); }
    static V fnma(V a, V b, V c) noexcept { return vfmsq_f64(c, a, b); }
    static V fms(V a, V b, V c) noexcept { return vnegq_f64(vfmsq_f64(c, a, b)); }
    static V min(V a, V b) noexcept { return vbslq_f64(vcltq_f64(a, b), a, b); }
    static V max(V a, V b) noexcept { return vbslq_f64(vcgtq_f64(a, b), a, b); }
    static V abs(V a) noexcept { return vabsq_f64(a); }
    static V neg(V a) noexcept { return vnegq_f64(a); }
    static V xor_sign(V a, V s) noexcept {
        const uint64x2_t sign = vandq_u64(vreinterpretq_u64_f64(s), vdupq_n_u64(0x8000000000000000ULL));
        return vreinterpretq_f64_u64(veorq_u64(vreinterpretq_u64_f64(a), sign));
    }

    static M lt(V a, V b) noexcept { return vcltq_f64(a, b); }
    static M le(V a, V b) noexcept { return vcleq_f64(a, b); }
    static M gt(V a, V b) noexcept { return vcgtq_f64(a, b); }
    static V select(M m, V yes, V no) noexcept { return vbslq_f64(m, yes, no); }

    static I bits(V a) noexcept { return vreinterpretq_s64_f64(a); }
    static V from_bits(I i) noexcept { return vreinterpretq_f64_s64(i); }
    static I int_set1(std::int64_t v) noexcept { return vdupq_n_s64(v); }
    static I int_sub(I a, I b) noexcept { return vsubq_s64(a, b); }
    template <int k>
    static I int_shl(I a) noexcept {
        return vshlq_n_s64(a, k);
    }

    static T reduce_add(V a) noexcept { return vaddvq_f64(a); }
    static bool any_gt(V a, V b) noexcept { return vmaxvq_u32(vreinterpretq_u32_u64(vcgtq_f64(a, b))) != 0; }
    static T reduce_max(V a) noexcept { return vmaxvq_f64(a); }
};

}  // namespace tensoract::detail::neon

#endif  // TENSORACT_HAS_NEON
