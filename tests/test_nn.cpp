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

TEST_CASE("the family's modules print as PyTorch's", "[nn][family]") {
    std::ostringstream os;
    os << nn::LeakyReLU() << ' ' << nn::LeakyReLU(0.2, true) << ' ' << nn::LeakyReLU(0.001) << ' '
       << nn::LeakyReLU(1e-5) << ' ' << nn::LeakyReLU(1.0) << ' ' << nn::LeakyReLU(-0.0) << ' '
       << nn::LeakyReLU(1e16) << ' ' << nn::LeakyReLU(123456.789);
    CHECK(os.str() ==
          "LeakyReLU(negative_slope=0.01) LeakyReLU(negative_slope=0.2, inplace=True) "
          "LeakyReLU(negative_slope=0.001) LeakyReLU(negative_slope=1e-05) LeakyReLU(negative_slope=1.0) "
          "LeakyReLU(negative_slope=-0.0) LeakyReLU(negative_slope=1e+16) LeakyReLU(negative_slope=123456.789)");
    os.str("");
    os << nn::Hardtanh() << ' ' << nn::Hardtanh(-2.0, 2.0) << ' ' << nn::Hardtanh(-2.5, 2.0, true) << ' ' << nn::ReLU6()
       << ' ' << nn::ReLU6(true) << ' ' << nn::Hardsigmoid(true) << ' ' << nn::Hardswish(true) << ' ' << nn::SiLU()
       << ' ' << nn::SiLU(true) << ' ' << nn::Softsign() << ' ' << nn::LogSoftmax(1) << ' ' << nn::Softmin(-1);
    CHECK(os.str() ==
          "Hardtanh(min_val=-1.0, max_val=1.0) Hardtanh(min_val=-2.0, max_val=2.0) "
          "Hardtanh(min_val=-2.5, max_val=2.0, inplace=True) ReLU6() ReLU6(inplace=True) Hardsigmoid() Hardswish() "
          "SiLU() SiLU(inplace=True) Softsign() LogSoftmax(dim=1) Softmin(dim=-1)");
    os.str("");
    os << nn::ELU() << ' ' << nn::ELU(0.5, true) << ' ' << nn::CELU() << ' ' << nn::CELU(2.0, true) << ' ' << nn::SELU()
       << ' ' << nn::SELU(true) << ' ' << nn::Mish() << ' ' << nn::Mish(true) << ' ' << nn::GELU() << ' '
       << nn::GELU("tanh") << ' ' << nn::Softplus() << ' ' << nn::Softplus(2, 10) << ' ' << nn::Softplus(0.5, 2.5) << ' '
       << nn::LogSigmoid() << ' ' << nn::Tanhshrink();
    CHECK(os.str() ==
          "ELU(alpha=1.0) ELU(alpha=0.5, inplace=True) CELU(alpha=1.0) CELU(alpha=2.0, inplace=True) SELU() "
          "SELU(inplace=True) Mish() Mish(inplace=True) GELU(approximate='none') GELU(approximate='tanh') "
          "Softplus(beta=1, threshold=20) Softplus(beta=2, threshold=10) Softplus(beta=0.5, threshold=2.5) "
          "LogSigmoid() Tanhshrink()");
}

TEST_CASE("the family's in-place modules rewrite their input, as nn::ReLU(true)", "[nn][family]") {
    const Tensor<float> x{-4.0F, -1.0F, -0.5F, 0.0F, 0.5F, 2.0F, 7.0F};
    const auto check = [&](auto module, auto plain, auto functional_inplace) {
        auto a = x;
        const auto out = module(a);
        const auto expected = plain(x);
        auto b = x;
        const auto out_f = functional_inplace(b);
        for (std::int64_t i = 0; i < x.numel(); ++i) {
            REQUIRE(a[i] == expected[i]);
            REQUIRE(out[i] == expected[i]);
            REQUIRE(b[i] == expected[i]);
            REQUIRE(out_f[i] == expected[i]);
        }
        const auto from_rvalue = module(Tensor<float>(x));
        REQUIRE(from_rvalue[0] == expected[0]);
        const Tensor<float>& cx = x;
        REQUIRE(module(cx)[6] == expected[6]);  // a const tensor is computed out of place
        REQUIRE(x[0] == -4.0F);
    };
    check(nn::LeakyReLU(0.2, true), [](const Tensor<float>& t) { return tensoract::leaky_relu(t, 0.2); },
          [](Tensor<float>& t) { return F::leaky_relu(t, 0.2, true); });
    check(nn::Hardtanh(-2.0, 3.0, true), [](const Tensor<float>& t) { return tensoract::hardtanh(t, -2.0, 3.0); },
          [](Tensor<float>& t) { return F::hardtanh(t, -2.0, 3.0, true); });
    check(nn::ReLU6(true), [](const Tensor<float>& t) { return tensoract::relu6(t); },
          [](Tensor<float>& t) { return F::relu6(t, true); });
    check(nn::Hardsigmoid(true), [](const Tensor<float>& t) { return tensoract::hardsigmoid(t); },
          [](Tensor<float>& t) { return F::hardsigmoid(t, true); });
    check(nn::Hardswish(true), [](const Tensor<float>& t) { return tensoract::hardswish(t); },
          [](Tensor<float>& t) { return F::hardswish(t, true); });
    check(nn::SiLU(true), [](const Tensor<float>& t) { return tensoract::silu(t); },
          [](Tensor<float>& t) { return F::silu(t, true); });
    check(nn::ELU(0.5, true), [](const Tensor<float>& t) { return tensoract::elu(t, 0.5); },
          [](Tensor<float>& t) { return F::elu(t, 0.5, true); });
    check(nn::CELU(2.0, true), [](const Tensor<float>& t) { return tensoract::celu(t, 2.0); },
          [](Tensor<float>& t) { return F::celu(t, 2.0, true); });
    check(nn::SELU(true), [](const Tensor<float>& t) { return tensoract::selu(t); },
          [](Tensor<float>& t) { return F::selu(t, true); });
    check(nn::Mish(true), [](const Tensor<float>& t) { return tensoract::mish(t); },
          [](Tensor<float>& t) { return F::mish(t, true); });
    // the modules without an in-place form equal their functions
    const auto same = [&](const Tensor<float>& a, const Tensor<float>& b) {
        for (std::int64_t i = 0; i < x.numel(); ++i) {
            REQUIRE(a[i] == b[i]);
        }
    };
    same(nn::GELU("tanh")(x), tensoract::gelu(x, "tanh"));
    same(F::gelu(x), tensoract::gelu(x));
    same(nn::Softplus(2, 10)(x), tensoract::softplus(x, 2, 10));
    same(F::softplus(x, 2, 10), tensoract::softplus(x, 2, 10));
    same(nn::LogSigmoid()(x), F::logsigmoid(x));
    same(nn::Tanhshrink()(x), F::tanhshrink(x));
    auto g = x;
    same(tensoract::gelu_(g, "tanh"), tensoract::gelu(x, "tanh"));
    auto untouched = x;
    (void)nn::SiLU()(untouched);
    CHECK(untouched[0] == -4.0F);
}
