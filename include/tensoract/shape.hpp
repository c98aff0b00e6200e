// tensoract — Shape: the extents of a tensor.
// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>

#include "detail/text.hpp"

// No <algorithm> or <memory> in the headers every operation needs: under C++20 they bring the
// ranges algorithms and shared_ptr's atomics, parsed again in every translation unit.

namespace tensoract {

/// The extents of a tensor, outermost first: `Shape{1, 16, 7, 7}`; `Shape{}` is 0-D (a scalar).
///
/// Up to `inline_capacity` dims live inside the object, so making the shape of an ordinary
/// tensor never touches the heap. A Shape is only a list of integers: extents are validated
/// (negative, element count overflow) by whatever builds a tensor or a view from it, so that
/// the error message can name that operation.
class Shape {
public:
    using value_type = std::int64_t;
    using size_type = std::size_t;
    using const_iterator = const std::int64_t*;
    using iterator = const_iterator;

    static constexpr size_type inline_capacity = 8;

    Shape() noexcept {}  // NOLINT: inline_ is left uninitialised on purpose (only size_ entries are read)
    Shape(std::initializer_list<std::int64_t> dims) { assign(dims.begin(), dims.size()); }
    explicit Shape(std::span<const std::int64_t> dims) { assign(dims.data(), dims.size()); }

    Shape(const Shape& other) { assign(other.data(), other.size_); }
    Shape(Shape&& other) noexcept { steal(other); }
    Shape& operator=(const Shape& other) {
        if (this != &other) {
            assign(other.data(), other.size_);
        }
        return *this;
    }
    Shape& operator=(Shape&& other) noexcept {
        if (this != &other) {
            delete[] heap_;
            steal(other);
        }
        return *this;
    }
    ~Shape() { delete[] heap_; }

    [[nodiscard]] size_type size() const noexcept { return size_; }
    [[nodiscard]] bool empty() const noexcept { return size_ == 0; }
    [[nodiscard]] const std::int64_t* data() const noexcept { return heap_ != nullptr ? heap_ : inline_; }
    [[nodiscard]] std::int64_t operator[](size_type i) const noexcept { return data()[i]; }
    [[nodiscard]] const_iterator begin() const noexcept { return data(); }
    [[nodiscard]] const_iterator end() const noexcept { return data() + size_; }

    friend bool operator==(const Shape& a, const Shape& b) noexcept {
        if (a.size_ != b.size_) {
            return false;
        }
        // a loop, not memcmp: shapes have a few dims, and every call compares some
        const std::int64_t* const p = a.data();
        const std::int64_t* const q = b.data();
        for (size_type i = 0; i < a.size_; ++i) {
            if (p[i] != q[i]) {
                return false;
            }
        }
        return true;
    }

private:
    // src is never this shape's own storage: operator= checks for self-assignment, and the
    // constructors build a new shape.
    void assign(const std::int64_t* src, size_type n) {
        std::int64_t* const fresh = n > inline_capacity ? new std::int64_t[n] : nullptr;
        if (fresh != nullptr) {
            std::memcpy(fresh, src, n * sizeof(std::int64_t));
        } else {
            copy_inline(src, n);
        }
        delete[] heap_;
        heap_ = fresh;
        size_ = n;
    }
    /// The first n <= inline_capacity extents, inline: a call to memcpy for a few bytes of
    /// unknown count cost a small tensor's call more than the copy (one-off).
    void copy_inline(const std::int64_t* src, size_type n) noexcept {
        switch (n) {
            case 8: inline_[7] = src[7]; [[fallthrough]];
            case 7: inline_[6] = src[6]; [[fallthrough]];
            case 6: inline_[5] = src[5]; [[fallthrough]];
            case 5: inline_[4] = src[4]; [[fallthrough]];
            case 4: inline_[3] = src[3]; [[fallthrough]];
            case 3: inline_[2] = src[2]; [[fallthrough]];
            case 2: inline_[1] = src[1]; [[fallthrough]];
            case 1: inline_[0] = src[0]; [[fallthrough]];
            default: break;
        }
    }
    // GCC 12 cannot see that copy_inline reads only the size_ slots that were written, and
    // warns (maybe-uninitialized) where a moved-from shape was built in place.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
    void steal(Shape& other) noexcept {
        heap_ = other.heap_;
        other.heap_ = nullptr;
        if (heap_ == nullptr) {
            copy_inline(other.inline_, other.size_);
        }
        size_ = other.size_;
        other.size_ = 0;
    }
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

    size_type size_ = 0;
    // Not zero-filled: filling all 8 slots on every construction, then copying a few, costs
    // store-forwarding stalls that dominate a small tensor's call overhead.
    std::int64_t inline_[inline_capacity];
    std::int64_t* heap_ = nullptr;  // owned; set only past inline_capacity dims
};

namespace detail {

inline void put(Text& out, std::string_view text) { out.append(text); }
inline void put_repeated(Text& out, std::size_t count, char c) { out.append(count, c); }

/// Appends v in decimal: what std::to_string does, without its inlined formatting machinery
/// at every use (it is only ever needed for messages and printing).
[[gnu::noinline]] inline void append_decimal(Text& s, unsigned long long v, bool negative = false) {
    char buf[24];
    char* p = buf + sizeof buf;
    do {
        *--p = static_cast<char>('0' + v % 10);
        v /= 10;
    } while (v != 0);
    if (negative) {
        *--p = '-';
    }
    put(s, {p, static_cast<std::size_t>(buf + sizeof buf - p)});
}

inline void append_decimal(Text& s, long long v) {
    const bool negative = v < 0;
    // the magnitude in unsigned arithmetic, so that the most negative value needs no special case
    append_decimal(s, negative ? 0ULL - static_cast<unsigned long long>(v) : static_cast<unsigned long long>(v),
                   negative);
}

/// `[1, 16, 7, 7]`; a 0-D shape is `[]`.
inline void append_shape(Text& s, const Shape& shape) {
    put(s, "[");
    for (std::size_t i = 0; i < shape.size(); ++i) {
        if (i != 0) {
            put(s, ", ");
        }
        append_decimal(s, static_cast<long long>(shape[i]));
    }
    put(s, "]");
}

}  // namespace detail

/// `[1, 16, 7, 7]`; a 0-D shape is `[]`.
inline std::string to_string(const Shape& shape) {
    detail::Text s;
    detail::append_shape(s, shape);
    return {s.data(), s.size()};
}

}  // namespace tensoract
