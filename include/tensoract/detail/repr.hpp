// tensoract — PyTorch 1.13's tensor repr (torch/_tensor_str.py), rule for rule: the formatter
// that picks integer, fixed or scientific mode and one common width, line wrapping at 80
// columns, nesting, summarisation with "..." and the suffixes.
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <string>
#include <system_error>
#include <type_traits>
#include <vector>

#include "../shape.hpp"
#include "strings.hpp"

namespace tensoract::detail {

/// torch.set_printoptions' defaults.
struct PrintOptions {
    int precision = 4;
    std::int64_t threshold = 1000;
    std::int64_t edgeitems = 3;
    std::int64_t linewidth = 80;
};

/// Python's `format(v, '.{precision}{f|e}')`: correctly rounded, and `nan` whatever its sign
/// bit (C's printf would say `-nan`).
inline std::string python_format(double v, std::chars_format fmt, int precision) {
    if (std::isnan(v)) {
        return "nan";
    }
    if (std::isinf(v)) {
        return v < 0 ? "-inf" : "inf";
    }
    char buf[400];  // enough for any double in fixed notation with a few decimals
    const auto res = std::to_chars(buf, buf + sizeof buf, v, fmt, precision);
    return {buf, res.ptr};
}

/// PyTorch's _Formatter for floating tensors.
class Formatter {
public:
    Formatter(const std::vector<double>& values, const PrintOptions& opt) : precision_(opt.precision) {
        double amin = 0;
        double amax = 0;
        bool any = false;
        for (const double v : values) {
            if (!std::isfinite(v) || v == 0) {
                continue;
            }
            const double a = std::fabs(v);
            amin = any ? std::min(amin, a) : a;
            amax = any ? std::max(amax, a) : a;
            any = true;
            if (v != std::ceil(v)) {
                int_mode_ = false;
            }
        }
        if (!any) {
            return;  // no finite nonzero value: integer mode, width 1
        }
        // Strict comparisons, in double, as PyTorch.
        const bool wide_range = amax / amin > 1000.0 || amax > 1.0e8;
        sci_mode_ = int_mode_ ? wide_range : (wide_range || amin < 1.0e-4);
        for (const double v : values) {
            if (!std::isfinite(v) || v == 0) {
                continue;
            }
            std::size_t len = 0;
            if (sci_mode_) {
                len = python_format(v, std::chars_format::scientific, precision_).size();
            } else if (int_mode_) {
                len = python_format(v, std::chars_format::fixed, 0).size() + 1;  // the '.'
            } else {
                len = python_format(v, std::chars_format::fixed, precision_).size();
            }
            width_ = std::max(width_, len);
        }
    }

    [[nodiscard]] std::size_t width() const noexcept { return width_; }

    [[nodiscard]] std::string format(double v) const {
        std::string s;
        if (sci_mode_) {
            s = python_format(v, std::chars_format::scientific, precision_);
        } else if (int_mode_) {
            s = python_format(v, std::chars_format::fixed, 0);
            if (std::isfinite(v)) {
                s += '.';
            }
        } else {
            s = python_format(v, std::chars_format::fixed, precision_);
        }
        if (s.size() < width_) {
            s.insert(0, width_ - s.size(), ' ');  // left-pad only, never truncate
        }
        return s;
    }

private:
    int precision_;
    bool int_mode_ = true;
    bool sci_mode_ = false;
    std::size_t width_ = 1;
};

template <class T>
class ReprWriter {
public:
    ReprWriter(const T* data, const Shape& shape, const PrintOptions& opt)
        : data_(data), shape_(shape), opt_(opt), strides_(shape.size(), 1) {
        for (std::size_t d = shape.size(); d-- > 1;) {
            strides_[d - 1] = strides_[d] * shape[d];
        }
    }

    /// _tensor_str: the body of a non-empty tensor, starting at column `indent`.
    std::string body(std::int64_t numel, std::int64_t indent) {
        summarize_ = numel > opt_.threshold;
        std::vector<double> values;
        collect(0, 0, values);
        const Formatter formatter(values, opt_);
        return nested(0, 0, indent, formatter);
    }

private:
    [[nodiscard]] bool elided(std::size_t d) const noexcept {
        return summarize_ && shape_[d] > 2 * opt_.edgeitems;
    }

    /// The indices of dim d that are printed: all, or the first and last `edgeitems`.
    template <class F>
    void for_each_printed(std::size_t d, F&& f) const {
        const std::int64_t n = shape_[d];
        if (elided(d)) {
            for (std::int64_t i = 0; i < opt_.edgeitems; ++i) {
                f(i);
            }
            for (std::int64_t i = n - opt_.edgeitems; i < n; ++i) {
                f(i);
            }
        } else {
            for (std::int64_t i = 0; i < n; ++i) {
                f(i);
            }
        }
    }

    /// get_summarized_data: the values the formatter sees.
    void collect(std::size_t d, std::int64_t offset, std::vector<double>& out) const {
        if (d == shape_.size()) {
            out.push_back(static_cast<double>(data_[offset]));
            return;
        }
        for_each_printed(d, [&](std::int64_t i) { collect(d + 1, offset + i * strides_[d], out); });
    }

    /// _tensor_str_with_formatter.
    std::string nested(std::size_t d, std::int64_t offset, std::int64_t indent,
                       const Formatter& f) const {
        const std::size_t remaining = shape_.size() - d;
        if (remaining == 0) {
            return f.format(static_cast<double>(data_[offset]));
        }
        if (remaining == 1) {
            return vector(offset, shape_[d], indent, f);
        }
        std::vector<std::string> slices;
        const std::int64_t n = shape_[d];
        for_each_printed(d, [&](std::int64_t i) {
            if (elided(d) && i == n - opt_.edgeitems) {
                slices.emplace_back("...");
            }
            slices.push_back(nested(d + 1, offset + i * strides_[d], indent + 1, f));
        });
        const std::string sep = cat(',', std::string(remaining - 1, '\n'),
                                    std::string(static_cast<std::size_t>(indent + 1), ' '));
        return cat('[', join(slices, sep), ']');
    }

    /// _vector_str: a 1-D run, wrapped by element count.
    std::string vector(std::int64_t offset, std::int64_t n, std::int64_t indent,
                       const Formatter& f) const {
        const auto element_length = static_cast<std::int64_t>(f.width()) + 2;
        const std::int64_t room = opt_.linewidth - indent;
        const std::int64_t per_line = std::max<std::int64_t>(1, room < 0 ? 0 : room / element_length);
        std::vector<std::string> items;
        const std::size_t d = shape_.size() - 1;
        for_each_printed(d, [&](std::int64_t i) {
            if (elided(d) && i == n - opt_.edgeitems) {
                items.emplace_back(" ...");
            }
            items.push_back(f.format(static_cast<double>(data_[offset + i])));
        });
        std::vector<std::string> lines;
        for (std::size_t i = 0; i < items.size(); i += static_cast<std::size_t>(per_line)) {
            const auto end = std::min(items.size(), i + static_cast<std::size_t>(per_line));
            lines.push_back(join({items.begin() + static_cast<std::ptrdiff_t>(i),
                                  items.begin() + static_cast<std::ptrdiff_t>(end)},
                                 ", "));
        }
        return cat('[', join(lines, cat(",\n", std::string(static_cast<std::size_t>(indent + 1), ' '))), ']');
    }

    static std::string join(const std::vector<std::string>& parts, const std::string& sep) {
        std::string s;
        for (std::size_t i = 0; i < parts.size(); ++i) {
            if (i != 0) {
                s += sep;
            }
            s += parts[i];
        }
        return s;
    }

    const T* data_;
    const Shape& shape_;
    PrintOptions opt_;
    std::vector<std::int64_t> strides_;
    bool summarize_ = false;
};

/// Python's str() of a tuple of ints: "(2, 0)", "(5,)".
inline std::string python_tuple(const Shape& shape) {
    std::string s = "(";
    for (std::size_t i = 0; i < shape.size(); ++i) {
        s += cat(i == 0 ? "" : ", ", shape[i]);
    }
    s += shape.size() == 1 ? ",)" : ")";
    return s;
}

/// _str_intern: prefix, body and suffixes (wrapped onto their own line past 80 columns).
template <class T>
std::string repr(const T* data, const Shape& shape, std::int64_t numel,
                 const PrintOptions& opt = {}) {
    const std::string prefix = "tensor(";
    const auto indent = static_cast<std::int64_t>(prefix.size());
    std::vector<std::string> suffixes;
    std::string s = prefix;
    if (numel == 0) {
        if (shape.size() != 1) {
            suffixes.push_back(cat("size=", python_tuple(shape)));
        }
        s += "[]";
    } else {
        s += ReprWriter<T>(data, shape, opt).body(numel, indent);
    }
    if constexpr (std::is_same_v<T, double>) {
        suffixes.emplace_back("dtype=torch.float64");
    }
    const auto newline = s.rfind('\n');
    std::int64_t last = static_cast<std::int64_t>(s.size()) -
                        (newline == std::string::npos ? -1 : static_cast<std::int64_t>(newline)) + 1;
    for (const std::string& x : suffixes) {
        const auto len = static_cast<std::int64_t>(x.size());
        if (last + len + 2 > opt.linewidth) {
            s += cat(",\n", std::string(static_cast<std::size_t>(indent), ' '), x);
            last = indent + len;
        } else {
            s += cat(", ", x);
            last += len + 2;
        }
    }
    s += ')';
    return s;
}

}  // namespace tensoract::detail
