// nn modules and nn::functional: same results as the plain functions, PyTorch's in-place rule.
#include <catch2/catch.hpp>

#include <sstream>

#include <tensoract/tensoract.hpp>

using tensoract::Shape;
using tensoract::Tensor;
namespace nn = tensoract::nn;
namespace F = tensoract::nn::functional;

TEST_CASE("nn modules compute their function", "[nn]") {
    const auto x = tensoract::linspace<float>(-3, 3, 13);
    const auto same = [](const Tensor<float>& a, const Tensor<float>& b) {
        REQUIRE(a.shape() == b.shape());
        for (std::int64_t i = 0; i < a.numel(); ++i) {
            REQUIRE(a[i] == b[i]);
        }
    };
    same(nn::Sigmoid{}(x), tensoract::sigmoid(x));
    same(nn::Tanh{}(x), tensoract::tanh(x));
    same(nn::ReLU{}(x), tensoract::relu(x));
    same(nn::Softmax(0)(x), tensoract::softmax(x, 0));
    same(F::sigmoid(x), tensoract::sigmoid(x));
    same(F::tanh(x), tensoract::tanh(x));
    same(F::relu(x), tensoract::relu(x));
    same(F::softmax(x, -1), tensoract::softmax(x, 0));
}

TEST_CASE("nn::ReLU(true) and F::relu(x, true) rewrite their input", "[nn]") {
    tensoract::Generator gen(1);
    auto x = tensoract::rand<float>({1, 16, 7, 7}, gen);
    for (auto& v : x) {
        v -= 0.5F;
    }
    const auto expected = tensoract::relu(x);

    auto a = x;
    const auto out = nn::ReLU(true)(a);
    auto b = x;
    const auto out_f = F::relu(b, true);
    auto c = x;
    const auto out_plain = nn::ReLU()(c);
    for (std::int64_t i = 0; i < x.numel(); ++i) {
        REQUIRE(a[i] == expected[i]);  // rewritten
        REQUIRE(out[i] == expected[i]);
        REQUIRE(b[i] == expected[i]);
        REQUIRE(out_f[i] == expected[i]);
        REQUIRE(c[i] == x[i]);  // untouched
        REQUIRE(out_plain[i] == expected[i]);
    }
    CHECK(out.shape() == Shape{1, 16, 7, 7});
    const auto from_rvalue = nn::ReLU(true)(Tensor<float>{-1, 2});
    CHECK(from_rvalue[0] == 0);
    CHECK(from_rvalue[1] == 2);
}

TEST_CASE("nn modules print as PyTorch's", "[nn]") {
    std::ostringstream os;
    os << nn::Sigmoid{} << ' ' << nn::Tanh{} << ' ' << nn::ReLU{} << ' ' << nn::ReLU(true) << ' '
       << nn::Softmax(1);
    CHECK(os.str() == "Sigmoid() Tanh() ReLU() ReLU(inplace=True) Softmax(dim=1)");
    CHECK(nn::ReLU(true).inplace());
    CHECK(nn::Softmax(-1).dim() == -1);
}
