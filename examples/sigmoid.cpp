// The notebook's sigmoid cell (In [4]), line for line.
//
//   S(x)  = e^x / (e^x + 1)
//   S'(x) = S(x) (1 - S(x))
#include <iostream>

#include <tensoract/tensoract.hpp>

namespace F = tensoract::nn::functional;  // from torch.nn import functional as F

int main() {
    const auto z = tensoract::linspace<float>(-100, 100, 10);  // z = torch.linspace(-100, 100, 10)
    std::cout << z << '\n';                                    // print(z)

    std::cout << tensoract::sigmoid(z) << '\n';  // print(torch.sigmoid(z))
    std::cout << F::sigmoid(z) << '\n';          // print(F.sigmoid(z))
}
