// tensoract — smooth activations beyond the notebook: silu and softsign, with their derivatives
// and backward (vector-Jacobian) functions, in sigmoid's forms (activations.hpp). The backward
// functions take the forward INPUT x, which is what PyTorch saves for these ops.
// SPDX-License-Identifier: MIT
#pragma once

#include "detail/elementwise.hpp"
#include "tensor.hpp"

namespace tensoract {

// ------------------------------------------------------------------------------------- silu

/// SiLU (swish), like `F.silu(x)`: x * sigmoid(x).
///
///     f(x)  = x / (1 + e^-x)
///     f'(x) = s (1 + x (1 - s)), s = sigmoid(x)
///     backward: grad_x = g * f'(x), from the input x (PyTorch's silu_backward)
///
/// Types: float, double. Every input: silu(+inf) = +inf, silu(-inf) = NaN (PyTorch's
/// -inf / (1 + inf)), silu(-0) = -0; denormal results where they are due (x in about
/// [-109, -87] for float).
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

}  // namespace tensoract
