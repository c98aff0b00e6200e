// operator<< / to_string against PyTorch's repr() of a few hundred tensors, and the cases the
// printing notes call out.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <sstream>
#include <string>

#include <tensoract/tensoract.hpp>

#include "golden.hpp"

using tensoract::Shape;
using tensoract::Tensor;

TEST_CASE("printing matches PyTorch's repr character for character", "[golden][printing]") {
    const auto& cases = golden::load("repr.txt");
    REQUIRE(cases.size() > 250);
    for (const auto& c : cases) {
        std::string ours;
        if (c.dtype == "float32") {
            ours = tensoract::to_string(c.tensor<float>("x"));
        } else {
            ours = tensoract::to_string(c.tensor<double>("x"));
        }
        INFO(c.where() << " shape [" << c.params.at("shape") << "]\nexpected:\n" << c.text << "\nours:\n" << ours);
        REQUIRE(ours == c.text);
    }
}

TEST_CASE("printing: the rules' corner cases", "[printing]") {
    constexpr float nan = std::numeric_limits<float>::quiet_NaN();
    constexpr float inf = std::numeric_limits<float>::infinity();
    const auto str = [](const auto& t) { return tensoract::to_string(t); };
    CHECK(str(Tensor<float>{}) == "tensor([])");
    CHECK(str(Tensor<double>{}) == "tensor([], dtype=torch.float64)");
    CHECK(str(Tensor<float>(Shape{2, 0})) == "tensor([], size=(2, 0))");
    CHECK(str(Tensor<float>(Shape{}, {3.5F})) == "tensor(3.5000)");
    CHECK(str(Tensor<double>(Shape{}, {3.5})) == "tensor(3.5000, dtype=torch.float64)");
    CHECK(str(Tensor<float>(Shape{}, {-0.0F})) == "tensor(-0.)");
    CHECK(str(Tensor<float>{1, nan, inf, -inf}) == "tensor([1., nan, inf, -inf])");
    CHECK(str(Tensor<float>{0.5F, nan, inf, -inf}) == "tensor([0.5000,    nan,    inf,   -inf])");
    CHECK(str(Tensor<float>{-nan, 1e-5F}) == "tensor([       nan, 1.0000e-05])");  // never -nan
    CHECK(str(Tensor<float>{-0.0F, 0.0F}) == "tensor([-0., 0.])");
    CHECK(str(Tensor<float>{1e-4F, 1e-3F}) == "tensor([1.0000e-04, 1.0000e-03])");  // float 1e-4 < 1e-4
    CHECK(str(Tensor<double>{1e-4, 1e-3}) == "tensor([0.0001, 0.0010], dtype=torch.float64)");
    CHECK(str(Tensor<float>{0.5F, 500.0F}) == "tensor([  0.5000, 500.0000])");      // ratio 1000: fixed
    CHECK(str(Tensor<float>{1.0F, 1000.0F}) == "tensor([   1., 1000.])");
    CHECK(str(Tensor<float>{0.99995F}) == "tensor([0.9999])");  // correct rounding of the binary value
    CHECK(str(Tensor<double>{0, 0.3333333333333333, 0.6666666666666666, 1, 1.3333333333333333,
                             1.6666666666666667, 2, 2.3333333333333335}) ==
          "tensor([0.0000, 0.3333, 0.6667, 1.0000, 1.3333, 1.6667, 2.0000, 2.3333],\n"
          "       dtype=torch.float64)");
    std::ostringstream os;
    os << Shape{1, 16, 7, 7} << ' ' << Shape{};
    CHECK(os.str() == "[1, 16, 7, 7] []");
}

TEST_CASE("printing a view prints its tensor", "[printing]") {
    std::vector<double> buf{1, 2, 3, 4, 5, 6};
    const tensoract::TensorView<double> v(buf.data(), {2, 3});
    std::ostringstream os;
    os << v;
    CHECK(os.str() == "tensor([[1., 2., 3.],\n        [4., 5., 6.]], dtype=torch.float64)");
}
