// sigmoid, tanh, relu: forward, derivative, backward against PyTorch's golden data and the
// exact values; special values; every form (new tensor, into out, in place) agrees.
#include <catch2/catch.hpp>

#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include <tensoract/tensoract.hpp>

#include "golden.hpp"

using tensoract::Tensor;
using tensoract::TensorView;

namespace {

/// Max error in ULP against the exact value, per op and dtype: the bounds the headers state.
const std::map<std::string, std::pair<std::uint64_t, std::uint64_t>> max_ulp = {
    // op                    float32 float64
    {"sigmoid", {1, 1}},
    {"tanh", {1, 1}},
    {"sigmoid_derivative", {2, 2}},
    {"tanh_derivative", {2, 2}},
    {"sigmoid_backward", {2, 2}},
    {"tanh_backward", {2, 2}},
    {"relu", {0, 0}},
    {"relu_derivative", {0, 0}},
    {"relu_backward", {0, 0}},
};

template <class T>
Tensor<T> run(const golden::Case& c) {
    if (c.op == "sigmoid") return tensoract::sigmoid(c.tensor<T>("x"));
    if (c.op == "tanh") return tensoract::tanh(c.tensor<T>("x"));
    if (c.op == "relu") return tensoract::relu(c.tensor<T>("x"));
    if (c.op == "sigmoid_derivative") return tensoract::sigmoid_derivative(c.tensor<T>("x"));
    if (c.op == "tanh_derivative") return tensoract::tanh_derivative(c.tensor<T>("x"));
    if (c.op == "relu_derivative") return tensoract::relu_derivative(c.tensor<T>("x"));
    if (c.op == "sigmoid_backward") return tensoract::sigmoid_backward(c.tensor<T>("g"), c.tensor<T>("y"));
    if (c.op == "tanh_backward") return tensoract::tanh_backward(c.tensor<T>("g"), c.tensor<T>("y"));
    if (c.op == "relu_backward") return tensoract::relu_backward(c.tensor<T>("g"), c.tensor<T>("y"));
    FAIL("unknown op " << c.op);
    return {};
}

template <class T>
void check_case(const golden::Case& c) {
    const Tensor<T> ours = run<T>(c);
    const Tensor<T> exact = c.tensor<T>("exact");
    const Tensor<T> torch = c.tensor<T>("torch");
    const auto bounds = max_ulp.at(c.op);
    const std::uint64_t bound = sizeof(T) == 4 ? bounds.first : bounds.second;
    const bool is_relu = c.op.rfind("relu", 0) == 0;
    const bool is_sigmoid = c.op == "sigmoid";
    std::uint64_t worst = 0;
    std::int64_t worst_at = -1;
    for (std::int64_t i = 0; i < ours.numel(); ++i) {
        if (is_relu) {  // exact ops: PyTorch's bits, signs of zero and NaN included
            INFO(c.where() << " element " << i);
            REQUIRE(golden::same_value(ours[i], torch[i]));
        }
        if (is_sigmoid && std::fabs(exact[i]) < std::numeric_limits<T>::min()) {
            INFO(c.where() << " element " << i << ": results below the smallest normal are 0");
            REQUIRE(ours[i] == T(0));
            continue;
        }
        const std::uint64_t d = golden::ulp_distance(ours[i], exact[i]);
        if (d > worst) {
            worst = d;
            worst_at = i;
        }
    }
    INFO(c.where() << ": worst element " << worst_at << " is " << worst << " ULP from exact (bound "
                   << bound << ")");
    CHECK(worst <= bound);
}

}  // namespace

TEST_CASE("elementwise ops match the exact values within their stated ULP bounds", "[golden][activations]") {
    const auto& cases = golden::load("elementwise.txt");
    REQUIRE(cases.size() == 18);
    for (const auto& c : cases) {
        SECTION(c.op + " " + c.dtype) {
            if (c.dtype == "float32") {
                check_case<float>(c);
            } else {
                check_case<double>(c);
            }
        }
    }
}

TEST_CASE("sigmoid and tanh stay within 4 ULP of PyTorch's own float results", "[golden][activations]") {
    for (const auto& c : golden::load("elementwise.txt")) {
        if (c.dtype != "float32" || (c.op != "sigmoid" && c.op != "tanh")) {
            continue;
        }
        const auto x = c.tensor<float>("x");
        const auto ours = c.op == "sigmoid" ? tensoract::sigmoid(x) : tensoract::tanh(x);
        const auto torch = c.tensor<float>("torch");
        for (std::int64_t i = 0; i < x.numel(); ++i) {
            if (c.op == "sigmoid" && torch[i] < std::numeric_limits<float>::min()) {
                CHECK(ours[i] == 0.0F);  // PyTorch returns denormals down to x = -88.7; we flush
                continue;
            }
            INFO(c.op << "(" << x[i] << "): ours " << ours[i] << ", torch " << torch[i]);
            CHECK(golden::ulp_distance(ours[i], torch[i]) <= 4);
        }
    }
}

TEMPLATE_TEST_CASE("special values follow PyTorch", "[activations]", float, double) {
    using T = TestType;
    constexpr T inf = std::numeric_limits<T>::infinity();
    constexpr T nan = std::numeric_limits<T>::quiet_NaN();
    const Tensor<T> x{-inf, inf, nan, T(-0.0), T(0), T(-100), T(100)};

    const auto s = tensoract::sigmoid(x);
    CHECK(s[0] == 0);
    CHECK(s[1] == 1);
    CHECK(std::isnan(s[2]));
    CHECK(s[3] == T(0.5));
    CHECK(s[4] == T(0.5));
    if constexpr (std::is_same_v<T, float>) {
        CHECK(s[5] == 0);  // the notebook prints sigmoid(-100) as 0.0000e+00
    } else {
        CHECK(s[5] == Approx(3.7200759760208361e-44).epsilon(1e-15));
    }
    CHECK(s[6] == 1);

    const auto t = tensoract::tanh(x);
    CHECK(t[0] == -1);
    CHECK(t[1] == 1);
    CHECK(std::isnan(t[2]));
    CHECK((t[3] == 0 && std::signbit(t[3])));

    const auto r = tensoract::relu(x);
    CHECK(r[0] == 0);
    CHECK(r[1] == inf);
    CHECK(std::isnan(r[2]));
    CHECK((r[3] == 0 && std::signbit(r[3])));  // relu(-0.0) = -0.0
    CHECK((r[5] == 0 && !std::signbit(r[5])));

    const auto rd = tensoract::relu_derivative(x);
    CHECK(rd[2] == 1);  // as PyTorch's autograd: the gradient passes a NaN
    CHECK(rd[3] == 0);
    CHECK(rd[4] == 0);  // 0 at x = 0
    CHECK(rd[6] == 1);

    const auto sd = tensoract::sigmoid_derivative(x);
    CHECK(sd[0] == 0);
    CHECK(sd[1] == 0);
    CHECK(std::isnan(sd[2]));
    CHECK(sd[4] == T(0.25));
    CHECK(sd[6] > 0);  // S(1-S) would be exactly 0 here

    const auto td = tensoract::tanh_derivative(x);
    CHECK(td[0] == 0);
    CHECK(td[4] == 1);
    CHECK(tensoract::tanh_derivative(Tensor<T>{T(10)})[0] > 0);  // 1 - tanh^2 would be 0
}

TEMPLATE_TEST_CASE("every form of an op gives the same bits", "[activations]", float, double) {
    using T = TestType;
    tensoract::Generator gen(7);
    const auto x = (tensoract::rand<T>({3, 5, 7}, gen));
    Tensor<T> xs(x.shape());
    for (std::int64_t i = 0; i < x.numel(); ++i) {
        xs[i] = (x[i] - T(0.5)) * 40;  // spread over both tails
    }
    const auto g = tensoract::rand<T>({3, 5, 7}, gen);

    using Fwd = std::function<Tensor<T>(const Tensor<T>&)>;
    using Into = std::function<void(TensorView<const T>, TensorView<T>)>;
    using InPlace = std::function<Tensor<T>&(Tensor<T>&)>;
    struct Op {
        const char* name;
        Fwd fwd;
        Into into;
        InPlace in_place;
    };
    const std::vector<Op> ops = {
        {"sigmoid", [](const Tensor<T>& a) { return tensoract::sigmoid(a); },
         [](TensorView<const T> a, TensorView<T> o) { tensoract::sigmoid(a, o); },
         [](Tensor<T>& a) -> Tensor<T>& { return tensoract::sigmoid_(a); }},
        {"tanh", [](const Tensor<T>& a) { return tensoract::tanh(a); },
         [](TensorView<const T> a, TensorView<T> o) { tensoract::tanh(a, o); },
         [](Tensor<T>& a) -> Tensor<T>& { return tensoract::tanh_(a); }},
        {"relu", [](const Tensor<T>& a) { return tensoract::relu(a); },
         [](TensorView<const T> a, TensorView<T> o) { tensoract::relu(a, o); },
         [](Tensor<T>& a) -> Tensor<T>& { return tensoract::relu_(a); }},
    };
    for (const auto& op : ops) {
        INFO(op.name);
        const Tensor<T> expected = op.fwd(xs);
        Tensor<T> out(xs.shape());
        op.into(xs, out);
        Tensor<T> in_place = xs;
        Tensor<T>& returned = op.in_place(in_place);
        CHECK(&returned == &in_place);  // in-place forms return their argument
        Tensor<T> aliased = xs;
        op.into(aliased, aliased);  // out may be x itself
        for (std::int64_t i = 0; i < xs.numel(); ++i) {
            REQUIRE(golden::same_value(out[i], expected[i]));
            REQUIRE(golden::same_value(in_place[i], expected[i]));
            REQUIRE(golden::same_value(aliased[i], expected[i]));
        }
    }

    // derivative and backward: Tensor form vs into form vs in place over g
    const auto y = tensoract::sigmoid(xs);
    Tensor<T> out(xs.shape());
    tensoract::sigmoid_backward(g, y, out);
    const auto b = tensoract::sigmoid_backward(g, y);
    Tensor<T> over_g = g;
    tensoract::sigmoid_backward(over_g, y, over_g);
    Tensor<T> d(xs.shape());
    tensoract::tanh_derivative(xs, d);
    const auto d2 = tensoract::tanh_derivative(xs);
    for (std::int64_t i = 0; i < xs.numel(); ++i) {
        REQUIRE(golden::same_value(out[i], b[i]));
        REQUIRE(golden::same_value(over_g[i], b[i]));
        REQUIRE(golden::same_value(d[i], d2[i]));
    }
}

TEMPLATE_TEST_CASE("an element's result does not depend on its position or alignment", "[activations]",
                   float, double) {
    using T = TestType;
    const auto& cases = golden::load("elementwise.txt");
    const std::string dtype = sizeof(T) == 4 ? "float32" : "float64";
    for (const auto& c : cases) {
        if (c.dtype != dtype || c.op != "sigmoid") {
            continue;
        }
        const auto& xs = c.array("x");
        const auto n = static_cast<std::int64_t>(xs.size());
        const auto reference = tensoract::sigmoid(c.tensor<T>("x"));
        std::vector<T> buffer(static_cast<std::size_t>(n) + 64);
        for (std::int64_t offset : {1, 3, 7, 16, 33}) {
            for (std::int64_t len : {n, n - 1, n - 13}) {
                std::copy(xs.begin(), xs.begin() + len, buffer.begin() + offset);
                TensorView<T> view(buffer.data() + offset, {len});
                tensoract::sigmoid(view, view);
                for (std::int64_t i = 0; i < len; ++i) {
                    INFO("offset " << offset << " length " << len << " element " << i);
                    REQUIRE(golden::same_value(view[i], reference[i]));
                }
            }
        }
    }
}

TEST_CASE("the derivatives are what autograd computes", "[activations]") {
    // d/dx sigmoid = sigmoid_backward(1, sigmoid(x)) up to rounding; relu's exactly.
    const auto x = tensoract::linspace<double>(-6, 6, 25);
    const auto ones = tensoract::ones_like(x);
    const auto via_backward = tensoract::sigmoid_backward(ones, tensoract::sigmoid(x));
    const auto direct = tensoract::sigmoid_derivative(x);
    for (std::int64_t i = 0; i < x.numel(); ++i) {
        CHECK(direct[i] == Approx(via_backward[i]).epsilon(1e-13));
    }
    const auto tb = tensoract::tanh_backward(ones, tensoract::tanh(x));
    const auto td = tensoract::tanh_derivative(x);
    for (std::int64_t i = 0; i < x.numel(); ++i) {
        // from y = tanh(x), 1 - y^2 inherits y's rounding, magnified by 1/(1 - |y|) (1e5 at 6)
        CHECK(td[i] == Approx(tb[i]).epsilon(1e-10));
    }
    const auto rb = tensoract::relu_backward(ones, tensoract::relu(x));
    const auto rd = tensoract::relu_derivative(x);
    for (std::int64_t i = 0; i < x.numel(); ++i) {
        CHECK(rd[i] == rb[i]);
    }
}
