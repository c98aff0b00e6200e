// tensoract — printing tensors exactly as PyTorch 1.13's repr() does.
// SPDX-License-Identifier: MIT
#pragma once

#include <ostream>
#include <string>

#include "detail/repr.hpp"
#include "shape.hpp"
#include "tensor.hpp"

namespace tensoract {

/// The text `repr(t)` (and `print(t)`) gives in PyTorch 1.13, character for character:
/// precision 4; integer, fixed or scientific notation chosen on the finite nonzero values; one
/// common width; lines wrapped at 80 columns; `...` past 1000 elements (3 at each edge);
/// `nan`, `inf`, `-0.`; and `, dtype=torch.float64` for double:
///
///     tensor([0.4070, 0.2504, 0.3426])
///     tensor([[1., 2.],
///             [3., 4.]], dtype=torch.float64)
template <TensorLike X>
[[nodiscard]] std::string to_string(const X& t) {
    const TensorView<const element_t<X>> v = t;
    const detail::Text text = detail::repr(v.data(), v.shape(), v.numel());
    return {text.data(), text.size()};
}

// The stream operators write the text as a string_view, never through a std::string (see
// detail/text.hpp); the stream's width and fill apply as to a string.
template <FloatingElement T>
std::ostream& operator<<(std::ostream& os, const Tensor<T>& t) {
    return os << detail::repr(t.data(), t.shape(), t.numel()).view();
}

template <class T>
std::ostream& operator<<(std::ostream& os, const TensorView<T>& t) {
    return os << detail::repr(t.data(), t.shape(), t.numel()).view();
}

/// `[1, 16, 7, 7]`.
inline std::ostream& operator<<(std::ostream& os, const Shape& shape) {
    detail::Text text;
    detail::append_shape(text, shape);
    return os << text.view();
}

}  // namespace tensoract
