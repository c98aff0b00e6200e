// Exhaustive accuracy proof: every one of the 2^32 float32 bit patterns through sigmoid, tanh,
// sigmoid_derivative and tanh_derivative, on every instruction set this machine runs, against
// a reference in double (and in __float128 where the double reference sits too close to a
// rounding boundary to decide). Fails unless every result is within the stated bound and all
// instruction sets give the same bits.
//
// Double gets a dense random sweep (2^24 inputs per function by default) against __float128 (AArch64: long double, the same format).
//
//   exhaustive [--threads N] [--stride S] [--family-stride F] [--double COUNT] [--only a,b,...]
//     stride > 1 samples every S-th float pattern, for a quick look; family-stride samples every
//     function but the four the kernels issue names (sigmoid, tanh and their derivatives) every
//     F-th pattern further. The ctest runs those four on every float and the other 31 on every
//     32nd, with 2^20 doubles per function (CI's time); bench/accuracy.sh runs them all on every
//     float, with 2^24 doubles. --only grades the named functions alone (names as printed,
//     e.g. --only "softplus(1,20),mish'"), for kernel work.
#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <limits>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

// The quad-precision reference: __float128 with libquadmath on x86-64, and long double,
// which is IEEE binary128 there, on AArch64.
#if defined(__aarch64__)
using quad = long double;
inline quad expq(quad x) { return std::exp(x); }
inline quad tanhq(quad x) { return std::tanh(x); }
inline quad fabsq(quad x) { return std::fabs(x); }
inline quad expm1q(quad x) { return std::expm1(x); }
inline quad log1pq(quad x) { return std::log1p(x); }
inline quad erfcq(quad x) { return std::erfc(x); }
#elif __has_include(<quadmath.h>)
#include <quadmath.h>
using quad = __float128;
#else  // clang: libquadmath's header sits in GCC's private include directory
extern "C" {
__float128 expq(__float128) noexcept;
__float128 tanhq(__float128) noexcept;
__float128 fabsq(__float128) noexcept;
__float128 expm1q(__float128) noexcept;
__float128 log1pq(__float128) noexcept;
__float128 erfcq(__float128) noexcept;
}
using quad = __float128;
#endif

#include <tensoract/detail/simd/dispatch.hpp>

namespace {

using tensoract::InstructionSet;
using tensoract::detail::simd::Unary;

struct Function {
    const char* name;
    Unary op;
    double bound;  // max error in ULP, as documented
    // f(x) with the kernel's parameters, in double (accurate to a few double ULPs of the result)
    // and in quad (decides the cases the double value cannot)
    double (*ref)(double x, double a, double b);
    quad (*ref_quad)(quad x, double a, double b);
    double a = 0;  // the parameters (negative_slope; min_val, max_val)
    double b = 0;
    bool flush = false;  // results below the smallest normal are 0 (sigmoid)
    // double only: an absolute error allowed where |f| < double_abs_below (silu', mish', gelu'
    // and gelu_tanh' for double, which lose relative accuracy next to their zeros)
    double double_abs_slack = 0;
    double double_abs_below = 0x1p-8;
    double double_bound = 0;  // double's bound where it differs from float's (gelu: 2 ULP)
};

/// e^-a for a >= 0 (or NaN): glibc's exp, or 0 where that rounds to 0 anyway (e^-746 is
/// below half the smallest denormal), without its underflow path (errno), where 7% of the
/// sigmoid_derivative sweep's time went.
double exp_neg(double a) { return a > 746 ? 0.0 : std::exp(-a); }

double sigmoid_ref(double x, double /*a*/, double /*b*/) {
    const double e = exp_neg(std::fabs(x));
    return (x >= 0 ? 1.0 : e) / (1.0 + e);
}
quad sigmoid_quad(quad x, double /*a*/, double /*b*/) { return quad(1) / (quad(1) + expq(-x)); }
double tanh_ref(double x, double /*a*/, double /*b*/) { return std::tanh(x); }
quad tanh_quad(quad x, double /*a*/, double /*b*/) { return tanhq(x); }
double sigmoid_derivative_ref(double x, double /*a*/, double /*b*/) {
    const double e = exp_neg(std::fabs(x));
    return e / ((1 + e) * (1 + e));
}
quad sigmoid_derivative_quad(quad x, double /*a*/, double /*b*/) {
    const quad e = expq(-fabsq(x));
    return e / ((1 + e) * (1 + e));
}
double tanh_derivative_ref(double x, double /*a*/, double /*b*/) {
    const double e = exp_neg(2 * std::fabs(x));
    return 4 * e / ((1 + e) * (1 + e));
}
quad tanh_derivative_quad(quad x, double /*a*/, double /*b*/) {
    const quad e = expq(-2 * fabsq(x));
    return 4 * e / ((1 + e) * (1 + e));
}
// the piecewise-linear family: exact in double (a product of two floats, or x + 3 and a
// division whose rounding is far below a float's)
template <class R>
R leaky_relu_ref(R x, double a, double /*b*/) { return x > 0 ? x : x * static_cast<R>(a); }
template <class R>
R leaky_relu_derivative_ref(R x, double a, double /*b*/) { return x > 0 ? R(1) : static_cast<R>(a); }
template <class R>
R hardtanh_ref(R x, double a, double b) { return x < a ? static_cast<R>(a) : (x > b ? static_cast<R>(b) : x); }
template <class R>
R hardtanh_derivative_ref(R x, double a, double b) { return x <= a || x >= b ? R(0) : R(1); }
template <class R>
R hardsigmoid_ref(R x, double /*a*/, double /*b*/) { return x <= -3 ? R(0) : (x >= 3 ? R(1) : (x + 3) / 6); }
template <class R>
R hardsigmoid_derivative_ref(R x, double /*a*/, double /*b*/) { return x > -3 && x < 3 ? R(1) / 6 : R(0); }
template <class R>
R hardswish_ref(R x, double /*a*/, double /*b*/) { return x <= -3 ? R(-0.0) : (x >= 3 ? x : x * (x + 3) / 6); }
template <class R>
R hardswish_derivative_ref(R x, double /*a*/, double /*b*/) {
    return x < -3 ? R(0) : (x <= 3 ? (2 * x + 3) / 6 : R(1));
}
double silu_ref(double x, double /*a*/, double /*b*/) {
    if (x > 60) {
        return x;
    }
    return x < -800 ? -0.0 : x / (1 + std::exp(-x));
}
quad silu_quad(quad x, double /*a*/, double /*b*/) {
    if (x > 60) {
        return x;
    }
    return x < -800 ? quad(-0.0) : x / (1 + expq(-x));
}
quad silu_derivative_quad(quad x, double /*a*/, double /*b*/) {
    if (x > 100) {
        return 1;
    }
    if (x < -800) {
        return quad(-0.0);
    }
    const quad s = quad(1) / (quad(1) + expq(-x));
    const quad u = quad(1) / (quad(1) + expq(x));  // 1 - s
    return s * (1 + x * u);
}
/// s (1 + x (1 - s)); where it is near its zero (x ~ -1.2785) in quad, since the double sum
/// cancels there.
double silu_derivative_ref(double x, double a, double b) {
    if (x > 100) {
        return 1;
    }
    if (x < -800) {
        return -0.0;
    }
    if (x > -1.4 && x < -1.15) {
        return static_cast<double>(silu_derivative_quad(static_cast<quad>(x), a, b));
    }
    const double s = 1 / (1 + std::exp(-x));
    const double u = 1 / (1 + std::exp(x));
    return s * std::fma(x, u, 1.0);
}
template <class R>
R softsign_ref(R x, double /*a*/, double /*b*/) {
    if (x == std::numeric_limits<double>::infinity() || -x == std::numeric_limits<double>::infinity()) {
        return x > 0 ? R(1) : R(-1);
    }
    return x / (1 + (x < 0 ? -x : x));
}
template <class R>
R softsign_derivative_ref(R x, double /*a*/, double /*b*/) {
    const R d = 1 + (x < 0 ? -x : x);
    return 1 / (d * d);
}

// ---- the smooth family. Double references accurate to a few double ULPs (quad where a
// double formula cancels), quad ones for the decisions.
constexpr double selu_alpha_scale_hi = 0x1.c212cc640f031p+0;
constexpr double selu_alpha_scale_lo = 0x1.05161b045a1fep-56;
constexpr double selu_scale_hi = 0x1.0cfabd6a91132p+0;
constexpr double selu_scale_lo = 0x1.6fc7d272f2695p-55;
double elu_ref(double x, double a, double /*b*/) { return x > 0 ? x : a * std::expm1(x); }
quad elu_quad(quad x, double a, double /*b*/) { return x > 0 ? x : static_cast<quad>(a) * expm1q(x); }
double elu_derivative_ref(double x, double a, double /*b*/) { return x > 0 || std::isnan(x) ? 1.0 : a * std::exp(x); }
quad elu_derivative_quad(quad x, double a, double /*b*/) { return x > 0 ? quad(1) : static_cast<quad>(a) * expq(x); }
double selu_ref(double x, double /*a*/, double /*b*/) {
    return x > 0 ? x * selu_scale_hi : selu_alpha_scale_hi * std::expm1(x);
}
quad selu_quad(quad x, double /*a*/, double /*b*/) {
    return x > 0 ? x * (quad(selu_scale_hi) + selu_scale_lo) : (quad(selu_alpha_scale_hi) + selu_alpha_scale_lo) * expm1q(x);
}
double selu_derivative_ref(double x, double /*a*/, double /*b*/) {
    return x > 0 || std::isnan(x) ? selu_scale_hi : selu_alpha_scale_hi * std::exp(x);
}
quad selu_derivative_quad(quad x, double /*a*/, double /*b*/) {
    return x > 0 ? quad(selu_scale_hi) + selu_scale_lo : (quad(selu_alpha_scale_hi) + selu_alpha_scale_lo) * expq(x);
}
// softplus(beta, threshold): beta x compared in float, as the kernel (and PyTorch)
double softplus_ref(double x, double a, double b) {
    if (static_cast<float>(x * a) > static_cast<float>(b)) {
        return x;
    }
    const double z = x * a;
    return (z > 0 ? z + std::log1p(std::exp(-z)) : std::log1p(std::exp(z))) / a;
}
quad softplus_quad(quad x, double a, double b) {
    if (static_cast<float>(static_cast<double>(x) * a) > static_cast<float>(b)) {
        return x;
    }
    const quad z = x * static_cast<quad>(a);
    return (z > 0 ? z + log1pq(expq(-z)) : log1pq(expq(z))) / static_cast<quad>(a);
}
double softplus_derivative_ref(double x, double a, double b) {
    if (static_cast<float>(x * a) > static_cast<float>(b)) {
        return 1;
    }
    return 1 / (1 + std::exp(-x * a));
}
quad softplus_derivative_quad(quad x, double a, double b) {
    if (static_cast<float>(static_cast<double>(x) * a) > static_cast<float>(b)) {
        return 1;
    }
    return 1 / (1 + expq(-x * static_cast<quad>(a)));
}
double logsigmoid_ref(double x, double /*a*/, double /*b*/) {
    return x < 0 ? x - std::log1p(std::exp(x)) : -std::log1p(std::exp(-x));
}
quad logsigmoid_quad(quad x, double /*a*/, double /*b*/) { return x < 0 ? x - log1pq(expq(x)) : -log1pq(expq(-x)); }
double logsigmoid_derivative_ref(double x, double /*a*/, double /*b*/) { return 1 / (1 + std::exp(x)); }
quad logsigmoid_derivative_quad(quad x, double /*a*/, double /*b*/) { return 1 / (1 + expq(x)); }
quad tanhshrink_quad(quad x, double /*a*/, double /*b*/) {
    if (fabsq(x) < quad(0.0625)) {  // the series: x - tanh x cancels
        const quad u = x * x;
        quad s = 0;
        // tanh's Taylor coefficients (with sign) times -1, from x^3: 1/3, -2/15, 17/315, ...
        const quad c[] = {quad(1) / 3,          quad(-2) / 15,         quad(17) / 315,         quad(-62) / 2835,
                          quad(1382) / 155925,  quad(-21844) / 6081075, quad(929569) / 638512875, quad(-6404582) / 10854718875};
        for (int i = 7; i >= 0; --i) {
            s = s * u + c[i];
        }
        return x * u * s;
    }
    return x - tanhq(x);
}
double tanhshrink_ref(double x, double a, double b) {
    const double ax = std::fabs(x);
    if (ax < 1.0 && ax >= 0x1p-6) {
        return static_cast<double>(x - std::tanh(static_cast<long double>(x)));  // long double: cancels
    }
    if (ax < 0x1p-6) {
        const double u = x * x;
        return x * u * (1.0 / 3 + u * (-2.0 / 15 + u * (17.0 / 315 + u * (-62.0 / 2835 + u * 1382.0 / 155925))));
    }
    static_cast<void>(a);
    static_cast<void>(b);
    return x - std::tanh(x);
}
double tanhshrink_derivative_ref(double x, double /*a*/, double /*b*/) {
    const double t = std::tanh(x);
    return t * t;
}
quad tanhshrink_derivative_quad(quad x, double /*a*/, double /*b*/) {
    const quad t = tanhq(x);
    return t * t;
}
template <class R, R (*Exp)(R)>
R mish_generic(R x) {
    // tanh(softplus(x)) from w = e^-|x| without cancellation
    const R w = Exp(-(x < 0 ? -x : x));
    if (x >= 0) {
        return x * (1 + 2 * w) / (1 + 2 * w + 2 * w * w);
    }
    return x * w * (w + 2) / (2 + w * (w + 2));
}
template <class R, R (*Exp)(R)>
R mish_derivative_generic(R x) {
    const R w = Exp(-(x < 0 ? -x : x));
    if (x >= 0) {
        const R d = 1 + 2 * w + 2 * w * w;
        return (1 + 2 * w) / d + 4 * x * w * w * (1 + w) / (d * d);
    }
    const R d = 2 + w * (w + 2);
    return w / d * ((w + 2) + 4 * x * (1 + w) / d);
}
double exp_d(double x) { return std::exp(x); }
quad exp_q(quad x) { return expq(x); }
quad mish_quad(quad x, double /*a*/, double /*b*/) {
    if (x < -1e4) {
        return quad(-0.0);
    }
    return x > 1e4 ? x : mish_generic<quad, exp_q>(x);
}
double mish_ref(double x, double /*a*/, double /*b*/) {
    if (x < -1e4 || x > 1e4 || std::isnan(x)) {
        return x < -1e4 ? -0.0 : x;
    }
    return mish_generic<double, exp_d>(x);
}
quad mish_derivative_quad(quad x, double /*a*/, double /*b*/) {
    if (x < -1e4) {
        return quad(-0.0);
    }
    return x > 1e4 ? quad(1) : mish_derivative_generic<quad, exp_q>(x);
}
/// near the zero (x ~ -1.1924) in quad: the bracket cancels
double mish_derivative_ref(double x, double a, double b) {
    if (x > -1.4 && x < -1.0) {
        return static_cast<double>(mish_derivative_quad(static_cast<quad>(x), a, b));
    }
    if (x < -1e4 || x > 1e4) {
        return x < -1e4 ? -0.0 : 1.0;
    }
    return mish_derivative_generic<double, exp_d>(x);
}
constexpr double sqrt1_2 = 0.70710678118654752440;
quad gelu_quad(quad x, double /*a*/, double /*b*/) {
    if (x < -100) {
        return quad(-0.0);
    }
    return x > 100 ? x : x * erfcq(-x * (quad(sqrt1_2) + quad(-0x1.bdd3413b26456p-55))) / 2;
}
double gelu_ref(double x, double /*a*/, double /*b*/) {
    if (x < -100 || x > 100) {
        return x < -100 ? -0.0 : x;
    }
    return x * std::erfc(-x * sqrt1_2) / 2;
}
quad gelu_derivative_quad(quad x, double /*a*/, double /*b*/) {
    if (x < -100) {
        return quad(-0.0);
    }
    if (x > 100) {
        return 1;
    }
    const quad r = quad(sqrt1_2) + quad(-0x1.bdd3413b26456p-55);
    return erfcq(-x * r) / 2 + x * expq(-x * x / 2) * r * quad(0x1.20dd750429b6dp-1) ;
}
double gelu_derivative_ref(double x, double a, double b) {
    if (x > -0.85 && x < -0.65) {
        return static_cast<double>(gelu_derivative_quad(static_cast<quad>(x), a, b));
    }
    if (x < -100 || x > 100) {
        return x < -100 ? -0.0 : 1.0;
    }
    return std::erfc(-x * sqrt1_2) / 2 + x * std::exp(-x * x / 2) * 0.39894228040143267794;
}
constexpr double gelu_k2 = 0x1.9884533d43651p+0;  // 2 sqrt(2/pi)
quad gelu_kappa_q() { return quad(0x1.6e4e26d4801f7p-5) + quad(0x1.441355475a31ap-59); }  // 0.044715
quad gelu_tanh_quad(quad x, double /*a*/, double /*b*/) {
    if (x < -100) {
        return quad(-0.0);
    }
    if (x > 100) {
        return x;
    }
    const quad z = (quad(gelu_k2) + quad(-0x1.cbc0d30ebfd15p-54)) * x * (1 + gelu_kappa_q() * x * x);
    return x / (1 + expq(-z));
}
double gelu_tanh_ref(double x, double /*a*/, double /*b*/) {
    if (x < -100 || x > 100) {
        return x < -100 ? -0.0 : x;
    }
    return x / (1 + std::exp(-gelu_k2 * x * (1 + 0.044715 * x * x)));
}
quad gelu_tanh_derivative_quad(quad x, double /*a*/, double /*b*/) {
    if (x < -100) {
        return quad(-0.0);
    }
    if (x > 100) {
        return 1;
    }
    const quad k2 = quad(gelu_k2) + quad(-0x1.cbc0d30ebfd15p-54);
    const quad z = k2 * x * (1 + gelu_kappa_q() * x * x);
    const quad s = 1 / (1 + expq(-z));
    const quad u = 1 / (1 + expq(z));
    return s * (1 + x * k2 * (1 + 3 * gelu_kappa_q() * x * x) * u);
}
double gelu_tanh_derivative_ref(double x, double a, double b) {
    if (x > -0.85 && x < -0.65) {
        return static_cast<double>(gelu_tanh_derivative_quad(static_cast<quad>(x), a, b));
    }
    if (x < -100 || x > 100) {
        return x < -100 ? -0.0 : 1.0;
    }
    const double z = gelu_k2 * x * (1 + 0.044715 * x * x);
    const double s = 1 / (1 + std::exp(-z));
    const double u = 1 / (1 + std::exp(z));
    return s * (1 + x * gelu_k2 * (1 + 3 * 0.044715 * x * x) * u);
}

const Function functions[] = {
    {"sigmoid", Unary::sigmoid, 1.0, sigmoid_ref, sigmoid_quad, 0, 0, true},
    {"tanh", Unary::tanh, 1.0, tanh_ref, tanh_quad},
    {"sigmoid_derivative", Unary::sigmoid_derivative, 2.0, sigmoid_derivative_ref, sigmoid_derivative_quad},
    {"tanh_derivative", Unary::tanh_derivative, 2.0, tanh_derivative_ref, tanh_derivative_quad},
    {"leaky_relu(0.01)", Unary::leaky_relu, 0.5, leaky_relu_ref<double>, leaky_relu_ref<quad>, 0.01},
    {"leaky_relu'(0.01)", Unary::leaky_relu_derivative, 0.5, leaky_relu_derivative_ref<double>,
     leaky_relu_derivative_ref<quad>, 0.01},
    {"hardtanh(-1,1)", Unary::hardtanh, 0.0, hardtanh_ref<double>, hardtanh_ref<quad>, -1, 1},
    {"hardtanh'(-1,1)", Unary::hardtanh_derivative, 0.0, hardtanh_derivative_ref<double>,
     hardtanh_derivative_ref<quad>, -1, 1},
    {"relu6", Unary::hardtanh, 0.0, hardtanh_ref<double>, hardtanh_ref<quad>, 0, 6},
    {"hardsigmoid", Unary::hardsigmoid, 0.5 + 1e-6, hardsigmoid_ref<double>, hardsigmoid_ref<quad>},
    {"hardsigmoid'", Unary::hardsigmoid_derivative, 0.5, hardsigmoid_derivative_ref<double>,
     hardsigmoid_derivative_ref<quad>},
    {"hardswish", Unary::hardswish, 0.5 + 1e-6, hardswish_ref<double>, hardswish_ref<quad>},
    {"hardswish'", Unary::hardswish_derivative, 0.5 + 1e-6, hardswish_derivative_ref<double>,
     hardswish_derivative_ref<quad>},
    {"silu", Unary::silu, 1.0, silu_ref, silu_quad},
    {"silu'", Unary::silu_derivative, 1.0, silu_derivative_ref, silu_derivative_quad, 0, 0, false, 0x1p-53},
    {"softsign", Unary::softsign, 1.0, softsign_ref<double>, softsign_ref<quad>},
    {"softsign'", Unary::softsign_derivative, 1.0, softsign_derivative_ref<double>, softsign_derivative_ref<quad>},
    {"elu(1)", Unary::elu, 1.0, elu_ref, elu_quad, 1, 1},
    {"elu'(1)", Unary::elu_derivative, 1.0, elu_derivative_ref, elu_derivative_quad, 1, 1},
    {"selu", Unary::selu, 1.0, selu_ref, selu_quad},
    {"selu'", Unary::selu_derivative, 1.0, selu_derivative_ref, selu_derivative_quad},
    {"softplus(1,20)", Unary::softplus, 1.0, softplus_ref, softplus_quad, 1, 20},
    {"softplus(3,20)", Unary::softplus, 1.0, softplus_ref, softplus_quad, 3, 20},
    {"softplus'(1,20)", Unary::softplus_derivative, 1.0, softplus_derivative_ref, softplus_derivative_quad, 1, 20},
    {"softplus'(3,20)", Unary::softplus_derivative, 1.0, softplus_derivative_ref, softplus_derivative_quad, 3, 20},
    {"logsigmoid", Unary::logsigmoid, 1.0, logsigmoid_ref, logsigmoid_quad},
    {"logsigmoid'", Unary::logsigmoid_derivative, 1.0, logsigmoid_derivative_ref, logsigmoid_derivative_quad},
    {"tanhshrink", Unary::tanhshrink, 1.0, tanhshrink_ref, tanhshrink_quad},
    {"tanhshrink'", Unary::tanhshrink_derivative, 1.0, tanhshrink_derivative_ref, tanhshrink_derivative_quad},
    {"mish", Unary::mish, 1.0, mish_ref, mish_quad},
    {"mish'", Unary::mish_derivative, 1.0, mish_derivative_ref, mish_derivative_quad, 0, 0, false, 0x1p-56, 0x1p-3, 0},
    {"gelu", Unary::gelu, 1.0, gelu_ref, gelu_quad, 0, 0, false, 0, 0, 2.0},
    {"gelu'", Unary::gelu_derivative, 1.0, gelu_derivative_ref, gelu_derivative_quad, 0, 0, false, 0x1p-56, 0x1p-3, 3.0},
    {"gelu_tanh", Unary::gelu_tanh, 1.0, gelu_tanh_ref, gelu_tanh_quad},
    {"gelu_tanh'", Unary::gelu_tanh_derivative, 1.0, gelu_tanh_derivative_ref, gelu_tanh_derivative_quad, 0, 0, false, 0x1p-56, 0x1p-3, 0},
};
constexpr int function_count = static_cast<int>(std::size(functions));
// the first four (sigmoid, tanh and their derivatives): every float, whatever --family-stride says
constexpr int core_functions = 4;

/// Calls call(tag) with op as a compile-time constant (the kernels take it as a type).
template <class Call>
void with_op(Unary op, const Call& call) {
    using U = Unary;
    switch (op) {
#define TENSORACT_CASE(name) \
    case U::name:            \
        return call(std::integral_constant<U, U::name>{});
        TENSORACT_CASE(sigmoid)
        TENSORACT_CASE(tanh)
        TENSORACT_CASE(relu)
        TENSORACT_CASE(sigmoid_derivative)
        TENSORACT_CASE(tanh_derivative)
        TENSORACT_CASE(relu_derivative)
        TENSORACT_CASE(leaky_relu)
        TENSORACT_CASE(leaky_relu_derivative)
        TENSORACT_CASE(hardtanh)
        TENSORACT_CASE(hardtanh_derivative)
        TENSORACT_CASE(hardsigmoid)
        TENSORACT_CASE(hardsigmoid_derivative)
        TENSORACT_CASE(hardswish)
        TENSORACT_CASE(hardswish_derivative)
        TENSORACT_CASE(silu)
        TENSORACT_CASE(silu_derivative)
        TENSORACT_CASE(softsign)
        TENSORACT_CASE(softsign_derivative)
        TENSORACT_CASE(elu)
        TENSORACT_CASE(elu_derivative)
        TENSORACT_CASE(selu)
        TENSORACT_CASE(selu_derivative)
        TENSORACT_CASE(softplus)
        TENSORACT_CASE(softplus_derivative)
        TENSORACT_CASE(logsigmoid)
        TENSORACT_CASE(logsigmoid_derivative)
        TENSORACT_CASE(tanhshrink)
        TENSORACT_CASE(tanhshrink_derivative)
        TENSORACT_CASE(mish)
        TENSORACT_CASE(mish_derivative)
        TENSORACT_CASE(gelu)
        TENSORACT_CASE(gelu_derivative)
        TENSORACT_CASE(gelu_tanh)
        TENSORACT_CASE(gelu_tanh_derivative)
#undef TENSORACT_CASE
    }
}

/// The spacing of floats at |r| (denormal spacing below the normal range), from the bits of
/// r as a double: 2^(exponent - 23).
double float_ulp(double r) {
    std::uint64_t bits;
    std::memcpy(&bits, &r, sizeof bits);
    const auto exponent = static_cast<int>((bits >> 52) & 0x7ff) - 1023;
    const int e = exponent < -126 ? -126 : exponent;
    const std::uint64_t ulp_bits = static_cast<std::uint64_t>(e - 23 + 1023) << 52;
    double ulp;
    std::memcpy(&ulp, &ulp_bits, sizeof ulp);
    return ulp;
}

struct Tally {
    double max_error = 0;
    float worst_x = 0;
    std::uint64_t not_correctly_rounded = 0;
    std::uint64_t failures = 0;  // over the bound, or a wrong special value
};

/// Error of y in ULP of the exact f(x): in double, and again in quad when the double
/// estimate is within 1e-6 ULP of a decision (the bound, or a rounding midpoint).
void grade(const Function& f, float x, float y, double ref, Tally& t) {
    if (std::isnan(x) || std::isnan(ref)) {
        // NaN in: NaN out, or the value the function defines there (the derivatives of the
        // piecewise functions at NaN, as PyTorch's backward functions)
        const bool ok = std::isnan(ref) ? std::isnan(y) : y == static_cast<float>(ref);
        if (!ok) {
            ++t.failures;
            t.worst_x = x;
        }
        return;
    }
    if (std::isinf(y) && static_cast<float>(ref) == y) {
        return;  // an overflow, correctly rounded to infinity (selu near the largest float)
    }
    if (std::isnan(y)) {
        ++t.failures;
        t.worst_x = x;
        t.max_error = std::numeric_limits<double>::infinity();
        return;
    }
    if (f.flush && std::fabs(ref) < 0x1p-126) {
        // results below the smallest normal are 0 (where the exact value rounds below it)
        const auto rounded = static_cast<float>(ref);
        if (y != 0.0F && !(rounded == 0x1p-126F && y == rounded)) {
            ++t.failures;
        }
        return;
    }
    const double ulp = float_ulp(ref);
    double err = std::fabs(static_cast<double>(y) - ref) / ulp;
    auto rounded = static_cast<float>(ref);
    const double mid_distance = std::fabs(std::fabs(static_cast<double>(rounded) - ref) / ulp - 0.5);
    // (an exact result, err 0, needs no second look: the exact functions' double references
    // are exact, and quad for every input of those would take hours)
    if ((err > 0 && std::fabs(err - f.bound) < 1e-6) || mid_distance < 1e-6) {
        const quad q = f.ref_quad(static_cast<quad>(x), static_cast<float>(f.a), static_cast<float>(f.b));
        err = static_cast<double>(fabsq(static_cast<quad>(y) - q) / ulp);
        rounded = static_cast<float>(q);
    }
    if (y != rounded) {
        ++t.not_correctly_rounded;
    }
    if (err > t.max_error) {
        t.max_error = err;
        t.worst_x = x;
    }
    if (err > f.bound) {
        ++t.failures;
    }
}

/// Error in ULP of double y against the quad value q.
double double_error(double y, quad q) {
    const double qd = static_cast<double>(q);
    const double a = std::fabs(qd);
    int e = 0;
    std::frexp(a < 0x1p-1022 ? 0x1p-1022 : a, &e);
    const quad ulp = static_cast<quad>(std::ldexp(1.0, e - 1 - 52));
    return static_cast<double>(fabsq(static_cast<quad>(y) - q) / ulp);
}

/// The double kernels on `count` random inputs per function (random bit patterns over the
/// ranges where the functions are not constant, and uniform in [-40, 40]), on the first
/// instruction set, against quad. Returns false if any error exceeds the bound.
bool sweep_double(std::uint64_t count, unsigned threads, const std::vector<bool>& selected) {
    std::printf("double: %llu random inputs per function\n", static_cast<unsigned long long>(count));
    std::printf("%-20s %14s %26s %10s\n", "function", "max error ULP", "at x", "failures");
    bool ok = true;
    for (std::size_t fi = 0; fi < std::size(functions); ++fi) {
        const Function& f = functions[fi];
        if (!selected[fi]) {
            continue;
        }
        std::vector<double> worst(threads, 0);
        std::vector<double> worst_x(threads, 0);
        std::vector<std::uint64_t> failures(threads, 0);
        const auto worker = [&](unsigned id) {
            std::uint64_t state = 0x9e3779b97f4a7c15ULL * (id + 1) + static_cast<std::uint64_t>(f.op);
            const auto next = [&] {  // splitmix64
                state += 0x9e3779b97f4a7c15ULL;
                std::uint64_t z = state;
                z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
                z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
                return z ^ (z >> 31);
            };
            constexpr std::int64_t batch = 4096;
            std::vector<double> x(batch);
            std::vector<double> y(batch);
            for (std::uint64_t done = id * batch; done < count; done += threads * batch) {
                for (auto& v : x) {
                    const std::uint64_t r = next();
                    if (r & 1) {
                        v = (static_cast<double>(r >> 11) * 0x1p-53 - 0.5) * 80.0;
                    } else {
                        // |x| in [2^-40, 2^10): every binade the functions change in
                        const std::uint64_t bits = ((r >> 12) & 0xfffffffffffffULL) |
                                                   (static_cast<std::uint64_t>(1023 - 40 + (r >> 2) % 50) << 52) |
                                                   ((r >> 1 & 1) << 63);
                        std::memcpy(&v, &bits, sizeof v);
                    }
                }
                const tensoract::detail::simd::Params<double> p{f.a, f.b};
                with_op(f.op, [&](auto tag) { tensoract::detail::simd::unary<decltype(tag)::value>(x.data(), y.data(), batch, p); });
                for (std::int64_t i = 0; i < batch; ++i) {
                    const auto k = static_cast<std::size_t>(i);
                    const quad q = f.ref_quad(static_cast<quad>(x[k]), f.a, f.b);
                    if (std::isnan(x[k]) || std::isnan(static_cast<double>(q))) {
                        failures[id] += std::isnan(static_cast<double>(q)) ? !std::isnan(y[k]) : y[k] != static_cast<double>(q);
                        continue;
                    }
                    if (f.flush && static_cast<double>(q) < 0x1p-1022) {
                        failures[id] += y[k] != 0.0;
                        continue;
                    }
                    const double err = double_error(y[k], q);
                    if (f.double_abs_slack > 0 && std::fabs(static_cast<double>(q)) < f.double_abs_below &&
                        std::fabs(y[k] - static_cast<double>(q)) <= f.double_abs_slack) {
                        continue;  // next to the zero: within the absolute allowance
                    }
                    if (err > worst[id]) {
                        worst[id] = err;
                        worst_x[id] = x[k];
                    }
                    failures[id] += err > (f.double_bound > 0 ? f.double_bound : f.bound);
                }
            }
        };
        std::vector<std::thread> pool;
        for (unsigned i = 0; i < threads; ++i) {
            pool.emplace_back(worker, i);
        }
        for (auto& th : pool) {
            th.join();
        }
        const auto w = static_cast<std::size_t>(std::max_element(worst.begin(), worst.end()) - worst.begin());
        std::uint64_t fails = 0;
        for (const auto v : failures) {
            fails += v;
        }
        std::printf("%-20s %14.4f %26.17g %10llu\n", f.name, worst[w], worst_x[w], static_cast<unsigned long long>(fails));
        ok = ok && fails == 0;
    }
    return ok;
}

}  // namespace

int main(int argc, char** argv) {
    unsigned threads = std::max(1U, std::thread::hardware_concurrency());
    std::uint64_t stride = 1;
    std::uint64_t double_count = std::uint64_t{1} << 24;
    std::uint64_t family_stride = 1;
    std::string only;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (std::strcmp(argv[i], "--threads") == 0) {
            threads = static_cast<unsigned>(std::atoi(argv[i + 1]));
        } else if (std::strcmp(argv[i], "--stride") == 0) {
            stride = std::strtoull(argv[i + 1], nullptr, 10);
        } else if (std::strcmp(argv[i], "--family-stride") == 0) {
            family_stride = std::strtoull(argv[i + 1], nullptr, 10);
        } else if (std::strcmp(argv[i], "--double") == 0) {
            double_count = std::strtoull(argv[i + 1], nullptr, 10);
        } else if (std::strcmp(argv[i], "--only") == 0) {
            only.assign(1, ',').append(argv[i + 1]).append(1, ',');
        }
    }
    std::vector<bool> selected(function_count, true);
    if (!only.empty()) {
        for (int fi = 0; fi < function_count; ++fi) {
            std::string key(1, ',');
            key.append(functions[fi].name).append(1, ',');
            selected[static_cast<std::size_t>(fi)] = only.find(key) != std::string::npos;
        }
    }
    std::vector<InstructionSet> sets;
    for (const InstructionSet isa : {InstructionSet::scalar, InstructionSet::avx2, InstructionSet::avx512,
                                     InstructionSet::neon}) {
        if (tensoract::instruction_set_supported(isa)) {
            sets.push_back(isa);
        }
    }
    const std::size_t n_sets = sets.size();
    std::printf("instruction sets:");
    for (const auto isa : sets) {
        std::printf(" %s", tensoract::to_string(isa));
    }
    std::printf("; %u threads; every %llu-th of the 2^32 inputs\n", threads,
                static_cast<unsigned long long>(stride));

    constexpr std::uint64_t chunk = std::uint64_t{1} << 16;
    constexpr std::uint64_t chunks = (std::uint64_t{1} << 32) / chunk;
    std::atomic<std::uint64_t> next{0};
    std::vector<std::vector<Tally>> tallies(threads, std::vector<Tally>(function_count));
    std::vector<std::uint64_t> mismatches(threads, 0);

    const auto worker = [&](unsigned id) {
        std::vector<float> x;
        std::vector<float> y(chunk);
        std::vector<float> first(chunk);
        std::vector<double> ref(chunk);
        for (std::uint64_t c; (c = next.fetch_add(1)) < chunks;) {
            x.clear();
            for (std::uint64_t i = 0; i < chunk; i += stride) {
                const auto bits = static_cast<std::uint32_t>(c * chunk + i);
                float v;
                std::memcpy(&v, &bits, sizeof v);
                x.push_back(v);
            }
            const std::vector<float> x_all = x;
            for (int fi = 0; fi < function_count; ++fi) {
                const Function& f = functions[fi];
                if (!selected[static_cast<std::size_t>(fi)]) {
                    continue;
                }
                if (fi >= core_functions && family_stride > 1) {
                    x.clear();
                    for (std::size_t i = 0; i < x_all.size(); i += family_stride) {
                        x.push_back(x_all[i]);
                    }
                } else if (x.size() != x_all.size()) {
                    x = x_all;
                }
                const auto n = static_cast<std::int64_t>(x.size());
                const tensoract::detail::simd::Params<float> pf{static_cast<float>(f.a), static_cast<float>(f.b)};
                for (std::int64_t i = 0; i < n; ++i) {
                    ref[static_cast<std::size_t>(i)] = f.ref(static_cast<double>(x[static_cast<std::size_t>(i)]), pf.a, pf.b);
                }
                for (std::size_t s = 0; s < n_sets; ++s) {
                    // each set on its own: the process-wide choice is not touched
                    switch (sets[s]) {
#if TENSORACT_HAS_AVX512
                        case InstructionSet::avx512:
                            with_op(f.op, [&](auto tag) { tensoract::detail::avx512::unary<float>(tag, x.data(), y.data(), n, pf); });
                            break;
#endif
#if TENSORACT_HAS_AVX2
                        case InstructionSet::avx2:
                            with_op(f.op, [&](auto tag) { tensoract::detail::avx2::unary<float>(tag, x.data(), y.data(), n, pf); });
                            break;
#endif
#if TENSORACT_HAS_NEON
                        case InstructionSet::neon:
                            with_op(f.op, [&](auto tag) { tensoract::detail::neon::unary<float>(tag, x.data(), y.data(), n, pf); });
                            break;
#endif
                        default:
                            with_op(f.op, [&](auto tag) { tensoract::detail::scalar::unary<float>(tag, x.data(), y.data(), n, pf); });
                    }
                    // The first set is graded; every other one must give the same bits (and so
                    // the same errors), which is also the cross-set determinism check.
                    if (s == 0) {
                        Tally& t = tallies[id][static_cast<std::size_t>(fi)];
                        for (std::int64_t i = 0; i < n; ++i) {
                            const auto k = static_cast<std::size_t>(i);
                            grade(f, x[k], y[k], ref[k], t);
                        }
                        std::copy(y.begin(), y.begin() + n, first.begin());
                    } else if (std::memcmp(first.data(), y.data(), static_cast<std::size_t>(n) * sizeof(float)) != 0) {
                        // NaN payloads may differ (which operand's NaN an instruction passes on
                        // is not the same everywhere); every other bit must not
                        for (std::int64_t i = 0; i < n; ++i) {
                            const auto k = static_cast<std::size_t>(i);
                            const bool both_nan = std::isnan(first[k]) && std::isnan(y[k]);
                            if (!both_nan && std::memcmp(&first[k], &y[k], sizeof(float)) != 0) {
                                ++mismatches[id];
                                break;
                            }
                        }
                    }
                }
            }
        }
    };
    std::vector<std::thread> pool;
    for (unsigned i = 0; i < threads; ++i) {
        pool.emplace_back(worker, i);
    }
    for (auto& th : pool) {
        th.join();
    }

    bool ok = true;
    std::printf("%-20s %-8s %14s %16s %22s %10s\n", "function", "isa", "max error ULP", "at x",
                "not correctly rounded", "failures");
    for (int fi = 0; fi < function_count; ++fi) {
        if (selected[static_cast<std::size_t>(fi)]) {
            Tally total;
            for (unsigned id = 0; id < threads; ++id) {
                const Tally& t = tallies[id][static_cast<std::size_t>(fi)];
                if (t.max_error > total.max_error) {
                    total.max_error = t.max_error;
                    total.worst_x = t.worst_x;
                }
                total.not_correctly_rounded += t.not_correctly_rounded;
                total.failures += t.failures;
            }
            std::printf("%-20s %-8s %14.4f %16.9g %22llu %10llu\n", functions[fi].name,
                        "all", total.max_error, static_cast<double>(total.worst_x),
                        static_cast<unsigned long long>(total.not_correctly_rounded),
                        static_cast<unsigned long long>(total.failures));
            ok = ok && total.failures == 0 && total.max_error <= functions[fi].bound;
        }
    }
    std::uint64_t mism = 0;
    for (const auto m : mismatches) {
        mism += m;
    }
    std::printf("chunks whose results differ between instruction sets (NaN payloads aside): %llu\n", static_cast<unsigned long long>(mism));
    ok = ok && mism == 0;
    ok = sweep_double(double_count, threads, selected) && ok;
    std::printf("%s\n", ok ? "PASSED" : "FAILED");
    return ok ? 0 : 1;
}
