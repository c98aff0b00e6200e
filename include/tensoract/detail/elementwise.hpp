// tensoract — argument checks and allocation around the elementwise kernels.
// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string_view>

#include "../tensor.hpp"
#include "checks.hpp"
#include "simd/dispatch.hpp"

namespace tensoract::detail {

/// One functor per operation, naming its kernel: the element loops live in the SIMD kernels
/// (simd/kernels.inl), one implementation over every instruction set.
template <simd::Unary op>
struct UnaryKernel {
    template <class T>
    static void run(const T* x, T* y, std::int64_t n) noexcept {
        simd::unary<op>(x, y, n);
    }
};

template <simd::Binary op>
struct BinaryKernel {
    template <class T>
    static void run(const T* a, const T* b, T* y, std::int64_t n) noexcept {
        simd::binary<op>(a, b, y, n);
    }
};

using SigmoidOp = UnaryKernel<simd::Unary::sigmoid>;
using TanhOp = UnaryKernel<simd::Unary::tanh>;
using ReluOp = UnaryKernel<simd::Unary::relu>;
using SigmoidDerivativeOp = UnaryKernel<simd::Unary::sigmoid_derivative>;
using TanhDerivativeOp = UnaryKernel<simd::Unary::tanh_derivative>;
using ReluDerivativeOp = UnaryKernel<simd::Unary::relu_derivative>;
using SigmoidBackwardOp = BinaryKernel<simd::Binary::sigmoid_backward>;
using TanhBackwardOp = BinaryKernel<simd::Binary::tanh_backward>;
using ReluBackwardOp = BinaryKernel<simd::Binary::relu_backward>;

template <class T, class Op>
void map_unary(const T* x, T* out, std::int64_t n, Op /*op*/) noexcept {
    Op::run(x, out, n);
}

template <class T, class Op>
void map_binary(const T* a, const T* b, T* out, std::int64_t n, Op /*op*/) noexcept {
    Op::run(a, b, out, n);
}

inline void check_out_shape(std::string_view op, const Shape& expected, const Shape& out) {
    if (!(expected == out)) {
        throw_invalid(op, cat("out must have shape ", expected, ", got ", out));
    }
}

template <class Op, class T>
void unary_into(std::string_view op_name, const TensorView<const T>& x, const TensorView<T>& out, Op op) {
    check_out_shape(op_name, x.shape(), out.shape());
    check_no_partial_overlap(op_name, "x", x.data(), x.numel(), out.data(), out.numel());
    map_unary(x.data(), out.data(), x.numel(), op);
}

template <class Op, class T>
void backward_into(std::string_view op_name, const TensorView<const T>& g, const TensorView<const T>& y,
                   const TensorView<T>& out, Op op) {
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
    const TensorView<const T>& in = x;  // binds x itself when x is a view
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
