// tensoract — argument checks shared by every operation. Each throws with the operation's name
// and the shapes involved, so that a user reading the message knows which call was wrong.
// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string_view>

#include "../shape.hpp"
#include "strings.hpp"

namespace tensoract::detail {

// The exceptions are made from a const char*: their std::string constructors would compile
// std::string's code again in every program (see detail/text.hpp).
[[noreturn, gnu::cold]] inline void throw_invalid(std::string_view op, std::string_view what) {
    throw std::invalid_argument(cat(op, ": ", what).c_str());
}

[[noreturn, gnu::cold]] inline void throw_out_of_range(std::string_view op, std::string_view what) {
    throw std::out_of_range(cat(op, ": ", what).c_str());
}

/// Why `shape` has no valid element count: a negative extent, or a count past int64.
[[noreturn, gnu::noinline, gnu::cold]] inline void throw_bad_numel(std::string_view op, const Shape& shape) {
    for (std::size_t d = 0; d < shape.size(); ++d) {
        if (shape[d] < 0) {
            throw_invalid(op, cat("negative extent ", shape[d], " in dim ", d, " of shape ", shape));
        }
    }
    throw_invalid(op, cat("the element count of shape ", shape, " does not fit in int64"));
}

/// Number of elements of `shape`; throws for negative extents and for a count that does not
/// fit in int64 (a shape of 0 elements is fine whatever the other extents are).
inline std::int64_t checked_numel(std::string_view op, const Shape& shape) {
    std::int64_t n = 1;
    bool negative = false;
    bool zero = false;      // a zero extent makes any count valid: 0 elements
    bool overflow = false;  // keep scanning past it: a later zero or negative extent decides
    for (const std::int64_t e : shape) {
        if (e <= 0) {
            negative = negative || e < 0;
            zero = true;
        } else if (std::int64_t m = 0; __builtin_mul_overflow(n, e, &m)) {
            // (the overflow flag of one multiply: a division per extent, the obvious test,
            // was ~60% of a [1, 10] view's construction, one-off)
            overflow = true;
        } else {
            n = m;
        }
    }
    if (negative || (overflow && !zero)) {
        throw_bad_numel(op, shape);
    }
    return zero ? 0 : n;
}

[[noreturn, gnu::noinline, gnu::cold]] inline void throw_bad_dim(std::string_view op, std::int64_t dim,
                                                                   std::size_t ndim) {
    const auto n = static_cast<std::int64_t>(ndim == 0 ? 1 : ndim);
    throw_out_of_range(op, cat("dim ", dim, " out of range for a tensor of dim ", ndim, " (expected in [", -n, ", ",
                               n - 1, "])"));
}

/// Wraps a possibly negative `dim` (PyTorch's rule: -1 is the last dim; a 0-D tensor accepts
/// 0 and -1) into [0, max(ndim, 1)).
inline std::int64_t wrap_dim(std::string_view op, std::int64_t dim, std::size_t ndim) {
    const auto n = static_cast<std::int64_t>(ndim == 0 ? 1 : ndim);
    if (dim < -n || dim >= n) {
        throw_bad_dim(op, dim, ndim);
    }
    return dim < 0 ? dim + n : dim;
}

inline void check_same_shape(std::string_view op, std::string_view a_name, const Shape& a,
                             std::string_view b_name, const Shape& b) {
    if (!(a == b)) {
        throw_invalid(op, cat(a_name, " and ", b_name, " must have the same shape, got ", a,
                              " and ", b));
    }
}

/// `out` may be exactly `in` (same first element: in place) or disjoint from it; any other
/// overlap would read elements that were already overwritten.
template <class T>
void check_no_partial_overlap(std::string_view op, std::string_view in_name, const T* in,
                              std::int64_t in_n, const T* out, std::int64_t out_n,
                              bool allow_exact = true) {
    if (in_n == 0 || out_n == 0) {
        return;
    }
    const auto a = reinterpret_cast<std::uintptr_t>(in);
    const auto b = reinterpret_cast<std::uintptr_t>(out);
    const auto a_end = a + static_cast<std::uintptr_t>(in_n) * sizeof(T);
    const auto b_end = b + static_cast<std::uintptr_t>(out_n) * sizeof(T);
    const bool disjoint = a_end <= b || b_end <= a;
    if (disjoint || (allow_exact && a == b && in_n == out_n)) {
        return;
    }
    if (allow_exact) {
        throw_invalid(op, cat("out overlaps ", in_name, " partially (in place needs out to be exactly ",
                              in_name, ")"));
    }
    throw_invalid(op, cat("out overlaps ", in_name, " (it must not overlap at all)"));
}

}  // namespace tensoract::detail
