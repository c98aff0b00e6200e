// tensoract — softmax along any dim, its Jacobian, and its backward (vector-Jacobian) function.
// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string_view>

#include "detail/checks.hpp"
#include "detail/elementwise.hpp"
#include "detail/softmax_kernel.hpp"
#include "tensor.hpp"

namespace tensoract {

namespace detail {

template <class T, simd::RowOp kind = simd::RowOp::softmax>
void softmax_into(std::string_view op, const TensorView<const T>& x, const TensorView<T>& out, std::int64_t dim) {
    const std::int64_t d = wrap_dim(op, dim, x.shape().size());
    check_out_shape(op, x.shape(), out.shape());
    check_no_partial_overlap(op, "x", x.data(), x.numel(), out.data(), out.numel());
    const DimSplit s = split_at(x.shape(), d);
    simd::softmax<T, kind>(x.data(), out.data(), s.outer, s.n, s.inner);
}

template <class T, simd::RowOp kind = simd::RowOp::softmax>
void softmax_backward_into(std::string_view op, const TensorView<const T>& g, const TensorView<const T>& y,
                           const TensorView<T>& out, std::int64_t dim) {
    const std::int64_t d = wrap_dim(op, dim, y.shape().size());
    check_same_shape(op, "g", g.shape(), "y", y.shape());
    check_out_shape(op, y.shape(), out.shape());
    check_no_partial_overlap(op, "g", g.data(), g.numel(), out.data(), out.numel());
    check_no_partial_overlap(op, "y", y.data(), y.numel(), out.data(), out.numel());
    const DimSplit s = split_at(y.shape(), d);
    simd::softmax_backward<T, kind>(g.data(), y.data(), out.data(), s.outer, s.n, s.inner);
}

template <simd::RowOp kind, class X>
Tensor<element_t<X>> softmax_new(std::string_view op, const X& x, std::int64_t dim) {
    using T = element_t<X>;
    const TensorView<const T>& in = x;  // binds x itself when x is a view
    Tensor<T> out(uninitialized_t{}, in.shape(), in.numel(), trusted_t{});
    softmax_into<T, kind>(op, in, out, dim);
    return out;
}

template <simd::RowOp kind, class G, class Y>
Tensor<element_t<Y>> softmax_backward_new(std::string_view op, const G& g, const Y& y, std::int64_t dim) {
    using T = element_t<Y>;
    const TensorView<const T>& yv = y;  // binds y itself when y is a view (else a temporary)
    const TensorView<const T>& gv = g;
    Tensor<T> out(uninitialized_t{}, yv.shape(), yv.numel(), trusted_t{});
    softmax_backward_into<T, kind>(op, gv, yv, out, dim);
    return out;
}

inline void check_jacobian_input(const Shape& x, std::string_view op = "softmax_jacobian") {
    if (x.size() != 1) {
        throw_invalid(op, cat("expected a 1-D tensor, got shape ", x));
    }
}

template <class T, simd::RowOp kind = simd::RowOp::softmax>
void softmax_jacobian_into(const TensorView<const T>& x, const TensorView<T>& out,
                           std::string_view op = "softmax_jacobian") {
    check_jacobian_input(x.shape(), op);
    const std::int64_t n = x.numel();
    check_out_shape(op, Shape{n, n}, out.shape());
    check_no_partial_overlap(op, "x", x.data(), x.numel(), out.data(), out.numel(), false);
    softmax_jacobian_matrix<T, kind>(x.data(), out.data(), n);
}

template <simd::RowOp kind, class X>
Tensor<element_t<X>> jacobian_new(std::string_view op, const X& x) {
    using T = element_t<X>;
    const TensorView<const T>& in = x;  // binds x itself when x is a view
    check_jacobian_input(in.shape(), op);  // before sizing the n x n result
    Tensor<T> out(uninitialized_t{}, Shape{in.numel(), in.numel()}, op);
    softmax_jacobian_into<T, kind>(in, out, op);
    return out;
}

}  // namespace detail

/// Softmax along `dim` (negative counts from the end), like `F.softmax(x, dim)`.
///
///     f(x)_i = e^(x_i) / sum_j e^(x_j)                      over the entries along dim
///     df_i/dx_j = f_i (δij - f_j)                            (softmax_jacobian)
///     backward: grad_x = y * (g - sum(g * y, dim)), from the output y = f(x)
///
/// Types: float, double. Stable for every finite input: e^(x_i - max) with the difference kept
/// exact, or e^(x_i) where no term can overflow and none that matters is denormal (docs/api.md
/// says when); sums in double (TwoSum-compensated for double). Max error: 2 ULP of the exact
/// softmax (golden tests, tests/test_softmax.cpp). As PyTorch: a row holding a NaN
/// or +inf, or made of -inf only, is all NaN; a -inf entry gives 0; softmax of a 0-D tensor is
/// 1 and of an empty tensor is empty. Throws std::out_of_range for a dim out of range.
template <TensorLike X>
[[nodiscard]] Tensor<element_t<X>> softmax(const X& x, std::int64_t dim) {
    using T = element_t<X>;
    const TensorView<const T>& in = x;  // binds x itself when x is a view
    Tensor<T> out(detail::uninitialized_t{}, in.shape(), in.numel(), detail::trusted_t{});
    detail::softmax_into<T>("softmax", in, out, dim);
    return out;
}
/// softmax(x, dim) into `out` (x's shape; may be x itself); allocates nothing.
template <TensorLike X, class O>
    requires OutputFor<O, element_t<X>>
void softmax(const X& x, O&& out, std::int64_t dim) {
    detail::softmax_into<element_t<X>>("softmax", x, out, dim);
}
/// softmax in place along `dim`; returns x.
template <FloatingElement T>
Tensor<T>& softmax_(Tensor<T>& x, std::int64_t dim) {
    detail::softmax_into<T>("softmax_", x, x, dim);
    return x;
}

/// The Jacobian of softmax for a 1-D x of n values: an n x n tensor with
/// J[i][j] = dp_i/dx_j = p_i (δij - p_j), p = softmax(x). Row i is what
/// `torch.autograd.grad(p[i], [x])` returns. Max error: 4 ULP of the exact Jacobian (golden
/// tests). Throws std::invalid_argument unless x is 1-D.
template <TensorLike X>
[[nodiscard]] Tensor<element_t<X>> softmax_jacobian(const X& x) {
    using T = element_t<X>;
    const TensorView<const T>& in = x;  // binds x itself when x is a view
    detail::check_jacobian_input(in.shape());  // before sizing the n x n result
    Tensor<T> out(detail::uninitialized_t{}, Shape{in.numel(), in.numel()}, "softmax_jacobian");
    detail::softmax_jacobian_into<T>(in, out);
    return out;
}
/// softmax_jacobian(x) into an n x n `out`, which must not overlap x.
template <TensorLike X, class O>
    requires OutputFor<O, element_t<X>>
void softmax_jacobian(const X& x, O&& out) {
    detail::softmax_jacobian_into<element_t<X>>(x, out);
}

/// What autograd computes for y = softmax(x, dim): grad_x = y * (g - sum(g * y, dim)), the
/// vector-Jacobian product g^T J along dim, from the upstream gradient g and the output y.
/// With g one-hot at i (1-D), the result is row i of softmax_jacobian. Max error: 1 ULP
/// (float) / 4 ULP (double) of the exact result on the given g and y, or, where g - sum(g*y)
/// cancels, that many ULPs of the row's scale max|y| * sum|g*y| (golden tests).
template <TensorLike G, TensorLike Y>
    requires std::same_as<element_t<G>, element_t<Y>>
[[nodiscard]] Tensor<element_t<Y>> softmax_backward(const G& g, const Y& y, std::int64_t dim) {
    using T = element_t<Y>;
    const TensorView<const T> yv = y;
    const TensorView<const T> gv = g;
    Tensor<T> out(detail::uninitialized_t{}, yv.shape(), yv.numel(), detail::trusted_t{});
    detail::softmax_backward_into<T>("softmax_backward", gv, yv, out, dim);
    return out;
}
/// softmax_backward(g, y, dim) into `out` (y's shape; may be g or y itself).
template <TensorLike G, TensorLike Y, class O>
    requires std::same_as<element_t<G>, element_t<Y>> && OutputFor<O, element_t<Y>>
void softmax_backward(const G& g, const Y& y, O&& out, std::int64_t dim) {
    detail::softmax_backward_into<element_t<Y>>("softmax_backward", g, y, out, dim);
}

// ------------------------------------------------------------------------------ log_softmax

/// log(softmax(x)) along `dim`, like `F.log_softmax(x, dim)`.
///
///     f(x)_i = x_i - log sum_j e^(x_j)                      over the entries along dim
///     df_i/dx_j = δij - softmax(x)_j
///     backward: grad_x = g - e^y * sum(g, dim), from the output y = f(x) (PyTorch's order,
///               one FMA)
///
/// Types: float, double. Stable for every finite input: (x_i - max) - log1p(s) with s the sum
/// of e^(x_j - max) over the entries below the max (plus the number of ties), summed in double
/// from unrounded terms, so the dominant entry keeps its digits where PyTorch's
/// log(sum) rounds 1 + s (PyTorch float gives 0 for [0, -30, -40], the exact -9.4e-14).
/// Max error: 1 ULP (float), 2 ULP (double) of the exact result (golden tests). As PyTorch: a row
/// holding a NaN or +inf, or made of -inf only, is all NaN; a -inf entry gives -inf;
/// log_softmax of a 0-D tensor is 0 (NaN for a non-finite value). No in-place form (PyTorch
/// has none). Throws std::out_of_range for a dim out of range.
template <TensorLike X>
[[nodiscard]] Tensor<element_t<X>> log_softmax(const X& x, std::int64_t dim) {
    return detail::softmax_new<detail::simd::RowOp::log_softmax>("log_softmax", x, dim);
}
/// log_softmax(x, dim) into `out` (x's shape; may be x itself); allocates nothing.
template <TensorLike X, class O>
    requires OutputFor<O, element_t<X>>
void log_softmax(const X& x, O&& out, std::int64_t dim) {
    detail::softmax_into<element_t<X>, detail::simd::RowOp::log_softmax>("log_softmax", x, out, dim);
}
/// The Jacobian of log_softmax for a 1-D x of n values: an n x n tensor with
/// J[i][j] = δij - p_j, p = softmax(x) (row i is `torch.autograd.grad(y[i], [x])`). Each entry
/// rounded once from a double (within 1 ULP of δij - p_j for the computed p, whose error is
/// softmax's). Throws std::invalid_argument unless x is 1-D.
template <TensorLike X>
[[nodiscard]] Tensor<element_t<X>> log_softmax_jacobian(const X& x) {
    return detail::jacobian_new<detail::simd::RowOp::log_softmax>("log_softmax_jacobian", x);
}
/// log_softmax_jacobian(x) into an n x n `out`, which must not overlap x.
template <TensorLike X, class O>
    requires OutputFor<O, element_t<X>>
void log_softmax_jacobian(const X& x, O&& out) {
    detail::softmax_jacobian_into<element_t<X>, detail::simd::RowOp::log_softmax>(x, out, "log_softmax_jacobian");
}

/// What autograd computes for y = log_softmax(x, dim): grad_x = g - e^y * sum(g, dim).
/// Max error: within 2 ULP of the exact result on the given g and y, or, where the
/// subtraction cancels, 2 ULPs of max|g| (golden tests).
template <TensorLike G, TensorLike Y>
    requires std::same_as<element_t<G>, element_t<Y>>
[[nodiscard]] Tensor<element_t<Y>> log_softmax_backward(const G& g, const Y& y, std::int64_t dim) {
    return detail::softmax_backward_new<detail::simd::RowOp::log_softmax>("log_softmax_backward", g, y, dim);
}
template <TensorLike G, TensorLike Y, class O>
    requires std::same_as<element_t<G>, element_t<Y>> && OutputFor<O, element_t<Y>>
void log_softmax_backward(const G& g, const Y& y, O&& out, std::int64_t dim) {
    detail::softmax_backward_into<element_t<Y>, detail::simd::RowOp::log_softmax>("log_softmax_backward", g, y, out, dim);
}

// ---------------------------------------------------------------------------------- softmin

/// softmax(-x) along `dim`, like `F.softmin(x, dim)`.
///
///     f(x)_i = e^(-x_i) / sum_j e^(-x_j)
///     df_i/dx_j = -f_i (δij - f_j)
///     backward: grad_x = -(y * (g - sum(g * y, dim))), from the output y = f(x)
///
/// Types: float, double. As softmax, on -x (the negation is exact): max error 2 ULP; a row
/// holding a NaN or -inf, or made of +inf only, is all NaN. No in-place form (PyTorch has
/// none). Throws std::out_of_range for a dim out of range.
template <TensorLike X>
[[nodiscard]] Tensor<element_t<X>> softmin(const X& x, std::int64_t dim) {
    return detail::softmax_new<detail::simd::RowOp::softmin>("softmin", x, dim);
}
template <TensorLike X, class O>
    requires OutputFor<O, element_t<X>>
void softmin(const X& x, O&& out, std::int64_t dim) {
    detail::softmax_into<element_t<X>, detail::simd::RowOp::softmin>("softmin", x, out, dim);
}
/// The Jacobian of softmin for a 1-D x of n values: J[i][j] = -p_i (δij - p_j), p = softmin(x),
/// the negation of softmax_jacobian's form; bound as softmax_jacobian's. Throws
/// std::invalid_argument unless x is 1-D.
template <TensorLike X>
[[nodiscard]] Tensor<element_t<X>> softmin_jacobian(const X& x) {
    return detail::jacobian_new<detail::simd::RowOp::softmin>("softmin_jacobian", x);
}
template <TensorLike X, class O>
    requires OutputFor<O, element_t<X>>
void softmin_jacobian(const X& x, O&& out) {
    detail::softmax_jacobian_into<element_t<X>, detail::simd::RowOp::softmin>(x, out, "softmin_jacobian");
}

/// What autograd computes for y = softmin(x, dim): the negation of softmax_backward(g, y, dim),
/// bit for bit; its error bound is softmax_backward's.
template <TensorLike G, TensorLike Y>
    requires std::same_as<element_t<G>, element_t<Y>>
[[nodiscard]] Tensor<element_t<Y>> softmin_backward(const G& g, const Y& y, std::int64_t dim) {
    return detail::softmax_backward_new<detail::simd::RowOp::softmin>("softmin_backward", g, y, dim);
}
template <TensorLike G, TensorLike Y, class O>
    requires std::same_as<element_t<G>, element_t<Y>> && OutputFor<O, element_t<Y>>
void softmin_backward(const G& g, const Y& y, O&& out, std::int64_t dim) {
    detail::softmax_backward_into<element_t<Y>, detail::simd::RowOp::softmin>("softmin_backward", g, y, out, dim);
}

}  // namespace tensoract
