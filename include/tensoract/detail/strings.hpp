// tensoract — building messages by appending pieces into a Text (detail/text.hpp). Used
// instead of chains of `"literal" + std::string(...)`, which cost compile time in every program
// (see text.hpp) and on which GCC 12 at -O2 and above raises false -Wrestrict warnings (GCC bug
// 105329) that would break users building with -Werror.
// SPDX-License-Identifier: MIT
#pragma once

#include <charconv>
#include <cmath>
#include <concepts>
#include <cstdlib>
#include <initializer_list>
#include <string_view>

#include "../shape.hpp"
#include "text.hpp"

namespace tensoract::detail {

/// A double as Python's repr() writes it (the shortest digits that read back; positional for
/// exponents in [-4, 16), else scientific with a two-digit exponent): "0.01", "1.0", "1e-05".
[[gnu::noinline]] inline void append_python_float(Text& text, double v) {
    if (std::isnan(v)) {
        text.append("nan");
        return;
    }
    if (std::isinf(v)) {
        text.append(v > 0 ? "inf" : "-inf");
        return;
    }
    char sci[40] = {};  // [-]d[.ddd]e[+-]dd, the shortest digits
    const char* const sci_end = std::to_chars(sci, sci + sizeof sci, v, std::chars_format::scientific).ptr;
    const char* p = sci;
    char out[64] = {};
    int n = 0;
    if (*p == '-') {
        out[n++] = *p++;
    }
    char digits[24] = {};
    int nd = 0;
    for (; p != sci_end && *p != 'e'; ++p) {
        if (*p != '.') {
            digits[nd++] = *p;
        }
    }
    const int exponent = std::atoi(p + 1);
    if (exponent < -4 || exponent >= 16) {
        out[n++] = digits[0];
        if (nd > 1) {
            out[n++] = '.';
            for (int i = 1; i < nd; ++i) {
                out[n++] = digits[i];
            }
        }
        out[n++] = 'e';
        out[n++] = exponent < 0 ? '-' : '+';
        const int a = exponent < 0 ? -exponent : exponent;
        if (a >= 100) {
            out[n++] = static_cast<char>('0' + a / 100);
        }
        out[n++] = static_cast<char>('0' + a / 10 % 10);
        out[n++] = static_cast<char>('0' + a % 10);
    } else if (exponent >= 0) {
        for (int i = 0; i <= exponent || i < nd; ++i) {
            if (i == exponent + 1) {
                out[n++] = '.';
            }
            out[n++] = i < nd ? digits[i] : '0';
        }
        if (nd <= exponent + 1) {
            out[n++] = '.';
            out[n++] = '0';
        }
    } else {
        out[n++] = '0';
        out[n++] = '.';
        for (int i = 0; i < -exponent - 1; ++i) {
            out[n++] = '0';
        }
        for (int i = 0; i < nd; ++i) {
            out[n++] = digits[i];
        }
    }
    text.append({out, static_cast<std::size_t>(n)});
}

/// One piece of a message: text, a character, an integer, a real number (as Python prints a
/// float) or a shape. Messages are built by
/// one function over a list of these, not one template instance per combination of types.
class Piece {
public:
    // implicit on purpose: cat() converts each of its arguments
    Piece(std::string_view text) noexcept : text_(text) {}
    Piece(const char* text) noexcept : text_(text) {}
    Piece(const Text& text) noexcept : text_(text.view()) {}
    Piece(char c) noexcept : kind_(Kind::character), c_(c) {}
    Piece(const Shape& shape) noexcept : kind_(Kind::shape), shape_(&shape) {}
    Piece(double v) noexcept : kind_(Kind::real), real_(v) {}
    template <std::signed_integral I>
        requires(!std::same_as<I, char>)
    Piece(I v) noexcept : kind_(Kind::signed_number), signed_(v) {}
    template <std::unsigned_integral I>
        requires(!std::same_as<I, bool> && !std::same_as<I, char>)
    Piece(I v) noexcept : kind_(Kind::unsigned_number), unsigned_(v) {}

    void append_to(Text& s) const {
        switch (kind_) {
            case Kind::text:
                put(s, text_);
                break;
            case Kind::character:
                put_repeated(s, 1, c_);
                break;
            case Kind::shape:
                append_shape(s, *shape_);
                break;
            case Kind::signed_number:
                append_decimal(s, signed_);
                break;
            case Kind::unsigned_number:
                append_decimal(s, unsigned_);
                break;
            case Kind::real:
                append_python_float(s, real_);
                break;
        }
    }

private:
    enum class Kind : unsigned char { text, character, shape, signed_number, unsigned_number, real };
    Kind kind_ = Kind::text;
    std::string_view text_;
    char c_ = 0;
    const Shape* shape_ = nullptr;
    long long signed_ = 0;
    unsigned long long unsigned_ = 0;
    double real_ = 0;
};

[[gnu::cold]] inline Text cat_pieces(std::initializer_list<Piece> pieces) {
    Text s;
    for (const Piece& p : pieces) {
        p.append_to(s);
    }
    return s;
}

/// The pieces (text, characters, integers, shapes) one after another.
template <class... P>
Text cat(const P&... pieces) {
    return cat_pieces({Piece(pieces)...});
}

}  // namespace tensoract::detail
