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
/// float) or a shape. Messages are built by one function over a list of these, not one
/// template instance per combination of types.
class Piece {
public:
    // implicit on purpose: cat() converts each of its arguments
    Piece(std::string_view text) noexcept : text_(text) {}
    Piece(const char* text) noexcept : text_(text) {}
    Piece(const Text& text) noexcept : text_(text.view()) {}
    Piece(char c) noexcept : kind_(Kind::character) { value_.c = c; }
    Piece(const Shape& shape) noexcept : kind_(Kind::shape) { value_.shape = &shape; }
    // The formatter is reached through a pointer set here, so that only a program that puts a
    // real number in a message compiles it.
    Piece(double v) noexcept : kind_(Kind::real), append_real_(&append_python_float) { value_.real = v; }
    template <std::signed_integral I>
        requires(!std::same_as<I, char>)
    Piece(I v) noexcept : kind_(Kind::signed_number) {
        value_.signed_number = v;
    }
    template <std::unsigned_integral I>
        requires(!std::same_as<I, bool> && !std::same_as<I, char>)
    Piece(I v) noexcept : kind_(Kind::unsigned_number) {
        value_.unsigned_number = v;
    }

    void append_to(Text& s) const {
        switch (kind_) {
            case Kind::text:
                put(s, text_);
                break;
            case Kind::character:
                put_repeated(s, 1, value_.c);
                break;
            case Kind::shape:
                append_shape(s, *value_.shape);
                break;
            case Kind::signed_number:
                append_decimal(s, value_.signed_number);
                break;
            case Kind::unsigned_number:
                append_decimal(s, value_.unsigned_number);
                break;
            case Kind::real:
                append_real_(s, value_.real);
                break;
        }
    }

private:
    enum class Kind : unsigned char { text, character, shape, signed_number, unsigned_number, real };
    union Value {  // the one kind_ says
        char c;
        const Shape* shape;
        long long signed_number;
        unsigned long long unsigned_number;
        double real;
    };
    Kind kind_ = Kind::text;
    std::string_view text_;
    Value value_{};
    void (*append_real_)(Text&, double) = nullptr;
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
