// The notebook's softmax cell (In [11]), line for line, with autograd's gradients computed by
// plain function calls.
//
//   p_i = softmax(z)_i = e^(z_i) / sum_j e^(z_j)
//   dp_i/dz_j = p_i (δij - p_j)
//
// The notebook's z came from torch.rand(3); we start from the values it printed.
#include <iostream>

#include <tensoract/tensoract.hpp>

using tensoract::Tensor;
namespace F = tensoract::nn::functional;  // from torch.nn import functional as F

int main() {
    const Tensor<float> z{0.6229f, 0.1372f, 0.4505f};  // z = torch.rand(3, requires_grad=True)
    std::cout << z << '\n';                            // print(z)  (PyTorch adds ", requires_grad=True")

    // a probability distribution
    auto p = F::softmax(z, 0);  // p = F.softmax(z, dim=0)
    std::cout << p << '\n';     // print(p)  (PyTorch adds ", grad_fn=<SoftmaxBackward0>")

    // torch.autograd.grad(p[1], [z]) is the vector-Jacobian product with the one-hot vector e1:
    // softmax_backward(e1, p) = p * (e1 - <e1, p>)
    const auto grad_p1 = tensoract::softmax_backward(Tensor<float>{0, 1, 0}, p, 0);
    std::cout << '(' << grad_p1 << ",)\n";  // print(torch.autograd.grad(p[1], [z], retain_graph=True))

    // ... which is also row 2 of the Jacobian J[i][j] = p_i (δij - p_j)
    const auto jacobian = tensoract::softmax_jacobian(z);
    const Tensor<float> grad_p2{jacobian.at(2, 0), jacobian.at(2, 1), jacobian.at(2, 2)};
    std::cout << '(' << grad_p2 << ",)\n";  // print(torch.autograd.grad(p[2], [z]))
}
