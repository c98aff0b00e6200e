// tensoract — PyTorch 1.13's tensor repr (torch/_tensor_str.py), rule for rule: the formatter
// that picks integer, fixed or scientific mode and one common width, line wrapping at 80
// columns, nesting, summarisation with "..." and the suffixes.
// SPDX-License-Identifier: MIT
#pragma once

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <span>
#include <string_view>
#include <system_error>
#include <type_traits>

#include "../shape.hpp"

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
    Formatter(std::span<const double> values, int precision) : precision_(precision) {
        double amin = 0;
        double amax = 0;
        bool any = false;
        for (const double v : values) {
            if (!std::isfinite(v) || v == 0) {
                continue;
            }
            const double a = std::fabs(v);
            amin = any && amin < a ? amin : a;
            amax = any && amax > a ? amax : a;
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
                const std::size_t w = format(buf, v);
                width_ = w > width_ ? w : width_;
            }
        }
    }

    [[nodiscard]] std::size_t width() const noexcept { return width_; }

    /// v as PyTorch prints it, left-padded to the common width.
    void append(Text& out, double v) const {
        char buf[400];
        const std::size_t n = format(buf, v);
        if (n < width_) {
            put_repeated(out, width_ - n, ' ');  // left-pad only, never truncate
        }
        put(out, {buf, n});
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

/// Which indices of a dim of extent n are printed: all, or the first and last `edgeitems`
/// around an elided run, which index() reports as -1 where it sits.
class PrintedIndices {
public:
    PrintedIndices(std::int64_t n, std::int64_t edgeitems, bool summarize) noexcept
        : n_(n), edge_(edgeitems), elided_(summarize && n > 2 * edgeitems) {}

    [[nodiscard]] std::int64_t count() const noexcept { return elided_ ? 2 * edge_ + 1 : n_; }
    /// count() less the elided run's place
    [[nodiscard]] std::int64_t values() const noexcept { return elided_ ? 2 * edge_ : n_; }
    [[nodiscard]] std::int64_t index(std::int64_t k) const noexcept {
        if (!elided_ || k < edge_) {
            return k;
        }
        return k == edge_ ? -1 : n_ - (2 * edge_ + 1 - k);
    }

private:
    std::int64_t n_;
    std::int64_t edge_;
    bool elided_;
};

/// The body of a non-empty tensor (_tensor_str), written from the values it prints: those
/// values, in row-major order, are exactly the ones the nested lists show, so the writer
/// consumes them one by one and needs no access to the tensor (nor its element type).
class ReprWriter {
public:
    ReprWriter(const Shape& shape, const PrintOptions& opt, bool summarize)
        : shape_(shape), opt_(opt), summarize_(summarize) {}

    [[nodiscard]] PrintedIndices printed(std::size_t d) const noexcept {
        return {shape_[d], opt_.edgeitems, summarize_};
    }

    /// How many values the text shows.
    [[nodiscard]] std::size_t value_count() const noexcept {
        std::int64_t n = 1;
        for (std::size_t d = 0; d < shape_.size(); ++d) {
            n *= printed(d).values();
        }
        return static_cast<std::size_t>(n);
    }

    /// _tensor_str_with_formatter, from dim d at column `indent`.
    void write(Text& out, std::size_t d, std::int64_t indent, const Formatter& f, const double*& next) const {
        const std::size_t remaining = shape_.size() - d;
        if (remaining == 0) {
            f.append(out, *next++);
            return;
        }
        put(out, "[");
        const PrintedIndices dim = printed(d);
        if (remaining == 1) {  // _vector_str: wrapped by element count
            const auto element_length = static_cast<std::int64_t>(f.width()) + 2;
            const std::int64_t room = opt_.linewidth - indent;
            const std::int64_t per_line = room < element_length ? 1 : room / element_length;
            for (std::int64_t k = 0; k < dim.count(); ++k) {
                if (k != 0) {
                    if (k % per_line == 0) {
                        new_line(out, 1, indent + 1);
                    } else {
                        put(out, ", ");
                    }
                }
                if (dim.index(k) < 0) {
                    put(out, " ...");
                } else {
                    f.append(out, *next++);
                }
            }
        } else {
            for (std::int64_t k = 0; k < dim.count(); ++k) {
                if (k != 0) {
                    new_line(out, remaining - 1, indent + 1);
                }
                if (dim.index(k) < 0) {
                    put(out, "...");
                } else {
                    write(out, d + 1, indent + 1, f, next);
                }
            }
        }
        put(out, "]");
    }

private:
    static void new_line(Text& out, std::size_t lines, std::int64_t indent) {
        put(out, ",");
        put_repeated(out, lines, '\n');
        put_repeated(out, static_cast<std::size_t>(indent), ' ');
    }

    const Shape& shape_;
    PrintOptions opt_;
    bool summarize_;
};

/// The values printed, in a buffer of their count: a std::vector<double> here cost every
/// program its growth code (the calls in the templates below are compiled where they stand).
class PrintedValues {
public:
    explicit PrintedValues(std::size_t n) : data_(static_cast<double*>(std::malloc((n == 0 ? 1 : n) * sizeof(double)))) {
        if (data_ == nullptr) {
            throw std::bad_alloc();
        }
    }
    PrintedValues(const PrintedValues&) = delete;
    PrintedValues& operator=(const PrintedValues&) = delete;
    ~PrintedValues() { std::free(data_); }
    [[nodiscard]] double* data() const noexcept { return data_; }

private:
    double* data_;
};

/// get_summarized_data: the values printed, row-major.
template <class T>
void collect_printed(const ReprWriter& w, const Shape& shape, const T* data, std::size_t d, std::int64_t offset,
                     std::int64_t stride, double*& out) {
    if (d == shape.size()) {
        *out++ = static_cast<double>(data[offset]);
        return;
    }
    const std::int64_t inner = d + 1 < shape.size() ? stride / shape[d + 1] : 1;
    const PrintedIndices dim = w.printed(d);
    for (std::int64_t k = 0; k < dim.count(); ++k) {
        const std::int64_t i = dim.index(k);
        if (i >= 0) {
            collect_printed(w, shape, data, d + 1, offset + i * stride, inner, out);
        }
    }
}

/// _add_suffixes, one suffix: on the same line, or on its own past the line width.
inline void add_suffix(Text& s, std::int64_t& last_line, std::string_view suffix, const PrintOptions& opt) {
    constexpr std::int64_t indent = 7;  // "tensor("
    const auto len = static_cast<std::int64_t>(suffix.size());
    if (last_line + len + 2 > opt.linewidth) {
        put(s, ",\n");
        put_repeated(s, static_cast<std::size_t>(indent), ' ');
        last_line = indent + len;
    } else {
        put(s, ", ");
        last_line += len + 2;
    }
    put(s, suffix);
}

/// PyTorch's repr of a contiguous tensor (_str_intern): prefix, body and suffixes.
template <class T>
Text repr(const T* data, const Shape& shape, std::int64_t numel, const PrintOptions& opt = {}) {
    Text s;
    put(s, "tensor(");
    if (numel == 0) {
        put(s, "[]");
    } else {
        const ReprWriter w(shape, opt, numel > opt.threshold);
        const PrintedValues values(w.value_count());
        double* end = values.data();
        collect_printed(w, shape, data, 0, 0, shape.empty() ? 1 : numel / shape[0], end);
        const Formatter f({values.data(), end}, opt.precision);
        const double* next = values.data();
        w.write(s, 0, 7, f, next);
    }
    // as Python's len(s) - s.rfind("\n") + 1, where rfind gives -1 for none
    const auto newline = s.view().rfind('\n');
    std::int64_t last_line = static_cast<std::int64_t>(s.size()) -
                             (newline == std::string_view::npos ? -1 : static_cast<std::int64_t>(newline)) + 1;
    if (numel == 0 && shape.size() != 1) {
        Text size;
        put(size, "size=(");  // Python's str() of a tuple of two or more ints
        for (std::size_t i = 0; i < shape.size(); ++i) {
            if (i != 0) {
                put(size, ", ");
            }
            append_decimal(size, static_cast<long long>(shape[i]));
        }
        put(size, ")");
        add_suffix(s, last_line, size, opt);
    }
    if (std::is_same_v<T, double>) {
        add_suffix(s, last_line, "dtype=torch.float64", opt);
    }
    put(s, ")");
    return s;
}

}  // namespace tensoract::detail
