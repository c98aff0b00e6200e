// tensoract — the notebook's `torch.nn` modules and `torch.nn.functional` functions.
// SPDX-License-Identifier: MIT
#pragma once

#include <cmath>
#include <cstdint>
#include <ostream>
#include <string_view>
#include <utility>

#include "activations.hpp"
#include "detail/checks.hpp"
#include "detail/text.hpp"
#include "piecewise.hpp"
#include "smooth.hpp"
#include "softmax.hpp"
#include "tensor.hpp"

namespace tensoract::nn {

namespace detail {

/// An integral double below 2^53 as a Python int ("20"), any other as Python's repr() of a
/// float: how PyTorch prints parameters whose defaults are ints (Softplus's beta and threshold).
inline tensoract::detail::Text python_number(double v) {
    tensoract::detail::Text text;
    if (std::fabs(v) < 0x1p53 && v == std::trunc(v)) {
        tensoract::detail::append_decimal(text, static_cast<long long>(v));
    } else {
        tensoract::detail::append_python_float(text, v);
    }
    return text;
}

/// A double as Python's repr() writes it: "0.01", "1.0", "1e-05".
inline tensoract::detail::Text python_float(double v) {
    tensoract::detail::Text text;
    tensoract::detail::append_python_float(text, v);
    return text;
}

/// A module with PyTorch's `inplace` flag. Called on a (non-const) tensor with inplace set, it
/// rewrites that tensor, as PyTorch does; since a Tensor is a value, the result is then a copy
/// of it (pass an rvalue to avoid the copy). A const tensor or a view is computed out of place.
template <class Derived>
class InplaceModule {
public:
    explicit InplaceModule(bool inplace) noexcept : inplace_(inplace) {}
    [[nodiscard]] bool inplace() const noexcept { return inplace_; }

    template <FloatingElement T>
    [[nodiscard]] Tensor<T> operator()(Tensor<T>& x) const {
        if (inplace_) {
            return self().apply_(x);
        }
        return self().apply(x);
    }
    template <FloatingElement T>
    [[nodiscard]] Tensor<T> operator()(Tensor<T>&& x) const {
        if (inplace_) {
            return std::move(self().apply_(x));
        }
        return self().apply(x);
    }
    template <TensorLike X>
    [[nodiscard]] Tensor<element_t<X>> operator()(const X& x) const {
        return self().apply(x);
    }

private:
    [[nodiscard]] const Derived& self() const noexcept { return static_cast<const Derived&>(*this); }
    bool inplace_;
};

}  // namespace detail

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
        Tensor<T> out(tensoract::detail::uninitialized_t{}, in.shape(), "nn::Softmax");
        tensoract::detail::softmax_into<T>("nn::Softmax", in, out, dim_);
        return out;
    }

private:
    std::int64_t dim_;
};

/// `nn.LeakyReLU(negative_slope=0.01, inplace=False)`.
class LeakyReLU : public detail::InplaceModule<LeakyReLU> {
public:
    explicit LeakyReLU(double negative_slope = 0.01, bool inplace = false) noexcept
        : InplaceModule(inplace), negative_slope_(negative_slope) {}
    [[nodiscard]] double negative_slope() const noexcept { return negative_slope_; }
    template <TensorLike X>
    [[nodiscard]] Tensor<element_t<X>> apply(const X& x) const {
        return tensoract::leaky_relu(x, negative_slope_);
    }
    template <FloatingElement T>
    Tensor<T>& apply_(Tensor<T>& x) const {
        return tensoract::leaky_relu_(x, negative_slope_);
    }

private:
    double negative_slope_;
};

/// `nn.Hardtanh(min_val=-1.0, max_val=1.0, inplace=False)`; throws std::invalid_argument when
/// min_val > max_val (PyTorch's module asserts).
class Hardtanh : public detail::InplaceModule<Hardtanh> {
public:
    explicit Hardtanh(double min_val = -1.0, double max_val = 1.0, bool inplace = false)
        : InplaceModule(inplace), min_val_(min_val), max_val_(max_val) {
        tensoract::detail::check_hardtanh_range("nn::Hardtanh", min_val, max_val);
    }
    [[nodiscard]] double min_val() const noexcept { return min_val_; }
    [[nodiscard]] double max_val() const noexcept { return max_val_; }
    template <TensorLike X>
    [[nodiscard]] Tensor<element_t<X>> apply(const X& x) const {
        return tensoract::hardtanh(x, min_val_, max_val_);
    }
    template <FloatingElement T>
    Tensor<T>& apply_(Tensor<T>& x) const {
        return tensoract::hardtanh_(x, min_val_, max_val_);
    }

private:
    double min_val_;
    double max_val_;
};

/// `nn.ReLU6(inplace=False)`.
class ReLU6 : public detail::InplaceModule<ReLU6> {
public:
    explicit ReLU6(bool inplace = false) noexcept : InplaceModule(inplace) {}
    template <TensorLike X>
    [[nodiscard]] Tensor<element_t<X>> apply(const X& x) const {
        return tensoract::relu6(x);
    }
    template <FloatingElement T>
    Tensor<T>& apply_(Tensor<T>& x) const {
        return tensoract::relu6_(x);
    }
};

/// `nn.Hardsigmoid(inplace=False)`.
class Hardsigmoid : public detail::InplaceModule<Hardsigmoid> {
public:
    explicit Hardsigmoid(bool inplace = false) noexcept : InplaceModule(inplace) {}
    template <TensorLike X>
    [[nodiscard]] Tensor<element_t<X>> apply(const X& x) const {
        return tensoract::hardsigmoid(x);
    }
    template <FloatingElement T>
    Tensor<T>& apply_(Tensor<T>& x) const {
        return tensoract::hardsigmoid_(x);
    }
};

/// `nn.Hardswish(inplace=False)`.
class Hardswish : public detail::InplaceModule<Hardswish> {
public:
    explicit Hardswish(bool inplace = false) noexcept : InplaceModule(inplace) {}
    template <TensorLike X>
    [[nodiscard]] Tensor<element_t<X>> apply(const X& x) const {
        return tensoract::hardswish(x);
    }
    template <FloatingElement T>
    Tensor<T>& apply_(Tensor<T>& x) const {
        return tensoract::hardswish_(x);
    }
};

/// `nn.SiLU(inplace=False)`.
class SiLU : public detail::InplaceModule<SiLU> {
public:
    explicit SiLU(bool inplace = false) noexcept : InplaceModule(inplace) {}
    template <TensorLike X>
    [[nodiscard]] Tensor<element_t<X>> apply(const X& x) const {
        return tensoract::silu(x);
    }
    template <FloatingElement T>
    Tensor<T>& apply_(Tensor<T>& x) const {
        return tensoract::silu_(x);
    }
};

/// `nn.Softsign()`.
struct Softsign {
    template <TensorLike X>
    [[nodiscard]] Tensor<element_t<X>> operator()(const X& x) const {
        return tensoract::softsign(x);
    }
};

/// `nn.LogSoftmax(dim)`.
class LogSoftmax {
public:
    explicit LogSoftmax(std::int64_t dim) noexcept : dim_(dim) {}
    [[nodiscard]] std::int64_t dim() const noexcept { return dim_; }
    template <TensorLike X>
    [[nodiscard]] Tensor<element_t<X>> operator()(const X& x) const {
        return tensoract::detail::softmax_new<tensoract::detail::simd::RowOp::log_softmax>("nn::LogSoftmax", x, dim_);
    }

private:
    std::int64_t dim_;
};

/// `nn.Softmin(dim)`.
class Softmin {
public:
    explicit Softmin(std::int64_t dim) noexcept : dim_(dim) {}
    [[nodiscard]] std::int64_t dim() const noexcept { return dim_; }
    template <TensorLike X>
    [[nodiscard]] Tensor<element_t<X>> operator()(const X& x) const {
        return tensoract::detail::softmax_new<tensoract::detail::simd::RowOp::softmin>("nn::Softmin", x, dim_);
    }

private:
    std::int64_t dim_;
};

/// `nn.ELU(alpha=1.0, inplace=False)`.
class ELU : public detail::InplaceModule<ELU> {
public:
    explicit ELU(double alpha = 1.0, bool inplace = false) noexcept : InplaceModule(inplace), alpha_(alpha) {}
    [[nodiscard]] double alpha() const noexcept { return alpha_; }
    template <TensorLike X>
    [[nodiscard]] Tensor<element_t<X>> apply(const X& x) const {
        return tensoract::elu(x, alpha_);
    }
    template <FloatingElement T>
    Tensor<T>& apply_(Tensor<T>& x) const {
        return tensoract::elu_(x, alpha_);
    }

private:
    double alpha_;
};

/// `nn.CELU(alpha=1.0, inplace=False)`; throws std::invalid_argument for alpha = 0 (PyTorch
/// raises when the module runs).
class CELU : public detail::InplaceModule<CELU> {
public:
    explicit CELU(double alpha = 1.0, bool inplace = false) : InplaceModule(inplace), alpha_(alpha) {
        tensoract::detail::check_celu_alpha("nn::CELU", alpha);
    }
    [[nodiscard]] double alpha() const noexcept { return alpha_; }
    template <TensorLike X>
    [[nodiscard]] Tensor<element_t<X>> apply(const X& x) const {
        return tensoract::celu(x, alpha_);
    }
    template <FloatingElement T>
    Tensor<T>& apply_(Tensor<T>& x) const {
        return tensoract::celu_(x, alpha_);
    }

private:
    double alpha_;
};

/// `nn.SELU(inplace=False)`.
class SELU : public detail::InplaceModule<SELU> {
public:
    explicit SELU(bool inplace = false) noexcept : InplaceModule(inplace) {}
    template <TensorLike X>
    [[nodiscard]] Tensor<element_t<X>> apply(const X& x) const {
        return tensoract::selu(x);
    }
    template <FloatingElement T>
    Tensor<T>& apply_(Tensor<T>& x) const {
        return tensoract::selu_(x);
    }
};

/// `nn.Mish(inplace=False)`.
class Mish : public detail::InplaceModule<Mish> {
public:
    explicit Mish(bool inplace = false) noexcept : InplaceModule(inplace) {}
    template <TensorLike X>
    [[nodiscard]] Tensor<element_t<X>> apply(const X& x) const {
        return tensoract::mish(x);
    }
    template <FloatingElement T>
    Tensor<T>& apply_(Tensor<T>& x) const {
        return tensoract::mish_(x);
    }
};

/// `nn.GELU(approximate='none')`; throws std::invalid_argument for an approximate other than
/// "none" or "tanh" (PyTorch raises when the module runs).
class GELU {
public:
    explicit GELU(std::string_view approximate = "none")
        : tanh_(tensoract::detail::gelu_is_tanh("nn::GELU", approximate)) {}
    [[nodiscard]] std::string_view approximate() const noexcept { return tanh_ ? "tanh" : "none"; }
    template <TensorLike X>
    [[nodiscard]] Tensor<element_t<X>> operator()(const X& x) const {
        return tensoract::gelu(x, approximate());
    }

private:
    bool tanh_;
};

/// `nn.Softplus(beta=1, threshold=20)`.
class Softplus {
public:
    explicit Softplus(double beta = 1.0, double threshold = 20.0) noexcept : beta_(beta), threshold_(threshold) {}
    [[nodiscard]] double beta() const noexcept { return beta_; }
    [[nodiscard]] double threshold() const noexcept { return threshold_; }
    template <TensorLike X>
    [[nodiscard]] Tensor<element_t<X>> operator()(const X& x) const {
        return tensoract::softplus(x, beta_, threshold_);
    }

private:
    double beta_;
    double threshold_;
};

/// `nn.LogSigmoid()`.
struct LogSigmoid {
    template <TensorLike X>
    [[nodiscard]] Tensor<element_t<X>> operator()(const X& x) const {
        return tensoract::logsigmoid(x);
    }
};

/// `nn.Tanhshrink()`.
struct Tanhshrink {
    template <TensorLike X>
    [[nodiscard]] Tensor<element_t<X>> operator()(const X& x) const {
        return tensoract::tanhshrink(x);
    }
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
inline std::ostream& operator<<(std::ostream& os, const LeakyReLU& m) {
    return os << "LeakyReLU(negative_slope=" << detail::python_float(m.negative_slope()).view()
              << (m.inplace() ? ", inplace=True)" : ")");
}
inline std::ostream& operator<<(std::ostream& os, const Hardtanh& m) {
    return os << "Hardtanh(min_val=" << detail::python_float(m.min_val()).view() << ", max_val="
              << detail::python_float(m.max_val()).view() << (m.inplace() ? ", inplace=True)" : ")");
}
inline std::ostream& operator<<(std::ostream& os, const ReLU6& m) {
    return os << (m.inplace() ? "ReLU6(inplace=True)" : "ReLU6()");
}
/// As PyTorch's: without the inplace flag.
inline std::ostream& operator<<(std::ostream& os, const Hardsigmoid&) { return os << "Hardsigmoid()"; }
inline std::ostream& operator<<(std::ostream& os, const Hardswish&) { return os << "Hardswish()"; }
inline std::ostream& operator<<(std::ostream& os, const SiLU& m) {
    return os << (m.inplace() ? "SiLU(inplace=True)" : "SiLU()");
}
inline std::ostream& operator<<(std::ostream& os, const Softsign&) { return os << "Softsign()"; }
inline std::ostream& operator<<(std::ostream& os, const LogSoftmax& m) {
    return os << "LogSoftmax(dim=" << m.dim() << ")";
}
inline std::ostream& operator<<(std::ostream& os, const Softmin& m) { return os << "Softmin(dim=" << m.dim() << ")"; }
inline std::ostream& operator<<(std::ostream& os, const ELU& m) {
    return os << "ELU(alpha=" << detail::python_float(m.alpha()).view() << (m.inplace() ? ", inplace=True)" : ")");
}
inline std::ostream& operator<<(std::ostream& os, const CELU& m) {
    return os << "CELU(alpha=" << detail::python_float(m.alpha()).view() << (m.inplace() ? ", inplace=True)" : ")");
}
inline std::ostream& operator<<(std::ostream& os, const SELU& m) {
    return os << (m.inplace() ? "SELU(inplace=True)" : "SELU()");
}
inline std::ostream& operator<<(std::ostream& os, const Mish& m) {
    return os << (m.inplace() ? "Mish(inplace=True)" : "Mish()");
}
inline std::ostream& operator<<(std::ostream& os, const GELU& m) {
    return os << "GELU(approximate='" << m.approximate() << "')";
}
/// PyTorch's defaults are Python ints (`Softplus(beta=1, threshold=20)`): integral values print
/// as ints, others as Python floats.
inline std::ostream& operator<<(std::ostream& os, const Softplus& m) {
    return os << "Softplus(beta=" << detail::python_number(m.beta()).view() << ", threshold=" << detail::python_number(m.threshold()).view()
              << ")";
}
inline std::ostream& operator<<(std::ostream& os, const LogSigmoid&) { return os << "LogSigmoid()"; }
inline std::ostream& operator<<(std::ostream& os, const Tanhshrink&) { return os << "Tanhshrink()"; }

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

/// `F.leaky_relu(x, negative_slope=0.01, inplace=False)`; with inplace, x is rewritten and a
/// copy of it returned.
template <FloatingElement T>
[[nodiscard]] Tensor<T> leaky_relu(Tensor<T>& x, double negative_slope = 0.01, bool inplace = false) {
    return LeakyReLU(negative_slope, inplace)(x);
}
template <TensorLike X>
[[nodiscard]] Tensor<element_t<X>> leaky_relu(const X& x, double negative_slope = 0.01) {
    return tensoract::leaky_relu(x, negative_slope);
}

/// `F.hardtanh(x, min_val=-1.0, max_val=1.0, inplace=False)`.
template <FloatingElement T>
[[nodiscard]] Tensor<T> hardtanh(Tensor<T>& x, double min_val = -1.0, double max_val = 1.0, bool inplace = false) {
    return Hardtanh(min_val, max_val, inplace)(x);
}
template <TensorLike X>
[[nodiscard]] Tensor<element_t<X>> hardtanh(const X& x, double min_val = -1.0, double max_val = 1.0) {
    return tensoract::hardtanh(x, min_val, max_val);
}

/// `F.relu6(x, inplace=False)`.
template <FloatingElement T>
[[nodiscard]] Tensor<T> relu6(Tensor<T>& x, bool inplace = false) {
    return ReLU6(inplace)(x);
}
template <TensorLike X>
[[nodiscard]] Tensor<element_t<X>> relu6(const X& x) {
    return tensoract::relu6(x);
}

/// `F.hardsigmoid(x, inplace=False)`.
template <FloatingElement T>
[[nodiscard]] Tensor<T> hardsigmoid(Tensor<T>& x, bool inplace = false) {
    return Hardsigmoid(inplace)(x);
}
template <TensorLike X>
[[nodiscard]] Tensor<element_t<X>> hardsigmoid(const X& x) {
    return tensoract::hardsigmoid(x);
}

/// `F.hardswish(x, inplace=False)`.
template <FloatingElement T>
[[nodiscard]] Tensor<T> hardswish(Tensor<T>& x, bool inplace = false) {
    return Hardswish(inplace)(x);
}
template <TensorLike X>
[[nodiscard]] Tensor<element_t<X>> hardswish(const X& x) {
    return tensoract::hardswish(x);
}

/// `F.silu(x, inplace=False)`.
template <FloatingElement T>
[[nodiscard]] Tensor<T> silu(Tensor<T>& x, bool inplace = false) {
    return SiLU(inplace)(x);
}
template <TensorLike X>
[[nodiscard]] Tensor<element_t<X>> silu(const X& x) {
    return tensoract::silu(x);
}

template <TensorLike X>
[[nodiscard]] Tensor<element_t<X>> softsign(const X& x) {
    return tensoract::softsign(x);
}

template <TensorLike X>
[[nodiscard]] Tensor<element_t<X>> log_softmax(const X& x, std::int64_t dim) {
    return tensoract::log_softmax(x, dim);
}

template <TensorLike X>
[[nodiscard]] Tensor<element_t<X>> softmin(const X& x, std::int64_t dim) {
    return tensoract::softmin(x, dim);
}

/// `F.elu(x, alpha=1.0, inplace=False)`.
template <FloatingElement T>
[[nodiscard]] Tensor<T> elu(Tensor<T>& x, double alpha = 1.0, bool inplace = false) {
    return ELU(alpha, inplace)(x);
}
template <TensorLike X>
[[nodiscard]] Tensor<element_t<X>> elu(const X& x, double alpha = 1.0) {
    return tensoract::elu(x, alpha);
}

/// `F.celu(x, alpha=1.0, inplace=False)`.
template <FloatingElement T>
[[nodiscard]] Tensor<T> celu(Tensor<T>& x, double alpha = 1.0, bool inplace = false) {
    if (inplace) {
        tensoract::celu_(x, alpha);
        return x;
    }
    return tensoract::celu(x, alpha);
}
template <TensorLike X>
[[nodiscard]] Tensor<element_t<X>> celu(const X& x, double alpha = 1.0) {
    return tensoract::celu(x, alpha);
}

/// `F.selu(x, inplace=False)`.
template <FloatingElement T>
[[nodiscard]] Tensor<T> selu(Tensor<T>& x, bool inplace = false) {
    return SELU(inplace)(x);
}
template <TensorLike X>
[[nodiscard]] Tensor<element_t<X>> selu(const X& x) {
    return tensoract::selu(x);
}

/// `F.mish(x, inplace=False)`.
template <FloatingElement T>
[[nodiscard]] Tensor<T> mish(Tensor<T>& x, bool inplace = false) {
    return Mish(inplace)(x);
}
template <TensorLike X>
[[nodiscard]] Tensor<element_t<X>> mish(const X& x) {
    return tensoract::mish(x);
}

/// `F.gelu(x, approximate='none')`.
template <TensorLike X>
[[nodiscard]] Tensor<element_t<X>> gelu(const X& x, std::string_view approximate = "none") {
    return tensoract::gelu(x, approximate);
}

/// `F.softplus(x, beta=1, threshold=20)`.
template <TensorLike X>
[[nodiscard]] Tensor<element_t<X>> softplus(const X& x, double beta = 1.0, double threshold = 20.0) {
    return tensoract::softplus(x, beta, threshold);
}

template <TensorLike X>
[[nodiscard]] Tensor<element_t<X>> logsigmoid(const X& x) {
    return tensoract::logsigmoid(x);
}

template <TensorLike X>
[[nodiscard]] Tensor<element_t<X>> tanhshrink(const X& x) {
    return tensoract::tanhshrink(x);
}

}  // namespace tensoract::nn::functional
