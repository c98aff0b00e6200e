// tensoract — creating tensors: zeros, ones, full, linspace, rand and the Generator behind it.
// SPDX-License-Identifier: MIT
#pragma once

#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>

#include "detail/checks.hpp"
#include "detail/mt19937.hpp"
#include "shape.hpp"
#include "tensor.hpp"

namespace tensoract {

namespace detail {
template <class T>
[[nodiscard]] Tensor<T> filled(std::string_view op, Shape shape, T value) {
    Tensor<T> out(uninitialized_t{}, std::move(shape), op);
    for (T& v : out) {
        v = value;
    }
    return out;
}
}  // namespace detail

/// A tensor of `shape` filled with `value`, like `torch.full`.
template <FloatingElement T>
[[nodiscard]] Tensor<T> full(Shape shape, T value) {
    return detail::filled<T>("full", std::move(shape), value);
}

/// A tensor of `shape` filled with 0, like `torch.zeros`.
template <FloatingElement T>
[[nodiscard]] Tensor<T> zeros(Shape shape) {
    return detail::filled<T>("zeros", std::move(shape), T(0));
}

/// A tensor of `shape` filled with 1, like `torch.ones`.
template <FloatingElement T>
[[nodiscard]] Tensor<T> ones(Shape shape) {
    return detail::filled<T>("ones", std::move(shape), T(1));
}

/// A tensor of `like`'s shape (a Tensor or a view) filled with `value`, like `torch.full_like`.
template <TensorLike X>
[[nodiscard]] Tensor<element_t<X>> full_like(const X& like, element_t<X> value) {
    const TensorView<const element_t<X>>& v = like;  // binds like itself when it is a view
    return full<element_t<X>>(v.shape(), value);
}
template <TensorLike X>
[[nodiscard]] Tensor<element_t<X>> zeros_like(const X& like) {
    return full_like(like, element_t<X>(0));
}
/// Like `torch.ones_like`: the upstream gradient that `p.backward(torch.ones_like(p))` passes.
template <TensorLike X>
[[nodiscard]] Tensor<element_t<X>> ones_like(const X& like) {
    return full_like(like, element_t<X>(1));
}

namespace detail {

/// `a + b * c` with the product rounded on its own: the compiler must not fuse it into an FMA,
/// because PyTorch's vector lanes do not (see linspace).
template <class T>
T add_rounded_product(T a, T b, T c) noexcept {
    volatile T product = b * c;
    return a + product;
}

}  // namespace detail

/// `steps` values from `start` to `end` inclusive, like `torch.linspace(start, end, steps)`,
/// bit for bit.
///
/// PyTorch 1.13 computes `step = (end - start) / (steps - 1)` in T, then the first half of the
/// values from `start` and the second half from `end` (`start + step*i`, `end - step*(steps-1-i)`,
/// each one fused multiply-add), so both ends come out exact; the naive `start + i*step` prints
/// `55.5555` where the notebook shows `55.5556`. On x86-64 its vectorised loop (AVX2, blocks of
/// 32 bytes) computes only each block's first value that way and the others as `base + k*step`;
/// this function reproduces that too, so its values equal PyTorch's for every `steps` when
/// PyTorch runs one thread (and for steps <= 32768 with any thread count). Throws
/// std::invalid_argument for a negative `steps`.
template <FloatingElement T>
[[nodiscard]] Tensor<T> linspace(double start, double end, std::int64_t steps) {
    if (steps < 0) {
        detail::throw_invalid("linspace", detail::cat("number of steps must be non-negative, got ", steps));
    }
    Tensor<T> out(detail::uninitialized_t{}, Shape{steps}, "linspace");
    const T first = static_cast<T>(start);
    const T last = static_cast<T>(end);
    if (steps == 1) {
        out[0] = first;
    }
    if (steps <= 1) {
        return out;
    }
    const T step = (last - first) / static_cast<T>(steps - 1);
    const std::int64_t halfway = steps / 2;
    const auto value_at = [&](std::int64_t i) -> T {
        return i < halfway ? std::fma(step, static_cast<T>(i), first)
                           : std::fma(-step, static_cast<T>(steps - 1 - i), last);
    };
    // PyTorch's vector loop: pairs of 32-byte blocks, each block from its own first value.
    constexpr std::int64_t lanes = 32 / sizeof(T);
    const auto fill_block = [&](std::int64_t begin) {
        const T base = value_at(begin);
        out[begin] = base;
        for (std::int64_t k = 1; k < lanes; ++k) {
            out[begin + k] = detail::add_rounded_product(base, static_cast<T>(k), step);
        }
    };
    // the blocks' end computed up front: continuing the tail from the block loop's index made
    // GCC (-O3, or -O2 in a loop) warn falsely of an overflow there (-Waggressive-loop-optimizations)
    // in callers passing a constant steps
    const std::int64_t body = steps / (2 * lanes) * (2 * lanes);
    for (std::int64_t i = 0; i < body; i += 2 * lanes) {
        fill_block(i);
        fill_block(i + lanes);
    }
    for (std::int64_t i = body; i < steps; ++i) {
        out[i] = value_at(i);
    }
    return out;
}

/// A pseudo-random number generator that reproduces PyTorch's CPU generator:
/// `Generator g(seed)` then `rand<float>(shape, g)` gives the values of `torch.manual_seed(seed)`
/// then `torch.rand(shape)` (and `rand<double>` those of `dtype=torch.float64`).
///
/// Not thread-safe: give each thread its own Generator.
class Generator {
public:
    /// The seed of a fresh `torch.Generator()`.
    static constexpr std::uint64_t default_seed = 67280421310721ULL;

    explicit Generator(std::uint64_t seed = default_seed) noexcept : seed_(seed), engine_(seed) {}

    /// Restarts the sequence from `seed`, like `torch.Generator.manual_seed`.
    Generator& manual_seed(std::uint64_t seed) noexcept {
        seed_ = seed;
        engine_.seed(seed);
        return *this;
    }
    [[nodiscard]] std::uint64_t initial_seed() const noexcept { return seed_; }

    /// The next 32 random bits.
    std::uint32_t random() noexcept { return engine_(); }
    /// The next 64 random bits, made of two 32-bit draws (the first is the high half).
    std::uint64_t random64() noexcept {
        const std::uint64_t hi = engine_();
        const std::uint64_t lo = engine_();
        return (hi << 32) | lo;
    }

private:
    std::uint64_t seed_;
    detail::Mt19937 engine_;
};

/// The generator that `rand(shape)` without a generator draws from, like PyTorch's default
/// generator. Shared by the whole program: not thread-safe.
inline Generator& default_generator() noexcept {
    static Generator generator;
    return generator;
}

/// Reseeds the default generator, like `torch.manual_seed(seed)`.
inline void manual_seed(std::uint64_t seed) noexcept { default_generator().manual_seed(seed); }

/// A tensor of `shape` with values uniform in [0, 1), like `torch.rand(shape, generator=g)`:
/// float takes 24 random bits per value, double 53, so every value is a multiple of 2^-24
/// (2^-53).
template <FloatingElement T>
[[nodiscard]] Tensor<T> rand(Shape shape, Generator& generator) {
    Tensor<T> out(detail::uninitialized_t{}, std::move(shape), "rand");
    for (T& v : out) {
        if constexpr (std::is_same_v<T, float>) {
            v = static_cast<float>(generator.random() & 0xffffffU) * 0x1p-24F;
        } else {
            v = static_cast<double>(generator.random64() & 0x1fffffffffffffULL) * 0x1p-53;
        }
    }
    return out;
}

/// `rand(shape, default_generator())`.
template <FloatingElement T>
[[nodiscard]] Tensor<T> rand(Shape shape) {
    return rand<T>(std::move(shape), default_generator());
}

}  // namespace tensoract
