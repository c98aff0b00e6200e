// The notebook's tanh cell (In [5]), line for line.
//
//   tanh(x)  = (e^x - e^-x) / (e^x + e^-x) = 2 sigmoid(2x) - 1
//   tanh'(x) = 1 - tanh(x)^2
#include <iostream>

#include <tensoract/tensoract.hpp>

int main() {
    const auto z = tensoract::linspace<float>(-1, 1, 10);  // z = torch.linspace(-1, 1, 10)
    std::cout << z << '\n';                                // print(z)

    std::cout << tensoract::tanh(z) << '\n';  // print(torch.tanh(z))
}
