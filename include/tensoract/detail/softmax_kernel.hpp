// tensoract — softmax along one dim, seen as [outer, n, inner]: rows of n values, `inner`
// apart. No transposition: for inner > 1 the rows are walked in blocks of adjacent columns, so
// every pass reads contiguous memory. Accumulation is in double.
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <type_traits>

#include "../shape.hpp"

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

/// max that propagates NaN, so a row holding a NaN comes out all NaN.
template <class T>
T max_propagating_nan(T a, T b) noexcept {
    return (b > a || b != b) ? b : a;
}

/// e^(x - m). For float inputs x - m is exact in double. For double inputs it is not, and its
/// rounding error, multiplied by up to |x - m| ~ 700, would cost that many ULPs: the error term
/// of the subtraction (Knuth's TwoSum) goes back in as a first-order factor.
template <class T>
double exp_of_difference(T x, T m) noexcept {
    const double a = static_cast<double>(x);
    const double b = -static_cast<double>(m);
    const double s = a + b;
    if constexpr (std::is_same_v<T, float>) {
        return std::exp(s);
    } else {
        const double bb = s - a;
        const double err = (a - (s - bb)) + (b - bb);
        const double e = std::exp(s);
        return err == err ? e + e * err : e;  // err is NaN when s is ±inf or NaN
    }
}

/// A sum in double; compensated (Neumaier) when the terms are doubles, so that a long row does
/// not cost double results one rounding per term.
class RowSum {
public:
    void add(double v) noexcept {
        const double t = sum_ + v;
        if (std::fabs(sum_) >= std::fabs(v)) {
            comp_ += (sum_ - t) + v;
        } else {
            comp_ += (v - t) + sum_;
        }
        sum_ = t;
    }
    [[nodiscard]] double value() const noexcept { return sum_ + comp_; }

private:
    double sum_ = 0;
    double comp_ = 0;
};

/// Columns processed together when the softmax dim is not the last: enough to fill cache
/// lines, few enough for the per-column state to sit on the stack.
inline constexpr std::int64_t softmax_block = 64;

/// out = softmax(x) along the middle dim of [outer, n, inner]; out may be x.
template <class T>
void softmax_rows(const T* x, T* out, const DimSplit& s) noexcept {
    if (s.outer == 0 || s.n == 0 || s.inner == 0) {
        return;
    }
    const std::int64_t stride = s.inner;
    for (std::int64_t o = 0; o < s.outer; ++o) {
        const T* xo = x + o * s.n * stride;
        T* yo = out + o * s.n * stride;
        for (std::int64_t c0 = 0; c0 < stride; c0 += softmax_block) {
            const std::int64_t w = std::min(softmax_block, stride - c0);
            T max[softmax_block];
            RowSum sum[softmax_block];
            std::copy_n(xo + c0, w, max);
            for (std::int64_t i = 1; i < s.n; ++i) {
                const T* row = xo + i * stride + c0;
                for (std::int64_t j = 0; j < w; ++j) {
                    max[j] = max_propagating_nan(max[j], row[j]);
                }
            }
            for (std::int64_t i = 0; i < s.n; ++i) {
                const T* row = xo + i * stride + c0;
                T* dst = yo + i * stride + c0;
                for (std::int64_t j = 0; j < w; ++j) {
                    // A +inf or NaN in the row makes max inf/NaN, the difference NaN, and the
                    // whole row NaN, as in PyTorch; so does a row of -inf.
                    const double e = exp_of_difference(row[j], max[j]);
                    dst[j] = static_cast<T>(e);
                    sum[j].add(e);
                }
            }
            double total[softmax_block];
            for (std::int64_t j = 0; j < w; ++j) {
                total[j] = sum[j].value();
            }
            for (std::int64_t i = 0; i < s.n; ++i) {
                T* dst = yo + i * stride + c0;
                for (std::int64_t j = 0; j < w; ++j) {
                    dst[j] = static_cast<T>(static_cast<double>(dst[j]) / total[j]);
                }
            }
        }
    }
}

/// out = y * (g - sum(g * y)) along the middle dim of [outer, n, inner]; out may be g or y.
template <class T>
void softmax_backward_rows(const T* g, const T* y, T* out, const DimSplit& s) noexcept {
    if (s.outer == 0 || s.n == 0 || s.inner == 0) {
        return;
    }
    const std::int64_t stride = s.inner;
    for (std::int64_t o = 0; o < s.outer; ++o) {
        const std::int64_t base = o * s.n * stride;
        for (std::int64_t c0 = 0; c0 < stride; c0 += softmax_block) {
            const std::int64_t w = std::min(softmax_block, stride - c0);
            double dot[softmax_block] = {};
            for (std::int64_t i = 0; i < s.n; ++i) {
                const std::int64_t at = base + i * stride + c0;
                for (std::int64_t j = 0; j < w; ++j) {
                    dot[j] += static_cast<double>(g[at + j]) * static_cast<double>(y[at + j]);
                }
            }
            for (std::int64_t i = 0; i < s.n; ++i) {
                const std::int64_t at = base + i * stride + c0;
                for (std::int64_t j = 0; j < w; ++j) {
                    out[at + j] = static_cast<T>(static_cast<double>(y[at + j]) *
                                                 (static_cast<double>(g[at + j]) - dot[j]));
                }
            }
        }
    }
}

/// out[i][j] = p_i (δij - p_j) for p = softmax(x), x of n values, out n x n (not overlapping x).
template <class T>
void softmax_jacobian_matrix(const T* x, T* out, std::int64_t n) noexcept {
    if (n == 0) {
        return;
    }
    // p goes into the last row first, which is rewritten last, one element at a time.
    T* p = out + (n - 1) * n;
    softmax_rows(x, p, DimSplit{1, n, 1});
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
