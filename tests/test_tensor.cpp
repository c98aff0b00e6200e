// Shape, Tensor and TensorView: construction, access, views and value semantics.
#include <catch2/catch.hpp>

#include <type_traits>
#include <vector>

#include <tensoract/tensoract.hpp>

using tensoract::Shape;
using tensoract::Tensor;
using tensoract::TensorView;

TEST_CASE("Shape: small storage, comparisons, iteration", "[tensor]") {
    const Shape s{1, 16, 7, 7};
    CHECK(s.size() == 4);
    CHECK(s[1] == 16);
    CHECK(s == Shape{1, 16, 7, 7});
    CHECK_FALSE(s == Shape{1, 16, 7});
    CHECK(Shape{}.empty());
    std::int64_t product = 1;
    for (const auto e : s) {
        product *= e;
    }
    CHECK(product == 784);
    const Shape big{1, 2, 3, 4, 5, 6, 7, 8, 9, 10};  // past the inline capacity
    Shape copy = big;
    CHECK(copy == big);
    Shape moved = std::move(copy);
    CHECK(moved == big);
    CHECK(moved[9] == 10);
    copy = s;
    CHECK(copy == s);
    CHECK(tensoract::to_string(big) == "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]");
}

TEMPLATE_TEST_CASE("Tensor: construction and access", "[tensor]", float, double) {
    using T = TestType;
    const Tensor<T> empty;
    CHECK(empty.shape() == Shape{0});
    CHECK(empty.numel() == 0);
    CHECK(empty.dim() == 1);

    const Tensor<T> scalar(Shape{}, {T(4)});
    CHECK(scalar.dim() == 0);
    CHECK(scalar.numel() == 1);
    CHECK(scalar.item() == 4);
    CHECK(scalar.at() == 4);

    Tensor<T> m(Shape{2, 3}, {1, 2, 3, 4, 5, 6});
    CHECK(m.dim() == 2);
    CHECK(m.numel() == 6);
    CHECK(m.size(0) == 2);
    CHECK(m.size(-1) == 3);
    CHECK(m.at(1, 2) == 6);
    CHECK(m.at(-1, -3) == 4);
    m.at(0, 1) = 20;
    CHECK(m[1] == 20);
    CHECK(m.data()[5] == 6);
    CHECK(reinterpret_cast<std::uintptr_t>(m.data()) % 64 == 0);  // cache-line aligned

    const Tensor<T> list{1, 2, 3};
    CHECK(list.shape() == Shape{3});

    const Tensor<T> zeros(Shape{3, 2});
    for (const T v : zeros) {
        CHECK(v == 0);
    }

    Tensor<T> copy = m;  // value semantics
    copy[0] = 100;
    CHECK(m[0] == 1);
    Tensor<T> moved = std::move(copy);
    CHECK(moved[0] == 100);
    CHECK(copy.numel() == 0);  // NOLINT(bugprone-use-after-move): moved-from is empty
    copy = moved;
    CHECK(copy[0] == 100);
}

TEMPLATE_TEST_CASE("TensorView wraps caller memory", "[tensor]", float, double) {
    using T = TestType;
    std::vector<T> buf{1, 2, 3, 4, 5, 6};
    TensorView<T> v(buf.data(), {2, 3});
    CHECK(v.numel() == 6);
    CHECK(v.dim() == 2);
    v.at(1, 0) = 40;
    CHECK(buf[3] == 40);
    const TensorView<const T> cv = v;  // mutable converts to read-only
    CHECK(cv[3] == 40);
    STATIC_REQUIRE_FALSE(std::is_convertible_v<TensorView<const T>, TensorView<T>>);

    // ops write straight into the caller's buffer
    tensoract::relu(TensorView<const T>(buf.data(), {6}), TensorView<T>(buf.data(), {6}));
    Tensor<T> t(Shape{2, 3});
    tensoract::sigmoid(v, t);
    CHECK(t[0] == Approx(0.7310585786300049));

    const Tensor<T> owned(cv);  // a copy of the view
    CHECK(owned.shape() == Shape{2, 3});
    CHECK(owned[3] == 40);

    const TensorView<T> none(nullptr, {0, 3});  // null is fine for no elements
    CHECK(none.numel() == 0);

    // size(d) and item(), as Tensor's
    CHECK(v.size(0) == 2);
    CHECK(v.size(-1) == 3);
    CHECK(none.size(0) == 0);
    CHECK_THROWS_AS(v.size(2), std::out_of_range);
    CHECK_THROWS_AS(v.size(-3), std::out_of_range);
    CHECK(TensorView<const T>(buf.data() + 4, {}).item() == buf[4]);
    CHECK(TensorView<T>(buf.data() + 5, {1, 1}).item() == buf[5]);
    CHECK_THROWS_AS(v.item(), std::invalid_argument);
    CHECK_THROWS_AS(TensorView<const T>(buf.data(), {}).size(0), std::out_of_range);
}
