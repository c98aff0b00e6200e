#include <iostream>
#include <tensoract/tensoract.hpp>

int main() {
    using namespace tensoract;
    auto z = linspace<float>(-1, 1, 10);                         // torch.linspace(-1, 1, 10)
    std::cout << tanh(z) << '\n';                                // print(torch.tanh(z))
    auto p = softmax(Tensor<float>{0.6229f, 0.1372f, 0.4505f}, 0); // F.softmax(z, dim=0)
    std::cout << p << '\n' << softmax_backward(Tensor<float>{0, 1, 0}, p, 0) << '\n';
}
