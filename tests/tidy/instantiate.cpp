// Instantiates every public function for float and double, so that clang-tidy (run by
// .ci/run on this file and the fuzz target) sees all of the headers' code. Not a test: the
// target is built only on request (tensoract_instantiate).
#include <cstdint>
#include <sstream>

#include <tensoract/tensoract.hpp>

namespace {

template <class T>
void use_everything(std::ostream& os) {
    using tensoract::Tensor;
    using tensoract::TensorView;
    tensoract::Generator gen(1);
    Tensor<T> x = tensoract::rand<T>({4, 5}, gen);
    const Tensor<T> g = tensoract::ones_like(x);
    Tensor<T> out = tensoract::zeros_like(x);
    const TensorView<const T> xv = x;
    const TensorView<T> ov = out;
    os << tensoract::sigmoid(x) << tensoract::tanh(xv) << tensoract::relu(x);
    tensoract::sigmoid(x, out);
    tensoract::tanh(xv, ov);
    tensoract::relu(x, out);
    os << tensoract::sigmoid_derivative(x) << tensoract::tanh_derivative(x) << tensoract::relu_derivative(x);
    os << tensoract::sigmoid_backward(g, x) << tensoract::tanh_backward(g, x) << tensoract::relu_backward(g, x);
    tensoract::sigmoid_backward(g, x, out);
    os << tensoract::softmax(x, 1) << tensoract::softmax_backward(g, x, 0);
    tensoract::softmax(x, out, -1);
    Tensor<T> y = x;
    tensoract::sigmoid_(y);
    tensoract::tanh_(y);
    tensoract::relu_(y);
    tensoract::softmax_(y, 0);
    os << tensoract::softmax_jacobian(tensoract::linspace<T>(-1, 1, 4));
    os << tensoract::full<T>({2}, T(3)) << tensoract::ones<T>({1, 2}) << tensoract::rand<T>({3});
    os << tensoract::nn::Sigmoid()(x) << tensoract::nn::Tanh()(x) << tensoract::nn::ReLU(true)(x)
       << tensoract::nn::Softmax(1)(x) << tensoract::nn::functional::softmax(x, 0);
    os << x.at(1, 2) << x.size(0) << tensoract::to_string(x) << x.shape();
    // the family
    os << tensoract::leaky_relu(x, 0.2) << tensoract::leaky_relu_derivative(xv) << tensoract::leaky_relu_backward(g, x, 0.1);
    tensoract::leaky_relu(x, out, 0.3);
    tensoract::leaky_relu_(y, 0.2);
    os << tensoract::hardtanh(x, -2.0, 2.0) << tensoract::hardtanh_derivative(x) << tensoract::hardtanh_backward(g, xv);
    tensoract::hardtanh(xv, ov);
    tensoract::hardtanh_(y);
    os << tensoract::relu6(x) << tensoract::relu6_derivative(x) << tensoract::relu6_backward(g, x);
    tensoract::relu6_(y);
    os << tensoract::hardsigmoid(x) << tensoract::hardsigmoid_derivative(x) << tensoract::hardsigmoid_backward(g, x);
    tensoract::hardsigmoid_(y);
    os << tensoract::hardswish(x) << tensoract::hardswish_derivative(x) << tensoract::hardswish_backward(g, x);
    tensoract::hardswish_(y);
    tensoract::hardswish_backward(g, x, out);
    os << tensoract::silu(x) << tensoract::silu_derivative(x) << tensoract::silu_backward(g, x);
    tensoract::silu_(y);
    tensoract::silu_derivative(x, out);
    os << tensoract::softsign(x) << tensoract::softsign_derivative(x) << tensoract::softsign_backward(g, x);
    tensoract::softsign(x, out);
    os << tensoract::log_softmax(x, 1) << tensoract::log_softmax_backward(g, x, 0) << tensoract::softmin(xv, 0)
       << tensoract::softmin_backward(g, x, 1);
    tensoract::log_softmax(x, out, 0);
    os << tensoract::log_softmax_jacobian(tensoract::linspace<T>(-1, 1, 4)) << tensoract::softmin_jacobian(tensoract::linspace<T>(-1, 1, 3));
    tensoract::softmin(x, out, 1);
    namespace nn = tensoract::nn;
    namespace F = tensoract::nn::functional;
    os << nn::LeakyReLU(0.2, true)(y) << nn::Hardtanh()(x) << nn::ReLU6(true)(y) << nn::Hardsigmoid()(x)
       << nn::Hardswish(true)(y) << nn::SiLU()(x) << nn::Softsign()(x) << nn::LogSoftmax(1)(x) << nn::Softmin(0)(x);
    os << nn::LeakyReLU() << nn::Hardtanh() << nn::ReLU6() << nn::Hardsigmoid() << nn::Hardswish() << nn::SiLU()
       << nn::Softsign() << nn::LogSoftmax(1) << nn::Softmin(0);
    os << F::leaky_relu(y, 0.2, true) << F::hardtanh(x) << F::relu6(y, true) << F::hardsigmoid(x) << F::hardswish(y, true)
       << F::silu(x) << F::softsign(x) << F::log_softmax(x, 0) << F::softmin(x, 1);
    os << tensoract::elu(x, 0.5) << tensoract::elu_derivative(x) << tensoract::elu_backward(g, x) << tensoract::celu(x, 2.0)
       << tensoract::celu_derivative(x) << tensoract::celu_backward(g, x) << tensoract::selu(x) << tensoract::selu_derivative(x)
       << tensoract::selu_backward(g, x) << tensoract::softplus(x, 2.0, 10.0) << tensoract::softplus_derivative(x)
       << tensoract::softplus_backward(g, x) << tensoract::logsigmoid(x) << tensoract::logsigmoid_derivative(x)
       << tensoract::logsigmoid_backward(g, x) << tensoract::tanhshrink(x) << tensoract::tanhshrink_derivative(x)
       << tensoract::tanhshrink_backward(g, x) << tensoract::mish(x) << tensoract::mish_derivative(x)
       << tensoract::mish_backward(g, x) << tensoract::gelu(x) << tensoract::gelu_derivative(x, "tanh")
       << tensoract::gelu_backward(g, x, "tanh");
    tensoract::elu_(y);
    tensoract::celu_(y, 0.5);
    tensoract::selu_(y);
    tensoract::mish_(y);
    tensoract::gelu_(y, "tanh");
    tensoract::gelu(x, out, "tanh");
    tensoract::softplus_backward(g, x, out);
    os << nn::ELU(0.5, true)(y) << nn::CELU()(x) << nn::SELU(true)(y) << nn::Mish()(x) << nn::GELU("tanh")(x)
       << nn::Softplus(2, 10)(x) << nn::LogSigmoid()(x) << nn::Tanhshrink()(x);
    os << nn::ELU() << nn::CELU() << nn::SELU() << nn::Mish() << nn::GELU() << nn::Softplus() << nn::LogSigmoid()
       << nn::Tanhshrink();
    os << F::elu(y, 1.0, true) << F::celu(x) << F::selu(y, true) << F::mish(x) << F::gelu(x, "tanh") << F::softplus(x)
       << F::logsigmoid(x) << F::tanhshrink(x);
}

}  // namespace

std::string tensoract_instantiate() {
    std::ostringstream os;
    tensoract::set_num_threads(2);
    use_everything<float>(os);
    use_everything<double>(os);
    tensoract::set_num_threads(1);
    os << tensoract::to_string(tensoract::instruction_set()) << tensoract::num_threads();
    return os.str();
}
