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
#include <map>
#include <memory>
#include <new>
#include <string>
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

namespace {

struct AlignedFree {
    void operator()(float* p) const noexcept { ::operator delete[](p, std::align_val_t{64}); }
};
using Buffer = std::unique_ptr<float[], AlignedFree>;

Buffer make_buffer(std::int64_t n) {
    return Buffer(static_cast<float*>(::operator new[](static_cast<std::size_t>(n) * sizeof(float), std::align_val_t{64})));
}

/// Inputs uniform in [-10, 10] (x), [0, 1] (y, as activations output), [-1, 1] (g).
struct Data {
    std::int64_t n;
    Buffer x, y, g, out;
    explicit Data(std::int64_t size) : n(size), x(make_buffer(size)), y(make_buffer(size)), g(make_buffer(size)), out(make_buffer(size)) {
        std::uint32_t s = 12345;
        for (std::int64_t i = 0; i < n; ++i) {
            s = s * 1664525U + 1013904223U;
            const float u = static_cast<float>(s >> 8) * 0x1p-24F;
            x[i] = u * 20.0F - 10.0F;
            y[i] = u;
            g[i] = 1.0F - 2.0F * u * u;
            out[i] = 0;
        }
    }
};

Data& data(std::int64_t n) {
    static std::map<std::int64_t, std::unique_ptr<Data>> cache;
    auto& d = cache[n];
    if (!d) {
        d = std::make_unique<Data>(n);
    }
    return *d;
}

using Kernel = std::function<void(Data&)>;

void run(benchmark::State& state, const Kernel& kernel, std::int64_t n) {
    Data& d = data(n);
    kernel(d);  // warm up, and first-touch the output
    for (auto _ : state) {
        kernel(d);
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(state.iterations() * n);
}

void add(const std::string& op, const std::string& impl, std::int64_t n, Kernel kernel) {
    benchmark::RegisterBenchmark((op + "/" + impl + "/" + std::to_string(n)).c_str(),
                                 [kernel, n](benchmark::State& s) { run(s, kernel, n); })
        ->MinTime(0.2)
        ->UseRealTime();
}

const std::int64_t sizes[] = {4096, 65536, std::int64_t{1} << 24};

tensoract::TensorView<const float> in(const float* p, std::int64_t n) { return {p, {n}}; }
tensoract::TensorView<float> io(float* p, std::int64_t n) { return {p, {n}}; }

void register_tensoract() {
    for (const std::int64_t n : sizes) {
        add("sigmoid", "tensoract", n, [](Data& d) { tensoract::sigmoid(in(d.x.get(), d.n), io(d.out.get(), d.n)); });
        add("tanh", "tensoract", n, [](Data& d) { tensoract::tanh(in(d.x.get(), d.n), io(d.out.get(), d.n)); });
        add("relu", "tensoract", n, [](Data& d) { tensoract::relu(in(d.x.get(), d.n), io(d.out.get(), d.n)); });
        add("relu_", "tensoract", n, [](Data& d) { tensoract::relu(in(d.out.get(), d.n), io(d.out.get(), d.n)); });
        add("sigmoid_backward", "tensoract", n, [](Data& d) {
            tensoract::sigmoid_backward(in(d.g.get(), d.n), in(d.y.get(), d.n), io(d.out.get(), d.n));
        });
        add("tanh_backward", "tensoract", n, [](Data& d) {
            tensoract::tanh_backward(in(d.g.get(), d.n), in(d.y.get(), d.n), io(d.out.get(), d.n));
        });
        add("relu_backward", "tensoract", n, [](Data& d) {
            tensoract::relu_backward(in(d.g.get(), d.n), in(d.y.get(), d.n), io(d.out.get(), d.n));
        });
        add("sigmoid_derivative", "tensoract", n, [](Data& d) {
            tensoract::sigmoid_derivative(in(d.x.get(), d.n), io(d.out.get(), d.n));
        });
        add("tanh_derivative", "tensoract", n, [](Data& d) {
            tensoract::tanh_derivative(in(d.x.get(), d.n), io(d.out.get(), d.n));
        });
    }
    add("relu", "tensoract", 10, [](Data& d) { tensoract::relu(in(d.x.get(), d.n), io(d.out.get(), d.n)); });
    add("sigmoid", "tensoract", 10, [](Data& d) { tensoract::sigmoid(in(d.x.get(), d.n), io(d.out.get(), d.n)); });
}

// The copy ceilings: one stream in, one out (relu), two in one out (backward).
void register_ceilings() {
    for (const std::int64_t n : sizes) {
        add("relu", "memcpy", n, [](Data& d) { std::memcpy(d.out.get(), d.x.get(), static_cast<std::size_t>(d.n) * 4); });
        add("relu_", "inplace-copy", n, [](Data& d) {  // read and write back the same buffer
            for (std::int64_t i = 0; i + 16 <= d.n; i += 16) {
                __m512 v = _mm512_load_ps(d.out.get() + i);
                asm volatile("" : "+v"(v));  // keep the store: it is the point
                _mm512_store_ps(d.out.get() + i, v);
            }
        });
        add("relu", "stream-copy", n, [](Data& d) {  // memcpy without the read-for-ownership
            for (std::int64_t i = 0; i + 16 <= d.n; i += 16) {
                _mm512_stream_ps(d.out.get() + i, _mm512_load_ps(d.x.get() + i));
            }
            _mm_sfence();
        });
        for (const char* op : {"sigmoid_backward", "tanh_backward", "relu_backward"}) {
            add(op, "add-copy", n, [](Data& d) {  // 2 in, 1 out at full vector speed
                for (std::int64_t i = 0; i + 16 <= d.n; i += 16) {
                    _mm512_store_ps(d.out.get() + i, _mm512_add_ps(_mm512_load_ps(d.g.get() + i), _mm512_load_ps(d.y.get() + i)));
                }
            });
            add(op, "add-stream", n, [](Data& d) {
                for (std::int64_t i = 0; i + 16 <= d.n; i += 16) {
                    _mm512_stream_ps(d.out.get() + i, _mm512_add_ps(_mm512_load_ps(d.g.get() + i), _mm512_load_ps(d.y.get() + i)));
                }
                _mm_sfence();
            });
        }
    }
}

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
using EMap = Eigen::Map<Eigen::ArrayXf, Eigen::Aligned64>;
using ECMap = Eigen::Map<const Eigen::ArrayXf, Eigen::Aligned64>;
void register_eigen() {
    for (const std::int64_t n : sizes) {
        add("sigmoid", "eigen", n, [](Data& d) { EMap(d.out.get(), d.n) = ECMap(d.x.get(), d.n).logistic(); });
        add("tanh", "eigen", n, [](Data& d) { EMap(d.out.get(), d.n) = ECMap(d.x.get(), d.n).tanh(); });
        add("relu", "eigen", n, [](Data& d) { EMap(d.out.get(), d.n) = ECMap(d.x.get(), d.n).max(0.0F); });
        add("sigmoid_backward", "eigen", n, [](Data& d) {
            const ECMap y(d.y.get(), d.n);
            EMap(d.out.get(), d.n) = ECMap(d.g.get(), d.n) * (1.0F - y) * y;
        });
        add("tanh_backward", "eigen", n, [](Data& d) {
            const ECMap y(d.y.get(), d.n);
            EMap(d.out.get(), d.n) = ECMap(d.g.get(), d.n) * (1.0F - y * y);
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
                const __m512 e = Sleef_expf16_u10(_mm512_sub_ps(_mm512_setzero_ps(), _mm512_load_ps(d.x.get() + i)));
                _mm512_store_ps(d.out.get() + i, _mm512_div_ps(one, _mm512_add_ps(one, e)));
            }
        });
        add("tanh", "sleef", n, [](Data& d) {
            for (std::int64_t i = 0; i + 16 <= d.n; i += 16) {
                _mm512_store_ps(d.out.get() + i, Sleef_tanhf16_u10(_mm512_load_ps(d.x.get() + i)));
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
        };
        for (const Op op : {Op{"sigmoid", dnnl::algorithm::eltwise_logistic, false},
                            Op{"tanh", dnnl::algorithm::eltwise_tanh, false},
                            Op{"relu", dnnl::algorithm::eltwise_relu, false},
                            Op{"sigmoid_backward", dnnl::algorithm::eltwise_logistic_use_dst_for_bwd, true},
                            Op{"tanh_backward", dnnl::algorithm::eltwise_tanh_use_dst_for_bwd, true},
                            Op{"relu_backward", dnnl::algorithm::eltwise_relu_use_dst_for_bwd, true}}) {
            auto& env = dnnl_env();
            const dnnl::memory::desc md({n}, dnnl::memory::data_type::f32, dnnl::memory::format_tag::a);
            const auto fwd_desc = dnnl::eltwise_forward::desc(dnnl::prop_kind::forward_training, op.alg, md, 0.0F, 0.0F);
            const auto fwd_pd = dnnl::eltwise_forward::primitive_desc(fwd_desc, env.engine);
            std::shared_ptr<dnnl::primitive> prim;
            if (op.backward) {
                const auto bwd_desc = dnnl::eltwise_backward::desc(op.alg, md, md, 0.0F, 0.0F);
                prim = std::make_shared<dnnl::eltwise_backward>(dnnl::eltwise_backward::primitive_desc(bwd_desc, env.engine, fwd_pd));
            } else {
                prim = std::make_shared<dnnl::eltwise_forward>(fwd_pd);
            }
            add(op.name, impl, n, [prim, md, op](Data& d) {
                auto& e = dnnl_env();
                std::unordered_map<int, dnnl::memory> args;
                if (op.backward) {
                    args = {{DNNL_ARG_DST, dnnl::memory(md, e.engine, d.y.get())},
                            {DNNL_ARG_DIFF_DST, dnnl::memory(md, e.engine, d.g.get())},
                            {DNNL_ARG_DIFF_SRC, dnnl::memory(md, e.engine, d.out.get())}};
                } else {
                    args = {{DNNL_ARG_SRC, dnnl::memory(md, e.engine, d.x.get())},
                            {DNNL_ARG_DST, dnnl::memory(md, e.engine, d.out.get())}};
                }
                dnnl_at_offset<offset>(*prim, args);
            });
        }
    }
}
void register_dnnl() {
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
            xnn_setup_sigmoid_nc_f32(sigmoid_op, static_cast<std::size_t>(d.n), d.x.get(), d.out.get(), nullptr);
            xnn_run_operator(sigmoid_op, nullptr);
        });
        xnn_operator_t clamp_op = nullptr;
        xnn_create_clamp_nc_f32(1, 1, 1, 0.0F, INFINITY, 0, &clamp_op);
        add("relu", "xnnpack", n, [clamp_op](Data& d) {
            xnn_setup_clamp_nc_f32(clamp_op, static_cast<std::size_t>(d.n), d.x.get(), d.out.get(), nullptr);
            xnn_run_operator(clamp_op, nullptr);
        });
    }
    xnn_operator_t small = nullptr;
    xnn_create_clamp_nc_f32(1, 1, 1, 0.0F, INFINITY, 0, &small);
    add("relu", "xnnpack", 10, [small](Data& d) {
        xnn_setup_clamp_nc_f32(small, static_cast<std::size_t>(d.n), d.x.get(), d.out.get(), nullptr);
        xnn_run_operator(small, nullptr);
    });
}
#endif

}  // namespace

int main(int argc, char** argv) {
    register_tensoract();
    register_ceilings();
    register_std();
#if TENSORACT_BENCH_EIGEN
    register_eigen();
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
