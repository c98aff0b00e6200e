// tensoract — the notebook's `torch.nn` modules and `torch.nn.functional` functions.
// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <ostream>
#include <utility>

#include "activations.hpp"
#include "softmax.hpp"
#include "tensor.hpp"

namespace tensoract::nn {

/// `nn.Sigmoid()`: a callable, `nn::Sigmoid{}(x)` is `sigmoid(x)`.
struct Sigmoid {
    template <TensorLike X>
    [[nodiscard]] Tensor<element_t<X>> operator()(const X& x) const {
        return tensoract::sigmoid(x);
    }
};

/// `nn.Tanh()`.
struct Tanh {
    template <TensorLike X>
    [[nodiscard]] Tensor<element_t<X>> operator()(const X& x) const {
        return tensoract::tanh(x);
    }
};

/// `nn.ReLU(inplace=False)`. With inplace, calling it on a (non-const) tensor rewrites that
/// tensor, as PyTorch does; since a Tensor is a value, the result is then a copy of it (call
/// `relu_(x)` or pass an rvalue to avoid the copy).
class ReLU {
public:
    explicit ReLU(bool inplace = false) noexcept : inplace_(inplace) {}
    [[nodiscard]] bool inplace() const noexcept { return inplace_; }

    template <FloatingElement T>
    [[nodiscard]] Tensor<T> operator()(Tensor<T>& x) const {
        if (inplace_) {
            return relu_(x);
        }
        return tensoract::relu(x);
    }
    template <FloatingElement T>
    [[nodiscard]] Tensor<T> operator()(Tensor<T>&& x) const {
        if (inplace_) {
            return std::move(relu_(x));
        }
        return tensoract::relu(x);
    }
    /// A const tensor cannot be rewritten: the result is computed out of place.
    template <TensorLike X>
    [[nodiscard]] Tensor<element_t<X>> operator()(const X& x) const {
        return tensoract::relu(x);
    }

private:
    bool inplace_;
};

/// `nn.Softmax(dim)`.
class Softmax {
public:
    explicit Softmax(std::int64_t dim) noexcept : dim_(dim) {}
    [[nodiscard]] std::int64_t dim() const noexcept { return dim_; }

    template <TensorLike X>
    [[nodiscard]] Tensor<element_t<X>> operator()(const X& x) const {
        using T = element_t<X>;
        const TensorView<const T>& in = x;  // binds x itself when x is a view
        Tensor<T> out(detail::uninitialized_t{}, in.shape(), "nn::Softmax");
        detail::softmax_into<T>("nn::Softmax", in, out, dim_);
        return out;
    }

private:
    std::int64_t dim_;
};

/// Modules print as PyTorch's do: `Sigmoid()`, `ReLU(inplace=True)`, `Softmax(dim=1)`.
inline std::ostream& operator<<(std::ostream& os, const Sigmoid&) { return os << "Sigmoid()"; }
inline std::ostream& operator<<(std::ostream& os, const Tanh&) { return os << "Tanh()"; }
inline std::ostream& operator<<(std::ostream& os, const ReLU& m) {
    return os << (m.inplace() ? "ReLU(inplace=True)" : "ReLU()");
}
inline std::ostream& operator<<(std::ostream& os, const Softmax& m) {
    return os << "Softmax(dim=" << m.dim() << ")";
}

}  // namespace tensoract::nn

/// `torch.nn.functional`: `namespace F = tensoract::nn::functional;` then `F::relu(x)`.
namespace tensoract::nn::functional {

template <TensorLike X>
[[nodiscard]] Tensor<element_t<X>> sigmoid(const X& x) {
    return tensoract::sigmoid(x);
}

template <TensorLike X>
[[nodiscard]] Tensor<element_t<X>> tanh(const X& x) {
    return tensoract::tanh(x);
}

/// `F.relu(x, inplace=False)`; with inplace, x is rewritten and a copy of it returned.
template <FloatingElement T>
[[nodiscard]] Tensor<T> relu(Tensor<T>& x, bool inplace = false) {
    return ReLU(inplace)(x);
}
template <TensorLike X>
[[nodiscard]] Tensor<element_t<X>> relu(const X& x) {
    return tensoract::relu(x);
}

template <TensorLike X>
[[nodiscard]] Tensor<element_t<X>> softmax(const X& x, std::int64_t dim) {
    return tensoract::softmax(x, dim);
}

}  // namespace tensoract::nn::functional
