// tensoract — the element loops of the elementwise operations, and their per-element math.
//
// Every elementwise operation runs through map_unary / map_binary here, with one functor per
// operation: this is the one place to swap in vectorised kernels. Float math is carried out
// in double and rounded once, so float results are within one rounding of the exact value.
// SPDX-License-Identifier: MIT
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <string_view>

#include "../tensor.hpp"
#include "checks.hpp"

namespace tensoract::detail {

/// The type float math is carried out in.
template <class T>
using wide_t = double;

struct SigmoidOp {
    template <class T>
    T operator()(T x) const noexcept {
        // Evaluate on -|x| so that exp never overflows; 1/(1+e) or e/(1+e) by the sign.
        const wide_t<T> a = x;
        const wide_t<T> e = std::exp(-std::fabs(a));
        const T y = static_cast<T>((a >= 0 ? wide_t<T>(1) : e) / (wide_t<T>(1) + e));
        // Results below the smallest normal are flushed to 0, so denormals never come out.
        return y < std::numeric_limits<T>::min() ? T(0) : y;
    }
};

struct TanhOp {
    template <class T>
    T operator()(T x) const noexcept {
        return static_cast<T>(std::tanh(static_cast<wide_t<T>>(x)));
    }
};

struct ReluOp {
    template <class T>
    T operator()(T x) const noexcept {
        return x < T(0) ? T(0) : x;  // NaN and -0.0 pass through, as in PyTorch
    }
};

struct SigmoidDerivativeOp {
    template <class T>
    T operator()(T x) const noexcept {
        // e/(1+e)^2 with e = exp(-|x|): keeps every digit where S(1-S) would cancel to 0.
        const wide_t<T> e = std::exp(-std::fabs(static_cast<wide_t<T>>(x)));
        const wide_t<T> d = wide_t<T>(1) + e;
        return static_cast<T>(e / (d * d));
    }
};

struct TanhDerivativeOp {
    template <class T>
    T operator()(T x) const noexcept {
        // 1 - tanh^2 = 4e/(1+e)^2 with e = exp(-2|x|): no cancellation as |tanh| nears 1.
        const wide_t<T> e = std::exp(-2 * std::fabs(static_cast<wide_t<T>>(x)));
        const wide_t<T> d = wide_t<T>(1) + e;
        return static_cast<T>(4 * e / (d * d));
    }
};

struct ReluDerivativeOp {
    template <class T>
    T operator()(T x) const noexcept {
        return x <= T(0) ? T(0) : T(1);  // NaN gives 1, as PyTorch's autograd does
    }
};

struct SigmoidBackwardOp {
    template <class T>
    T operator()(T g, T y) const noexcept {
        return g * (T(1) - y) * y;  // PyTorch's order of operations
    }
};

struct TanhBackwardOp {
    template <class T>
    T operator()(T g, T y) const noexcept {
        // (1-y)(1+y) rather than PyTorch's 1 - y*y, which loses most digits as |y| nears 1.
        return g * ((T(1) - y) * (T(1) + y));
    }
};

struct ReluBackwardOp {
    template <class T>
    T operator()(T g, T y) const noexcept {
        return y <= T(0) ? T(0) : g;  // PyTorch's threshold_backward: NaN in y passes g
    }
};

template <class T, class Op>
void map_unary(const T* x, T* out, std::int64_t n, Op op) noexcept {
    for (std::int64_t i = 0; i < n; ++i) {
        out[i] = op(x[i]);
    }
}

template <class T, class Op>
void map_binary(const T* a, const T* b, T* out, std::int64_t n, Op op) noexcept {
    for (std::int64_t i = 0; i < n; ++i) {
        out[i] = op(a[i], b[i]);
    }
}

inline void check_out_shape(std::string_view op, const Shape& expected, const Shape& out) {
    if (!(expected == out)) {
        throw_invalid(op, cat("out must have shape ", expected, ", got ", out));
    }
}

template <class Op, class T>
void unary_into(std::string_view op_name, TensorView<const T> x, TensorView<T> out, Op op) {
    check_out_shape(op_name, x.shape(), out.shape());
    check_no_partial_overlap(op_name, "x", x.data(), x.numel(), out.data(), out.numel());
    map_unary(x.data(), out.data(), x.numel(), op);
}

template <class Op, class T>
void backward_into(std::string_view op_name, TensorView<const T> g, TensorView<const T> y,
                   TensorView<T> out, Op op) {
    check_same_shape(op_name, "g", g.shape(), "y", y.shape());
    check_out_shape(op_name, y.shape(), out.shape());
    check_no_partial_overlap(op_name, "g", g.data(), g.numel(), out.data(), out.numel());
    check_no_partial_overlap(op_name, "y", y.data(), y.numel(), out.data(), out.numel());
    map_binary(g.data(), y.data(), out.data(), y.numel(), op);
}

}  // namespace tensoract::detail

namespace tensoract::detail {

template <class Op, class X>
Tensor<element_t<X>> unary_new(std::string_view op_name, const X& x) {
    using T = element_t<X>;
    const TensorView<const T> in = x;
    Tensor<T> out(uninitialized_t{}, in.shape(), op_name);
    map_unary(in.data(), out.data(), in.numel(), Op{});
    return out;
}

template <class Op, class G, class Y>
Tensor<element_t<Y>> backward_new(std::string_view op_name, const G& g, const Y& y) {
    using T = element_t<Y>;
    const TensorView<const T> gv = g;
    const TensorView<const T> yv = y;
    check_same_shape(op_name, "g", gv.shape(), "y", yv.shape());
    Tensor<T> out(uninitialized_t{}, yv.shape(), op_name);
    map_binary(gv.data(), yv.data(), out.data(), yv.numel(), Op{});
    return out;
}

}  // namespace tensoract::detail
