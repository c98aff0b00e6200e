// tensoract — smooth activations beyond the notebook: silu, softsign, elu, selu, celu, softplus,
// logsigmoid, tanhshrink, mish and gelu, with their derivatives and backward (vector-Jacobian)
// functions, in sigmoid's forms (activations.hpp), parameters after x in PyTorch's order with
// its defaults. The backward functions take the forward INPUT x, which is what PyTorch saves
// for these ops (for tanhshrink PyTorch saves tanh(x); x is what the caller holds).
//
// The quantities that cancel are carried as unrounded hi + lo pairs and each result is rounded
// once: in the element type for elu, celu, selu, softplus, logsigmoid, tanhshrink and gelu
// "tanh"; float mish, gelu and the derivatives of mish, gelu and gelu "tanh" in plain double
// on widened lanes (no pairs needed there), double in pairs. Measured float errors:
// tests/exhaustive, docs/accuracy.md.
// SPDX-License-Identifier: MIT
#pragma once

#include <string_view>

#include "detail/checks.hpp"
#include "detail/elementwise.hpp"
#include "tensor.hpp"

namespace tensoract {

namespace detail {

inline void check_celu_alpha(std::string_view op, double alpha) {
    if (alpha == 0) {
        throw_invalid(op, "alpha cannot be 0 for CELU");
    }
}

/// gelu's approximate argument: true for "tanh", false for "none"; anything else throws.
inline bool gelu_is_tanh(std::string_view op, std::string_view approximate) {
    if (approximate == "tanh") {
        return true;
    }
    if (approximate != "none") {
        throw_invalid(op, "approximate argument must be either none or tanh");
    }
    return false;
}

}  // namespace detail

// ------------------------------------------------------------------------------------- silu

/// SiLU (swish), like `F.silu(x)`: x * sigmoid(x).
///
///     f(x)  = x / (1 + e^-x)
///     f'(x) = s (1 + x (1 - s)), s = sigmoid(x)
///     backward: grad_x = g * f'(x), from the input x (PyTorch's silu_backward)
///
/// Types: float, double. Every input: silu(+inf) = +inf, silu(-inf) = -0, the limit
/// (PyTorch's -inf / (1 + inf) is NaN), silu(-0) = -0; denormal results where they are
/// due (x in about [-109, -87] for float).
/// Max error: 1 ULP for f and f' (measured over all 2^32 floats: 0.76 and 0.76, tests/exhaustive;
/// sigmoid's quotient is multiplied by x before its one rounding, and f' carries 1 + x(1 - s)
/// exactly). Next to the zero of f' (x = -1.2785...) float lanes are evaluated in double, so
/// they keep their digits; f' for double loses relative accuracy there (error <= 1 ULP where
/// |f'| >= 2^-8, 2^-53 absolute below). The backward rounds f'(x), then the product.
template <TensorLike X>
[[nodiscard]] Tensor<element_t<X>> silu(const X& x) {
    return detail::unary_new<detail::SiluOp>("silu", x);
}
template <TensorLike X, class O>
    requires OutputFor<O, element_t<X>>
void silu(const X& x, O&& out) {
    detail::unary_into<detail::SiluOp, element_t<X>>("silu", x, out, {});
}
/// silu in place, like `F.silu(x, inplace=True)`; returns x.
template <FloatingElement T>
Tensor<T>& silu_(Tensor<T>& x) {
    detail::map_unary(x.data(), x.data(), x.numel(), detail::SiluOp{});
    return x;
}
template <TensorLike X>
[[nodiscard]] Tensor<element_t<X>> silu_derivative(const X& x) {
    return detail::unary_new<detail::SiluDerivativeOp>("silu_derivative", x);
}
template <TensorLike X, class O>
    requires OutputFor<O, element_t<X>>
void silu_derivative(const X& x, O&& out) {
    detail::unary_into<detail::SiluDerivativeOp, element_t<X>>("silu_derivative", x, out, {});
}
template <TensorLike G, TensorLike X>
    requires std::same_as<element_t<G>, element_t<X>>
[[nodiscard]] Tensor<element_t<X>> silu_backward(const G& g, const X& x) {
    return detail::backward_new("silu_backward", g, x, detail::SiluBackwardOp{}, "x");
}
template <TensorLike G, TensorLike X, class O>
    requires std::same_as<element_t<G>, element_t<X>> && OutputFor<O, element_t<X>>
void silu_backward(const G& g, const X& x, O&& out) {
    detail::backward_into<detail::SiluBackwardOp, element_t<X>>("silu_backward", g, x, out, {}, "x");
}

// --------------------------------------------------------------------------------- softsign

/// Softsign, like `F.softsign(x)` (no in-place form, as PyTorch).
///
///     f(x)  = x / (1 + |x|)
///     f'(x) = 1 / (1 + |x|)^2
///     backward: grad_x = g * f'(x), from the input x
///
/// Types: float, double. Every input: softsign(+-inf) = +-1 (PyTorch: NaN, inf / inf),
/// softsign(-0) = -0. Max error: 1 ULP for f and f' (1 + |x| carried exactly, one division and
/// a residual correction; measured over all 2^32 floats: tests/exhaustive). The backward rounds
/// f'(x), then the product.
template <TensorLike X>
[[nodiscard]] Tensor<element_t<X>> softsign(const X& x) {
    return detail::unary_new<detail::SoftsignOp>("softsign", x);
}
template <TensorLike X, class O>
    requires OutputFor<O, element_t<X>>
void softsign(const X& x, O&& out) {
    detail::unary_into<detail::SoftsignOp, element_t<X>>("softsign", x, out, {});
}
template <TensorLike X>
[[nodiscard]] Tensor<element_t<X>> softsign_derivative(const X& x) {
    return detail::unary_new<detail::SoftsignDerivativeOp>("softsign_derivative", x);
}
template <TensorLike X, class O>
    requires OutputFor<O, element_t<X>>
void softsign_derivative(const X& x, O&& out) {
    detail::unary_into<detail::SoftsignDerivativeOp, element_t<X>>("softsign_derivative", x, out, {});
}
template <TensorLike G, TensorLike X>
    requires std::same_as<element_t<G>, element_t<X>>
[[nodiscard]] Tensor<element_t<X>> softsign_backward(const G& g, const X& x) {
    return detail::backward_new("softsign_backward", g, x, detail::SoftsignBackwardOp{}, "x");
}
template <TensorLike G, TensorLike X, class O>
    requires std::same_as<element_t<G>, element_t<X>> && OutputFor<O, element_t<X>>
void softsign_backward(const G& g, const X& x, O&& out) {
    detail::backward_into<detail::SoftsignBackwardOp, element_t<X>>("softsign_backward", g, x, out, {}, "x");
}

// -------------------------------------------------------------------------------- elu, celu

/// ELU, like `F.elu(x, alpha)`.
///
///     f(x)  = x where x > 0, else alpha (e^x - 1)
///     f'(x) = 1 where x > 0 (and at NaN, as PyTorch's scalar loop), else alpha e^x
///     backward: grad_x = g * f'(x), from the input x (PyTorch's elu_backward(g, alpha, 1, 1,
///     false, x))
///
/// Types: float, double. Every input: elu(-0) = +0 (PyTorch's (e^-0 - 1) alpha), elu(-inf) =
/// -alpha. Max error: 1 ULP for f and f' (measured over all 2^32 floats at alpha = 1: 0.82 and
/// 0.75; double <= 0.77 and 0.75): e^x - 1 as an unrounded pair, z + z^2 P(z) below |z| = 0.35
/// (PyTorch's float elu of -1e-8 is 0), times alpha rounded once.
template <TensorLike X>
[[nodiscard]] Tensor<element_t<X>> elu(const X& x, double alpha = 1.0) {
    return detail::unary_new("elu", x, detail::EluOp{alpha, 1.0});
}
template <TensorLike X, class O>
    requires OutputFor<O, element_t<X>>
void elu(const X& x, O&& out, double alpha = 1.0) {
    detail::unary_into<detail::EluOp, element_t<X>>("elu", x, out, {alpha, 1.0});
}
/// elu in place, like `F.elu_`; returns x.
template <FloatingElement T>
Tensor<T>& elu_(Tensor<T>& x, double alpha = 1.0) {
    detail::map_unary(x.data(), x.data(), x.numel(), detail::EluOp{alpha, 1.0});
    return x;
}
template <TensorLike X>
[[nodiscard]] Tensor<element_t<X>> elu_derivative(const X& x, double alpha = 1.0) {
    return detail::unary_new("elu_derivative", x, detail::EluDerivativeOp{alpha, 1.0});
}
template <TensorLike X, class O>
    requires OutputFor<O, element_t<X>>
void elu_derivative(const X& x, O&& out, double alpha = 1.0) {
    detail::unary_into<detail::EluDerivativeOp, element_t<X>>("elu_derivative", x, out, {alpha, 1.0});
}
template <TensorLike G, TensorLike X>
    requires std::same_as<element_t<G>, element_t<X>>
[[nodiscard]] Tensor<element_t<X>> elu_backward(const G& g, const X& x, double alpha = 1.0) {
    return detail::backward_new("elu_backward", g, x, detail::EluBackwardOp{alpha, 1.0}, "x");
}
template <TensorLike G, TensorLike X, class O>
    requires std::same_as<element_t<G>, element_t<X>> && OutputFor<O, element_t<X>>
void elu_backward(const G& g, const X& x, O&& out, double alpha = 1.0) {
    detail::backward_into<detail::EluBackwardOp, element_t<X>>("elu_backward", g, x, out, {alpha, 1.0}, "x");
}

/// CELU, like `F.celu(x, alpha)`: elu with e^(x/alpha), so that f' is continuous at 0.
///
///     f(x)  = x where x > 0, else alpha (e^(x/alpha) - 1)
///     f'(x) = 1 where x > 0 (and at NaN), else e^(x/alpha)
///     backward: grad_x = g * f'(x), from the input x
///
/// Types: float, double. Throws std::invalid_argument for alpha = 0 (PyTorch: "ZeroDivisionError:
/// alpha cannot be 0 for CELU"). Accuracy: as elu (1/alpha is rounded to the element type, as
/// PyTorch's; exact for powers of two).
template <TensorLike X>
[[nodiscard]] Tensor<element_t<X>> celu(const X& x, double alpha = 1.0) {
    detail::check_celu_alpha("celu", alpha);
    return detail::unary_new("celu", x, detail::EluOp{alpha, 1.0 / alpha});
}
template <TensorLike X, class O>
    requires OutputFor<O, element_t<X>>
void celu(const X& x, O&& out, double alpha = 1.0) {
    detail::check_celu_alpha("celu", alpha);
    detail::unary_into<detail::EluOp, element_t<X>>("celu", x, out, {alpha, 1.0 / alpha});
}
/// celu in place, like `F.celu_`; returns x.
template <FloatingElement T>
Tensor<T>& celu_(Tensor<T>& x, double alpha = 1.0) {
    detail::check_celu_alpha("celu_", alpha);
    detail::map_unary(x.data(), x.data(), x.numel(), detail::EluOp{alpha, 1.0 / alpha});
    return x;
}
template <TensorLike X>
[[nodiscard]] Tensor<element_t<X>> celu_derivative(const X& x, double alpha = 1.0) {
    detail::check_celu_alpha("celu_derivative", alpha);
    return detail::unary_new("celu_derivative", x, detail::EluDerivativeOp{alpha, 1.0 / alpha});
}
template <TensorLike X, class O>
    requires OutputFor<O, element_t<X>>
void celu_derivative(const X& x, O&& out, double alpha = 1.0) {
    detail::check_celu_alpha("celu_derivative", alpha);
    detail::unary_into<detail::EluDerivativeOp, element_t<X>>("celu_derivative", x, out, {alpha, 1.0 / alpha});
}
template <TensorLike G, TensorLike X>
    requires std::same_as<element_t<G>, element_t<X>>
[[nodiscard]] Tensor<element_t<X>> celu_backward(const G& g, const X& x, double alpha = 1.0) {
    detail::check_celu_alpha("celu_backward", alpha);
    return detail::backward_new("celu_backward", g, x, detail::EluBackwardOp{alpha, 1.0 / alpha}, "x");
}
template <TensorLike G, TensorLike X, class O>
    requires std::same_as<element_t<G>, element_t<X>> && OutputFor<O, element_t<X>>
void celu_backward(const G& g, const X& x, O&& out, double alpha = 1.0) {
    detail::check_celu_alpha("celu_backward", alpha);
    detail::backward_into<detail::EluBackwardOp, element_t<X>>("celu_backward", g, x, out, {alpha, 1.0 / alpha}, "x");
}

// ------------------------------------------------------------------------------------- selu

/// SELU, like `F.selu(x)`: scale * elu(x, alpha) with PyTorch's constants alpha =
/// 1.6732632423543772848 and scale = 1.0507009873554804934 (carried to ~2^-107 here).
///
///     f(x)  = scale x where x > 0, else scale alpha (e^x - 1)
///     f'(x) = scale where x > 0 (and at NaN), else scale alpha e^x
///     backward: grad_x = g * f'(x), from the input x
///
/// Types: float, double. Every input: selu(-0) = +0, selu(-inf) = -scale alpha; overflows to inf
/// above ~3.24e38 (float). Max error: 1 ULP (all 2^32 floats: 0.94 and 0.76; double <= 0.88
/// and 0.74): the constants as hi + lo pairs. PyTorch multiplies by alpha and scale rounded to
/// float, then their product rounded.
template <TensorLike X>
[[nodiscard]] Tensor<element_t<X>> selu(const X& x) {
    return detail::unary_new("selu", x, detail::SeluOp{});
}
template <TensorLike X, class O>
    requires OutputFor<O, element_t<X>>
void selu(const X& x, O&& out) {
    detail::unary_into<detail::SeluOp, element_t<X>>("selu", x, out, {});
}
/// selu in place, like `torch.selu_`; returns x.
template <FloatingElement T>
Tensor<T>& selu_(Tensor<T>& x) {
    detail::map_unary(x.data(), x.data(), x.numel(), detail::SeluOp{});
    return x;
}
template <TensorLike X>
[[nodiscard]] Tensor<element_t<X>> selu_derivative(const X& x) {
    return detail::unary_new("selu_derivative", x, detail::SeluDerivativeOp{});
}
template <TensorLike X, class O>
    requires OutputFor<O, element_t<X>>
void selu_derivative(const X& x, O&& out) {
    detail::unary_into<detail::SeluDerivativeOp, element_t<X>>("selu_derivative", x, out, {});
}
template <TensorLike G, TensorLike X>
    requires std::same_as<element_t<G>, element_t<X>>
[[nodiscard]] Tensor<element_t<X>> selu_backward(const G& g, const X& x) {
    return detail::backward_new("selu_backward", g, x, detail::SeluBackwardOp{}, "x");
}
template <TensorLike G, TensorLike X, class O>
    requires std::same_as<element_t<G>, element_t<X>> && OutputFor<O, element_t<X>>
void selu_backward(const G& g, const X& x, O&& out) {
    detail::backward_into<detail::SeluBackwardOp, element_t<X>>("selu_backward", g, x, out, {}, "x");
}

// --------------------------------------------------------------------------------- softplus

/// Softplus, like `F.softplus(x, beta, threshold)` (no in-place form, as PyTorch).
///
///     f(x)  = x where beta x > threshold, else log(1 + e^(beta x)) / beta
///     f'(x) = 1 where beta x > threshold, else sigmoid(beta x)
///     backward: grad_x = g * f'(x), from the input x (PyTorch's softplus_backward)
///
/// beta x is rounded to the element type for the comparison, as PyTorch (strict >: at
/// beta x = threshold the formula is used). Types: float, double. Every input: softplus(-inf) =
/// +0, denormal results where they are due. Max error: 1 ULP for f and f' (all 2^32 floats:
/// 0.76 and 0.76 at beta = 1, 0.70 and 0.76 at beta = 3; double <= 0.79 and 0.75): beta x
/// carried exactly (also into f'), log1p(e^-|z|) unrounded (float: 2 atanh(w/(2 + w)) on hi + lo
/// pairs; double: fdlibm's log1p polynomial), divided by beta (float: in double; double: with
/// a residual), rounded once (twice where it is denormal). For float, beta >= 2^-95: below,
/// e^(beta x)/beta from beta x < -170 would be a nonzero denormal; it is 0.
template <TensorLike X>
[[nodiscard]] Tensor<element_t<X>> softplus(const X& x, double beta = 1.0, double threshold = 20.0) {
    return detail::unary_new("softplus", x, detail::SoftplusOp{beta, threshold});
}
template <TensorLike X, class O>
    requires OutputFor<O, element_t<X>>
void softplus(const X& x, O&& out, double beta = 1.0, double threshold = 20.0) {
    detail::unary_into<detail::SoftplusOp, element_t<X>>("softplus", x, out, {beta, threshold});
}
template <TensorLike X>
[[nodiscard]] Tensor<element_t<X>> softplus_derivative(const X& x, double beta = 1.0, double threshold = 20.0) {
    return detail::unary_new("softplus_derivative", x, detail::SoftplusDerivativeOp{beta, threshold});
}
template <TensorLike X, class O>
    requires OutputFor<O, element_t<X>>
void softplus_derivative(const X& x, O&& out, double beta = 1.0, double threshold = 20.0) {
    detail::unary_into<detail::SoftplusDerivativeOp, element_t<X>>("softplus_derivative", x, out, {beta, threshold});
}
template <TensorLike G, TensorLike X>
    requires std::same_as<element_t<G>, element_t<X>>
[[nodiscard]] Tensor<element_t<X>> softplus_backward(const G& g, const X& x, double beta = 1.0, double threshold = 20.0) {
    return detail::backward_new("softplus_backward", g, x, detail::SoftplusBackwardOp{beta, threshold}, "x");
}
template <TensorLike G, TensorLike X, class O>
    requires std::same_as<element_t<G>, element_t<X>> && OutputFor<O, element_t<X>>
void softplus_backward(const G& g, const X& x, O&& out, double beta = 1.0, double threshold = 20.0) {
    detail::backward_into<detail::SoftplusBackwardOp, element_t<X>>("softplus_backward", g, x, out, {beta, threshold}, "x");
}

// ------------------------------------------------------------------------------- logsigmoid

/// LogSigmoid, like `F.logsigmoid(x)` (no in-place form).
///
///     f(x)  = log(1 / (1 + e^-x)) = -softplus(-x)
///     f'(x) = sigmoid(-x) = 1 / (1 + e^x)
///     backward: grad_x = g * f'(x), from the input x (PyTorch also saves a buffer e^-|x|)
///
/// Types: float, double. Every input: logsigmoid(+inf) = +0 (PyTorch's), -0 for large finite x
/// (the true sign), -inf at -inf. Max error: 1 ULP (all 2^32 floats: 0.76 and 0.76, both
/// where the result is denormal and rounded twice; double <= 0.81 and 0.73).
template <TensorLike X>
[[nodiscard]] Tensor<element_t<X>> logsigmoid(const X& x) {
    return detail::unary_new("logsigmoid", x, detail::LogsigmoidOp{});
}
template <TensorLike X, class O>
    requires OutputFor<O, element_t<X>>
void logsigmoid(const X& x, O&& out) {
    detail::unary_into<detail::LogsigmoidOp, element_t<X>>("logsigmoid", x, out, {});
}
template <TensorLike X>
[[nodiscard]] Tensor<element_t<X>> logsigmoid_derivative(const X& x) {
    return detail::unary_new("logsigmoid_derivative", x, detail::LogsigmoidDerivativeOp{});
}
template <TensorLike X, class O>
    requires OutputFor<O, element_t<X>>
void logsigmoid_derivative(const X& x, O&& out) {
    detail::unary_into<detail::LogsigmoidDerivativeOp, element_t<X>>("logsigmoid_derivative", x, out, {});
}
template <TensorLike G, TensorLike X>
    requires std::same_as<element_t<G>, element_t<X>>
[[nodiscard]] Tensor<element_t<X>> logsigmoid_backward(const G& g, const X& x) {
    return detail::backward_new("logsigmoid_backward", g, x, detail::LogsigmoidBackwardOp{}, "x");
}
template <TensorLike G, TensorLike X, class O>
    requires std::same_as<element_t<G>, element_t<X>> && OutputFor<O, element_t<X>>
void logsigmoid_backward(const G& g, const X& x, O&& out) {
    detail::backward_into<detail::LogsigmoidBackwardOp, element_t<X>>("logsigmoid_backward", g, x, out, {}, "x");
}

// ------------------------------------------------------------------------------- tanhshrink

/// Tanhshrink, like `F.tanhshrink(x)` (no in-place form).
///
///     f(x)  = x - tanh(x)
///     f'(x) = tanh(x)^2
///     backward: grad_x = g * f'(x), from the input x (PyTorch saves tanh(x), an intermediate)
///
/// Types: float, double. Every input: tanhshrink(-0) = +0 (PyTorch's -0 - -0), a tiny negative x
/// gives -0. Max error: 1 ULP (all 2^32 floats: 0.86 and 0.68; double <= 0.69 and 0.83): below
/// |x| = 0.625 a series x^3 (1/3 + x^2 Q(x^2)), where PyTorch's x - tanh(x) cancels (its float
/// tanhshrink of 1e-3 is off by 3e5 ULP).
template <TensorLike X>
[[nodiscard]] Tensor<element_t<X>> tanhshrink(const X& x) {
    return detail::unary_new("tanhshrink", x, detail::TanhshrinkOp{});
}
template <TensorLike X, class O>
    requires OutputFor<O, element_t<X>>
void tanhshrink(const X& x, O&& out) {
    detail::unary_into<detail::TanhshrinkOp, element_t<X>>("tanhshrink", x, out, {});
}
template <TensorLike X>
[[nodiscard]] Tensor<element_t<X>> tanhshrink_derivative(const X& x) {
    return detail::unary_new("tanhshrink_derivative", x, detail::TanhshrinkDerivativeOp{});
}
template <TensorLike X, class O>
    requires OutputFor<O, element_t<X>>
void tanhshrink_derivative(const X& x, O&& out) {
    detail::unary_into<detail::TanhshrinkDerivativeOp, element_t<X>>("tanhshrink_derivative", x, out, {});
}
template <TensorLike G, TensorLike X>
    requires std::same_as<element_t<G>, element_t<X>>
[[nodiscard]] Tensor<element_t<X>> tanhshrink_backward(const G& g, const X& x) {
    return detail::backward_new("tanhshrink_backward", g, x, detail::TanhshrinkBackwardOp{}, "x");
}
template <TensorLike G, TensorLike X, class O>
    requires std::same_as<element_t<G>, element_t<X>> && OutputFor<O, element_t<X>>
void tanhshrink_backward(const G& g, const X& x, O&& out) {
    detail::backward_into<detail::TanhshrinkBackwardOp, element_t<X>>("tanhshrink_backward", g, x, out, {}, "x");
}

// ------------------------------------------------------------------------------------- mish

/// Mish, like `F.mish(x)`.
///
///     f(x)  = x tanh(softplus(x))
///     f'(x) = t + x sigmoid(x) (1 - t^2), t = tanh(softplus(x))
///     backward: grad_x = g * f'(x), from the input x (PyTorch's mish_backward)
///
/// tanh(softplus(x)) is the rational (1 + 2w)/(1 + 2w + 2w^2) of w = e^-x (x >= 0), or
/// w (w + 2)/(w^2 + 2w + 2) of w = e^x (x < 0): no log, no tanh, nothing cancels in f.
/// Types: float, double. Every input: mish(-inf) = -0 and mish'(-inf) = -0 (the limits; PyTorch:
/// NaN), mish(-0) = -0. Max error: 1 ULP for f and f' over all 2^32 floats (0.501 and 0.5;
/// the target is 2); double f <= 0.75 ULP, f' <= 0.53 ULP except next to its zero (x = -1.1924...),
/// where its error is <= 2^-56 absolute.
template <TensorLike X>
[[nodiscard]] Tensor<element_t<X>> mish(const X& x) {
    return detail::unary_new("mish", x, detail::MishOp{});
}
template <TensorLike X, class O>
    requires OutputFor<O, element_t<X>>
void mish(const X& x, O&& out) {
    detail::unary_into<detail::MishOp, element_t<X>>("mish", x, out, {});
}
/// mish in place, like `F.mish(x, inplace=True)`; returns x.
template <FloatingElement T>
Tensor<T>& mish_(Tensor<T>& x) {
    detail::map_unary(x.data(), x.data(), x.numel(), detail::MishOp{});
    return x;
}
template <TensorLike X>
[[nodiscard]] Tensor<element_t<X>> mish_derivative(const X& x) {
    return detail::unary_new("mish_derivative", x, detail::MishDerivativeOp{});
}
template <TensorLike X, class O>
    requires OutputFor<O, element_t<X>>
void mish_derivative(const X& x, O&& out) {
    detail::unary_into<detail::MishDerivativeOp, element_t<X>>("mish_derivative", x, out, {});
}
template <TensorLike G, TensorLike X>
    requires std::same_as<element_t<G>, element_t<X>>
[[nodiscard]] Tensor<element_t<X>> mish_backward(const G& g, const X& x) {
    return detail::backward_new("mish_backward", g, x, detail::MishBackwardOp{}, "x");
}
template <TensorLike G, TensorLike X, class O>
    requires std::same_as<element_t<G>, element_t<X>> && OutputFor<O, element_t<X>>
void mish_backward(const G& g, const X& x, O&& out) {
    detail::backward_into<detail::MishBackwardOp, element_t<X>>("mish_backward", g, x, out, {}, "x");
}

// ------------------------------------------------------------------------------------- gelu

/// GELU, like `F.gelu(x, approximate)`: approximate "none" (the default) or "tanh".
///
///     "none": f(x)  = x Phi(x), Phi the standard normal cdf = erfc(-x/sqrt2)/2
///             f'(x) = Phi(x) + x phi(x), phi(x) = e^(-x^2/2)/sqrt(2 pi)
///     "tanh": f(x)  = x/2 (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))
///             f'(x) = s (1 + x z' (1 - s)), s = sigmoid(z), z = 2 sqrt(2/pi) (x + 0.044715 x^3)
///     backward: grad_x = g * f'(x), from the input x (PyTorch's gelu_backward)
///
/// Phi from fdlibm's erf/erfc approximations at x/sqrt2 carried as hi + lo, with
/// e^(-x^2/2) from the exact x^2: no 1 + erf cancellation (PyTorch's float gelu is 0 from
/// x = -5.6 down, its true value 1.5e-7 there). Types: float, double. Every input:
/// gelu(-inf) = -0 and gelu'(-inf) = -0 (the limits; PyTorch: NaN), gelu(-0) = -0 (PyTorch's
/// float oneDNN path gives +0). Max error over all 2^32 floats: 1 ULP for f and f', both modes
/// ("none" 0.501 and 0.52, "tanh" 0.76 and 0.5; the target is 2). Double: "none" <= 2 ULP (1.46 measured) and f' <= 3 ULP
/// (2.09) except next to its zero (x = -0.7518...), error <= 2^-56 absolute there; "tanh" <= 1
/// ULP (0.75), f' <= 1 ULP except next to its zero, 2^-56 absolute there.
template <TensorLike X>
[[nodiscard]] Tensor<element_t<X>> gelu(const X& x, std::string_view approximate = "none") {
    if (detail::gelu_is_tanh("gelu", approximate)) {
        return detail::unary_new("gelu", x, detail::GeluTanhOp{});
    }
    return detail::unary_new("gelu", x, detail::GeluOp{});
}
template <TensorLike X, class O>
    requires OutputFor<O, element_t<X>>
void gelu(const X& x, O&& out, std::string_view approximate = "none") {
    if (detail::gelu_is_tanh("gelu", approximate)) {
        detail::unary_into<detail::GeluTanhOp, element_t<X>>("gelu", x, out, {});
    } else {
        detail::unary_into<detail::GeluOp, element_t<X>>("gelu", x, out, {});
    }
}
/// gelu in place, like `torch._C._nn.gelu_`; returns x.
template <FloatingElement T>
Tensor<T>& gelu_(Tensor<T>& x, std::string_view approximate = "none") {
    if (detail::gelu_is_tanh("gelu_", approximate)) {
        detail::map_unary(x.data(), x.data(), x.numel(), detail::GeluTanhOp{});
    } else {
        detail::map_unary(x.data(), x.data(), x.numel(), detail::GeluOp{});
    }
    return x;
}
template <TensorLike X>
[[nodiscard]] Tensor<element_t<X>> gelu_derivative(const X& x, std::string_view approximate = "none") {
    if (detail::gelu_is_tanh("gelu_derivative", approximate)) {
        return detail::unary_new("gelu_derivative", x, detail::GeluTanhDerivativeOp{});
    }
    return detail::unary_new("gelu_derivative", x, detail::GeluDerivativeOp{});
}
template <TensorLike X, class O>
    requires OutputFor<O, element_t<X>>
void gelu_derivative(const X& x, O&& out, std::string_view approximate = "none") {
    if (detail::gelu_is_tanh("gelu_derivative", approximate)) {
        detail::unary_into<detail::GeluTanhDerivativeOp, element_t<X>>("gelu_derivative", x, out, {});
    } else {
        detail::unary_into<detail::GeluDerivativeOp, element_t<X>>("gelu_derivative", x, out, {});
    }
}
template <TensorLike G, TensorLike X>
    requires std::same_as<element_t<G>, element_t<X>>
[[nodiscard]] Tensor<element_t<X>> gelu_backward(const G& g, const X& x, std::string_view approximate = "none") {
    if (detail::gelu_is_tanh("gelu_backward", approximate)) {
        return detail::backward_new("gelu_backward", g, x, detail::GeluTanhBackwardOp{}, "x");
    }
    return detail::backward_new("gelu_backward", g, x, detail::GeluBackwardOp{}, "x");
}
template <TensorLike G, TensorLike X, class O>
    requires std::same_as<element_t<G>, element_t<X>> && OutputFor<O, element_t<X>>
void gelu_backward(const G& g, const X& x, O&& out, std::string_view approximate = "none") {
    if (detail::gelu_is_tanh("gelu_backward", approximate)) {
        detail::backward_into<detail::GeluTanhBackwardOp, element_t<X>>("gelu_backward", g, x, out, {}, "x");
    } else {
        detail::backward_into<detail::GeluBackwardOp, element_t<X>>("gelu_backward", g, x, out, {}, "x");
    }
}

}  // namespace tensoract
