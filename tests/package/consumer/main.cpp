// Succeeds when tensoract, as the consumer got it, computes and prints what PyTorch does.
#include <cstdio>
#include <string>

#include <tensoract/tensoract.hpp>

int main() {
    const auto z = tensoract::linspace<float>(-1, 1, 3);
    const std::string text = tensoract::to_string(tensoract::sigmoid(z));
    std::puts(text.c_str());
    return text == "tensor([0.2689, 0.5000, 0.7311])" ? 0 : 1;
}
