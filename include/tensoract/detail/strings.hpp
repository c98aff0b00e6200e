// tensoract — building messages by appending pieces into a Text (detail/text.hpp). Used
// instead of chains of `"literal" + std::string(...)`, which cost compile time in every program
// (see text.hpp) and on which GCC 12 at -O2 and above raises false -Wrestrict warnings (GCC bug
// 105329) that would break users building with -Werror.
// SPDX-License-Identifier: MIT
#pragma once

#include <concepts>
#include <initializer_list>
#include <string_view>

#include "../shape.hpp"
#include "text.hpp"

namespace tensoract::detail {

/// One piece of a message: text, a character, an integer or a shape. Messages are built by
/// one function over a list of these, not one template instance per combination of types.
class Piece {
public:
    // implicit on purpose: cat() converts each of its arguments
    Piece(std::string_view text) noexcept : text_(text) {}
    Piece(const char* text) noexcept : text_(text) {}
    Piece(const Text& text) noexcept : text_(text.view()) {}
    Piece(char c) noexcept : kind_(Kind::character), c_(c) {}
    Piece(const Shape& shape) noexcept : kind_(Kind::shape), shape_(&shape) {}
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
        }
    }

private:
    enum class Kind : unsigned char { text, character, shape, signed_number, unsigned_number };
    Kind kind_ = Kind::text;
    std::string_view text_;
    char c_ = 0;
    const Shape* shape_ = nullptr;
    long long signed_ = 0;
    unsigned long long unsigned_ = 0;
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
