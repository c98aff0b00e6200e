// The notebook's in-place ReLU cell (In [1]), line for line.
#include <iostream>

#include <tensoract/tensoract.hpp>

namespace nn = tensoract::nn;             // from torch import nn
namespace F = tensoract::nn::functional;  // from torch.nn import functional as F

int main() {
    auto x = tensoract::rand<float>({1, 16, 7, 7});  // x = torch.rand(1, 16, 7, 7)
    // inplace=True updates x itself (less memory)
    nn::ReLU layer(true);                                   // layer = nn.ReLU(inplace=True)
    auto out = layer(x);                                    // out = layer(x)
    std::cout << "torch.Size(" << out.shape() << ")\n";     // print(out.shape)

    out = F::relu(x);                                       // out = F.relu(x)
    std::cout << "torch.Size(" << out.shape() << ")\n";     // print(out.shape)
}
