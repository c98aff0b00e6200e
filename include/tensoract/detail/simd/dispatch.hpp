// tensoract — the kernels for every instruction set this build supports, and the run-time
// choice between them. One call per tensor: the per-element work is all inside the kernels.
// SPDX-License-Identifier: MIT
#pragma once

#include <cmath>  // std::fabs in the kernels
#include <cstddef>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "../thread_pool.hpp"
#include "constants.hpp"
#include "cpu.hpp"

namespace tensoract::detail::simd {

// The operations as X-macro lists, so that the enums below and the kernels' explicit
// instantiations (kernel_instances.inl) cannot drift apart.
#define TENSORACT_UNARY_OPS(X) \
    X(sigmoid)                                                                           \
    X(tanh)                                                                              \
    X(relu)                                                                              \
    X(sigmoid_derivative)                                                                \
    X(tanh_derivative)                                                                   \
    X(relu_derivative)                                                                   \
    X(leaky_relu)                 /* a: negative_slope */                                \
    X(leaky_relu_derivative)      /* a: negative_slope */                                \
    X(hardtanh)                   /* a, b: min_val, max_val (relu6: 0, 6) */             \
    X(hardtanh_derivative)        /* a, b: min_val, max_val */                           \
    X(hardsigmoid)                                                                       \
    X(hardsigmoid_derivative)                                                            \
    X(hardswish)                                                                         \
    X(hardswish_derivative)                                                              \
    X(silu)                                                                              \
    X(silu_derivative)                                                                   \
    X(softsign)                                                                          \
    X(softsign_derivative)                                                               \
    X(elu)                        /* a, b: alpha, input scale (celu: alpha, 1/alpha) */  \
    X(elu_derivative)             /* a, b: as elu */                                     \
    X(selu)                                                                              \
    X(selu_derivative)                                                                   \
    X(softplus)                   /* a, b: beta, threshold */                            \
    X(softplus_derivative)        /* a, b: beta, threshold */                            \
    X(logsigmoid)                                                                        \
    X(logsigmoid_derivative)                                                             \
    X(tanhshrink)                                                                        \
    X(tanhshrink_derivative)                                                             \
    X(mish)                                                                              \
    X(mish_derivative)                                                                   \
    X(gelu)                                                                              \
    X(gelu_derivative)                                                                   \
    X(gelu_tanh)                                                                         \
    X(gelu_tanh_derivative)
#define TENSORACT_BINARY_OPS(X) \
    X(sigmoid_backward)         /* (g, y) */                            \
    X(tanh_backward)            /* (g, y) */                            \
    X(relu_backward)            /* (g, y) */                            \
    X(leaky_relu_backward)      /* (g, x), a: negative_slope */         \
    X(hardtanh_backward)        /* (g, x), a, b: min_val, max_val */    \
    X(hardsigmoid_backward)     /* (g, x) */                            \
    X(hardswish_backward)       /* (g, x) */                            \
    X(silu_backward)            /* (g, x) */                            \
    X(softsign_backward)        /* (g, x) */                            \
    X(elu_backward)             /* (g, x), a, b: alpha, input scale */  \
    X(selu_backward)            /* (g, x) */                            \
    X(softplus_backward)        /* (g, x), a, b: beta, threshold */     \
    X(logsigmoid_backward)      /* (g, x) */                            \
    X(tanhshrink_backward)      /* (g, x) */                            \
    X(mish_backward)            /* (g, x) */                            \
    X(gelu_backward)            /* (g, x) */                            \
    X(gelu_tanh_backward)       /* (g, x) */
#define TENSORACT_ENUMERATOR(name) name,
enum class Unary : std::uint8_t { TENSORACT_UNARY_OPS(TENSORACT_ENUMERATOR) };
enum class Binary : std::uint8_t { TENSORACT_BINARY_OPS(TENSORACT_ENUMERATOR) };
#undef TENSORACT_ENUMERATOR

/// The operations along a dim: softmax, softmin (softmax of -x) and log_softmax.
enum class RowOp : std::uint8_t { softmax, softmin, log_softmax };

/// An operation's parameters (PyTorch's, in its order), as Unary and Binary say.
template <class T>
struct Params {
    T a = T(0);
    T b = T(0);
};

/// Ops whose cost is moving memory: they are split across threads only in larger chunks.
constexpr bool memory_bound(Unary op) noexcept {
    return op == Unary::relu || op == Unary::relu_derivative || op == Unary::leaky_relu ||
           op == Unary::leaky_relu_derivative || op == Unary::hardtanh || op == Unary::hardtanh_derivative ||
           op == Unary::hardsigmoid_derivative;
}
constexpr bool memory_bound(Binary op) noexcept {
    return op == Binary::sigmoid_backward || op == Binary::tanh_backward || op == Binary::relu_backward ||
           op == Binary::leaky_relu_backward || op == Binary::hardtanh_backward || op == Binary::hardsigmoid_backward;
}

}  // namespace tensoract::detail::simd

#if TENSORACT_HAS_SCALAR
#include "scalar.hpp"
namespace tensoract::detail::scalar {
#include "kernels.inl"
#if defined(TENSORACT_KERNELS_EXTERN) || defined(TENSORACT_KERNELS_INSTANTIATE)
#include "kernel_instances.inl"
#endif
}  // namespace tensoract::detail::scalar
#endif

#if TENSORACT_HAS_AVX2
#include "avx2.hpp"
#include "target_begin_avx2.hpp"
namespace tensoract::detail::avx2 {
#include "kernels.inl"
#if defined(TENSORACT_KERNELS_EXTERN) || defined(TENSORACT_KERNELS_INSTANTIATE)
#include "kernel_instances.inl"
#endif
}  // namespace tensoract::detail::avx2
#include "target_end.hpp"
#endif

#if TENSORACT_HAS_AVX512
#include "avx512.hpp"
#include "target_begin_avx512.hpp"
namespace tensoract::detail::avx512 {
#include "kernels.inl"
#if defined(TENSORACT_KERNELS_EXTERN) || defined(TENSORACT_KERNELS_INSTANTIATE)
#include "kernel_instances.inl"
#endif
}  // namespace tensoract::detail::avx512
#include "target_end.hpp"
#endif

#if TENSORACT_HAS_NEON
#include "neon.hpp"
namespace tensoract::detail::neon {
#include "kernels.inl"
#if defined(TENSORACT_KERNELS_EXTERN) || defined(TENSORACT_KERNELS_INSTANTIATE)
#include "kernel_instances.inl"
#endif
}  // namespace tensoract::detail::neon
#endif

namespace tensoract::detail::simd {

// Calls `name<T>(args...)` in the namespace of the active instruction set (with one set
// pinned, TENSORACT_INSTRUCTION_SET, in that set's namespace: there is no other).
#if defined(TENSORACT_INSTRUCTION_SET)
#define TENSORACT_DISPATCH(name, ...)                       \
    ::tensoract::detail::check_pinned_instruction_set(); \
    TENSORACT_DISPATCH_FALLBACK(name, __VA_ARGS__);
#else
#define TENSORACT_DISPATCH(name, ...)                                      \
    switch (::tensoract::detail::active_instruction_set()) {               \
        TENSORACT_DISPATCH_CASE_AVX512(name, __VA_ARGS__)                  \
        TENSORACT_DISPATCH_CASE_AVX2(name, __VA_ARGS__)                    \
        TENSORACT_DISPATCH_CASE_NEON(name, __VA_ARGS__)                    \
        default:                                                           \
            TENSORACT_DISPATCH_FALLBACK(name, __VA_ARGS__);                \
    }
#endif

#if TENSORACT_HAS_AVX512
#define TENSORACT_DISPATCH_CASE_AVX512(name, ...) \
    case InstructionSet::avx512:                  \
        return ::tensoract::detail::avx512::name<T>(__VA_ARGS__);
#else
#define TENSORACT_DISPATCH_CASE_AVX512(name, ...)
#endif
#if TENSORACT_HAS_AVX2
#define TENSORACT_DISPATCH_CASE_AVX2(name, ...) \
    case InstructionSet::avx2:                  \
        return ::tensoract::detail::avx2::name<T>(__VA_ARGS__);
#else
#define TENSORACT_DISPATCH_CASE_AVX2(name, ...)
#endif
#if TENSORACT_HAS_NEON
#define TENSORACT_DISPATCH_CASE_NEON(name, ...) \
    case InstructionSet::neon:                  \
        return ::tensoract::detail::neon::name<T>(__VA_ARGS__);
#else
#define TENSORACT_DISPATCH_CASE_NEON(name, ...)
#endif
// With one set pinned (TENSORACT_INSTRUCTION_SET), that set is the fallback too.
#if TENSORACT_HAS_SCALAR
#define TENSORACT_DISPATCH_FALLBACK(name, ...) return ::tensoract::detail::scalar::name<T>(__VA_ARGS__)
#elif TENSORACT_HAS_AVX512
#define TENSORACT_DISPATCH_FALLBACK(name, ...) return ::tensoract::detail::avx512::name<T>(__VA_ARGS__)
#elif TENSORACT_HAS_AVX2
#define TENSORACT_DISPATCH_FALLBACK(name, ...) return ::tensoract::detail::avx2::name<T>(__VA_ARGS__)
#else
#define TENSORACT_DISPATCH_FALLBACK(name, ...) return ::tensoract::detail::neon::name<T>(__VA_ARGS__)
#endif

/// Elements per chunk at least, where a call is split across threads: below, a thread's
/// start-up and the chunk's cache misses cost more than its share of the work saves
/// (measured by bench/, rows "[threads=2]").
inline constexpr std::int64_t grain_compute = std::int64_t{1} << 14;  // sigmoid, tanh, derivatives, softmax
inline constexpr std::int64_t grain_memory = std::int64_t{1} << 17;   // relu and the backward ops

template <Unary op, class T>
void unary(const T* x, T* y, std::int64_t n, const Params<T>& p = {}) noexcept {
    constexpr std::int64_t grain = memory_bound(op) ? grain_memory : grain_compute;
    parallel_chunks(n, grain, 16, [&](std::int64_t b, std::int64_t e) {
        const std::int64_t m = e - b;
        const T* const xb = x + b;
        T* const yb = y + b;
        const std::integral_constant<Unary, op> tag;
        TENSORACT_DISPATCH(unary, tag, xb, yb, m, p)
    });
}

template <Binary op, class T>
void binary(const T* a, const T* b, T* y, std::int64_t n, const Params<T>& p = {}) noexcept {
    constexpr std::int64_t grain = memory_bound(op) ? grain_memory : grain_compute;
    parallel_chunks(n, grain, 16, [&](std::int64_t lo, std::int64_t hi) {
        const std::int64_t m = hi - lo;
        const T* const ab = a + lo;
        const T* const bb = b + lo;
        T* const yb = y + lo;
        const std::integral_constant<Binary, op> tag;
        TENSORACT_DISPATCH(binary, tag, ab, bb, yb, m, p)
    });
}

/// Splits [outer, n, inner] across threads: by rows of the outer dim where there are several
/// (or where inner is 1: rows of the last dim), else by columns of inner, 16 at a time.
template <class F>
void split_softmax(std::int64_t outer, std::int64_t n, std::int64_t inner, const F& run) noexcept {
    if (outer == 0 || n == 0 || inner == 0) {
        return;
    }
    const std::int64_t row = n * inner;
    if (outer > 1 || inner == 1) {
        const std::int64_t grain = row >= grain_compute ? 1 : grain_compute / row;
        parallel_chunks(outer, grain, 1, [&](std::int64_t b, std::int64_t e) { run(b, e - b, std::int64_t{0}, inner); });
    } else {
        const std::int64_t grain = n >= grain_compute ? 16 : grain_compute / n;
        parallel_chunks(inner, grain, 16, [&](std::int64_t b, std::int64_t e) { run(std::int64_t{0}, std::int64_t{1}, b, e); });
    }
}

/// softmax (softmin, log_softmax) along the middle dim of [outer, n, inner]; y may be x.
template <class T, RowOp op = RowOp::softmax>
void softmax(const T* x, T* y, std::int64_t outer, std::int64_t n, std::int64_t inner) noexcept {
    split_softmax(outer, n, inner, [&](std::int64_t o, std::int64_t rows, std::int64_t c_begin, std::int64_t c_end) {
        const T* const xo = x + o * n * inner;
        T* const yo = y + o * n * inner;
        const std::integral_constant<RowOp, op> tag;
        TENSORACT_DISPATCH(softmax, tag, xo, yo, rows, n, inner, c_begin, c_end)
    });
}

/// The backward along the middle dim of [outer, n, inner], from g and the output y: softmax
/// y * (g - sum(g*y)), softmin its negation, log_softmax g - e^y sum(g); out may be g or y.
template <class T, RowOp op = RowOp::softmax>
void softmax_backward(const T* g, const T* y, T* out, std::int64_t outer, std::int64_t n, std::int64_t inner) noexcept {
    split_softmax(outer, n, inner, [&](std::int64_t o, std::int64_t rows, std::int64_t c_begin, std::int64_t c_end) {
        const std::int64_t at = o * n * inner;
        const T* const go = g + at;
        const T* const yo = y + at;
        T* const oo = out + at;
        const std::integral_constant<RowOp, op> tag;
        TENSORACT_DISPATCH(softmax_backward, tag, go, yo, oo, rows, n, inner, c_begin, c_end)
    });
}

}  // namespace tensoract::detail::simd
