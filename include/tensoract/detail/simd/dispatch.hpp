// tensoract — the kernels for every instruction set this build supports, and the run-time
// choice between them. One call per tensor: the per-element work is all inside the kernels.
// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <limits>

#include "constants.hpp"
#include "cpu.hpp"

namespace tensoract::detail::simd {

enum class Unary : std::uint8_t { sigmoid, tanh, relu, sigmoid_derivative, tanh_derivative, relu_derivative };
enum class Binary : std::uint8_t { sigmoid_backward, tanh_backward, relu_backward };

}  // namespace tensoract::detail::simd

#if TENSORACT_HAS_SCALAR
#include "scalar.hpp"
namespace tensoract::detail::scalar {
#include "kernels.inl"
}  // namespace tensoract::detail::scalar
#endif

#if TENSORACT_HAS_AVX2
#include "avx2.hpp"
#include "target_begin_avx2.hpp"
namespace tensoract::detail::avx2 {
#include "kernels.inl"
}  // namespace tensoract::detail::avx2
#include "target_end.hpp"
#endif

#if TENSORACT_HAS_AVX512
#include "avx512.hpp"
#include "target_begin_avx512.hpp"
namespace tensoract::detail::avx512 {
#include "kernels.inl"
}  // namespace tensoract::detail::avx512
#include "target_end.hpp"
#endif

#if TENSORACT_HAS_NEON
#include "neon.hpp"
namespace tensoract::detail::neon {
#include "kernels.inl"
}  // namespace tensoract::detail::neon
#endif

namespace tensoract::detail::simd {

// Calls `name<T>(args...)` in the namespace of the active instruction set.
#define TENSORACT_DISPATCH(name, ...)                                      \
    switch (::tensoract::detail::active_instruction_set()) {               \
        TENSORACT_DISPATCH_CASE_AVX512(name, __VA_ARGS__)                  \
        TENSORACT_DISPATCH_CASE_AVX2(name, __VA_ARGS__)                    \
        TENSORACT_DISPATCH_CASE_NEON(name, __VA_ARGS__)                    \
        default:                                                           \
            TENSORACT_DISPATCH_FALLBACK(name, __VA_ARGS__);                \
    }

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

template <class T>
void unary(Unary op, const T* x, T* y, std::int64_t n) noexcept {
    TENSORACT_DISPATCH(unary, op, x, y, n)
}

template <class T>
void binary(Binary op, const T* a, const T* b, T* y, std::int64_t n) noexcept {
    TENSORACT_DISPATCH(binary, op, a, b, y, n)
}

/// softmax along the middle dim of [outer, n, inner]; y may be x.
template <class T>
void softmax(const T* x, T* y, std::int64_t outer, std::int64_t n, std::int64_t inner) noexcept {
    TENSORACT_DISPATCH(softmax, x, y, outer, n, inner)
}

/// y * (g - sum(g*y)) along the middle dim of [outer, n, inner]; out may be g or y.
template <class T>
void softmax_backward(const T* g, const T* y, T* out, std::int64_t outer, std::int64_t n, std::int64_t inner) noexcept {
    TENSORACT_DISPATCH(softmax_backward, g, y, out, outer, n, inner)
}

}  // namespace tensoract::detail::simd
