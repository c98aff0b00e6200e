// tensoract's benchmarks against the peers a C++ engineer could pick instead, in one binary so
// every ratio comes from the same run. Names are op/implementation/size; bench/run.py turns
// the JSON output into docs/benchmarks.md.
//
// Peers, each built in when found: a std:: loop, Eigen 3.4, oneDNN, XNNPACK, SLEEF, and the
// memcpy / streaming-copy ceilings. PyTorch is timed by bench/torch_bench.py.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <new>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <tensoract/tensoract.hpp>

#if TENSORACT_BENCH_EIGEN
#include <Eigen/Core>
#endif
#if TENSORACT_BENCH_DNNL
#include <dnnl.hpp>
#endif
#if TENSORACT_BENCH_XNNPACK
#include <xnnpack.h>
#endif
#if TENSORACT_BENCH_SLEEF
#include <sleef.h>
#endif
#include <immintrin.h>

#ifndef TENSORACT_BENCH_OURS
#define TENSORACT_BENCH_OURS "tensoract"
#endif

namespace {

struct AlignedFree {
    void operator()(float* p) const noexcept { ::operator delete[](p, std::align_val_t{4096}); }
};
using Arena = std::unique_ptr<float[], AlignedFree>;

/// Inputs uniform in [-10, 10] (x), [0, 1] (y, as activations output), [-1, 1] (g), and the
/// output, in one arena. Each buffer starts 1 KiB further past a 4 KiB boundary than the
/// previous one: buffers at the same offset modulo 4 KiB make loads wait on unrelated stores
/// (4K aliasing) and would time the allocator's luck, not the kernels.
struct Data {
    std::int64_t n;
    Arena arena;
    float* x;
    float* y;
    float* g;
    float* out;
    explicit Data(std::int64_t size, int kind = 0) : n(size) {
        const std::int64_t stride = (size * 4 + 4095) / 4096 * 1024 + 256;  // floats
        arena = Arena(static_cast<float*>(::operator new[](static_cast<std::size_t>(4 * stride) * sizeof(float),
                                                            std::align_val_t{4096})));
        x = arena.get();
        y = x + stride;
        g = y + stride;
        out = g + stride;
        std::uint32_t s = 12345;
        for (std::int64_t i = 0; i < n; ++i) {
            s = s * 1664525U + 1013904223U;
            const float u = static_cast<float>(s >> 8) * 0x1p-24F;
            // kind 1: denormal inputs; kind 2: x in [-104, -87], where sigmoid underflows and
            // its derivative is denormal; kind 3: x in [-85, 85], the whole normal range; kind
            // 4: rows of 1024 under a causal mask (row r: -inf past column 4r, as attention's);
            // kind 5: x in [-20, -9], where gelu's tanh form is denormal or rounds to -0; kind
            // 6: y = e^(170 u - 170), as softmax's y of x in [-85, 85] (a tenth denormal, two
            // fifths 0)
            x[i] = kind == 1 ? (u - 0.5F) * 0x1p-127F
                   : kind == 2 ? -87.0F - 17.0F * u
                   : kind == 3 ? (u - 0.5F) * 170.0F
                   : kind == 5 ? -9.0F - 11.0F * u
                   : kind == 4 && i % 1024 > i / 1024 % 256 * 4 ? -std::numeric_limits<float>::infinity()
                               : u * 20.0F - 10.0F;
            y[i] = kind == 6 ? std::exp(170.0F * u - 170.0F) : u;
            g[i] = 1.0F - 2.0F * u * u;
            out[i] = 0;
        }
    }
};

Data& data(std::int64_t n, int kind = 0) {
    static std::map<std::pair<std::int64_t, int>, std::unique_ptr<Data>> cache;
    auto& d = cache[{n, kind}];
    if (!d) {
        d = std::make_unique<Data>(n, kind);
    }
    return *d;
}

/// The double rows' buffers: x as in Data, as doubles. The Data passed alongside is unused.
struct DoubleData {
    std::vector<double> x;
    mutable std::vector<double> out;
    explicit DoubleData(std::int64_t n) : x(static_cast<std::size_t>(n)), out(static_cast<std::size_t>(n) + 128) {
        const Data& f = data(n);
        std::copy(f.x, f.x + n, x.begin());
    }
};

const DoubleData& double_data(std::int64_t n) {
    static std::map<std::int64_t, std::unique_ptr<DoubleData>> cache;
    auto& d = cache[n];
    if (!d) {
        d = std::make_unique<DoubleData>(n);
    }
    return *d;
}

using Kernel = std::function<void(Data&)>;

void run(benchmark::State& state, const Kernel& kernel, std::int64_t n, int kind, int threads) {
    tensoract::set_num_threads(threads);  // every row sets it: rows run interleaved
    Data& d = data(n, kind);
    kernel(d);  // warm up, and first-touch the output
    for (auto _ : state) {
        kernel(d);
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(state.iterations() * n);
}

void add(const std::string& op, const std::string& impl, std::int64_t n, Kernel kernel,
         const std::string& label = "", int kind = 0, int threads = 1) {
    benchmark::RegisterBenchmark((op + "/" + impl + "/" + (label.empty() ? std::to_string(n) : label)).c_str(),
                                 [kernel, n, kind, threads](benchmark::State& s) { run(s, kernel, n, kind, threads); })
        ->MinTime(0.2)
        ->UseRealTime();
}

/// The softmax shapes of the targets: rows x cols, softmax along the last dim (and, for
/// "softmax_dim0", along dim 0).
struct Rows {
    std::int64_t rows, cols;
    [[nodiscard]] std::int64_t n() const { return rows * cols; }
    [[nodiscard]] std::string label() const { return std::to_string(rows) + "x" + std::to_string(cols); }
};
const Rows softmax_shapes[] = {{1, 10}, {4, 1024}, {256, 1024}, {16384, 1024}, {64, 50257}};
const Rows dim0_shape{1024, 1024};
const Rows log_softmax_shapes[] = {{4, 1024}, {256, 1024}, {16384, 1024}};

tensoract::TensorView<const float> in2(const float* p, const Rows& r) { return {p, {r.rows, r.cols}}; }
tensoract::TensorView<float> io2(float* p, const Rows& r) { return {p, {r.rows, r.cols}}; }

void register_softmax_tensoract() {
    for (const Rows& r : softmax_shapes) {
        add("softmax", TENSORACT_BENCH_OURS, r.n(), [r](Data& d) { tensoract::softmax(in2(d.x, r), io2(d.out, r), 1); }, r.label());
        add("softmax_backward", TENSORACT_BENCH_OURS, r.n(), [r](Data& d) {
            tensoract::softmax_backward(in2(d.g, r), in2(d.y, r), io2(d.out, r), 1);
        }, r.label());
    }
    // rows with entries above 64, where softmax subtracts the max (uniform [-10, 10] above
    // takes e^x directly)
    for (const Rows& r : {Rows{256, 1024}}) {
        add("softmax[x in -85..85]", TENSORACT_BENCH_OURS, r.n(), [r](Data& d) { tensoract::softmax(in2(d.x, r), io2(d.out, r), 1); },
            r.label(), 3);
        // y (g - d) with denormal y takes a microcode assist on Intel's cores unless formed in
        // double (kernels.inl, times_difference)
        add("softmax_backward[y of x in -85..85]", TENSORACT_BENCH_OURS, r.n(), [r](Data& d) {
            tensoract::softmax_backward(in2(d.g, r), in2(d.y, r), io2(d.out, r), 1);
        }, r.label(), 6);
        // e^-inf is 0, which vscalefps reaches through a microcode assist on Intel's cores
        add("softmax[causal mask]", TENSORACT_BENCH_OURS, r.n(), [r](Data& d) { tensoract::softmax(in2(d.x, r), io2(d.out, r), 1); },
            r.label(), 4);
    }
    // [1024, 1040] beside the target's [1024, 1024]: rows 4160 bytes apart instead of 4096
    // (4096 puts a column's rows in the same L1 sets: kernels.inl, softmax_strided)
    for (const Rows& r : {dim0_shape, Rows{1024, 1040}}) {
        // the same shape along the last dim: issue 3 states the dim-0 target against it
        add("softmax", TENSORACT_BENCH_OURS, r.n(), [r](Data& d) { tensoract::softmax(in2(d.x, r), io2(d.out, r), 1); }, r.label());
        add("softmax_backward", TENSORACT_BENCH_OURS, r.n(), [r](Data& d) {
            tensoract::softmax_backward(in2(d.g, r), in2(d.y, r), io2(d.out, r), 1);
        }, r.label());
        add("softmax_dim0", TENSORACT_BENCH_OURS, r.n(), [r](Data& d) { tensoract::softmax(in2(d.x, r), io2(d.out, r), 0); }, r.label());
        add("softmax_backward_dim0", TENSORACT_BENCH_OURS, r.n(), [r](Data& d) {
            tensoract::softmax_backward(in2(d.g, r), in2(d.y, r), io2(d.out, r), 0);
        }, r.label());
        add("log_softmax", TENSORACT_BENCH_OURS, r.n(), [r](Data& d) { tensoract::log_softmax(in2(d.x, r), io2(d.out, r), 1); }, r.label());
        add("log_softmax_dim0", TENSORACT_BENCH_OURS, r.n(), [r](Data& d) { tensoract::log_softmax(in2(d.x, r), io2(d.out, r), 0); },
            r.label());
    }
}

const std::int64_t sizes[] = {4096, 65536, std::int64_t{1} << 24};

tensoract::TensorView<const float> in(const float* p, std::int64_t n) { return {p, {n}}; }
tensoract::TensorView<float> io(float* p, std::int64_t n) { return {p, {n}}; }

void register_tensoract() {
    for (const std::int64_t n : sizes) {
        add("sigmoid", TENSORACT_BENCH_OURS, n, [](Data& d) { tensoract::sigmoid(in(d.x, d.n), io(d.out, d.n)); });
        add("tanh", TENSORACT_BENCH_OURS, n, [](Data& d) { tensoract::tanh(in(d.x, d.n), io(d.out, d.n)); });
        add("relu", TENSORACT_BENCH_OURS, n, [](Data& d) { tensoract::relu(in(d.x, d.n), io(d.out, d.n)); });
        add("relu_", TENSORACT_BENCH_OURS, n, [](Data& d) { tensoract::relu(in(d.out, d.n), io(d.out, d.n)); });
        add("sigmoid_backward", TENSORACT_BENCH_OURS, n, [](Data& d) {
            tensoract::sigmoid_backward(in(d.g, d.n), in(d.y, d.n), io(d.out, d.n));
        });
        add("tanh_backward", TENSORACT_BENCH_OURS, n, [](Data& d) {
            tensoract::tanh_backward(in(d.g, d.n), in(d.y, d.n), io(d.out, d.n));
        });
        add("relu_backward", TENSORACT_BENCH_OURS, n, [](Data& d) {
            tensoract::relu_backward(in(d.g, d.n), in(d.y, d.n), io(d.out, d.n));
        });
        add("sigmoid_derivative", TENSORACT_BENCH_OURS, n, [](Data& d) {
            tensoract::sigmoid_derivative(in(d.x, d.n), io(d.out, d.n));
        });
        add("tanh_derivative", TENSORACT_BENCH_OURS, n, [](Data& d) {
            tensoract::tanh_derivative(in(d.x, d.n), io(d.out, d.n));
        });
    }
    // the family (issue 5): forward from x, backward from (g, x)
    for (const std::int64_t n : sizes) {
        add("leaky_relu", TENSORACT_BENCH_OURS, n, [](Data& d) { tensoract::leaky_relu(in(d.x, d.n), io(d.out, d.n), 0.01); });
        add("hardtanh", TENSORACT_BENCH_OURS, n, [](Data& d) { tensoract::hardtanh(in(d.x, d.n), io(d.out, d.n)); });
        add("hardsigmoid", TENSORACT_BENCH_OURS, n, [](Data& d) { tensoract::hardsigmoid(in(d.x, d.n), io(d.out, d.n)); });
        add("hardswish", TENSORACT_BENCH_OURS, n, [](Data& d) { tensoract::hardswish(in(d.x, d.n), io(d.out, d.n)); });
        add("silu", TENSORACT_BENCH_OURS, n, [](Data& d) { tensoract::silu(in(d.x, d.n), io(d.out, d.n)); });
        add("softsign", TENSORACT_BENCH_OURS, n, [](Data& d) { tensoract::softsign(in(d.x, d.n), io(d.out, d.n)); });
        add("leaky_relu_backward", TENSORACT_BENCH_OURS, n, [](Data& d) {
            tensoract::leaky_relu_backward(in(d.g, d.n), in(d.x, d.n), io(d.out, d.n), 0.01);
        });
        add("hardswish_backward", TENSORACT_BENCH_OURS, n, [](Data& d) {
            tensoract::hardswish_backward(in(d.g, d.n), in(d.x, d.n), io(d.out, d.n));
        });
        add("silu_backward", TENSORACT_BENCH_OURS, n, [](Data& d) {
            tensoract::silu_backward(in(d.g, d.n), in(d.x, d.n), io(d.out, d.n));
        });
        add("elu", TENSORACT_BENCH_OURS, n, [](Data& d) { tensoract::elu(in(d.x, d.n), io(d.out, d.n)); });
        add("selu", TENSORACT_BENCH_OURS, n, [](Data& d) { tensoract::selu(in(d.x, d.n), io(d.out, d.n)); });
        add("softplus", TENSORACT_BENCH_OURS, n, [](Data& d) { tensoract::softplus(in(d.x, d.n), io(d.out, d.n)); });
        add("logsigmoid", TENSORACT_BENCH_OURS, n, [](Data& d) { tensoract::logsigmoid(in(d.x, d.n), io(d.out, d.n)); });
        add("tanhshrink", TENSORACT_BENCH_OURS, n, [](Data& d) { tensoract::tanhshrink(in(d.x, d.n), io(d.out, d.n)); });
        add("mish", TENSORACT_BENCH_OURS, n, [](Data& d) { tensoract::mish(in(d.x, d.n), io(d.out, d.n)); });
        add("gelu", TENSORACT_BENCH_OURS, n, [](Data& d) { tensoract::gelu(in(d.x, d.n), io(d.out, d.n)); });
        add("gelu_tanh", TENSORACT_BENCH_OURS, n, [](Data& d) { tensoract::gelu(in(d.x, d.n), io(d.out, d.n), "tanh"); });
        add("elu_backward", TENSORACT_BENCH_OURS, n, [](Data& d) {
            tensoract::elu_backward(in(d.g, d.n), in(d.x, d.n), io(d.out, d.n));
        });
        add("mish_backward", TENSORACT_BENCH_OURS, n, [](Data& d) {
            tensoract::mish_backward(in(d.g, d.n), in(d.x, d.n), io(d.out, d.n));
        });
        add("gelu_backward", TENSORACT_BENCH_OURS, n, [](Data& d) {
            tensoract::gelu_backward(in(d.g, d.n), in(d.x, d.n), io(d.out, d.n));
        });
    }
    for (const Rows& r : log_softmax_shapes) {
        add("log_softmax", TENSORACT_BENCH_OURS, r.n(), [r](Data& d) { tensoract::log_softmax(in2(d.x, r), io2(d.out, r), 1); }, r.label());
        add("log_softmax_backward", TENSORACT_BENCH_OURS, r.n(), [r](Data& d) {
            tensoract::log_softmax_backward(in2(d.g, r), in2(d.y, r), io2(d.out, r), 1);
        }, r.label());
    }
    // denormal inputs, and inputs whose results underflow: no slower than ordinary ones
    for (const int kind : {1, 2, 3}) {
        const std::string suffix = kind == 1 ? "[denormal x]" : (kind == 2 ? "[x in -104..-87]" : "[x in -85..85]");
        add("sigmoid" + suffix, TENSORACT_BENCH_OURS, 65536, [](Data& d) { tensoract::sigmoid(in(d.x, d.n), io(d.out, d.n)); }, "", kind);
        add("tanh" + suffix, TENSORACT_BENCH_OURS, 65536, [](Data& d) { tensoract::tanh(in(d.x, d.n), io(d.out, d.n)); }, "", kind);
        add("sigmoid_derivative" + suffix, TENSORACT_BENCH_OURS, 65536,
            [](Data& d) { tensoract::sigmoid_derivative(in(d.x, d.n), io(d.out, d.n)); }, "", kind);
    }
    // the family where its results are denormal or underflow (x86 microcode assists, unless
    // formed as integers), against the rows above on [-10, 10]
    add("silu[x in -104..-87]", TENSORACT_BENCH_OURS, 65536, [](Data& d) { tensoract::silu(in(d.x, d.n), io(d.out, d.n)); }, "", 2);
    add("softplus[x in -104..-87]", TENSORACT_BENCH_OURS, 65536, [](Data& d) { tensoract::softplus(in(d.x, d.n), io(d.out, d.n)); }, "", 2);
    add("elu[x in -104..-87]", TENSORACT_BENCH_OURS, 65536, [](Data& d) { tensoract::elu(in(d.x, d.n), io(d.out, d.n)); }, "", 2);
    add("gelu_tanh[x in -20..-9]", TENSORACT_BENCH_OURS, 65536,
        [](Data& d) { tensoract::gelu(in(d.x, d.n), io(d.out, d.n), "tanh"); }, "", 5);
    // the family on denormal x (float products of them take microcode assists on Intel's
    // cores, unless the op's short form for tiny x is taken), against the rows on [-10, 10]
    add("silu[denormal x]", TENSORACT_BENCH_OURS, 65536, [](Data& d) { tensoract::silu(in(d.x, d.n), io(d.out, d.n)); }, "", 1);
    add("hardswish[denormal x]", TENSORACT_BENCH_OURS, 65536, [](Data& d) { tensoract::hardswish(in(d.x, d.n), io(d.out, d.n)); }, "", 1);
    add("elu[denormal x]", TENSORACT_BENCH_OURS, 65536, [](Data& d) { tensoract::elu(in(d.x, d.n), io(d.out, d.n)); }, "", 1);
    add("selu[denormal x]", TENSORACT_BENCH_OURS, 65536, [](Data& d) { tensoract::selu(in(d.x, d.n), io(d.out, d.n)); }, "", 1);
    add("softplus[denormal x]", TENSORACT_BENCH_OURS, 65536, [](Data& d) { tensoract::softplus(in(d.x, d.n), io(d.out, d.n)); }, "", 1);
    add("gelu[denormal x]", TENSORACT_BENCH_OURS, 65536, [](Data& d) { tensoract::gelu(in(d.x, d.n), io(d.out, d.n)); }, "", 1);
    add("silu_backward[denormal x]", TENSORACT_BENCH_OURS, 65536,
        [](Data& d) { tensoract::silu_backward(in(d.g, d.n), in(d.x, d.n), io(d.out, d.n)); }, "", 1);
    // double, against float of the same size (the target: at least half of float's speed)
    for (const std::int64_t n : {std::int64_t{4096}, std::int64_t{65536}}) {
        add("sigmoid[double]", TENSORACT_BENCH_OURS, n, [](Data& d) {
            const DoubleData& dd = double_data(d.n);
            tensoract::sigmoid(tensoract::TensorView<const double>(dd.x.data(), {d.n}), tensoract::TensorView<double>(dd.out.data(), {d.n}));
        });
        add("tanh[double]", TENSORACT_BENCH_OURS, n, [](Data& d) {
            const DoubleData& dd = double_data(d.n);
            tensoract::tanh(tensoract::TensorView<const double>(dd.x.data(), {d.n}), tensoract::TensorView<double>(dd.out.data(), {d.n}));
        });
    }
    for (const Rows& r : {Rows{4, 1024}, Rows{256, 1024}}) {
        add("softmax[double]", TENSORACT_BENCH_OURS, r.n(), [r](Data& d) {
            const DoubleData& dd = double_data(d.n);
            tensoract::softmax(tensoract::TensorView<const double>(dd.x.data(), {r.rows, r.cols}),
                               tensoract::TensorView<double>(dd.out.data(), {r.rows, r.cols}), 1);
        }, r.label());
    }
    // two threads (tensoract::set_num_threads(2)) against one, at sizes around the crossover
    for (const std::int64_t n : {std::int64_t{4096}, std::int64_t{16384}, std::int64_t{65536}, std::int64_t{1} << 20,
                                 std::int64_t{1} << 24}) {
        add("sigmoid[threads=2]", TENSORACT_BENCH_OURS, n, [](Data& d) { tensoract::sigmoid(in(d.x, d.n), io(d.out, d.n)); },
            "", 0, 2);
        if (n == 16384 || n == (std::int64_t{1} << 20)) {  // the others are registered above
            add("sigmoid", TENSORACT_BENCH_OURS, n, [](Data& d) { tensoract::sigmoid(in(d.x, d.n), io(d.out, d.n)); });
        }
    }
    for (const std::int64_t n : {std::int64_t{65536}, std::int64_t{1} << 18, std::int64_t{1} << 20, std::int64_t{1} << 24}) {
        add("relu[threads=2]", TENSORACT_BENCH_OURS, n, [](Data& d) { tensoract::relu(in(d.x, d.n), io(d.out, d.n)); }, "", 0, 2);
        add("relu_backward[threads=2]", TENSORACT_BENCH_OURS, n, [](Data& d) {
            tensoract::relu_backward(in(d.g, d.n), in(d.y, d.n), io(d.out, d.n));
        }, "", 0, 2);
        if (n != 65536 && n != (std::int64_t{1} << 24)) {  // the others are registered above
            add("relu", TENSORACT_BENCH_OURS, n, [](Data& d) { tensoract::relu(in(d.x, d.n), io(d.out, d.n)); });
            add("relu_backward", TENSORACT_BENCH_OURS, n, [](Data& d) {
                tensoract::relu_backward(in(d.g, d.n), in(d.y, d.n), io(d.out, d.n));
            });
        }
#if !TENSORACT_BENCH_PORTABLE
        // the 2-core copy ceilings, split by the same pool
        add("relu[threads=2]", "memcpy", n, [](Data& d) {
            tensoract::detail::parallel_chunks(d.n, std::int64_t{1} << 15, 16, [&d](std::int64_t b, std::int64_t e) {
                std::memcpy(d.out + b, d.x + b, static_cast<std::size_t>(e - b) * 4);
            });
        }, "", 0, 2);
        add("relu_backward[threads=2]", "add-copy", n, [](Data& d) {
            tensoract::detail::parallel_chunks(d.n, std::int64_t{1} << 15, 16, [&d](std::int64_t b, std::int64_t e) {
                for (std::int64_t i = b; i + 16 <= e; i += 16) {
                    _mm512_storeu_ps(d.out + i, _mm512_add_ps(_mm512_loadu_ps(d.g + i), _mm512_loadu_ps(d.y + i)));
                }
            });
        }, "", 0, 2);
#endif
    }
    for (const Rows& r : {Rows{256, 1024}, Rows{16384, 1024}}) {
        add("softmax[threads=2]", TENSORACT_BENCH_OURS, r.n(), [r](Data& d) { tensoract::softmax(in2(d.x, r), io2(d.out, r), 1); },
            r.label(), 0, 2);
    }
    add("relu", TENSORACT_BENCH_OURS, 10, [](Data& d) { tensoract::relu(in(d.x, d.n), io(d.out, d.n)); });
    add("sigmoid", TENSORACT_BENCH_OURS, 10, [](Data& d) { tensoract::sigmoid(in(d.x, d.n), io(d.out, d.n)); });
}

#if !TENSORACT_BENCH_PORTABLE
// The copy ceilings: one stream in, one out (relu), two in one out (backward).
void register_ceilings() {
    for (const std::int64_t n : sizes) {
        add("relu", "memcpy", n, [](Data& d) { std::memcpy(d.out, d.x, static_cast<std::size_t>(d.n) * 4); });
        add("relu_", "inplace-copy", n, [](Data& d) {  // read and write back the same buffer
            for (std::int64_t i = 0; i + 16 <= d.n; i += 16) {
                __m512 v = _mm512_load_ps(d.out + i);
                asm volatile("" : "+v"(v));  // keep the store: it is the point
                _mm512_store_ps(d.out + i, v);
            }
        });
        add("relu", "stream-copy", n, [](Data& d) {  // memcpy without the read-for-ownership
            for (std::int64_t i = 0; i + 16 <= d.n; i += 16) {
                _mm512_stream_ps(d.out + i, _mm512_load_ps(d.x + i));
            }
            _mm_sfence();
        });
        for (const char* op : {"leaky_relu", "hardtanh", "hardsigmoid", "hardswish"}) {
            add(op, "memcpy", n, [](Data& d) { std::memcpy(d.out, d.x, static_cast<std::size_t>(d.n) * 4); });
        }
        for (const char* op : {"sigmoid_backward", "tanh_backward", "relu_backward", "leaky_relu_backward", "hardswish_backward"}) {
            add(op, "add-copy", n, [](Data& d) {  // 2 in, 1 out at full vector speed
                for (std::int64_t i = 0; i + 16 <= d.n; i += 16) {
                    _mm512_store_ps(d.out + i, _mm512_add_ps(_mm512_load_ps(d.g + i), _mm512_load_ps(d.y + i)));
                }
            });
            add(op, "add-stream", n, [](Data& d) {
                for (std::int64_t i = 0; i + 16 <= d.n; i += 16) {
                    _mm512_stream_ps(d.out + i, _mm512_add_ps(_mm512_load_ps(d.g + i), _mm512_load_ps(d.y + i)));
                }
                _mm_sfence();
            });
        }
    }
}

#endif

void register_std() {
    for (const std::int64_t n : sizes) {
        add("sigmoid", "std-loop", n, [](Data& d) {
            for (std::int64_t i = 0; i < d.n; ++i) d.out[i] = 1.0F / (1.0F + std::exp(-d.x[i]));
        });
        add("tanh", "std-loop", n, [](Data& d) {
            for (std::int64_t i = 0; i < d.n; ++i) d.out[i] = std::tanh(d.x[i]);
        });
        add("relu", "std-loop", n, [](Data& d) {
            for (std::int64_t i = 0; i < d.n; ++i) d.out[i] = std::max(d.x[i], 0.0F);
        });
    }
}

#if TENSORACT_BENCH_EIGEN
using EMatrix = Eigen::Map<Eigen::Array<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>, Eigen::Aligned64>;
using ECMatrix = Eigen::Map<const Eigen::Array<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>, Eigen::Aligned64>;
void register_softmax_eigen() {
    // softmax as an Eigen user writes it: per row, max, exp(x - max), divide by the sum
    for (const Rows& r : softmax_shapes) {
        add("softmax", "eigen", r.n(), [r](Data& d) {
            for (std::int64_t i = 0; i < r.rows; ++i) {
                Eigen::Map<const Eigen::ArrayXf> x(d.x + i * r.cols, r.cols);
                Eigen::Map<Eigen::ArrayXf> y(d.out + i * r.cols, r.cols);
                y = (x - x.maxCoeff()).exp();
                y *= 1.0F / y.sum();
            }
        }, r.label());
        add("softmax_backward", "eigen", r.n(), [r](Data& d) {
            for (std::int64_t i = 0; i < r.rows; ++i) {
                Eigen::Map<const Eigen::ArrayXf> g(d.g + i * r.cols, r.cols);
                Eigen::Map<const Eigen::ArrayXf> y(d.y + i * r.cols, r.cols);
                Eigen::Map<Eigen::ArrayXf>(d.out + i * r.cols, r.cols) = y * (g - (g * y).sum());
            }
        }, r.label());
    }
    const Rows r = dim0_shape;
    add("softmax_dim0", "eigen", r.n(), [r](Data& d) {
        const ECMatrix x(d.x, r.rows, r.cols);
        EMatrix y(d.out, r.rows, r.cols);
        const Eigen::Array<float, 1, Eigen::Dynamic> m = x.colwise().maxCoeff();
        y = (x.rowwise() - m).exp();
        const Eigen::Array<float, 1, Eigen::Dynamic> inv = 1.0F / y.colwise().sum();
        y.rowwise() *= inv;
    }, r.label());
}

using EMap = Eigen::Map<Eigen::ArrayXf, Eigen::Aligned64>;
using ECMap = Eigen::Map<const Eigen::ArrayXf, Eigen::Aligned64>;
void register_eigen() {
    for (const std::int64_t n : sizes) {
        add("sigmoid", "eigen", n, [](Data& d) { EMap(d.out, d.n) = ECMap(d.x, d.n).logistic(); });
        add("tanh", "eigen", n, [](Data& d) { EMap(d.out, d.n) = ECMap(d.x, d.n).tanh(); });
        add("relu", "eigen", n, [](Data& d) { EMap(d.out, d.n) = ECMap(d.x, d.n).max(0.0F); });
        add("sigmoid_backward", "eigen", n, [](Data& d) {
            const ECMap y(d.y, d.n);
            EMap(d.out, d.n) = ECMap(d.g, d.n) * (1.0F - y) * y;
        });
        add("tanh_backward", "eigen", n, [](Data& d) {
            const ECMap y(d.y, d.n);
            EMap(d.out, d.n) = ECMap(d.g, d.n) * (1.0F - y * y);
        });
    }
}
#endif

#if TENSORACT_BENCH_SLEEF
void register_sleef() {
    for (const std::int64_t n : sizes) {
        add("sigmoid", "sleef", n, [](Data& d) {
            const __m512 one = _mm512_set1_ps(1.0F);
            for (std::int64_t i = 0; i + 16 <= d.n; i += 16) {
                const __m512 e = Sleef_expf16_u10(_mm512_sub_ps(_mm512_setzero_ps(), _mm512_load_ps(d.x + i)));
                _mm512_store_ps(d.out + i, _mm512_div_ps(one, _mm512_add_ps(one, e)));
            }
        });
        add("tanh", "sleef", n, [](Data& d) {
            for (std::int64_t i = 0; i + 16 <= d.n; i += 16) {
                _mm512_store_ps(d.out + i, Sleef_tanhf16_u10(_mm512_load_ps(d.x + i)));
            }
        });
    }
}
#endif

#if TENSORACT_BENCH_DNNL
struct Dnnl {
    dnnl::engine engine{dnnl::engine::kind::cpu, 0};
    dnnl::stream stream{engine};
};
Dnnl& dnnl_env() {
    static Dnnl env;
    return env;
}

// oneDNN 2.6's speed depends on the stack alignment its JIT code starts from: each variant
// runs its primitive below a different stack offset; run.py keeps the best.
__attribute__((noinline)) void dnnl_execute(dnnl::primitive& p, std::unordered_map<int, dnnl::memory>& args) {
    p.execute(dnnl_env().stream, args);
}
template <int offset>
__attribute__((noinline)) void dnnl_at_offset(dnnl::primitive& p, std::unordered_map<int, dnnl::memory>& args) {
    volatile char pad[offset + 1];
    pad[0] = 0;
    dnnl_execute(p, args);
    pad[offset] = pad[0];
}

template <int offset>
void register_dnnl_at() {
    const std::string impl = "onednn@" + std::to_string(offset);
    for (const std::int64_t n : sizes) {
        struct Op {
            const char* name;
            dnnl::algorithm alg;
            bool backward;
            float alpha = 0.0F;
            float beta = 0.0F;
            bool from_src = false;  // a backward from the input x (the family's), not from y
        };
        using A = dnnl::algorithm;
        for (const Op op : {Op{"sigmoid", A::eltwise_logistic, false}, Op{"tanh", A::eltwise_tanh, false},
                            Op{"relu", A::eltwise_relu, false},
                            Op{"sigmoid_backward", A::eltwise_logistic_use_dst_for_bwd, true},
                            Op{"tanh_backward", A::eltwise_tanh_use_dst_for_bwd, true},
                            Op{"relu_backward", A::eltwise_relu_use_dst_for_bwd, true},
                            Op{"leaky_relu", A::eltwise_relu, false, 0.01F}, Op{"hardtanh", A::eltwise_clip_v2, false, -1.0F, 1.0F},
                            Op{"hardswish", A::eltwise_hardswish, false}, Op{"silu", A::eltwise_swish, false, 1.0F},
                            Op{"leaky_relu_backward", A::eltwise_relu, true, 0.01F, 0.0F, true},
                            Op{"hardswish_backward", A::eltwise_hardswish, true, 0.0F, 0.0F, true},
                            Op{"silu_backward", A::eltwise_swish, true, 1.0F, 0.0F, true},
                            Op{"elu", A::eltwise_elu, false, 1.0F}, Op{"softplus", A::eltwise_soft_relu, false},
                            Op{"logsigmoid", A::eltwise_logsigmoid, false}, Op{"mish", A::eltwise_mish, false},
                            Op{"gelu", A::eltwise_gelu_erf, false}, Op{"gelu_tanh", A::eltwise_gelu_tanh, false},
                            Op{"elu_backward", A::eltwise_elu, true, 1.0F, 0.0F, true},
                            Op{"mish_backward", A::eltwise_mish, true, 0.0F, 0.0F, true},
                            Op{"gelu_backward", A::eltwise_gelu_erf, true, 0.0F, 0.0F, true}}) {
            auto& env = dnnl_env();
            const dnnl::memory::desc md({n}, dnnl::memory::data_type::f32, dnnl::memory::format_tag::a);
            std::shared_ptr<dnnl::primitive> prim;
            try {
                const auto fwd_desc = dnnl::eltwise_forward::desc(dnnl::prop_kind::forward_training, op.alg, md, op.alpha, op.beta);
                const auto fwd_pd = dnnl::eltwise_forward::primitive_desc(fwd_desc, env.engine);
                if (op.backward) {
                    const auto bwd_desc = dnnl::eltwise_backward::desc(op.alg, md, md, op.alpha, op.beta);
                    prim = std::make_shared<dnnl::eltwise_backward>(dnnl::eltwise_backward::primitive_desc(bwd_desc, env.engine, fwd_pd));
                } else {
                    prim = std::make_shared<dnnl::eltwise_forward>(fwd_pd);
                }
            } catch (const dnnl::error&) {
                continue;  // not in this oneDNN
            }
            add(op.name, impl, n, [prim, md, op](Data& d) {
                auto& e = dnnl_env();
                std::unordered_map<int, dnnl::memory> args;
                if (op.backward) {
                    args = {{op.from_src ? DNNL_ARG_SRC : DNNL_ARG_DST, dnnl::memory(md, e.engine, op.from_src ? d.x : d.y)},
                            {DNNL_ARG_DIFF_DST, dnnl::memory(md, e.engine, d.g)},
                            {DNNL_ARG_DIFF_SRC, dnnl::memory(md, e.engine, d.out)}};
                } else {
                    args = {{DNNL_ARG_SRC, dnnl::memory(md, e.engine, d.x)},
                            {DNNL_ARG_DST, dnnl::memory(md, e.engine, d.out)}};
                }
                dnnl_at_offset<offset>(*prim, args);
            });
        }
    }
}
template <int offset>
void register_dnnl_softmax_at() {
    const std::string impl = "onednn@" + std::to_string(offset);
    auto& env = dnnl_env();
    std::vector<std::pair<Rows, int>> cases;
    for (const Rows& r : softmax_shapes) {
        cases.emplace_back(r, 1);
    }
    cases.emplace_back(dim0_shape, 0);
    for (const auto& [r, axis] : cases) {
        const dnnl::memory::desc md({r.rows, r.cols}, dnnl::memory::data_type::f32, dnnl::memory::format_tag::ab);
        const auto fwd_pd = dnnl::softmax_forward::primitive_desc(
            dnnl::softmax_forward::desc(dnnl::prop_kind::forward_training, md, axis), env.engine);
        auto fwd = std::make_shared<dnnl::softmax_forward>(fwd_pd);
        auto bwd = std::make_shared<dnnl::softmax_backward>(dnnl::softmax_backward::primitive_desc(
            dnnl::softmax_backward::desc(md, md, axis), env.engine, fwd_pd));
        const std::string op = axis == 0 ? "softmax_dim0" : "softmax";
        add(op, impl, r.n(), [fwd, md](Data& d) {
            auto& e = dnnl_env();
            std::unordered_map<int, dnnl::memory> args = {{DNNL_ARG_SRC, dnnl::memory(md, e.engine, d.x)},
                                                          {DNNL_ARG_DST, dnnl::memory(md, e.engine, d.out)}};
            dnnl_at_offset<offset>(*fwd, args);
        }, r.label());
        add(axis == 0 ? "softmax_backward_dim0" : "softmax_backward", impl, r.n(), [bwd, md](Data& d) {
            auto& e = dnnl_env();
            std::unordered_map<int, dnnl::memory> args = {{DNNL_ARG_DST, dnnl::memory(md, e.engine, d.y)},
                                                          {DNNL_ARG_DIFF_DST, dnnl::memory(md, e.engine, d.g)},
                                                          {DNNL_ARG_DIFF_SRC, dnnl::memory(md, e.engine, d.out)}};
            dnnl_at_offset<offset>(*bwd, args);
        }, r.label());
    }
}

template <int offset>
void register_dnnl_logsoftmax_at() {
    const std::string impl = "onednn@" + std::to_string(offset);
    auto& env = dnnl_env();
    for (const Rows& r : log_softmax_shapes) {
        const dnnl::memory::desc md({r.rows, r.cols}, dnnl::memory::data_type::f32, dnnl::memory::format_tag::ab);
        const auto fwd_pd = dnnl::logsoftmax_forward::primitive_desc(
            dnnl::logsoftmax_forward::desc(dnnl::prop_kind::forward_training, md, 1), env.engine);
        auto fwd = std::make_shared<dnnl::logsoftmax_forward>(fwd_pd);
        auto bwd = std::make_shared<dnnl::logsoftmax_backward>(dnnl::logsoftmax_backward::primitive_desc(
            dnnl::logsoftmax_backward::desc(md, md, 1), env.engine, fwd_pd));
        add("log_softmax", impl, r.n(), [fwd, md](Data& d) {
            auto& e = dnnl_env();
            std::unordered_map<int, dnnl::memory> args = {{DNNL_ARG_SRC, dnnl::memory(md, e.engine, d.x)},
                                                          {DNNL_ARG_DST, dnnl::memory(md, e.engine, d.out)}};
            dnnl_at_offset<offset>(*fwd, args);
        }, r.label());
        add("log_softmax_backward", impl, r.n(), [bwd, md](Data& d) {
            auto& e = dnnl_env();
            std::unordered_map<int, dnnl::memory> args = {{DNNL_ARG_DST, dnnl::memory(md, e.engine, d.y)},
                                                          {DNNL_ARG_DIFF_DST, dnnl::memory(md, e.engine, d.g)},
                                                          {DNNL_ARG_DIFF_SRC, dnnl::memory(md, e.engine, d.out)}};
            dnnl_at_offset<offset>(*bwd, args);
        }, r.label());
    }
}

void register_dnnl() {
    register_dnnl_logsoftmax_at<0>();
    register_dnnl_logsoftmax_at<16>();
    register_dnnl_logsoftmax_at<32>();
    register_dnnl_logsoftmax_at<48>();
    register_dnnl_softmax_at<0>();
    register_dnnl_softmax_at<16>();
    register_dnnl_softmax_at<32>();
    register_dnnl_softmax_at<48>();
    register_dnnl_at<0>();
    register_dnnl_at<16>();
    register_dnnl_at<32>();
    register_dnnl_at<48>();
}
#endif

#if TENSORACT_BENCH_XNNPACK
void register_xnnpack() {
    if (xnn_initialize(nullptr) != xnn_status_success) {
        return;
    }
    for (const std::int64_t n : sizes) {
        xnn_operator_t sigmoid_op = nullptr;
        xnn_create_sigmoid_nc_f32(1, 1, 1, 0, &sigmoid_op);
        add("sigmoid", "xnnpack", n, [sigmoid_op](Data& d) {
            xnn_setup_sigmoid_nc_f32(sigmoid_op, static_cast<std::size_t>(d.n), d.x, d.out, nullptr);
            xnn_run_operator(sigmoid_op, nullptr);
        });
        xnn_operator_t leaky_op = nullptr;
        xnn_create_leaky_relu_nc_f32(1, 1, 1, 0.01F, 0, &leaky_op);
        add("leaky_relu", "xnnpack", n, [leaky_op](Data& d) {
            xnn_setup_leaky_relu_nc_f32(leaky_op, static_cast<std::size_t>(d.n), d.x, d.out, nullptr);
            xnn_run_operator(leaky_op, nullptr);
        });
        xnn_operator_t hardswish_op = nullptr;
        xnn_create_hardswish_nc_f32(1, 1, 1, 0, &hardswish_op);
        add("hardswish", "xnnpack", n, [hardswish_op](Data& d) {
            xnn_setup_hardswish_nc_f32(hardswish_op, static_cast<std::size_t>(d.n), d.x, d.out, nullptr);
            xnn_run_operator(hardswish_op, nullptr);
        });
        xnn_operator_t elu_op = nullptr;
        xnn_create_elu_nc_f32(1, 1, 1, 1.0F, 0, &elu_op);
        add("elu", "xnnpack", n, [elu_op](Data& d) {
            xnn_setup_elu_nc_f32(elu_op, static_cast<std::size_t>(d.n), d.x, d.out, nullptr);
            xnn_run_operator(elu_op, nullptr);
        });
        xnn_operator_t hardtanh_op = nullptr;
        xnn_create_clamp_nc_f32(1, 1, 1, -1.0F, 1.0F, 0, &hardtanh_op);
        add("hardtanh", "xnnpack", n, [hardtanh_op](Data& d) {
            xnn_setup_clamp_nc_f32(hardtanh_op, static_cast<std::size_t>(d.n), d.x, d.out, nullptr);
            xnn_run_operator(hardtanh_op, nullptr);
        });
        xnn_operator_t clamp_op = nullptr;
        xnn_create_clamp_nc_f32(1, 1, 1, 0.0F, INFINITY, 0, &clamp_op);
        add("relu", "xnnpack", n, [clamp_op](Data& d) {
            xnn_setup_clamp_nc_f32(clamp_op, static_cast<std::size_t>(d.n), d.x, d.out, nullptr);
            xnn_run_operator(clamp_op, nullptr);
        });
    }
    for (const Rows& r : softmax_shapes) {
        xnn_operator_t softmax_op = nullptr;
        xnn_create_softmax_nc_f32(static_cast<std::size_t>(r.cols), static_cast<std::size_t>(r.cols),
                                  static_cast<std::size_t>(r.cols), 0, &softmax_op);
        add("softmax", "xnnpack", r.n(), [softmax_op, r](Data& d) {
            xnn_setup_softmax_nc_f32(softmax_op, static_cast<std::size_t>(r.rows), d.x, d.out, nullptr);
            xnn_run_operator(softmax_op, nullptr);
        }, r.label());
    }
    xnn_operator_t small = nullptr;
    xnn_create_clamp_nc_f32(1, 1, 1, 0.0F, INFINITY, 0, &small);
    add("relu", "xnnpack", 10, [small](Data& d) {
        xnn_setup_clamp_nc_f32(small, static_cast<std::size_t>(d.n), d.x, d.out, nullptr);
        xnn_run_operator(small, nullptr);
    });
}
#endif

}  // namespace

int main(int argc, char** argv) {
    register_tensoract();
    register_softmax_tensoract();
#if !TENSORACT_BENCH_PORTABLE
    register_ceilings();
    register_std();
#endif
#if TENSORACT_BENCH_EIGEN
    register_eigen();
    register_softmax_eigen();
#endif
#if TENSORACT_BENCH_SLEEF
    register_sleef();
#endif
#if TENSORACT_BENCH_DNNL
    register_dnnl();
#endif
#if TENSORACT_BENCH_XNNPACK
    register_xnnpack();
#endif
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
}
