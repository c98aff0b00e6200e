// tensoract — building messages and text by appending pieces. Used instead of chains of
// `"literal" + std::string(...)`, on which GCC 12 at -O2 and above raises false -Wrestrict
// warnings (GCC bug 105329) that would break users building with -Werror.
// SPDX-License-Identifier: MIT
#pragma once

#include <concepts>
#include <string>
#include <string_view>

#include "../shape.hpp"

namespace tensoract::detail {

inline void append_piece(std::string& s, std::string_view v) { s.append(v); }
inline void append_piece(std::string& s, char c) { s.push_back(c); }
inline void append_piece(std::string& s, const Shape& shape) { s.append(to_string(shape)); }
template <std::integral I>
    requires(!std::same_as<I, char> && !std::same_as<I, bool>)
void append_piece(std::string& s, I v) {
    s.append(std::to_string(v));
}

/// The pieces (text, characters, integers, shapes) one after another.
template <class... P>
std::string cat(const P&... pieces) {
    std::string s;
    (append_piece(s, pieces), ...);
    return s;
}

}  // namespace tensoract::detail
