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
