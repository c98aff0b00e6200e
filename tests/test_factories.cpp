// linspace and rand bit for bit against PyTorch; zeros, ones, full and friends.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <tensoract/tensoract.hpp>

#include "golden.hpp"

using tensoract::Shape;
using tensoract::Tensor;

namespace {

template <class T>
Tensor<T> make(const golden::Case& c) {
    if (c.op == "linspace") {
        return tensoract::linspace<T>(std::stod(c.params.at("start")), std::stod(c.params.at("end")),
                                      c.integer("steps"));
    }
    tensoract::Generator gen(std::stoull(c.params.at("seed")));
    return tensoract::rand<T>(c.shape(), gen);
}

template <class T>
void check_case(const golden::Case& c) {
    const Tensor<T> ours = make<T>(c);
    const auto& torch = c.array("torch");
    REQUIRE(ours.numel() == static_cast<std::int64_t>(torch.size()));
    for (std::int64_t i = 0; i < ours.numel(); ++i) {
        INFO(c.where() << " " << c.params.at(c.op == "linspace" ? "steps" : "seed") << " element " << i);
        REQUIRE(golden::same_value(ours[i], static_cast<T>(torch[static_cast<std::size_t>(i)])));
    }
}

}  // namespace

TEST_CASE("linspace and rand give PyTorch's values bit for bit", "[golden][factories]") {
    const auto& cases = golden::load("factories.txt");
    REQUIRE(cases.size() > 100);
    for (const auto& c : cases) {
        if (c.dtype == "float32") {
            check_case<float>(c);
        } else {
            check_case<double>(c);
        }
    }
}

TEST_CASE("linspace: the notebook's 55.5556, ends exact, small counts", "[factories]") {
    const auto z = tensoract::linspace<float>(-100, 100, 10);
    CHECK(z[2] == -55.555557F);  // start + 2*step, one rounding (the naive sum prints -55.5555)
    CHECK(z[0] == -100.0F);
    CHECK(z[9] == 100.0F);
    CHECK(tensoract::linspace<double>(0, 1, 0).numel() == 0);
    CHECK(tensoract::linspace<double>(2, 5, 1).item() == 2.0);
    CHECK(tensoract::linspace<double>(0, 1, 3).shape() == Shape{3});
}

TEST_CASE("Generator: PyTorch's default seed and manual_seed", "[factories]") {
    tensoract::Generator g;
    CHECK(g.initial_seed() == 67280421310721ULL);
    const auto a = tensoract::rand<float>({3}, g.manual_seed(0));
    CHECK(a[0] == 8325804 * 0x1p-24F);  // torch.manual_seed(0); torch.rand(1) -> 0.4963
    tensoract::manual_seed(0);
    const auto b = tensoract::rand<float>({3});
    for (int i = 0; i < 3; ++i) {
        CHECK(a[i] == b[i]);
    }
    const auto c = tensoract::rand<double>({1000}, g);
    for (const double v : c) {
        REQUIRE((v >= 0.0 && v < 1.0));
    }
}

TEMPLATE_TEST_CASE("zeros, ones, full and the _like forms", "[factories]", float, double) {
    using T = TestType;
    const auto z = tensoract::zeros<T>({2, 3});
    CHECK(z.shape() == Shape{2, 3});
    for (const T v : z) {
        CHECK(v == 0);
    }
    const auto o = tensoract::ones<T>({4});
    for (const T v : o) {
        CHECK(v == 1);
    }
    const auto f = tensoract::full<T>({}, T(2.5));
    CHECK(f.dim() == 0);
    CHECK(f.item() == T(2.5));
    CHECK(tensoract::ones_like(z).shape() == z.shape());
    CHECK(tensoract::zeros_like(o)[3] == 0);
    CHECK(tensoract::full_like(o, T(7))[0] == 7);
    CHECK(tensoract::full_like(o, 0.5)[1] == T(0.5));  // the value converts to the element type
    // views too: a fresh tensor of the view's shape
    std::vector<T> buf(6, T(3));
    const tensoract::TensorView<const T> view(buf.data(), {2, 3});
    const Tensor<T> from_view = tensoract::ones_like(view);
    CHECK(from_view.shape() == Shape{2, 3});
    CHECK(from_view[5] == 1);
    CHECK(tensoract::zeros_like(tensoract::TensorView<T>(buf.data(), {3}))[2] == 0);
    CHECK(buf[2] == T(3));  // the viewed memory is untouched
    CHECK(tensoract::zeros<T>({0, 5}).numel() == 0);
}
