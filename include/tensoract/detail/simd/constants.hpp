// tensoract — the constants of the kernels' math, per element type.
//
// e^z is reduced as z = n ln2 + t, |t| <= ln2/2, with n rounded by adding a "magic" bias
// (1.5 * 2^mantissa_bits: the sum's low bits are n) and ln2 split in a high part with trailing
// zeros (so n*ln2_hi is exact) and a low part. e^t = 1 + t + t^2 P(t), P fitted on
// [-0.3466, 0.3466] by tools/fit_exp_poly.py: relative error 2^-30.4 (float, degree 5) and
// 2^-61.4 (double, degree 10), far below the final rounding.
// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>

namespace tensoract::detail::simd {

template <class T>
struct Constants;

template <>
struct Constants<float> {
    using Int = std::int32_t;
    static constexpr int mantissa_bits = 23;
    static constexpr Int exponent_bias = 127;
    static constexpr int min_normal_exponent = -126;
    static constexpr float log2e = 0x1.715476p+0F;
    static constexpr float magic = 0x1.8p23F;
    static constexpr Int magic_bits = 0x4b400000;
    static constexpr float ln2_hi = 0x1.62e400p-1F;
    static constexpr float ln2_lo = 0x1.7f7d1cp-20F;
    static constexpr int poly_degree = 5;
    static constexpr float poly[poly_degree + 1] = {0x1.000000p-1F,  0x1.555556p-3F,  0x1.5554eap-5F,
                                                    0x1.1110e0p-7F,  0x1.6d4320p-10F, 0x1.a124eep-13F};
    static constexpr float min_normal = 0x1p-126F;
    /// sigmoid's exponent is clamped here: n >= -126 keeps 2^-n finite, and sigmoid(-87.5)
    /// is already below the smallest normal, so results are flushed to 0 from here on.
    static constexpr float sigmoid_z_min = -87.5F;
    /// For positive x the exponent is clamped here: sigmoid(x) rounds to 1 above 17.33.
    static constexpr float sigmoid_positive_z_min = -20.0F;
    /// Below this e^z is 0 even as a denormal (its derivative kernels clamp here).
    static constexpr float exp_z_min = -110.0F;
    /// tanh(10) rounds to 1; tanh(x) rounds to x below 2^-12.
    static constexpr float tanh_x_max = 10.0F;
    static constexpr float tanh_x_small = 0x1p-12F;
    /// sigmoid and the derivatives are computed at |x| >= tiny: below it the result rounds to
    /// the value at 0 anyway, and denormal inputs never reach the arithmetic.
    static constexpr float tiny = 0x1p-30F;
    /// Quotients that may be tiny are formed this much larger (corrections stay normal).
    static constexpr float quotient_scale = 0x1p48F;
};

template <>
struct Constants<double> {
    using Int = std::int64_t;
    static constexpr int mantissa_bits = 52;
    static constexpr Int exponent_bias = 1023;
    static constexpr int min_normal_exponent = -1022;
    static constexpr double log2e = 0x1.71547652b82fep+0;
    static constexpr double magic = 0x1.8p52;
    static constexpr Int magic_bits = 0x4338000000000000;
    static constexpr double ln2_hi = 0x1.62e42fee00000p-1;
    static constexpr double ln2_lo = 0x1.a39ef35793c76p-33;
    static constexpr int poly_degree = 10;
    static constexpr double poly[poly_degree + 1] = {
        0x1.0000000000000p-1,  0x1.5555555555557p-3,  0x1.5555555555556p-5,  0x1.11111111100dcp-7,
        0x1.6c16c16c162d5p-10, 0x1.a01a01abe78f9p-13, 0x1.a01a01a6d84aap-16, 0x1.71de0232f4775p-19,
        0x1.27e4db653346ep-22, 0x1.af4de6a36d4fcp-26, 0x1.1f7301a8efa5cp-29};
    static constexpr double min_normal = 0x1p-1022;
    static constexpr double sigmoid_z_min = -709.0;
    static constexpr double sigmoid_positive_z_min = -40.0;  // rounds to 1 above 37.43
    static constexpr double exp_z_min = -750.0;
    static constexpr double tanh_x_max = 20.0;
    static constexpr double tanh_x_small = 0x1p-27;
    static constexpr double tiny = 0x1p-60;
    static constexpr double quotient_scale = 0x1p100;
};

}  // namespace tensoract::detail::simd
