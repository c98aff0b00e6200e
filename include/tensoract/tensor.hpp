// tensoract — Tensor<T> (owning) and TensorView<T> (non-owning) over contiguous row-major data.
// SPDX-License-Identifier: MIT
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <new>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "detail/checks.hpp"
#include "shape.hpp"

namespace tensoract {

/// The element types tensoract computes in.
template <class T>
concept FloatingElement = std::same_as<T, float> || std::same_as<T, double>;

namespace detail {

struct trusted_t {
    explicit trusted_t() = default;
};

/// Row-major index of `idx...` in `shape`, with PyTorch's negative indices; shared by the
/// bounds-checked `at()` of Tensor and TensorView.
template <class... I>
std::int64_t flat_index(std::string_view op, const Shape& shape, I... idx) {
    constexpr std::size_t count = sizeof...(I);
    if (count != shape.size()) {
        throw_invalid(op, cat("expected ", shape.size(), " indices for a tensor of shape ", shape,
                              ", got ", count));
    }
    const std::int64_t indices[count + 1] = {static_cast<std::int64_t>(idx)..., 0};
    std::int64_t flat = 0;
    for (std::size_t d = 0; d < count; ++d) {
        std::int64_t i = indices[d];
        const std::int64_t n = shape[d];
        if (i < -n || i >= n) {
            throw_out_of_range(op, cat("index ", i, " is out of bounds for dim ", d, " with size ", n,
                                       " (shape ", shape, ")"));
        }
        if (i < 0) {
            i += n;
        }
        flat = flat * n + i;
    }
    return flat;
}

/// Extent of dim `d` (negative counts from the end), for Tensor::size and TensorView::size.
inline std::int64_t extent_at(std::string_view op, const Shape& shape, std::int64_t d) {
    if (shape.empty()) {
        throw_out_of_range(op, cat("a 0-D tensor has no dims (asked for dim ", d, ")"));
    }
    return shape[static_cast<std::size_t>(wrap_dim(op, d, shape.size()))];
}

/// Throws unless a tensor of `shape` has exactly one element, for item().
inline void check_one_element(std::string_view op, const Shape& shape, std::int64_t numel) {
    if (numel != 1) {
        throw_invalid(op, cat("a tensor of shape ", shape, " has ", numel, " elements, not 1"));
    }
}

}  // namespace detail

/// A non-owning view of caller memory: a pointer and a Shape, contiguous and row-major.
/// `TensorView<const float>` reads, `TensorView<float>` writes; a `Tensor<T>` converts to
/// either, so every operation's allocation-free form accepts tensors and views alike:
///
///     std::vector<float> buf(6);
///     tensoract::sigmoid(x, tensoract::TensorView<float>(buf.data(), {2, 3}));
template <class T>
class TensorView {
public:
    using value_type = std::remove_const_t<T>;
    using element_type = T;
    static_assert(FloatingElement<value_type>, "tensoract: T must be float or double");

    /// Throws std::invalid_argument for a negative extent, an element count that overflows,
    /// or a null pointer with a non-empty shape.
    TensorView(T* data, Shape shape)
        : data_(data), shape_(std::move(shape)), numel_(detail::checked_numel("TensorView", shape_)) {
        if (data_ == nullptr && numel_ != 0) {
            detail::throw_invalid("TensorView", detail::cat("null data for non-empty shape ", shape_));
        }
    }

    /// For Tensor, whose shape and count are known good: no re-validation.
    TensorView(T* data, const Shape& shape, std::int64_t numel, detail::trusted_t) noexcept
        : data_(data), shape_(shape), numel_(numel) {}

    /// A mutable view converts to a read-only one.
    template <class U>
        requires(std::is_const_v<T> && std::same_as<U, value_type>)
    TensorView(const TensorView<U>& other) noexcept  // NOLINT(google-explicit-constructor)
        : data_(other.data()), shape_(other.shape()), numel_(other.numel()) {}

    [[nodiscard]] T* data() const noexcept { return data_; }
    [[nodiscard]] const Shape& shape() const noexcept { return shape_; }
    [[nodiscard]] std::int64_t dim() const noexcept { return static_cast<std::int64_t>(shape_.size()); }
    [[nodiscard]] std::int64_t numel() const noexcept { return numel_; }
    /// Extent of dim `d` (negative counts from the end), like `torch.Tensor.size(d)`.
    [[nodiscard]] std::int64_t size(std::int64_t d) const { return detail::extent_at("TensorView::size", shape_, d); }
    [[nodiscard]] T* begin() const noexcept { return data_; }
    [[nodiscard]] T* end() const noexcept { return data_ + numel_; }
    /// Flat (row-major) element access, unchecked like std::vector's.
    [[nodiscard]] T& operator[](std::int64_t i) const noexcept { return data_[i]; }

    /// Bounds-checked element access, one index per dim, negative indices count from the end.
    template <std::integral... I>
    [[nodiscard]] T& at(I... idx) const {
        return data_[detail::flat_index("TensorView::at", shape_, idx...)];
    }

    /// The value of a one-element view, like `torch.Tensor.item()`.
    [[nodiscard]] value_type item() const {
        detail::check_one_element("TensorView::item", shape_, numel_);
        return data_[0];
    }

private:
    T* data_;
    Shape shape_;
    std::int64_t numel_;
};

template <class T>
class Tensor;

namespace detail {

/// Storage aligned to a cache line (and so to every SIMD width): kernels may assume it for
/// tensors, never for views.
inline constexpr std::size_t storage_alignment = 64;

/// Storage for n elements, aligned to storage_alignment; nullptr for n = 0. Released with
/// release_storage. Throws std::bad_array_new_length where n * sizeof(T) overflows.
template <class T>
T* allocate_uninitialized(std::int64_t n) {
    if (n == 0) {
        return nullptr;
    }
    if (static_cast<std::size_t>(n) > static_cast<std::size_t>(-1) / sizeof(T)) {
        throw std::bad_array_new_length();
    }
    return static_cast<T*>(
        ::operator new[](static_cast<std::size_t>(n) * sizeof(T), std::align_val_t{storage_alignment}));
}

template <class T>
void release_storage(T* p) noexcept {
    if (p != nullptr) {
        ::operator delete[](p, std::align_val_t{storage_alignment});
    }
}

/// Copies n elements (n may be 0, with null pointers).
template <class T>
void copy_elements(const T* src, std::int64_t n, T* dst) noexcept {
    if (n > 0) {
        std::memcpy(dst, src, static_cast<std::size_t>(n) * sizeof(T));
    }
}

struct uninitialized_t {
    explicit uninitialized_t() = default;
};

}  // namespace detail

/// An owning, contiguous, row-major N-D tensor of float or double (0-D allowed).
///
/// Value semantics: copying a Tensor copies its elements. `Tensor<float>{1, 2, 3}` is a 1-D
/// tensor of three values, `Tensor<float>(Shape{2, 3})` a 2x3 tensor of zeros.
template <class T>
class Tensor {
public:
    using value_type = T;
    static_assert(FloatingElement<T>, "tensoract: Tensor<T> needs T = float or double");

    /// An empty 1-D tensor of shape [0], like `torch.Tensor()`.
    Tensor() : shape_{0} {}

    /// A tensor of `shape` filled with zeros.
    explicit Tensor(Shape shape) : Tensor(detail::uninitialized_t{}, std::move(shape), "Tensor") {
        if (numel_ != 0) {  // all bits zero: +0.0
            std::memset(data_, 0, static_cast<std::size_t>(numel_) * sizeof(T));
        }
    }

    /// A tensor of `shape` holding `values` in row-major order; their count must match.
    Tensor(Shape shape, const std::vector<T>& values)
        : Tensor(detail::uninitialized_t{}, std::move(shape), "Tensor") {
        if (static_cast<std::int64_t>(values.size()) != numel_) {
            detail::throw_invalid("Tensor", detail::cat("shape ", shape_, " holds ", numel_, " elements but ",
                                                        values.size(), " values were given"));
        }
        detail::copy_elements(values.data(), numel_, data_);
    }

    /// A 1-D tensor of `values`, like `torch.tensor([...])`.
    Tensor(std::initializer_list<T> values)
        : Tensor(detail::uninitialized_t{}, Shape{static_cast<std::int64_t>(values.size())}, "Tensor") {
        detail::copy_elements(values.begin(), numel_, data_);
    }

    /// A copy of the elements a view shows.
    explicit Tensor(TensorView<const T> view)
        : Tensor(detail::uninitialized_t{}, view.shape(), "Tensor") {
        detail::copy_elements(view.data(), numel_, data_);
    }

    /// Storage left uninitialized: for operations that write every element anyway.
    Tensor(detail::uninitialized_t, Shape shape, std::string_view op = "Tensor")
        : shape_(std::move(shape)),
          numel_(detail::checked_numel(op, shape_)),
          data_(detail::allocate_uninitialized<T>(numel_)) {}

    /// Storage left uninitialized for `shape` of `numel` elements, the shape and count of an
    /// existing tensor or view: valid already, so not checked again.
    Tensor(detail::uninitialized_t, const Shape& shape, std::int64_t numel, detail::trusted_t)
        : shape_(shape), numel_(numel), data_(detail::allocate_uninitialized<T>(numel)) {}

    Tensor(const Tensor& other) : Tensor(detail::uninitialized_t{}, other.shape_, other.numel_, detail::trusted_t{}) {
        detail::copy_elements(other.data(), numel_, data_);
    }
    Tensor(Tensor&& other) noexcept
        : shape_(std::exchange(other.shape_, Shape{0})),
          numel_(std::exchange(other.numel_, 0)),
          data_(std::exchange(other.data_, nullptr)) {}
    Tensor& operator=(const Tensor& other) {
        if (this != &other) {
            Tensor copy(other);
            swap(copy);
        }
        return *this;
    }
    Tensor& operator=(Tensor&& other) noexcept {
        Tensor moved(std::move(other));
        swap(moved);
        return *this;
    }
    ~Tensor() { detail::release_storage(data_); }

    void swap(Tensor& other) noexcept {
        std::swap(shape_, other.shape_);
        std::swap(numel_, other.numel_);
        std::swap(data_, other.data_);
    }

    [[nodiscard]] const Shape& shape() const noexcept { return shape_; }
    [[nodiscard]] std::int64_t dim() const noexcept { return static_cast<std::int64_t>(shape_.size()); }
    [[nodiscard]] std::int64_t numel() const noexcept { return numel_; }
    /// Extent of dim `d` (negative counts from the end), like `torch.Tensor.size(d)`.
    [[nodiscard]] std::int64_t size(std::int64_t d) const { return detail::extent_at("Tensor::size", shape_, d); }

    [[nodiscard]] T* data() noexcept { return data_; }
    [[nodiscard]] const T* data() const noexcept { return data_; }
    [[nodiscard]] T* begin() noexcept { return data(); }
    [[nodiscard]] T* end() noexcept { return data() + numel_; }
    [[nodiscard]] const T* begin() const noexcept { return data(); }
    [[nodiscard]] const T* end() const noexcept { return data() + numel_; }

    /// Flat (row-major) element access, unchecked like std::vector's.
    [[nodiscard]] T& operator[](std::int64_t i) noexcept { return data_[static_cast<std::size_t>(i)]; }
    [[nodiscard]] const T& operator[](std::int64_t i) const noexcept {
        return data_[static_cast<std::size_t>(i)];
    }

    /// Bounds-checked element access, one index per dim, negative indices count from the end:
    /// `t.at(0, 2)`; throws std::out_of_range (bad index) or std::invalid_argument (wrong count).
    template <std::integral... I>
    [[nodiscard]] T& at(I... idx) {
        return data_[static_cast<std::size_t>(detail::flat_index("Tensor::at", shape_, idx...))];
    }
    template <std::integral... I>
    [[nodiscard]] const T& at(I... idx) const {
        return data_[static_cast<std::size_t>(detail::flat_index("Tensor::at", shape_, idx...))];
    }

    /// The value of a one-element tensor, like `torch.Tensor.item()`.
    [[nodiscard]] T item() const {
        detail::check_one_element("Tensor::item", shape_, numel_);
        return data_[0];
    }

    [[nodiscard]] TensorView<T> view() noexcept {
        return {data(), shape_, numel_, detail::trusted_t{}};
    }
    [[nodiscard]] TensorView<const T> view() const noexcept {
        return {data(), shape_, numel_, detail::trusted_t{}};
    }
    // Implicit on purpose: every allocation-free operation takes views, and a tensor is one.
    operator TensorView<T>() noexcept { return view(); }                 // NOLINT
    operator TensorView<const T>() const noexcept { return view(); }     // NOLINT

private:
    Shape shape_;
    std::int64_t numel_ = 0;
    T* data_ = nullptr;  // owned: allocate_uninitialized, release_storage
};

}  // namespace tensoract

namespace tensoract {

namespace detail {
template <class X>
struct tensor_element {};
template <class T>
struct tensor_element<Tensor<T>> {
    using type = T;
};
template <class T>
struct tensor_element<TensorView<T>> {
    using type = std::remove_const_t<T>;
};
}  // namespace detail

/// Tensor<T>, TensorView<T> or TensorView<const T>: what an operation reads.
template <class X>
concept TensorLike = requires { typename detail::tensor_element<std::remove_cvref_t<X>>::type; };

/// The element type (float or double) of a TensorLike.
template <TensorLike X>
using element_t = typename detail::tensor_element<std::remove_cvref_t<X>>::type;

/// What an operation may write into: a non-const Tensor<T> or a TensorView<T>.
template <class O, class T>
concept OutputFor = TensorLike<O> && std::same_as<element_t<O>, T> &&
                    std::convertible_to<O, TensorView<T>>;

}  // namespace tensoract
