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

/// Python's `format(v, '.{precision}{f|e}')` into buf: correctly rounded, and `nan` whatever
/// its sign bit (C's printf would say `-nan`). Returns the length.
inline std::size_t python_format(char (&buf)[400], double v, std::chars_format fmt, int precision) {
    const char* text = nullptr;
    if (std::isnan(v)) {
        text = "nan";
    } else if (std::isinf(v)) {
        text = v < 0 ? "-inf" : "inf";
    } else {  // 400 characters: enough for any double in fixed notation with a few decimals
        return static_cast<std::size_t>(std::to_chars(buf, buf + sizeof buf, v, fmt, precision).ptr - buf);
    }
    std::size_t n = 0;
    for (; text[n] != '\0'; ++n) {
        buf[n] = text[n];
    }
    return n;
}

/// PyTorch's _Formatter for floating tensors.
class Formatter {
public:
    Formatter(const std::vector<double>& values, int precision) : precision_(precision) {
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
        char buf[400];
        for (const double v : values) {
            if (std::isfinite(v) && v != 0) {
                width_ = std::max(width_, format(buf, v));
            }
        }
    }

    [[nodiscard]] std::size_t width() const noexcept { return width_; }

    /// v as PyTorch prints it, left-padded to the common width.
    void append(std::string& out, double v) const {
        char buf[400];
        const std::size_t n = format(buf, v);
        if (n < width_) {
            out.append(width_ - n, ' ');  // left-pad only, never truncate
        }
        out.append(buf, n);
    }

private:
    std::size_t format(char (&buf)[400], double v) const {
        if (sci_mode_) {
            return python_format(buf, v, std::chars_format::scientific, precision_);
        }
        if (!int_mode_) {
            return python_format(buf, v, std::chars_format::fixed, precision_);
        }
        std::size_t n = python_format(buf, v, std::chars_format::fixed, 0);
        if (std::isfinite(v)) {
            buf[n++] = '.';
        }
        return n;
    }

    int precision_;
    bool int_mode_ = true;
    bool sci_mode_ = false;
    std::size_t width_ = 1;
};

/// The body of a non-empty tensor (_tensor_str), written from the values it prints: those
/// values, in row-major order, are exactly the ones the nested lists show, so the writer
/// consumes them one by one and needs no access to the tensor (nor its element type).
class ReprWriter {
public:
    ReprWriter(const Shape& shape, const PrintOptions& opt, bool summarize)
        : shape_(shape), opt_(opt), summarize_(summarize) {}

    /// The indices of dim d that are printed: all, or the first and last `edgeitems`; an
    /// elided run is reported as index -1 where it sits.
    template <class F>
    void for_each_printed(std::size_t d, F&& f) const {
        const std::int64_t n = shape_[d];
        if (summarize_ && n > 2 * opt_.edgeitems) {
            for (std::int64_t i = 0; i < opt_.edgeitems; ++i) {
                f(i);
            }
            f(std::int64_t{-1});
            for (std::int64_t i = n - opt_.edgeitems; i < n; ++i) {
                f(i);
            }
        } else {
            for (std::int64_t i = 0; i < n; ++i) {
                f(i);
            }
        }
    }

    /// _tensor_str_with_formatter, from dim d at column `indent`.
    void write(std::string& out, std::size_t d, std::int64_t indent, const Formatter& f, const double*& next) const {
        const std::size_t remaining = shape_.size() - d;
        if (remaining == 0) {
            f.append(out, *next++);
            return;
        }
        out += '[';
        bool first = true;
        if (remaining == 1) {  // _vector_str: wrapped by element count
            const auto element_length = static_cast<std::int64_t>(f.width()) + 2;
            const std::int64_t room = opt_.linewidth - indent;
            const std::int64_t per_line = std::max<std::int64_t>(1, room < 0 ? 0 : room / element_length);
            std::int64_t k = 0;
            for_each_printed(d, [&](std::int64_t i) {
                if (k != 0) {
                    if (k % per_line == 0) {
                        new_line(out, 1, indent + 1);
                    } else {
                        out += ", ";
                    }
                }
                ++k;
                if (i < 0) {
                    out += " ...";
                } else {
                    f.append(out, *next++);
                }
            });
        } else {
            for_each_printed(d, [&](std::int64_t i) {
                if (!first) {
                    new_line(out, remaining - 1, indent + 1);
                }
                first = false;
                if (i < 0) {
                    out += "...";
                } else {
                    write(out, d + 1, indent + 1, f, next);
                }
            });
        }
        out += ']';
    }

private:
    static void new_line(std::string& out, std::size_t lines, std::int64_t indent) {
        out += ',';
        out.append(lines, '\n');
        out.append(static_cast<std::size_t>(indent), ' ');
    }

    const Shape& shape_;
    PrintOptions opt_;
    bool summarize_;
};

/// get_summarized_data: the values printed, row-major.
template <class T>
void collect_printed(const ReprWriter& w, const Shape& shape, const T* data, std::size_t d, std::int64_t offset,
                     std::int64_t stride, std::vector<double>& out) {
    if (d == shape.size()) {
        out.push_back(static_cast<double>(data[offset]));
        return;
    }
    const std::int64_t inner = d + 1 < shape.size() ? stride / shape[d + 1] : 1;
    w.for_each_printed(d, [&](std::int64_t i) {
        if (i >= 0) {
            collect_printed(w, shape, data, d + 1, offset + i * stride, inner, out);
        }
    });
}

/// Python's str() of a tuple of ints: "(2, 0)", "(5,)".
inline std::string python_tuple(const Shape& shape) {
    std::string s = "(";
    for (std::size_t i = 0; i < shape.size(); ++i) {
        s += cat(i == 0 ? "" : ", ", shape[i]);
    }
    s += shape.size() == 1 ? ",)" : ")";
    return s;
}

/// _str_intern without the body: prefix, the body given, and the suffixes (wrapped onto their
/// own line past 80 columns).
inline std::string repr_around(const std::string& body, const Shape& shape, std::int64_t numel, bool is_double,
                               const PrintOptions& opt) {
    constexpr std::int64_t indent = 7;  // "tensor("
    std::string suffixes[2];
    std::size_t count = 0;
    if (numel == 0 && shape.size() != 1) {
        suffixes[count++] = cat("size=", python_tuple(shape));
    }
    if (is_double) {
        suffixes[count++] = "dtype=torch.float64";
    }
    std::string s = "tensor(";
    s += numel == 0 ? std::string("[]") : body;
    const auto newline = s.rfind('\n');
    std::int64_t last = static_cast<std::int64_t>(s.size()) -
                        (newline == std::string::npos ? -1 : static_cast<std::int64_t>(newline)) + 1;
    for (std::size_t i = 0; i < count; ++i) {
        const auto len = static_cast<std::int64_t>(suffixes[i].size());
        if (last + len + 2 > opt.linewidth) {
            s += ",\n";
            s.append(static_cast<std::size_t>(indent), ' ');
            last = indent + len;
        } else {
            s += ", ";
            last += len + 2;
        }
        s += suffixes[i];
    }
    s += ')';
    return s;
}

/// PyTorch's repr of a contiguous tensor.
template <class T>
std::string repr(const T* data, const Shape& shape, std::int64_t numel, const PrintOptions& opt = {}) {
    std::string body;
    if (numel != 0) {
        const ReprWriter w(shape, opt, numel > opt.threshold);
        std::vector<double> values;
        collect_printed(w, shape, data, 0, 0, shape.empty() ? 1 : numel / shape[0], values);
        const Formatter f(values, opt.precision);
        const double* next = values.data();
        w.write(body, 0, 7, f, next);
    }
    return repr_around(body, shape, numel, std::is_same_v<T, double>, opt);
}

}  // namespace tensoract::detail
