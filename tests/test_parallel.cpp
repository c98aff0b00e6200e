// Threads: every op gives the same bits with 1, 2, 3 threads and on a program's own
// parallel-for; calls inside a chunk run serially; bad settings throw.
#include <catch2/catch.hpp>

#include <atomic>
#include <cstdint>
#include <cstring>
#include <functional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <tensoract/parallel.hpp>
#include <tensoract/tensoract.hpp>

using tensoract::Tensor;

namespace {

template <class T>
bool same_bits(const Tensor<T>& a, const Tensor<T>& b) {
    return a.shape() == b.shape() && std::memcmp(a.data(), b.data(), static_cast<std::size_t>(a.numel()) * sizeof(T)) == 0;
}

/// Inputs spread over the interesting range (and past it), with a few specials.
template <class T>
Tensor<T> inputs(tensoract::Shape shape, std::uint64_t seed) {
    tensoract::Generator g(seed);
    Tensor<T> x = tensoract::rand<T>(shape, g);
    T* p = x.data();
    for (std::int64_t i = 0; i < x.numel(); ++i) {
        p[i] = (p[i] - T(0.5)) * T(60);
    }
    if (x.numel() > 3) {
        p[0] = std::numeric_limits<T>::quiet_NaN();
        p[1] = std::numeric_limits<T>::infinity();
        p[x.numel() - 1] = -std::numeric_limits<T>::infinity();
    }
    return x;
}

/// Every op's results, in a fixed order.
template <class T>
std::vector<Tensor<T>> every_op(const Tensor<T>& x, const Tensor<T>& g) {
    std::vector<Tensor<T>> r;
    const Tensor<T> y = tensoract::sigmoid(x);
    r.push_back(y);
    r.push_back(tensoract::tanh(x));
    r.push_back(tensoract::relu(x));
    r.push_back(tensoract::sigmoid_derivative(x));
    r.push_back(tensoract::tanh_derivative(x));
    r.push_back(tensoract::relu_derivative(x));
    r.push_back(tensoract::sigmoid_backward(g, y));
    r.push_back(tensoract::tanh_backward(g, y));
    r.push_back(tensoract::relu_backward(g, y));
    Tensor<T> z = x;
    tensoract::relu_(z);
    r.push_back(z);
    for (std::int64_t dim = 0; dim < static_cast<std::int64_t>(x.shape().size()); ++dim) {
        const Tensor<T> s = tensoract::softmax(x, dim);
        r.push_back(s);
        r.push_back(tensoract::softmax_backward(g, s, dim));
        r.push_back(tensoract::log_softmax(x, dim));
    }
    return r;
}

/// A program's own parallel-for: one std::thread per chunk, counting its calls.
std::atomic<int> executor_calls{0};
void thread_per_chunk(std::int64_t chunks, void (*body)(void*, std::int64_t), void* context, void* /*user*/) {
    ++executor_calls;
    std::vector<std::thread> threads;
    for (std::int64_t i = 0; i < chunks; ++i) {
        threads.emplace_back([=] { body(context, i); });
    }
    for (std::thread& t : threads) {
        t.join();
    }
}

/// Restores serial execution however a test ends.
struct SerialAfter {
    SerialAfter() = default;
    SerialAfter(const SerialAfter&) = delete;
    SerialAfter& operator=(const SerialAfter&) = delete;
    ~SerialAfter() {
        tensoract::set_parallel_for(nullptr);
        tensoract::set_num_threads(1);
    }
};

template <class T>
void check_thread_counts(tensoract::Shape shape) {
    const SerialAfter restore;
    const Tensor<T> x = inputs<T>(shape, 7);
    const Tensor<T> g = inputs<T>(shape, 8);
    tensoract::set_num_threads(1);
    const std::vector<Tensor<T>> serial = every_op(x, g);
    for (const int threads : {2, 3}) {
        tensoract::set_num_threads(threads);
        CHECK(tensoract::num_threads() == threads);
        const std::vector<Tensor<T>> parallel = every_op(x, g);
        REQUIRE(parallel.size() == serial.size());
        for (std::size_t i = 0; i < serial.size(); ++i) {
            INFO("threads " << threads << ", op #" << i);
            CHECK(same_bits(parallel[i], serial[i]));
        }
    }
    tensoract::set_num_threads(1);
    executor_calls = 0;
    tensoract::set_parallel_for(thread_per_chunk, nullptr, 4);
    CHECK(tensoract::num_threads() == 4);
    const std::vector<Tensor<T>> custom = every_op(x, g);
    CHECK(executor_calls > 0);
    for (std::size_t i = 0; i < serial.size(); ++i) {
        INFO("program's parallel-for, op #" << i);
        CHECK(same_bits(custom[i], serial[i]));
    }
}

}  // namespace

TEST_CASE("results are bit-identical for any thread count", "[parallel]") {
    check_thread_counts<float>({1 << 20});          // elementwise split, softmax over one long row
    check_thread_counts<float>({300, 1000});        // softmax by rows (dim 1) and by columns (dim 0)
    check_thread_counts<double>({3, 200, 333});     // dim 1: outer rows; odd extents
    check_thread_counts<float>({1, 40000, 17});     // dim 1 with outer 1: split by columns
    check_thread_counts<float>({300, 1024});        // dim 0, rows 4 KB apart: blocks of 8 vectors, split
}

TEST_CASE("small tensors run on the calling thread", "[parallel]") {
    const SerialAfter restore;
    executor_calls = 0;
    tensoract::set_parallel_for(thread_per_chunk, nullptr, 4);
    const Tensor<float> x = inputs<float>({1000}, 1);
    (void)tensoract::sigmoid(x);
    (void)tensoract::relu(x);
    (void)tensoract::softmax(x, 0);
    CHECK(executor_calls == 0);
    const Tensor<float> big = inputs<float>({1 << 18}, 2);
    (void)tensoract::sigmoid(big);
    CHECK(executor_calls == 1);
}

TEST_CASE("a call from inside a chunk runs serially", "[parallel]") {
    const SerialAfter restore;
    const Tensor<float> big = inputs<float>({1 << 18}, 3);
    // inside a chunk, tensoract's own pool is not used either
    tensoract::set_num_threads(2);
    std::atomic<bool> inner_serial{false};
    struct Ctx {
        const Tensor<float>* x;
        std::atomic<bool>* flag;
    } ctx{&big, &inner_serial};
    tensoract::set_parallel_for(
        [](std::int64_t chunks, void (*body)(void*, std::int64_t), void* context, void* user) {
            auto* c = static_cast<Ctx*>(user);
            for (std::int64_t i = 0; i < chunks; ++i) {
                body(context, i);
            }
            // a chunk's thread is marked while it runs one; here, after, it is not
            c->flag->store(!tensoract::detail::in_parallel_region);
        },
        &ctx, 2);
    (void)tensoract::sigmoid(big);
    CHECK(inner_serial.load());
    // while a chunk runs, a nested call sees the mark and does not split
    tensoract::detail::in_parallel_region = true;
    executor_calls = 0;
    tensoract::set_parallel_for(thread_per_chunk, nullptr, 4);
    const Tensor<float> y = tensoract::sigmoid(big);
    tensoract::detail::in_parallel_region = false;
    CHECK(executor_calls == 0);
    CHECK(same_bits(y, tensoract::sigmoid(big)));
    CHECK(executor_calls == 1);
}

TEST_CASE("threads from several callers at once", "[parallel]") {
    const SerialAfter restore;
    tensoract::set_num_threads(2);
    const Tensor<float> x = inputs<float>({1 << 18}, 4);
    const Tensor<float> expected = tensoract::tanh(x);
    std::vector<std::thread> callers;
    std::atomic<int> mismatches{0};
    for (int t = 0; t < 4; ++t) {
        callers.emplace_back([&] {
            for (int i = 0; i < 5; ++i) {
                if (!same_bits(tensoract::tanh(x), expected)) {
                    ++mismatches;
                }
            }
        });
    }
    for (std::thread& t : callers) {
        t.join();
    }
    CHECK(mismatches == 0);
}

// Workers that have not started running yet when the pool is resized again must still see
// the stop (a worker that read the pool's state only when it started waited forever here).
TEST_CASE("resizing the pool in quick succession", "[parallel]") {
    const SerialAfter restore;
    const Tensor<float> x = inputs<float>({1 << 16}, 6);
    const Tensor<float> expected = tensoract::sigmoid(x);
    int mismatches = 0;
    for (int i = 0; i < 300; ++i) {
        tensoract::set_num_threads(1 + i % 3);
        if (i % 10 == 0 && !same_bits(tensoract::sigmoid(x), expected)) {
            ++mismatches;
        }
    }
    CHECK(mismatches == 0);
}

TEST_CASE("bad thread settings throw, naming the call", "[parallel][errors]") {
    const SerialAfter restore;
    CHECK_THROWS_WITH(tensoract::set_num_threads(0),
                      "set_num_threads: expected at least 1 thread, got 0");
    CHECK_THROWS_AS(tensoract::set_num_threads(-3), std::invalid_argument);
    CHECK_THROWS_WITH(tensoract::set_parallel_for(thread_per_chunk, nullptr, -1),
                      "set_parallel_for: expected a concurrency of 0 (all cores) or more, got -1");
    tensoract::set_parallel_for(nullptr, nullptr, 0);  // back to tensoract's pool: fine
    CHECK(tensoract::num_threads() == 1);
}

// Run by ctest with TENSORACT_NUM_THREADS=3 in the environment (test "parallel.environment").
TEST_CASE("TENSORACT_NUM_THREADS sets the default", "[.environment]") {
    CHECK(tensoract::num_threads() == 3);
    const Tensor<float> x = inputs<float>({1 << 18}, 5);
    const Tensor<float> y = tensoract::sigmoid(x);
    tensoract::set_num_threads(1);
    CHECK(same_bits(y, tensoract::sigmoid(x)));
}
