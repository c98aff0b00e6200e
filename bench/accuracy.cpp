// Max error in ULP of sigmoid and tanh, tensoract and every peer found, over all 2^32 float32
// inputs (or every S-th with --stride S), against a double reference. Prints one markdown
// table row per implementation; bench/accuracy.sh puts them in docs/accuracy.md.
//
// Only inputs whose exact result is a normal float are graded (the targets' definition);
// "NaN" counts finite inputs that give NaN, "pos" counts inputs whose result changes with
// the element's position (vector body vs scalar tail): measured by running each chunk at two
// offsets.
#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include <tensoract/tensoract.hpp>

#if TENSORACT_BENCH_EIGEN
#include <Eigen/Core>
#endif
#if TENSORACT_BENCH_SLEEF
#include <sleef.h>
#endif
#if TENSORACT_BENCH_XNNPACK
#include <xnnpack.h>
#endif
#if TENSORACT_BENCH_DNNL
#include <dnnl.hpp>
#endif

namespace {

using Impl = std::function<void(const float*, float*, std::int64_t)>;

struct Candidate {
    std::string function;
    std::string name;
    Impl run;
};

double ulp_of(double r) {
    int e = 0;
    std::frexp(std::fabs(r), &e);
    return std::ldexp(1.0, std::max(e - 1, -126) - 23);
}

struct Tally {
    double max_err = 0;
    float worst_x = 0;
    std::uint64_t nan = 0;
    std::uint64_t position = 0;
};

#if TENSORACT_BENCH_DNNL
Impl dnnl_eltwise(dnnl::algorithm alg) {
    static dnnl::engine engine(dnnl::engine::kind::cpu, 0);
    return [alg](const float* x, float* y, std::int64_t n) {
        thread_local dnnl::stream stream(engine);
        const dnnl::memory::desc md({n}, dnnl::memory::data_type::f32, dnnl::memory::format_tag::a);
        const auto pd = dnnl::eltwise_forward::primitive_desc(
            dnnl::eltwise_forward::desc(dnnl::prop_kind::forward_inference, alg, md, 0.0F, 0.0F), engine);
        dnnl::eltwise_forward(pd).execute(stream, {{DNNL_ARG_SRC, dnnl::memory(md, engine, const_cast<float*>(x))},
                                                   {DNNL_ARG_DST, dnnl::memory(md, engine, y)}});
        stream.wait();
    };
}
#endif

std::vector<Candidate> candidates() {
    std::vector<Candidate> c;
    c.push_back({"sigmoid", "tensoract", [](const float* x, float* y, std::int64_t n) {
                     tensoract::sigmoid(tensoract::TensorView<const float>(x, {n}), tensoract::TensorView<float>(y, {n}));
                 }});
    c.push_back({"tanh", "tensoract", [](const float* x, float* y, std::int64_t n) {
                     tensoract::tanh(tensoract::TensorView<const float>(x, {n}), tensoract::TensorView<float>(y, {n}));
                 }});
    c.push_back({"sigmoid", "glibc 1/(1+expf(-x))", [](const float* x, float* y, std::int64_t n) {
                     for (std::int64_t i = 0; i < n; ++i) y[i] = 1.0F / (1.0F + std::exp(-x[i]));
                 }});
    c.push_back({"tanh", "glibc tanhf", [](const float* x, float* y, std::int64_t n) {
                     for (std::int64_t i = 0; i < n; ++i) y[i] = std::tanh(x[i]);
                 }});
#if TENSORACT_BENCH_EIGEN
    c.push_back({"sigmoid", "Eigen 3.4 logistic()", [](const float* x, float* y, std::int64_t n) {
                     Eigen::Map<Eigen::ArrayXf>(y, n) = Eigen::Map<const Eigen::ArrayXf>(x, n).logistic();
                 }});
    c.push_back({"tanh", "Eigen 3.4 tanh()", [](const float* x, float* y, std::int64_t n) {
                     Eigen::Map<Eigen::ArrayXf>(y, n) = Eigen::Map<const Eigen::ArrayXf>(x, n).tanh();
                 }});
#endif
#if TENSORACT_BENCH_SLEEF
    c.push_back({"sigmoid", "SLEEF 1/(1+expf_u10(-x))", [](const float* x, float* y, std::int64_t n) {
                     for (std::int64_t i = 0; i < n; ++i) y[i] = 1.0F / (1.0F + Sleef_expf_u10(-x[i]));
                 }});
    c.push_back({"tanh", "SLEEF tanhf_u10", [](const float* x, float* y, std::int64_t n) {
                     for (std::int64_t i = 0; i < n; ++i) y[i] = Sleef_tanhf_u10(x[i]);
                 }});
#endif
#if TENSORACT_BENCH_XNNPACK
    if (xnn_initialize(nullptr) == xnn_status_success) {
        c.push_back({"sigmoid", "XNNPACK sigmoid", [](const float* x, float* y, std::int64_t n) {
                         xnn_operator_t op = nullptr;
                         xnn_create_sigmoid_nc_f32(1, 1, 1, 0, &op);
                         xnn_setup_sigmoid_nc_f32(op, static_cast<std::size_t>(n), x, y, nullptr);
                         xnn_run_operator(op, nullptr);
                         xnn_delete_operator(op);
                     }});
    }
#endif
#if TENSORACT_BENCH_DNNL
    c.push_back({"sigmoid", "oneDNN eltwise_logistic", dnnl_eltwise(dnnl::algorithm::eltwise_logistic)});
    c.push_back({"tanh", "oneDNN eltwise_tanh", dnnl_eltwise(dnnl::algorithm::eltwise_tanh)});
#endif
    return c;
}

}  // namespace

int main(int argc, char** argv) {
    std::uint64_t stride = 1;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (std::strcmp(argv[i], "--stride") == 0) {
            stride = std::strtoull(argv[i + 1], nullptr, 10);
        }
    }
    const unsigned threads = std::max(1U, std::thread::hardware_concurrency());
    for (const Candidate& cand : candidates()) {
        const bool is_sigmoid = cand.function == "sigmoid";
        constexpr std::uint64_t chunk = std::uint64_t{1} << 16;
        std::atomic<std::uint64_t> next{0};
        std::vector<Tally> tallies(threads);
        const auto worker = [&](unsigned id) {
            std::vector<float> x;
            std::vector<float> y(chunk + 16);
            std::vector<float> shifted(chunk + 16);
            for (std::uint64_t c; (c = next.fetch_add(1)) < (std::uint64_t{1} << 32) / chunk;) {
                x.assign(1, 0.0F);  // x[0] is a pad, so x.data() + 1 is the same data one slot on
                for (std::uint64_t i = 0; i < chunk; i += stride) {
                    const auto bits = static_cast<std::uint32_t>(c * chunk + i);
                    float v;
                    std::memcpy(&v, &bits, sizeof v);
                    x.push_back(v);
                }
                const auto n = static_cast<std::int64_t>(x.size() - 1);
                cand.run(x.data() + 1, y.data(), n);
                cand.run(x.data() + 1, shifted.data() + 3, n - 5);  // other alignment, other tail
                Tally& t = tallies[id];
                for (std::int64_t i = 0; i < n; ++i) {
                    const float xv = x[static_cast<std::size_t>(i + 1)];
                    const float yv = y[static_cast<std::size_t>(i)];
                    if (std::isnan(xv)) {
                        continue;
                    }
                    if (i < n - 5 && std::memcmp(&yv, &shifted[static_cast<std::size_t>(i + 3)], 4) != 0 &&
                        !(std::isnan(yv) && std::isnan(shifted[static_cast<std::size_t>(i + 3)]))) {
                        ++t.position;
                    }
                    if (std::isnan(yv)) {
                        ++t.nan;
                        continue;
                    }
                    const double xd = xv;
                    double ref;
                    if (is_sigmoid) {
                        const double e = std::exp(-std::fabs(xd));
                        ref = (xd >= 0 ? 1.0 : e) / (1.0 + e);
                    } else {
                        ref = std::tanh(xd);
                    }
                    if (std::fabs(ref) < 0x1p-126) {
                        continue;  // graded only where the exact result is a normal float
                    }
                    const double err = std::fabs(static_cast<double>(yv) - ref) / ulp_of(ref);
                    if (err > t.max_err) {
                        t.max_err = err;
                        t.worst_x = xv;
                    }
                }
            }
        };
        std::vector<std::thread> pool;
        for (unsigned i = 0; i < threads; ++i) {
            pool.emplace_back(worker, i);
        }
        for (auto& th : pool) {
            th.join();
        }
        Tally total;
        for (const Tally& t : tallies) {
            if (t.max_err > total.max_err) {
                total.max_err = t.max_err;
                total.worst_x = t.worst_x;
            }
            total.nan += t.nan;
            total.position += t.position;
        }
        std::printf("| %s | %s | %.2f | %.9g | %llu | %llu |\n", cand.function.c_str(), cand.name.c_str(), total.max_err,
                    static_cast<double>(total.worst_x), static_cast<unsigned long long>(total.nan),
                    static_cast<unsigned long long>(total.position));
        std::fflush(stdout);
    }
}
