// tensoract — softmax's shapes: a dim seen as [outer, n, inner] (rows of n values, `inner`
// apart), and the Jacobian. The row kernels are the SIMD ones (simd/kernels.inl).
// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>

#include "../shape.hpp"
#include "simd/dispatch.hpp"

namespace tensoract::detail {

/// The [outer, n, inner] factorisation of `shape` around `dim` (already wrapped).
struct DimSplit {
    std::int64_t outer = 1;
    std::int64_t n = 1;
    std::int64_t inner = 1;
};

inline DimSplit split_at(const Shape& shape, std::int64_t dim) {
    DimSplit s;
    for (std::size_t d = 0; d < shape.size(); ++d) {
        const auto di = static_cast<std::int64_t>(d);
        if (di < dim) {
            s.outer *= shape[d];
        } else if (di == dim) {
            s.n = shape[d];
        } else {
            s.inner *= shape[d];
        }
    }
    return s;
}

/// out[i][j] = p_i (δij - p_j) for p = softmax(x), x of n values, out n x n (not overlapping x).
template <class T>
void softmax_jacobian_matrix(const T* x, T* out, std::int64_t n) noexcept {
    if (n == 0) {
        return;
    }
    // p goes into the last row first, which is rewritten last, one element at a time.
    T* p = out + (n - 1) * n;
    simd::softmax<T>(x, p, 1, n, 1);
    for (std::int64_t i = 0; i <= n - 1; ++i) {
        const double pi = p[i];
        T* row = out + i * n;
        for (std::int64_t j = 0; j < n; ++j) {
            const double pj = p[j];
            row[j] = static_cast<T>(i == j ? pi * (1.0 - pi) : -pi * pj);
        }
    }
}

}  // namespace tensoract::detail
