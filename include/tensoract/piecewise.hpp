// tensoract — the piecewise-linear activations: leaky_relu, hardtanh, relu6, hardsigmoid and
// hardswish, with their derivatives and backward (vector-Jacobian) functions.
//
// The forms are sigmoid's (activations.hpp), with PyTorch's parameters, in its order and with
// its defaults, after x (and after out in the allocation-free form):
//   Tensor<T>  leaky_relu(x, negative_slope = 0.01)            a new tensor
//   void       leaky_relu(x, out, negative_slope = 0.01)       into out (x's shape; may be x)
//   Tensor<T>& leaky_relu_(x, negative_slope = 0.01)           in place, returns x
//   Tensor<T>  leaky_relu_derivative(x, negative_slope = 0.01) f'(x)    (also (x, out, ...))
//   Tensor<T>  leaky_relu_backward(g, x, negative_slope = 0.01) g * f'(x) (also (g, x, out, ...))
// The backward functions take the forward INPUT x, which is what PyTorch saves for these ops
// (sigmoid_backward, tanh_backward and relu_backward take the output y). Parameters are
// doubles converted to the element type, as PyTorch's Scalars.
// SPDX-License-Identifier: MIT
#pragma once

#include <string_view>

#include "detail/checks.hpp"
#include "detail/elementwise.hpp"
#include "tensor.hpp"

namespace tensoract {

namespace detail {

inline void check_hardtanh_range(std::string_view op, double min_val, double max_val) {
    if (!(min_val <= max_val)) {
        throw_invalid(op, cat("min_val must be less than or equal to max_val, got min_val=", min_val,
                              " and max_val=", max_val));
    }
}

}  // namespace detail

// ------------------------------------------------------------------------------- leaky_relu

/// Leaky ReLU, like `F.leaky_relu(x, negative_slope)`.
///
///     f(x)  = x where x > 0, else negative_slope * x
///     f'(x) = 1 where x > 0, else negative_slope (negative_slope at 0 and at NaN, as PyTorch)
///     backward: grad_x = g where x > 0, else g * negative_slope, from the input x
///
/// Types: float, double. Every input; one rounding (the product), so correctly rounded:
/// PyTorch's bits, -0 and NaN included.
template <TensorLike X>
[[nodiscard]] Tensor<element_t<X>> leaky_relu(const X& x, double negative_slope = 0.01) {
    return detail::unary_new("leaky_relu", x, detail::LeakyReluOp{negative_slope});
}
template <TensorLike X, class O>
    requires OutputFor<O, element_t<X>>
void leaky_relu(const X& x, O&& out, double negative_slope = 0.01) {
    detail::unary_into<detail::LeakyReluOp, element_t<X>>("leaky_relu", x, out, {negative_slope});
}
/// leaky_relu in place, like `F.leaky_relu_`; returns x.
template <FloatingElement T>
Tensor<T>& leaky_relu_(Tensor<T>& x, double negative_slope = 0.01) {
    detail::map_unary(x.data(), x.data(), x.numel(), detail::LeakyReluOp{negative_slope});
    return x;
}
template <TensorLike X>
[[nodiscard]] Tensor<element_t<X>> leaky_relu_derivative(const X& x, double negative_slope = 0.01) {
    return detail::unary_new("leaky_relu_derivative", x, detail::LeakyReluDerivativeOp{negative_slope});
}
template <TensorLike X, class O>
    requires OutputFor<O, element_t<X>>
void leaky_relu_derivative(const X& x, O&& out, double negative_slope = 0.01) {
    detail::unary_into<detail::LeakyReluDerivativeOp, element_t<X>>("leaky_relu_derivative", x, out, {negative_slope});
}
/// PyTorch's leaky_relu_backward(g, x, negative_slope): exact (one rounding).
template <TensorLike G, TensorLike X>
    requires std::same_as<element_t<G>, element_t<X>>
[[nodiscard]] Tensor<element_t<X>> leaky_relu_backward(const G& g, const X& x, double negative_slope = 0.01) {
    return detail::backward_new("leaky_relu_backward", g, x, detail::LeakyReluBackwardOp{negative_slope}, "x");
}
template <TensorLike G, TensorLike X, class O>
    requires std::same_as<element_t<G>, element_t<X>> && OutputFor<O, element_t<X>>
void leaky_relu_backward(const G& g, const X& x, O&& out, double negative_slope = 0.01) {
    detail::backward_into<detail::LeakyReluBackwardOp, element_t<X>>("leaky_relu_backward", g, x, out,
                                                                      {negative_slope}, "x");
}

// --------------------------------------------------------------------------------- hardtanh

/// Hard tanh, like `F.hardtanh(x, min_val, max_val)`.
///
///     f(x)  = min(max(x, min_val), max_val)
///     f'(x) = 1 where min_val < x < max_val (and at NaN, as PyTorch), else 0
///     backward: grad_x = g where min_val < x < max_val (and at NaN), else 0, from the input x
///
/// Types: float, double. Exact; NaN stays NaN. Throws std::invalid_argument when
/// min_val > max_val.
template <TensorLike X>
[[nodiscard]] Tensor<element_t<X>> hardtanh(const X& x, double min_val = -1.0, double max_val = 1.0) {
    detail::check_hardtanh_range("hardtanh", min_val, max_val);
    return detail::unary_new("hardtanh", x, detail::HardtanhOp{min_val, max_val});
}
template <TensorLike X, class O>
    requires OutputFor<O, element_t<X>>
void hardtanh(const X& x, O&& out, double min_val = -1.0, double max_val = 1.0) {
    detail::check_hardtanh_range("hardtanh", min_val, max_val);
    detail::unary_into<detail::HardtanhOp, element_t<X>>("hardtanh", x, out, {min_val, max_val});
}
/// hardtanh in place, like `F.hardtanh_`; returns x.
template <FloatingElement T>
Tensor<T>& hardtanh_(Tensor<T>& x, double min_val = -1.0, double max_val = 1.0) {
    detail::check_hardtanh_range("hardtanh_", min_val, max_val);
    detail::map_unary(x.data(), x.data(), x.numel(), detail::HardtanhOp{min_val, max_val});
    return x;
}
template <TensorLike X>
[[nodiscard]] Tensor<element_t<X>> hardtanh_derivative(const X& x, double min_val = -1.0, double max_val = 1.0) {
    detail::check_hardtanh_range("hardtanh_derivative", min_val, max_val);
    return detail::unary_new("hardtanh_derivative", x, detail::HardtanhDerivativeOp{min_val, max_val});
}
template <TensorLike X, class O>
    requires OutputFor<O, element_t<X>>
void hardtanh_derivative(const X& x, O&& out, double min_val = -1.0, double max_val = 1.0) {
    detail::check_hardtanh_range("hardtanh_derivative", min_val, max_val);
    detail::unary_into<detail::HardtanhDerivativeOp, element_t<X>>("hardtanh_derivative", x, out, {min_val, max_val});
}
/// PyTorch's hardtanh_backward(g, x, min_val, max_val): exact.
template <TensorLike G, TensorLike X>
    requires std::same_as<element_t<G>, element_t<X>>
[[nodiscard]] Tensor<element_t<X>> hardtanh_backward(const G& g, const X& x, double min_val = -1.0,
                                                     double max_val = 1.0) {
    detail::check_hardtanh_range("hardtanh_backward", min_val, max_val);
    return detail::backward_new("hardtanh_backward", g, x, detail::HardtanhBackwardOp{min_val, max_val}, "x");
}
template <TensorLike G, TensorLike X, class O>
    requires std::same_as<element_t<G>, element_t<X>> && OutputFor<O, element_t<X>>
void hardtanh_backward(const G& g, const X& x, O&& out, double min_val = -1.0, double max_val = 1.0) {
    detail::check_hardtanh_range("hardtanh_backward", min_val, max_val);
    detail::backward_into<detail::HardtanhBackwardOp, element_t<X>>("hardtanh_backward", g, x, out,
                                                                    {min_val, max_val}, "x");
}

// ------------------------------------------------------------------------------------ relu6

/// ReLU6, like `F.relu6(x)`: hardtanh(x, 0, 6).
///
///     f(x)  = min(max(x, 0), 6)
///     f'(x) = 1 where 0 < x < 6 (and at NaN), else 0
///     backward: grad_x = g where 0 < x < 6 (and at NaN), else 0, from the input x
///
/// Types: float, double. Exact; NaN stays NaN.
template <TensorLike X>
[[nodiscard]] Tensor<element_t<X>> relu6(const X& x) {
    return detail::unary_new("relu6", x, detail::HardtanhOp{0.0, 6.0});
}
template <TensorLike X, class O>
    requires OutputFor<O, element_t<X>>
void relu6(const X& x, O&& out) {
    detail::unary_into<detail::HardtanhOp, element_t<X>>("relu6", x, out, {0.0, 6.0});
}
/// relu6 in place, like `F.relu6(x, inplace=True)`; returns x.
template <FloatingElement T>
Tensor<T>& relu6_(Tensor<T>& x) {
    detail::map_unary(x.data(), x.data(), x.numel(), detail::HardtanhOp{0.0, 6.0});
    return x;
}
template <TensorLike X>
[[nodiscard]] Tensor<element_t<X>> relu6_derivative(const X& x) {
    return detail::unary_new("relu6_derivative", x, detail::HardtanhDerivativeOp{0.0, 6.0});
}
template <TensorLike X, class O>
    requires OutputFor<O, element_t<X>>
void relu6_derivative(const X& x, O&& out) {
    detail::unary_into<detail::HardtanhDerivativeOp, element_t<X>>("relu6_derivative", x, out, {0.0, 6.0});
}
template <TensorLike G, TensorLike X>
    requires std::same_as<element_t<G>, element_t<X>>
[[nodiscard]] Tensor<element_t<X>> relu6_backward(const G& g, const X& x) {
    return detail::backward_new("relu6_backward", g, x, detail::HardtanhBackwardOp{0.0, 6.0}, "x");
}
template <TensorLike G, TensorLike X, class O>
    requires std::same_as<element_t<G>, element_t<X>> && OutputFor<O, element_t<X>>
void relu6_backward(const G& g, const X& x, O&& out) {
    detail::backward_into<detail::HardtanhBackwardOp, element_t<X>>("relu6_backward", g, x, out, {0.0, 6.0}, "x");
}

// ------------------------------------------------------------------------------ hardsigmoid

/// Hard sigmoid, like `F.hardsigmoid(x)`.
///
///     f(x)  = 0 for x <= -3, 1 for x >= 3, x/6 + 1/2 between
///     f'(x) = 1/6 where -3 < x < 3, else 0 (0 at NaN, as PyTorch)
///     backward: grad_x = g / 6 where -3 < x < 3, else 0, from the input x
///
/// Types: float, double. Every input; NaN stays NaN. Max error: 0.5 ULP (+2^-40 relative):
/// x + 3 is carried exactly and rounded once with the division (PyTorch rounds x + 3 first:
/// up to 1.2 ULP). The backward divides by 6 (correctly rounded), where PyTorch multiplies
/// by 1/6 rounded (up to 1 ULP).
template <TensorLike X>
[[nodiscard]] Tensor<element_t<X>> hardsigmoid(const X& x) {
    return detail::unary_new<detail::HardsigmoidOp>("hardsigmoid", x);
}
template <TensorLike X, class O>
    requires OutputFor<O, element_t<X>>
void hardsigmoid(const X& x, O&& out) {
    detail::unary_into<detail::HardsigmoidOp, element_t<X>>("hardsigmoid", x, out, {});
}
/// hardsigmoid in place, like `F.hardsigmoid(x, inplace=True)`; returns x.
template <FloatingElement T>
Tensor<T>& hardsigmoid_(Tensor<T>& x) {
    detail::map_unary(x.data(), x.data(), x.numel(), detail::HardsigmoidOp{});
    return x;
}
template <TensorLike X>
[[nodiscard]] Tensor<element_t<X>> hardsigmoid_derivative(const X& x) {
    return detail::unary_new<detail::HardsigmoidDerivativeOp>("hardsigmoid_derivative", x);
}
template <TensorLike X, class O>
    requires OutputFor<O, element_t<X>>
void hardsigmoid_derivative(const X& x, O&& out) {
    detail::unary_into<detail::HardsigmoidDerivativeOp, element_t<X>>("hardsigmoid_derivative", x, out, {});
}
template <TensorLike G, TensorLike X>
    requires std::same_as<element_t<G>, element_t<X>>
[[nodiscard]] Tensor<element_t<X>> hardsigmoid_backward(const G& g, const X& x) {
    return detail::backward_new("hardsigmoid_backward", g, x, detail::HardsigmoidBackwardOp{}, "x");
}
template <TensorLike G, TensorLike X, class O>
    requires std::same_as<element_t<G>, element_t<X>> && OutputFor<O, element_t<X>>
void hardsigmoid_backward(const G& g, const X& x, O&& out) {
    detail::backward_into<detail::HardsigmoidBackwardOp, element_t<X>>("hardsigmoid_backward", g, x, out, {}, "x");
}

// -------------------------------------------------------------------------------- hardswish

/// Hard swish, like `F.hardswish(x)`: x * hardsigmoid(x).
///
///     f(x)  = 0 for x <= -3 (-0 for negative x, as PyTorch's x * 0), x for x >= 3,
///             x (x + 3) / 6 between
///     f'(x) = 0 for x < -3, 1 for x > 3 (and at NaN), (2x + 3) / 6 on [-3, 3] (PyTorch's
///             values at the kinks: -1/2 at -3, 3/2 at 3)
///     backward: grad_x = g * f'(x), from the input x; 0 below -3 for any g (inf and NaN
///             too), as PyTorch's, which selects there
///
/// Types: float, double. Every input; NaN stays NaN, -inf gives -0, the limit (PyTorch's
/// -inf * 0 is NaN).
/// Max error: 0.5 ULP (+2^-40 relative) for f and f' (x + 3 and the product carried exactly,
/// one rounding); the backward rounds f'(x) and then the product: <= 1 ULP.
template <TensorLike X>
[[nodiscard]] Tensor<element_t<X>> hardswish(const X& x) {
    return detail::unary_new<detail::HardswishOp>("hardswish", x);
}
template <TensorLike X, class O>
    requires OutputFor<O, element_t<X>>
void hardswish(const X& x, O&& out) {
    detail::unary_into<detail::HardswishOp, element_t<X>>("hardswish", x, out, {});
}
/// hardswish in place, like `F.hardswish(x, inplace=True)`; returns x.
template <FloatingElement T>
Tensor<T>& hardswish_(Tensor<T>& x) {
    detail::map_unary(x.data(), x.data(), x.numel(), detail::HardswishOp{});
    return x;
}
template <TensorLike X>
[[nodiscard]] Tensor<element_t<X>> hardswish_derivative(const X& x) {
    return detail::unary_new<detail::HardswishDerivativeOp>("hardswish_derivative", x);
}
template <TensorLike X, class O>
    requires OutputFor<O, element_t<X>>
void hardswish_derivative(const X& x, O&& out) {
    detail::unary_into<detail::HardswishDerivativeOp, element_t<X>>("hardswish_derivative", x, out, {});
}
template <TensorLike G, TensorLike X>
    requires std::same_as<element_t<G>, element_t<X>>
[[nodiscard]] Tensor<element_t<X>> hardswish_backward(const G& g, const X& x) {
    return detail::backward_new("hardswish_backward", g, x, detail::HardswishBackwardOp{}, "x");
}
template <TensorLike G, TensorLike X, class O>
    requires std::same_as<element_t<G>, element_t<X>> && OutputFor<O, element_t<X>>
void hardswish_backward(const G& g, const X& x, O&& out) {
    detail::backward_into<detail::HardswishBackwardOp, element_t<X>>("hardswish_backward", g, x, out, {}, "x");
}

}  // namespace tensoract
