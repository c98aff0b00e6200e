// docs/errors.md is checked here: each row of its table names a case below, and running the
// case must throw exactly that exception with exactly that message. A case missing from the
// doc, or a row without a case, fails too, so the doc and the code cannot drift apart.
// `tensoract_tests "[.errors-doc]"` prints the rows from the code (to write a new one).
#include <catch2/catch.hpp>

#include <cstdint>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <new>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <tensoract/tensoract.hpp>

using tensoract::Shape;
using tensoract::Tensor;
using tensoract::TensorView;

namespace {

struct Case {
    std::string call;  // the misuse, as code
    std::function<void()> run;
};

// Ordered as in the doc: construction, access, factories, ops, softmax, nn, threads.
const std::vector<std::pair<std::string, Case>>& cases() {
    static const std::vector<std::pair<std::string, Case>> all = {
        {"tensor-negative-extent", {"Tensor<float>(Shape{2, -1})", [] { (void)Tensor<float>(Shape{2, -1}); }}},
        {"tensor-too-many-elements",
         {"Tensor<float>(Shape{1 << 31, 1 << 31, 4})", [] { (void)Tensor<float>(Shape{std::int64_t{1} << 31, std::int64_t{1} << 31, 4}); }}},
        {"tensor-value-count", {"Tensor<float>(Shape{2, 2}, {1, 2, 3})", [] { (void)Tensor<float>(Shape{2, 2}, {1, 2, 3}); }}},
        {"view-null-data", {"TensorView<float>(nullptr, {3})", [] { (void)TensorView<float>(nullptr, {3}); }}},
        {"view-negative-extent",
         {"TensorView<float>(p, {-3})", [] {
              float p[3] = {};
              (void)TensorView<float>(p, {-3});
          }}},
        {"at-index-count", {"Tensor<float>(Shape{2, 3}).at(1)", [] { (void)Tensor<float>(Shape{2, 3}).at(1); }}},
        {"at-index-bounds", {"Tensor<float>(Shape{2, 3}).at(1, 3)", [] { (void)Tensor<float>(Shape{2, 3}).at(1, 3); }}},
        {"size-dim", {"Tensor<float>(Shape{2, 3}).size(2)", [] { (void)Tensor<float>(Shape{2, 3}).size(2); }}},
        {"size-0d", {"Tensor<float>(Shape{}).size(0)", [] { (void)Tensor<float>(Shape{}).size(0); }}},
        {"item", {"Tensor<float>(Shape{2}).item()", [] { (void)Tensor<float>(Shape{2}).item(); }}},
        {"view-size-dim",
         {"TensorView<float>(p, {3}).size(1)", [] {
              float p[3] = {};
              (void)TensorView<float>(p, {3}).size(1);
          }}},
        {"view-item",
         {"TensorView<float>(p, {3}).item()", [] {
              float p[3] = {};
              (void)TensorView<float>(p, {3}).item();
          }}},
        {"zeros-negative-extent", {"zeros<float>({-1, 4})", [] { (void)tensoract::zeros<float>({-1, 4}); }}},
        {"full-negative-extent", {"full<double>({3, -2}, 1.0)", [] { (void)tensoract::full<double>({3, -2}, 1.0); }}},
        {"rand-negative-extent", {"rand<float>({-5})", [] { (void)tensoract::rand<float>({-5}); }}},
        {"linspace-steps", {"linspace<float>(0, 1, -1)", [] { (void)tensoract::linspace<float>(0, 1, -1); }}},
        {"out-shape",
         {"sigmoid(Tensor<float>(Shape{3}), out of shape [2])", [] {
              Tensor<float> out(Shape{2});
              tensoract::sigmoid(Tensor<float>(Shape{3}), out);
          }}},
        {"out-partial-overlap",
         {"tanh(view of p[0..4), view of p[1..5))", [] {
              float p[6] = {};
              tensoract::tanh(TensorView<const float>(p, {4}), TensorView<float>(p + 1, {4}));
          }}},
        {"backward-shapes",
         {"sigmoid_backward(g of shape [3], y of shape [2])",
          [] { (void)tensoract::sigmoid_backward(Tensor<float>(Shape{3}), Tensor<float>(Shape{2})); }}},
        {"backward-out-overlap",
         {"relu_backward(g, y, out overlapping y partially)", [] {
              float p[8] = {};
              tensoract::relu_backward(TensorView<const float>(p, {4}), TensorView<const float>(p + 4, {4}),
                                       TensorView<float>(p + 2, {4}));
          }}},
        {"softmax-dim", {"softmax(Tensor<float>(Shape{2, 3}), 2)", [] { (void)tensoract::softmax(Tensor<float>(Shape{2, 3}), 2); }}},
        {"softmax-dim-0d", {"softmax(Tensor<float>(Shape{}), 1)", [] { (void)tensoract::softmax(Tensor<float>(Shape{}), 1); }}},
        {"softmax-out-shape",
         {"softmax(x of shape [2, 3], out of shape [3, 2], 1)", [] {
              Tensor<float> out(Shape{3, 2});
              tensoract::softmax(Tensor<float>(Shape{2, 3}), out, 1);
          }}},
        {"softmax-backward-shapes",
         {"softmax_backward(g of shape [2, 3], y of shape [2, 2], 1)",
          [] { (void)tensoract::softmax_backward(Tensor<float>(Shape{2, 3}), Tensor<float>(Shape{2, 2}), 1); }}},
        {"softmax-jacobian-1d",
         {"softmax_jacobian(Tensor<float>(Shape{2, 2}))", [] { (void)tensoract::softmax_jacobian(Tensor<float>(Shape{2, 2})); }}},
        {"family-backward-shapes",
         {"silu_backward(g of shape [3], x of shape [2])",
          [] { (void)tensoract::silu_backward(Tensor<float>(Shape{3}), Tensor<float>(Shape{2})); }}},
        {"hardtanh-range", {"hardtanh(x, 1.0, -1.0)", [] { (void)tensoract::hardtanh(Tensor<float>(Shape{2}), 1.0, -1.0); }}},
        {"log-softmax-dim", {"log_softmax(Tensor<float>(Shape{2, 3}), -3)", [] { (void)tensoract::log_softmax(Tensor<float>(Shape{2, 3}), -3); }}},
        {"softmin-backward-shapes",
         {"softmin_backward(g of shape [2, 3], y of shape [3], 0)",
          [] { (void)tensoract::softmin_backward(Tensor<float>(Shape{2, 3}), Tensor<float>(Shape{3}), 0); }}},
        {"nn-softmax-dim", {"nn::Softmax(3)(Tensor<float>(Shape{2, 3}))", [] { (void)tensoract::nn::Softmax(3)(Tensor<float>(Shape{2, 3})); }}},
        {"nn-hardtanh-range", {"nn::Hardtanh(2.0, 1.0)", [] { (void)tensoract::nn::Hardtanh(2.0, 1.0); }}},
        {"celu-alpha", {"celu(x, 0.0)", [] { (void)tensoract::celu(Tensor<float>(Shape{2}), 0.0); }}},
        {"gelu-approximate", {"gelu(x, \"fast\")", [] { (void)tensoract::gelu(Tensor<float>(Shape{2}), "fast"); }}},
        {"nn-celu-alpha", {"nn::CELU(0.0)", [] { (void)tensoract::nn::CELU(0.0); }}},
        {"nn-gelu-approximate", {"nn::GELU(\"fast\")", [] { (void)tensoract::nn::GELU("fast"); }}},
        {"set-num-threads", {"set_num_threads(0)", [] { tensoract::set_num_threads(0); }}},
        {"set-parallel-for", {"set_parallel_for(f, nullptr, -1)", [] {
              tensoract::set_parallel_for([](std::int64_t, void (*)(void*, std::int64_t), void*, void*) {}, nullptr, -1);
          }}},
    };
    return all;
}

/// The exception's type and message, as the doc writes them.
std::pair<std::string, std::string> outcome(const Case& c) {
    try {
        c.run();
    } catch (const std::out_of_range& e) {
        return {"std::out_of_range", e.what()};
    } catch (const std::invalid_argument& e) {
        return {"std::invalid_argument", e.what()};
    } catch (const std::exception& e) {
        return {"other std::exception", e.what()};
    }
    return {"nothing thrown", ""};
}

std::string escape(const std::string& s) {
    std::string r;
    for (const char ch : s) {
        r += ch == '|' ? std::string("\\|") : std::string(1, ch);
    }
    return r;
}

std::string row(const std::string& id, const Case& c) {
    const auto [type, message] = outcome(c);
    return "| `" + id + "` | `" + escape(c.call) + "` | `" + type + "` | `" + escape(message) + "` |";
}

}  // namespace

TEST_CASE("docs/errors.md lists every error case with its exact message", "[errors]") {
    std::ifstream doc(TENSORACT_DOCS_DIR "/errors.md");
    REQUIRE(doc.good());
    std::map<std::string, std::string> rows;  // id -> the doc's row
    for (std::string line; std::getline(doc, line);) {
        if (line.rfind("| `", 0) == 0) {
            const auto end = line.find('`', 3);
            REQUIRE(end != std::string::npos);
            rows[line.substr(3, end - 3)] = line;
        }
    }
    for (const auto& [id, c] : cases()) {
        INFO("case " << id);
        REQUIRE(rows.count(id) == 1);
        CHECK(rows[id] == row(id, c));
        CHECK(outcome(c).first != "nothing thrown");
        rows.erase(id);
    }
    for (const auto& [id, text] : rows) {
        INFO("row without a case: " << text);
        CHECK(false);
    }
}

TEST_CASE("print the rows of docs/errors.md", "[.errors-doc]") {
    for (const auto& [id, c] : cases()) {
        std::cout << row(id, c) << '\n';
    }
}
