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

/// The Jacobian of x of n values, out n x n (not overlapping x): for softmax
/// out[i][j] = p_i (δij - p_j) with p = softmax(x); for softmin its negation with p =
/// softmin(x); for log_softmax δij - p_j with p = softmax(x). The diagonal's 1 - p_i is the
/// sum of the other p_j, in double.
template <class T, simd::RowOp kind = simd::RowOp::softmax>
void softmax_jacobian_matrix(const T* x, T* out, std::int64_t n) noexcept {
    if (n == 0) {
        return;
    }
    // p goes into the last row first, which is rewritten last, one element at a time.
    T* p = out + (n - 1) * n;
    constexpr simd::RowOp p_kind = kind == simd::RowOp::softmin ? simd::RowOp::softmin : simd::RowOp::softmax;
    simd::softmax<T, p_kind>(x, p, 1, n, 1);
    for (std::int64_t i = 0; i <= n - 1; ++i) {
        const double pi = p[i];
        // 1 - p_i as the sum of the others: 1 - p_i cancels where p_i nears 1
        double others = 0;
        for (std::int64_t j = 0; j < n; ++j) {
            others += j == i ? 0.0 : static_cast<double>(p[j]);
        }
        T* row = out + i * n;
        for (std::int64_t j = 0; j < n; ++j) {
            const double pj = p[j];
            double v = 0;
            if constexpr (kind == simd::RowOp::log_softmax) {
                v = i == j ? others : -pj;
            } else {
                v = i == j ? pi * others : -pi * pj;
                v = kind == simd::RowOp::softmin ? -v : v;
            }
            row[j] = static_cast<T>(v);
        }
    }
}

}  // namespace tensoract::detail
