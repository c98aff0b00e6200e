// Every value the notebook (shared seed, "sigmoid / tanh / ReLU / softmax") prints, as the
// exact text PyTorch printed it.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include <tensoract/tensoract.hpp>

using tensoract::Shape;
using tensoract::Tensor;
namespace F = tensoract::nn::functional;
namespace nn = tensoract::nn;

TEST_CASE("notebook In[4]: sigmoid of linspace(-100, 100, 10)", "[notebook]") {
    const auto z = tensoract::linspace<float>(-100, 100, 10);
    CHECK(tensoract::to_string(z) ==
          "tensor([-100.0000,  -77.7778,  -55.5556,  -33.3333,  -11.1111,   11.1111,\n"
          "          33.3333,   55.5556,   77.7778,  100.0000])");
    const std::string sig =
        "tensor([0.0000e+00, 1.6655e-34, 7.4564e-25, 3.3382e-15, 1.4945e-05, 9.9999e-01,\n"
        "        1.0000e+00, 1.0000e+00, 1.0000e+00, 1.0000e+00])";
    CHECK(tensoract::to_string(tensoract::sigmoid(z)) == sig);
    CHECK(tensoract::to_string(F::sigmoid(z)) == sig);
    const auto s = tensoract::sigmoid(z);
    CHECK(s[0] == 0.0F);
    CHECK(s[1] == Approx(1.6655e-34F).epsilon(1e-4));
    CHECK(s[4] == Approx(1.4945e-05F).epsilon(1e-4));
    CHECK(s[5] == Approx(9.9999e-01F).epsilon(1e-5));
}

TEST_CASE("notebook In[5]: tanh of linspace(-1, 1, 10)", "[notebook]") {
    const auto z = tensoract::linspace<float>(-1, 1, 10);
    CHECK(tensoract::to_string(z) ==
          "tensor([-1.0000, -0.7778, -0.5556, -0.3333, -0.1111,  0.1111,  0.3333,  0.5556,\n"
          "         0.7778,  1.0000])");
    CHECK(tensoract::to_string(tensoract::tanh(z)) ==
          "tensor([-0.7616, -0.6514, -0.5047, -0.3215, -0.1107,  0.1107,  0.3215,  0.5047,\n"
          "         0.6514,  0.7616])");
    CHECK(tensoract::tanh(z)[0] == Approx(std::tanh(-1.0)).epsilon(1e-7));
}

TEST_CASE("notebook In[6]: relu of linspace(-1, 1, 10)", "[notebook]") {
    const auto z = tensoract::linspace<float>(-1, 1, 10);
    const std::string relu =
        "tensor([0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.1111, 0.3333, 0.5556, 0.7778,\n"
        "        1.0000])";
    CHECK(tensoract::to_string(tensoract::relu(z)) == relu);
    CHECK(tensoract::to_string(F::relu(z)) == relu);
}

TEST_CASE("notebook In[1]: nn.ReLU(inplace=True) on rand(1, 16, 7, 7)", "[notebook]") {
    auto x = tensoract::rand<float>({1, 16, 7, 7});
    nn::ReLU layer(true);
    const auto out = layer(x);
    CHECK(tensoract::to_string(out.shape()) == "[1, 16, 7, 7]");  // torch.Size([1, 16, 7, 7])
    CHECK(F::relu(x).shape() == Shape{1, 16, 7, 7});
}

TEST_CASE("notebook In[11]: softmax and its gradients", "[notebook]") {
    const Tensor<float> z{0.6229F, 0.1372F, 0.4505F};
    CHECK(tensoract::to_string(z) == "tensor([0.6229, 0.1372, 0.4505])");
    const auto p = F::softmax(z, 0);
    CHECK(tensoract::to_string(p) == "tensor([0.4070, 0.2504, 0.3426])");
    CHECK(p[0] + p[1] + p[2] == Approx(1.0F));

    // torch.autograd.grad(p[1], [z]): the vector-Jacobian product with a one-hot gradient
    const auto grad1 = tensoract::softmax_backward(Tensor<float>{0, 1, 0}, p, 0);
    const auto grad2 = tensoract::softmax_backward(Tensor<float>{0, 0, 1}, p, 0);
    CHECK(tensoract::to_string(grad1) == "tensor([-0.1019,  0.1877, -0.0858])");
    CHECK(tensoract::to_string(grad2) == "tensor([-0.1394, -0.0858,  0.2252])");

    // ... which are rows 1 and 2 of the Jacobian
    const auto jac = tensoract::softmax_jacobian(z);
    for (std::int64_t j = 0; j < 3; ++j) {
        CHECK(jac.at(1, j) == Approx(grad1[j]).epsilon(1e-6));
        CHECK(jac.at(2, j) == Approx(grad2[j]).epsilon(1e-6));
    }
    // p.backward(torch.ones_like(p)): the gradient of sum(p) is 0
    const auto ones = tensoract::softmax_backward(tensoract::ones_like(p), p, 0);
    for (const float v : ones) {
        CHECK(v == Approx(0.0F).margin(1e-7));
    }
}
