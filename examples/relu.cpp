// The notebook's ReLU cell (In [6]), line for line.
//
//   relu(x)  = max(0, x)
//   relu'(x) = 1 where x > 0, else 0
#include <iostream>

#include <tensoract/tensoract.hpp>

namespace F = tensoract::nn::functional;  // from torch.nn import functional as F

int main() {
    const auto z = tensoract::linspace<float>(-1, 1, 10);  // z = torch.linspace(-1, 1, 10)
    std::cout << z << '\n';                                // print(z)

    std::cout << tensoract::relu(z) << '\n';  // print(torch.relu(z))
    std::cout << F::relu(z) << '\n';          // print(F.relu(z))
}
