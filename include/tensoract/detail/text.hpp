// tensoract — Text, the character buffer that error messages and printed tensors are built in.
// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string_view>

namespace tensoract::detail {

/// A growable, NUL-terminated run of characters: appends, and a view of the result.
///
/// Why not std::string: under C++20, GCC 12's libstdc++ drops its declaration that
/// std::string's members are compiled in the library, so every translation unit that appends
/// to a std::string compiles std::string's growth code again, a large share of the compile
/// time tensoract adds (bench/compile_time.py). Text is plain code over malloc and realloc;
/// the public functions that return std::string build one once, at the end.
class Text {
public:
    Text() noexcept { small_[0] = '\0'; }
    Text(const Text&) = delete;
    Text& operator=(const Text&) = delete;
    Text(Text&& other) noexcept : heap_(other.heap_), size_(other.size_), capacity_(other.capacity_) {
        if (heap_ == nullptr) {
            std::memcpy(small_, other.small_, size_ + 1);
        }
        other.heap_ = nullptr;
        other.size_ = 0;
        other.capacity_ = sizeof small_;
        other.small_[0] = '\0';
    }
    Text& operator=(Text&&) = delete;
    ~Text() { std::free(heap_); }

    [[nodiscard]] const char* c_str() const noexcept { return heap_ != nullptr ? heap_ : small_; }
    [[nodiscard]] const char* data() const noexcept { return c_str(); }
    [[nodiscard]] std::size_t size() const noexcept { return size_; }
    [[nodiscard]] std::string_view view() const noexcept { return {c_str(), size_}; }
    // implicit on purpose: a message passes as the string_view the throwing helpers take
    operator std::string_view() const noexcept { return view(); }

    [[gnu::noinline]] void append(std::string_view text) {
        char* end = grow(text.size());
        if (!text.empty()) {
            std::memcpy(end, text.data(), text.size());
        }
    }
    [[gnu::noinline]] void append(std::size_t count, char c) { std::memset(grow(count), c, count); }

private:
    /// Room for n more characters and the NUL after them; returns where they go, and counts
    /// them as written (the caller fills them).
    char* grow(std::size_t n) {
        if (n >= capacity_ - size_) {
            if (n > (static_cast<std::size_t>(-1) >> 2) - size_) {
                throw std::bad_alloc();
            }
            std::size_t capacity = capacity_ * 2;
            while (capacity <= size_ + n) {
                capacity *= 2;
            }
            auto* p = static_cast<char*>(heap_ != nullptr ? std::realloc(heap_, capacity) : std::malloc(capacity));
            if (p == nullptr) {
                throw std::bad_alloc();
            }
            if (heap_ == nullptr) {
                std::memcpy(p, small_, size_ + 1);
            }
            heap_ = p;
            capacity_ = capacity;
        }
        char* end = (heap_ != nullptr ? heap_ : small_) + size_;
        size_ += n;
        end[n] = '\0';
        return end;
    }

    char* heap_ = nullptr;  // owned; set once the text outgrows small_
    std::size_t size_ = 0;
    std::size_t capacity_ = sizeof small_;  // bytes, the NUL included
    char small_[120];
};

}  // namespace tensoract::detail
