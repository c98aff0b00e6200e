// Every bad input throws std::invalid_argument or std::out_of_range, and the message names the
// operation and the shapes involved.
#include <catch2/catch.hpp>

#include <cstdint>
#include <stdexcept>
#include <vector>

#include <tensoract/tensoract.hpp>

using Catch::Matchers::Contains;
using Catch::Matchers::Message;
using tensoract::Shape;
using tensoract::Tensor;
using tensoract::TensorView;

// The type, and a message that contains `text`.
#define CHECK_THROWS_CONTAINING(expr, type, text) \
    CHECK_THROWS_AS(expr, type);                  \
    CHECK_THROWS_WITH(expr, Contains(text))

TEST_CASE("errors: dim out of range", "[errors]") {
    const Tensor<float> x{1, 2, 3};
    CHECK_THROWS_MATCHES(tensoract::softmax(x, 2), std::out_of_range,
                         Message("softmax: dim 2 out of range for a tensor of dim 1 (expected in [-1, 0])"));
    CHECK_THROWS_MATCHES(tensoract::softmax(x, -2), std::out_of_range,
                         Message("softmax: dim -2 out of range for a tensor of dim 1 (expected in [-1, 0])"));
    Tensor<float> out(Shape{3});
    CHECK_THROWS_AS(tensoract::softmax(x, out, 1), std::out_of_range);
    Tensor<float> y = x;
    CHECK_THROWS_CONTAINING(tensoract::softmax_(y, 5), std::out_of_range, "softmax_: dim 5");
    CHECK_THROWS_CONTAINING(tensoract::softmax_backward(x, x, 1), std::out_of_range, "softmax_backward: dim 1 out of range");
    const Tensor<double> scalar(Shape{}, {1.0});
    CHECK_THROWS_MATCHES(tensoract::softmax(scalar, 1), std::out_of_range,
                         Message("softmax: dim 1 out of range for a tensor of dim 0 (expected in [-1, 0])"));
    const Tensor<float> m(Shape{2, 3});
    CHECK_THROWS_CONTAINING(m.size(2), std::out_of_range, "Tensor::size: dim 2");
    CHECK_THROWS_AS(scalar.size(0), std::out_of_range);
    CHECK_THROWS_AS(tensoract::nn::Softmax(3)(m), std::out_of_range);
}

TEST_CASE("errors: shapes that cannot be", "[errors]") {
    CHECK_THROWS_MATCHES(Tensor<float>(Shape{2, -1}), std::invalid_argument,
                         Message("Tensor: negative extent -1 in dim 1 of shape [2, -1]"));
    CHECK_THROWS_CONTAINING(tensoract::zeros<float>({-3}), std::invalid_argument, "zeros: negative extent -3");
    CHECK_THROWS_CONTAINING(tensoract::rand<double>({4, -2}), std::invalid_argument, "rand: negative extent -2");
    const std::int64_t huge = std::int64_t{1} << 40;
    CHECK_THROWS_MATCHES(Tensor<float>(Shape{huge, huge}), std::invalid_argument,
                         Message("Tensor: the element count of shape [1099511627776, 1099511627776] "
                                 "does not fit in int64"));
    CHECK_NOTHROW(Tensor<float>(Shape{huge, huge, 0}));  // no elements, so no overflow
    float buf[4] = {};
    CHECK_THROWS_CONTAINING(TensorView<float>(buf, {2, -2}), std::invalid_argument, "TensorView: negative extent");
    CHECK_THROWS_MATCHES(TensorView<float>(nullptr, {2}), std::invalid_argument,
                         Message("TensorView: null data for non-empty shape [2]"));
    CHECK_THROWS_MATCHES(tensoract::linspace<float>(0, 1, -1), std::invalid_argument,
                         Message("linspace: number of steps must be non-negative, got -1"));
}

TEST_CASE("errors: values and shape disagree", "[errors]") {
    CHECK_THROWS_MATCHES(Tensor<double>(Shape{2, 3}, std::vector<double>{1, 2}), std::invalid_argument,
                         Message("Tensor: shape [2, 3] holds 6 elements but 2 values were given"));
    CHECK_THROWS_MATCHES(Tensor<float>(Shape{2}).item(), std::invalid_argument,
                         Message("Tensor::item: a tensor of shape [2] has 2 elements, not 1"));
}

TEST_CASE("errors: bad indices", "[errors]") {
    Tensor<float> m(Shape{2, 3});
    CHECK_THROWS_MATCHES(m.at(2, 0), std::out_of_range,
                         Message("Tensor::at: index 2 is out of bounds for dim 0 with size 2 (shape [2, 3])"));
    CHECK_THROWS_MATCHES(m.at(0, -4), std::out_of_range,
                         Message("Tensor::at: index -4 is out of bounds for dim 1 with size 3 (shape [2, 3])"));
    CHECK_THROWS_MATCHES(m.at(1), std::invalid_argument,
                         Message("Tensor::at: expected 2 indices for a tensor of shape [2, 3], got 1"));
    const TensorView<float> v = m;
    CHECK_THROWS_CONTAINING(v.at(0, 3), std::out_of_range, "TensorView::at: index 3");
}

TEST_CASE("errors: out of the wrong shape", "[errors]") {
    const Tensor<float> x(Shape{2, 3});
    Tensor<float> wrong(Shape{3, 2});
    const char* expected = "out must have shape [2, 3], got [3, 2]";
    CHECK_THROWS_MATCHES(tensoract::sigmoid(x, wrong), std::invalid_argument,
                         Message(std::string("sigmoid: ") + expected));
    CHECK_THROWS_MATCHES(tensoract::tanh(x, wrong), std::invalid_argument, Message(std::string("tanh: ") + expected));
    CHECK_THROWS_MATCHES(tensoract::relu(x, wrong), std::invalid_argument, Message(std::string("relu: ") + expected));
    CHECK_THROWS_MATCHES(tensoract::sigmoid_derivative(x, wrong), std::invalid_argument,
                         Message(std::string("sigmoid_derivative: ") + expected));
    CHECK_THROWS_MATCHES(tensoract::tanh_derivative(x, wrong), std::invalid_argument,
                         Message(std::string("tanh_derivative: ") + expected));
    CHECK_THROWS_MATCHES(tensoract::relu_derivative(x, wrong), std::invalid_argument,
                         Message(std::string("relu_derivative: ") + expected));
    CHECK_THROWS_MATCHES(tensoract::softmax(x, wrong, 1), std::invalid_argument,
                         Message(std::string("softmax: ") + expected));
    CHECK_THROWS_MATCHES(tensoract::sigmoid_backward(x, x, wrong), std::invalid_argument,
                         Message(std::string("sigmoid_backward: ") + expected));
    CHECK_THROWS_MATCHES(tensoract::tanh_backward(x, x, wrong), std::invalid_argument,
                         Message(std::string("tanh_backward: ") + expected));
    CHECK_THROWS_MATCHES(tensoract::relu_backward(x, x, wrong), std::invalid_argument,
                         Message(std::string("relu_backward: ") + expected));
    CHECK_THROWS_MATCHES(tensoract::softmax_backward(x, x, wrong, 0), std::invalid_argument,
                         Message(std::string("softmax_backward: ") + expected));
    const Tensor<float> v{1, 2, 3};
    Tensor<float> square(Shape{3, 2});
    CHECK_THROWS_MATCHES(tensoract::softmax_jacobian(v, square), std::invalid_argument,
                         Message("softmax_jacobian: out must have shape [3, 3], got [3, 2]"));
}

TEST_CASE("errors: g and y of different shapes in a backward", "[errors]") {
    const Tensor<double> g(Shape{2, 3});
    const Tensor<double> y(Shape{3});
    const char* expected = "g and y must have the same shape, got [2, 3] and [3]";
    CHECK_THROWS_MATCHES(tensoract::sigmoid_backward(g, y), std::invalid_argument,
                         Message(std::string("sigmoid_backward: ") + expected));
    CHECK_THROWS_MATCHES(tensoract::tanh_backward(g, y), std::invalid_argument,
                         Message(std::string("tanh_backward: ") + expected));
    CHECK_THROWS_MATCHES(tensoract::relu_backward(g, y), std::invalid_argument,
                         Message(std::string("relu_backward: ") + expected));
    CHECK_THROWS_MATCHES(tensoract::softmax_backward(g, y, 0), std::invalid_argument,
                         Message(std::string("softmax_backward: ") + expected));
    Tensor<double> out(Shape{3});
    CHECK_THROWS_MATCHES(tensoract::sigmoid_backward(g, y, out), std::invalid_argument,
                         Message(std::string("sigmoid_backward: ") + expected));
}

TEST_CASE("errors: softmax_jacobian needs a 1-D input", "[errors]") {
    CHECK_THROWS_MATCHES(tensoract::softmax_jacobian(Tensor<float>(Shape{2, 2})), std::invalid_argument,
                         Message("softmax_jacobian: expected a 1-D tensor, got shape [2, 2]"));
    CHECK_THROWS_MATCHES(tensoract::softmax_jacobian(Tensor<float>(Shape{}, {1.0F})), std::invalid_argument,
                         Message("softmax_jacobian: expected a 1-D tensor, got shape []"));
}

TEST_CASE("errors: out partially overlapping an input", "[errors]") {
    std::vector<float> buf(12, 0.5F);
    const TensorView<const float> x(buf.data(), {8});
    const TensorView<float> shifted(buf.data() + 2, {8});
    CHECK_THROWS_MATCHES(tensoract::sigmoid(x, shifted), std::invalid_argument,
                         Message("sigmoid: out overlaps x partially (in place needs out to be exactly x)"));
    CHECK_THROWS_AS(tensoract::relu(x, shifted), std::invalid_argument);
    CHECK_THROWS_AS(tensoract::softmax(x, shifted, 0), std::invalid_argument);
    CHECK_THROWS_CONTAINING(tensoract::tanh_backward(x, TensorView<const float>(buf.data() + 4, {8}), shifted), std::invalid_argument, "tanh_backward: out overlaps");
    CHECK_THROWS_AS(tensoract::softmax_backward(x, x, shifted, 0), std::invalid_argument);
    // the Jacobian reads all of x while writing: no overlap at all
    const TensorView<const float> v(buf.data(), {3});
    CHECK_THROWS_MATCHES(tensoract::softmax_jacobian(v, TensorView<float>(buf.data() + 1, {3, 3})),
                         std::invalid_argument,
                         Message("softmax_jacobian: out overlaps x (it must not overlap at all)"));
    // exact aliasing is in place, and fine
    const TensorView<float> same(buf.data(), {8});
    CHECK_NOTHROW(tensoract::sigmoid(same, same));
}
