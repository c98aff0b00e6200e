// tensoract — argument checks and allocation around the elementwise kernels.
// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string_view>

#include "../tensor.hpp"
#include "checks.hpp"
#include "simd/dispatch.hpp"

namespace tensoract::detail {

/// One functor per operation, naming its kernel and holding its parameters (as PyTorch, held
/// as double and converted to the element type): the element loops live in the SIMD kernels
/// (simd/kernels.inl), one implementation over every instruction set.
template <simd::Unary op>
struct UnaryKernel {
    double a = 0;
    double b = 0;
    template <class T>
    void run(const T* x, T* y, std::int64_t n) const noexcept {
        simd::unary<op>(x, y, n, simd::Params<T>{static_cast<T>(a), static_cast<T>(b)});
    }
};

template <simd::Binary op>
struct BinaryKernel {
    double a = 0;
    double b = 0;
    template <class T>
    void run(const T* g, const T* s, T* y, std::int64_t n) const noexcept {
        simd::binary<op>(g, s, y, n, simd::Params<T>{static_cast<T>(a), static_cast<T>(b)});
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
using LeakyReluOp = UnaryKernel<simd::Unary::leaky_relu>;
using LeakyReluDerivativeOp = UnaryKernel<simd::Unary::leaky_relu_derivative>;
using LeakyReluBackwardOp = BinaryKernel<simd::Binary::leaky_relu_backward>;
using HardtanhOp = UnaryKernel<simd::Unary::hardtanh>;
using HardtanhDerivativeOp = UnaryKernel<simd::Unary::hardtanh_derivative>;
using HardtanhBackwardOp = BinaryKernel<simd::Binary::hardtanh_backward>;
using HardsigmoidOp = UnaryKernel<simd::Unary::hardsigmoid>;
using HardsigmoidDerivativeOp = UnaryKernel<simd::Unary::hardsigmoid_derivative>;
using HardsigmoidBackwardOp = BinaryKernel<simd::Binary::hardsigmoid_backward>;
using HardswishOp = UnaryKernel<simd::Unary::hardswish>;
using HardswishDerivativeOp = UnaryKernel<simd::Unary::hardswish_derivative>;
using HardswishBackwardOp = BinaryKernel<simd::Binary::hardswish_backward>;
using SiluOp = UnaryKernel<simd::Unary::silu>;
using SiluDerivativeOp = UnaryKernel<simd::Unary::silu_derivative>;
using SiluBackwardOp = BinaryKernel<simd::Binary::silu_backward>;
using SoftsignOp = UnaryKernel<simd::Unary::softsign>;
using SoftsignDerivativeOp = UnaryKernel<simd::Unary::softsign_derivative>;
using SoftsignBackwardOp = BinaryKernel<simd::Binary::softsign_backward>;
using EluOp = UnaryKernel<simd::Unary::elu>;
using EluDerivativeOp = UnaryKernel<simd::Unary::elu_derivative>;
using EluBackwardOp = BinaryKernel<simd::Binary::elu_backward>;
using SeluOp = UnaryKernel<simd::Unary::selu>;
using SeluDerivativeOp = UnaryKernel<simd::Unary::selu_derivative>;
using SeluBackwardOp = BinaryKernel<simd::Binary::selu_backward>;
using SoftplusOp = UnaryKernel<simd::Unary::softplus>;
using SoftplusDerivativeOp = UnaryKernel<simd::Unary::softplus_derivative>;
using SoftplusBackwardOp = BinaryKernel<simd::Binary::softplus_backward>;
using LogsigmoidOp = UnaryKernel<simd::Unary::logsigmoid>;
using LogsigmoidDerivativeOp = UnaryKernel<simd::Unary::logsigmoid_derivative>;
using LogsigmoidBackwardOp = BinaryKernel<simd::Binary::logsigmoid_backward>;
using TanhshrinkOp = UnaryKernel<simd::Unary::tanhshrink>;
using TanhshrinkDerivativeOp = UnaryKernel<simd::Unary::tanhshrink_derivative>;
using TanhshrinkBackwardOp = BinaryKernel<simd::Binary::tanhshrink_backward>;
using MishOp = UnaryKernel<simd::Unary::mish>;
using MishDerivativeOp = UnaryKernel<simd::Unary::mish_derivative>;
using MishBackwardOp = BinaryKernel<simd::Binary::mish_backward>;
using GeluOp = UnaryKernel<simd::Unary::gelu>;
using GeluDerivativeOp = UnaryKernel<simd::Unary::gelu_derivative>;
using GeluBackwardOp = BinaryKernel<simd::Binary::gelu_backward>;
using GeluTanhOp = UnaryKernel<simd::Unary::gelu_tanh>;
using GeluTanhDerivativeOp = UnaryKernel<simd::Unary::gelu_tanh_derivative>;
using GeluTanhBackwardOp = BinaryKernel<simd::Binary::gelu_tanh_backward>;

template <class T, class Op>
void map_unary(const T* x, T* out, std::int64_t n, const Op& op) noexcept {
    op.run(x, out, n);
}

template <class T, class Op>
void map_binary(const T* a, const T* b, T* out, std::int64_t n, const Op& op) noexcept {
    op.run(a, b, out, n);
}

inline void check_out_shape(std::string_view op, const Shape& expected, const Shape& out) {
    if (!(expected == out)) {
        throw_invalid(op, cat("out must have shape ", expected, ", got ", out));
    }
}

template <class Op, class T>
void unary_into(std::string_view op_name, const TensorView<const T>& x, const TensorView<T>& out, const Op& op) {
    check_out_shape(op_name, x.shape(), out.shape());
    check_no_partial_overlap(op_name, "x", x.data(), x.numel(), out.data(), out.numel());
    map_unary(x.data(), out.data(), x.numel(), op);
}

template <class Op, class T>
void backward_into(std::string_view op_name, const TensorView<const T>& g, const TensorView<const T>& y,
                   const TensorView<T>& out, const Op& op, std::string_view saved = "y") {
    check_same_shape(op_name, "g", g.shape(), saved, y.shape());
    check_out_shape(op_name, y.shape(), out.shape());
    check_no_partial_overlap(op_name, "g", g.data(), g.numel(), out.data(), out.numel());
    check_no_partial_overlap(op_name, saved, y.data(), y.numel(), out.data(), out.numel());
    map_binary(g.data(), y.data(), out.data(), y.numel(), op);
}

}  // namespace tensoract::detail

namespace tensoract::detail {

template <class Op, class X>
Tensor<element_t<X>> unary_new([[maybe_unused]] std::string_view op_name, const X& x, const Op& op = {}) {
    using T = element_t<X>;
    // x's own shape, count and data: no view of it to build, and nothing to check
    Tensor<T> out(uninitialized_t{}, x.shape(), x.numel(), trusted_t{});
    map_unary(static_cast<const T*>(x.data()), out.data(), x.numel(), op);
    return out;
}

/// saved: "y" for the ops whose backward takes the output, "x" for those that take the input.
template <class Op, class G, class Y>
Tensor<element_t<Y>> backward_new(std::string_view op_name, const G& g, const Y& y, const Op& op = {},
                                  std::string_view saved = "y") {
    using T = element_t<Y>;
    check_same_shape(op_name, "g", g.shape(), saved, y.shape());
    Tensor<T> out(uninitialized_t{}, y.shape(), y.numel(), trusted_t{});
    map_binary(static_cast<const T*>(g.data()), static_cast<const T*>(y.data()), out.data(), y.numel(), op);
    return out;
}

}  // namespace tensoract::detail
