// tensoract — the constants of the kernels' math, per element type.
//
// Two reductions of e^z. The table-driven one (sigmoid, the derivatives, softmax):
// z = k ln2/N + r, |r| <= ln2/(2N), e^z = 2^floor(k/N) 2^(j/N) e^r with j = k mod N, 2^(j/N)
// read from a table as hi + lo, e^r = 1 + r + r^2 P(r) with P the Taylor polynomial: N = 32 and
// degree 1 (float, truncation 2^-30.7), N = 16 and degree 5 (double, 2^-59.5), printed and checked
// by tools/make_exp_tables.py. The one without a table (tanh): z = n ln2 + t, |t| <= ln2/2, n
// rounded by adding a "magic" bias (1.5 * 2^mantissa_bits: the sum's low bits are n), ln2 split
// in a high part with trailing zeros (so n*ln2_hi is exact) and a low part, e^t = 1 + t + t^2 P(t)
// with P fitted on [-0.3466, 0.3466] by tools/fit_exp_poly.py: relative error 2^-30.4 (float,
// degree 5) and 2^-61.4 (double, degree 10). tanh keeps it: its 1 - e^z cancels, and t carried
// as an exact high part plus a small remainder keeps the digits the table form would round off.
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
    static constexpr float log2e = 0x1.715476p+0F;
    static constexpr float magic = 0x1.8p23F;
    static constexpr Int magic_bits = 0x4b400000;
    static constexpr float ln2_hi = 0x1.62e400p-1F;
    static constexpr float ln2_lo = 0x1.7f7d1cp-20F;
    static constexpr int poly_degree = 5;
    static constexpr float poly[poly_degree + 1] = {0x1.000000p-1F,  0x1.555556p-3F,  0x1.5554eap-5F,
                                                    0x1.1110e0p-7F,  0x1.6d4320p-10F, 0x1.a124eep-13F};
    // the table-driven exponential (tools/make_exp_tables.py)
    static constexpr int exp_table_size = 32;
    static constexpr float exp_table_scale = 0x1.715476p+5F;  // N / ln2
    static constexpr float exp_reduce_hi = 0x1.630000p-6F;  // ln2/N, 11 bits
    static constexpr float exp_reduce_lo = -0x1.bd0106p-18F;
    static constexpr float exp_poly[2] = {0x1.000000p-1F, 0x1.555556p-3F};
    alignas(64) static constexpr float exp_table_hi[32] = {0x1.000000p+0F, 0x1.059b0ep+0F, 0x1.0b5586p+0F, 0x1.11301ep+0F, 0x1.172b84p+0F, 0x1.1d4874p+0F, 0x1.2387a6p+0F, 0x1.29e9e0p+0F, 0x1.306fe0p+0F, 0x1.371a74p+0F, 0x1.3dea64p+0F, 0x1.44e086p+0F, 0x1.4bfdaep+0F, 0x1.5342b6p+0F, 0x1.5ab07ep+0F, 0x1.6247ecp+0F, 0x1.6a09e6p+0F, 0x1.71f75ep+0F, 0x1.7a1148p+0F, 0x1.82589ap+0F, 0x1.8ace54p+0F, 0x1.93737cp+0F, 0x1.9c4918p+0F, 0x1.a5503cp+0F, 0x1.ae89fap+0F, 0x1.b7f770p+0F, 0x1.c199bep+0F, 0x1.cb720ep+0F, 0x1.d5818ep+0F, 0x1.dfc974p+0F, 0x1.ea4afap+0F, 0x1.f50766p+0F};
    alignas(64) static constexpr float exp_table_lo[32] = {0x0p+0F, -0x1.9d4f52p-25F, 0x1.9f3122p-25F, -0x1.fdb496p-25F, -0x1.c15742p-27F, -0x1.d2e8cap-25F, 0x1.ceac48p-25F, -0x1.5c0424p-25F, 0x1.4636e2p-25F, -0x1.18aac6p-25F, 0x1.824684p-25F, 0x1.8624b4p-30F, -0x1.593abcp-25F, -0x1.2c5610p-25F, -0x1.5bd5ecp-27F, -0x1.f8b550p-25F, 0x1.9fcef4p-26F, 0x1.1d8beep-25F, -0x1.829fd0p-25F, -0x1.accc7cp-26F, 0x1.15506ep-27F, -0x1.e64744p-25F, 0x1.51f848p-27F, -0x1.b83b54p-25F, -0x1.a94b14p-26F, -0x1.a09438p-25F, -0x1.3d56b2p-27F, -0x1.8837ccp-27F, -0x1.822dbcp-27F, -0x1.908c94p-25F, 0x1.52486cp-27F, -0x1.246eb0p-26F};
    /// e^z's low part is scaled by at least 2^-100 (it cannot matter below, and must not be
    /// a denormal).
    static constexpr float scale_floor = -100.0F;
    /// The largest float below -ln(min normal): sigmoid(x) is normal exactly for x >= -a_max,
    /// and 2^floor(k/N) at -a_max is the smallest normal.
    static constexpr float sigmoid_a_max = 0x1.5d589ep+6F;
    /// Below this e^z is 0 even as a denormal (its derivative kernels clamp here).
    static constexpr float exp_z_min = -110.0F;
    /// softmax skips subtracting the row's max where every x is at most softmax_direct_max and
    /// the max is >= 0 or every x >= softmax_direct_min: e^x is finite, e^max normal, a row of
    /// up to 2^32 terms sums below 2^125 (its reciprocal stays normal), and a term that is
    /// denormal (x < -87.3) is not scaled up by a reciprocal above 1.
    static constexpr float softmax_direct_max = 64.0F;
    static constexpr float softmax_direct_min = -80.0F;
    /// tanh(10) rounds to 1; tanh(x) rounds to x below 2^-12.
    static constexpr float tanh_x_max = 10.0F;
    static constexpr float tanh_x_small = 0x1p-12F;
    /// sigmoid and the derivatives are computed at |x| >= tiny: below it the result rounds to
    /// the value at 0 anyway, and denormal inputs never reach the arithmetic.
    static constexpr float tiny = 0x1p-30F;
    /// silu(x) rounds to -0 below -silu_a_max (x e^x under half the smallest denormal).
    static constexpr float silu_a_max = 112.0F;
    /// silu(x) rounds to x from here up, silu'(x) to 1 from silu_derivative_x_max.
    static constexpr float silu_x_max = 20.0F;
    static constexpr float silu_derivative_x_max = 24.0F;
    /// softsign works on |x| clamped here: the result is +-1 from 2^26, and 1/(1 + |x|) stays
    /// normal.
    static constexpr float softsign_a_max = 0x1p80F;
    /// softsign' scales 1 + |x| by softsign_scale from softsign_scale_at up, so that the
    /// square's low parts stay normal.
    static constexpr float softsign_scale_at = 0x1p32F;
    static constexpr float softsign_scale = 0x1p-64F;
    /// selu's scale and alpha * scale as hi + lo (to ~2^-48); e^z - 1 is finite up to here.
    static constexpr float selu_scale[2] = {0x1.0cfabep+0F, -0x1.2addda0p-25F};
    static constexpr float selu_alpha_scale[2] = {0x1.c212ccp+0F, 0x1.903c0cp-26F};
    static constexpr float expm1_z_max = 88.72F;
    /// expm1 clamps z below this: e^-60 is 2^-86.6, far below half an ULP of -1.
    static constexpr float expm1_z_min = -60.0F;
    /// 2 atanh(s) = 2s + 2s^3 P(s^2) for s^2 in [0, 1/9] (softplus's log1p(w) at s = w/(2 + w),
    /// w in [0, 1]): Chebyshev fit, relative error 2^-25.0 (1/3 rounded; truncation 2^-26.6),
    /// which counts s^2/3 <= 1/27 times less in the result (tools/fit_float_family.py).
    /// gelu "tanh": 2 sqrt(2/pi) and 0.044715 as hi + lo (to 2^-53.5, 2^-49.6).
    static constexpr float gelu_2k[2] = {0x1.988454p+0F, -0x1.857936p-25F};
    static constexpr float gelu_kappa[2] = {0x1.6e4e26p-5F, 0x1.a9003ep-30F};
    /// tanhshrink: (x - tanh x)/x^3 = 1/3 + u Q1(u), u = x^2, |x| <= 0.625 (relative error
    /// 2^-26.6; tools/fit_float_family.py), 1/3 as hi + lo. Above 0.625 tanh's parts (2^-30)
    /// cancel by at most 1/0.11 in x - tanh x.
    static constexpr float tanhshrink_series_max = 0.625F;
    static constexpr float third[2] = {0x1.555556p-2F, -0x1.555556p-27F};
    static constexpr float tanhshrink_q1[6] = {-0x1.111110p-3F, 0x1.ba1b60p-5F,  -0x1.663ffep-6F,
                                               0x1.21184cp-7F,  -0x1.bb3df0p-9F, 0x1.e72d06p-11F};
    static constexpr float atanh_p[5] = {0x1.555556p-2F, 0x1.9998d4p-3F, 0x1.24c926p-3F, 0x1.bc8cf8p-4F,
                                         0x1.dba260p-4F};
};

template <>
struct Constants<double> {
    using Int = std::int64_t;
    static constexpr int mantissa_bits = 52;
    static constexpr Int exponent_bias = 1023;
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
    static constexpr int exp_table_size = 16;
    static constexpr double exp_table_scale = 0x1.71547652b82fep+4;  // N / ln2
    static constexpr double exp_reduce_hi = 0x1.62e42fefa0000p-5;  // ln2/N, 38 bits
    static constexpr double exp_reduce_lo = 0x1.cf79abc9e3b3ap-44;
    static constexpr double exp_poly[6] = {0x1.0000000000000p-1, 0x1.5555555555555p-3, 0x1.5555555555555p-5, 0x1.1111111111111p-7, 0x1.6c16c16c16c17p-10, 0x1.a01a01a01a01ap-13};
    alignas(64) static constexpr double exp_table_hi[16] = {0x1.0000000000000p+0, 0x1.0b5586cf9890fp+0, 0x1.172b83c7d517bp+0, 0x1.2387a6e756238p+0, 0x1.306fe0a31b715p+0, 0x1.3dea64c123422p+0, 0x1.4bfdad5362a27p+0, 0x1.5ab07dd485429p+0, 0x1.6a09e667f3bcdp+0, 0x1.7a11473eb0187p+0, 0x1.8ace5422aa0dbp+0, 0x1.9c49182a3f090p+0, 0x1.ae89f995ad3adp+0, 0x1.c199bdd85529cp+0, 0x1.d5818dcfba487p+0, 0x1.ea4afa2a490dap+0};
    alignas(64) static constexpr double exp_table_lo[16] = {0x0.0p+0, 0x1.8a62e4adc610bp-54, -0x1.19041b9d78a76p-55, 0x1.9b07eb6c70573p-54, 0x1.6f46ad23182e4p-55, 0x1.ada0911f09ebcp-55, 0x1.d4397afec42e2p-56, 0x1.6324c054647adp-54, -0x1.bdd3413b26456p-54, -0x1.41577ee04992fp-55, 0x1.6e9f156864b27p-54, 0x1.c7c46b071f2bep-56, 0x1.7a1cd345dcc81p-54, 0x1.11065895048ddp-55, 0x1.2ed02d75b3707p-55, -0x1.e9c23179c2893p-54};
    static constexpr double scale_floor = -1000.0;
    static constexpr double sigmoid_a_max = 0x1.6232bdd7abcd2p+9;
    static constexpr double exp_z_min = -750.0;
    static constexpr double softmax_direct_max = 512.0;
    static constexpr double softmax_direct_min = -700.0;
    static constexpr double tanh_x_max = 20.0;
    static constexpr double tanh_x_small = 0x1p-27;
    static constexpr double tiny = 0x1p-60;
    static constexpr double silu_a_max = 760.0;
    static constexpr double silu_x_max = 48.0;
    static constexpr double softsign_a_max = 0x1p600;
    static constexpr double softsign_scale_at = 0x1p256;
    static constexpr double softsign_scale = 0x1p-512;
    static constexpr double silu_derivative_x_max = 50.0;

    // ---- the smooth family (tools/make_smooth_constants.py) ----
    /// selu's scale and alpha * scale, exact to ~2^-107 as hi + lo.
    static constexpr double selu_scale[2] = {0x1.0cfabd6a91132p+0, 0x1.6fc7d272f2695p-55};
    static constexpr double selu_alpha_scale[2] = {0x1.c212cc640f031p+0, 0x1.05161b045a1fep-56};
    static constexpr double expm1_z_max = 709.0;
    static constexpr double expm1_z_min = -120.0;  // e^-120 = 2^-173
    /// gelu "tanh": 2 sqrt(2/pi), 0.044715 and 3 * 0.044715 as hi + lo.
    static constexpr double gelu_2k[2] = {0x1.9884533d43651p+0, -0x1.cbc0d30ebfd15p-54};
    static constexpr double gelu_2k_kappa = 0x1.2444f2a4d8b4bp-4;  // 2k * 0.044715, for float lanes
    static constexpr double gelu_kappa[2] = {0x1.6e4e26d4801f7p-5, 0x1.441355475a31ap-59};
    static constexpr double gelu_3kappa[2] = {0x1.12ba9d1f60179p-3, 0x1.f30e7ff583a54p-57};
    /// 1/sqrt(2), 1/sqrt(2 pi) as hi + lo, and 2/sqrt(pi).
    static constexpr double sqrt1_2[2] = {0x1.6a09e667f3bcdp-1, -0x1.bdd3413b26456p-55};
    static constexpr double inv_sqrt_2pi[2] = {0x1.9884533d43651p-2, -0x1.cbc0d30ebfd15p-56};
    static constexpr double two_over_sqrt_pi = 0x1.20dd750429b6dp+0;
    /// tanhshrink: (x - tanh x)/x^3 = 1/3 + u Q1(u), u = x^2, |x| <= tanhshrink_series_max
    /// (relative error 2^-59.0).
    static constexpr double tanhshrink_series_max = 0.625;
    static constexpr double third[2] = {0x1.5555555555555p-2, 0x1.5555555555555p-56};
    static constexpr int tanhshrink_degree = 12;
    static constexpr double tanhshrink_q1[tanhshrink_degree + 1] = {
        -0x1.1111111111111p-3, 0x1.ba1ba1ba1ba14p-5,  -0x1.664f4882c08bbp-6, 0x1.226e355e31d8ep-7,
        -0x1.d6d3d0c6845acp-9, 0x1.7da360a3d791fp-10, -0x1.3557d1203c4b1p-11, 0x1.f57389ccfd46ep-13,
        -0x1.9615ccc5168ecp-14, 0x1.4684a0dea23f9p-15, -0x1.f844e5f339477p-17, 0x1.4c167ec83f710p-18,
        -0x1.0953ca2d01a70p-20};
    /// log1p's polynomial, fdlibm's Lp1..Lp7 (s_log1p.c): |R - (2 atanh(s) - 2s)/s| <= 2^-58.45
    /// for s = f/(2 + f), f in [sqrt(2)/2 - 1, sqrt(2) - 1].
    static constexpr double log1p_lp[7] = {0x1.5555555555593p-1, 0x1.999999997fa04p-2, 0x1.2492494229359p-2,
                                           0x1.c71c51d8e78afp-3, 0x1.7466496cb03dep-3, 0x1.39a09d078c69fp-3,
                                           0x1.2f112df3e5244p-3};
    static constexpr double sqrt2_minus_1 = 0x1.a827999fcef34p-2;
    /// erf and erfc, fdlibm's rational approximations (s_erf.c), by interval of y = |x|:
    /// [0, 0.84375): erf = y + y pp(y^2)/qq(y^2); [0.84375, 1.25): erf = erx + pa(s)/qa(s),
    /// s = y - 1; [1.25, 1/0.35) and [1/0.35, 28): erfc = e^(-y^2 - 0.5625 + r(z)/s(z))/y,
    /// z = 1/y^2 (coefficients ra/sa, rb/sb). Errors 2^-55.9, 2^-58.2, 2^-58.3, 2^-59.3.
    static constexpr double erx = 0x1.b0ac160000000p-1;
    static constexpr double erf_pp[5] = {0x1.06eba8214db68p-3, -0x1.4cd7d691cb913p-2, -0x1.d2a51dbd7194fp-6,
                                         -0x1.7a291236668e4p-8, -0x1.8ead6120016acp-16};
    static constexpr double erf_qq[6] = {0x1.0000000000000p+0, 0x1.97779cddadc09p-2, 0x1.0a54c5536cebap-4,
                                         0x1.4d022c4d36b0fp-8, 0x1.15dc9221c1a10p-13, -0x1.09c4342a26120p-18};
    static constexpr double erf_pa[7] = {-0x1.359b8bef77538p-9, 0x1.a8d00ad92b34dp-2, -0x1.7d240fbb8c3f1p-2,
                                         0x1.45fca805120e4p-2,  -0x1.c63983d3e28ecp-4, 0x1.22a36599795ebp-5,
                                         -0x1.1bf380a96073fp-9};
    static constexpr double erf_qa[7] = {0x1.0000000000000p+0, 0x1.b3e6618eee323p-4, 0x1.14af092eb6f33p-1,
                                         0x1.2635cd99fe9a7p-4, 0x1.02660e763351fp-3, 0x1.bedc26b51dd1cp-7,
                                         0x1.88b545735151dp-7};
    static constexpr double erfc_ra[8] = {-0x1.43412600d6435p-7, -0x1.63416e4ba7360p-1, -0x1.51e0441b0e726p+3,
                                          -0x1.f300ae4cba38dp+5, -0x1.44cb184282266p+7, -0x1.7135cebccabb2p+7,
                                          -0x1.4526557e4d2f2p+6, -0x1.3a0efc69ac25cp+3};
    static constexpr double erfc_sa[9] = {0x1.0000000000000p+0, 0x1.3a6b9bd707687p+4, 0x1.1350c526ae721p+7,
                                          0x1.b290dd58a1a71p+8, 0x1.42b1921ec2868p+9, 0x1.ad02157700314p+8,
                                          0x1.b28a3ee48ae2cp+6, 0x1.a47ef8e484a93p+2, -0x1.eeff2ee749a62p-5};
    static constexpr double erfc_rb[7] = {-0x1.4341239e86f4ap-7, -0x1.993ba70c285dep-1, -0x1.1c209555f995ap+4,
                                          -0x1.4145d43c5ed98p+7, -0x1.3ec881375f228p+9, -0x1.004616a2e5992p+10,
                                          -0x1.e384e9bdc383fp+8};
    /// For float lanes (computed in double without hi + lo pairs): erfc(y) = t e^(-y^2 + F(t)),
    /// t = 2/(2 + y), y in [0, 10.4]: absolute error of F 2^-39.5 (tools/fit_float_family.py).
    static constexpr double erfc_exponent[17] = {
        -0x1.43f8ab52dd180p+0, 0x1.0002bff2025a3p+0, 0x1.7f31ff13d70fap-2, 0x1.79a3775ce3585p-4,
        -0x1.39b83d30245e8p-3, 0x1.c07a2022d2fcfp-3, -0x1.860c90b1674e2p+0, 0x1.0daa122f8b929p+2,
        -0x1.1c31500ab9b8fp+3, 0x1.c3209bd498df1p+3, -0x1.d5b4272570786p+3, 0x1.0f1eba39d5eaep+3,
        -0x1.8d797134c9fc7p-1, -0x1.5036aec6f6207p+1, 0x1.0076403e8a02bp+1, -0x1.4e9f2b67a4455p-1,
        0x1.5d97427e5a12dp-4};
    static constexpr double erfc_sb[8] = {0x1.0000000000000p+0, 0x1.e568b261d5190p+4, 0x1.45cae221b9f0ap+8,
                                          0x1.802eb189d5118p+10, 0x1.8ffb7688c246ap+11, 0x1.3f219cedf3be6p+11,
                                          0x1.da874e79fe763p+8, -0x1.670e242712d62p+4};
};

}  // namespace tensoract::detail::simd
