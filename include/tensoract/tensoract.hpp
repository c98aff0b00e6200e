// tensoract — neural-network activation functions on tensors, header-only C++20.
// The umbrella header: everything below. Each header can also be included on its own.
// SPDX-License-Identifier: MIT
#pragma once

#include "activations.hpp"  // sigmoid, tanh, relu, their derivatives and backward functions
#include "factories.hpp"    // zeros, ones, full, linspace, rand, Generator
#include "nn.hpp"           // nn::Sigmoid, nn::Tanh, nn::ReLU, nn::Softmax, nn::functional
#include "parallel.hpp"     // set_num_threads, set_parallel_for
#include "piecewise.hpp"    // leaky_relu, hardtanh, relu6, hardsigmoid, hardswish
#include "printing.hpp"     // operator<< and to_string, exactly as PyTorch prints
#include "shape.hpp"        // Shape
#include "smooth.hpp"       // silu, softsign
#include "softmax.hpp"      // softmax, softmax_jacobian, softmax_backward
#include "tensor.hpp"       // Tensor<T>, TensorView<T>
#include "version.hpp"
