// libFuzzer target: bytes become a shape, a dim and values (raw float bits, so NaN, inf and
// denormals come up as often as ordinary numbers), and every property tensoract states must
// hold for them:
//   - every instruction set this CPU runs gives the scalar backend's bits (elementwise ops) or
//     results within the stated bound of them (softmax);
//   - sigmoid in [0, 1], tanh in [-1, 1]; tanh odd, the derivatives even, sigmoid(-x) =
//     1 - sigmoid(x) within an ULP of 1;
//   - softmax rows sum to 1 within their bound; in place equals out of place;
//   - the family: ranges (hardtanh, relu6, hardsigmoid, softsign, silu and their derivatives),
//     the same bits on every instruction set; log_softmax <= 0 and exp(log_softmax) = softmax,
//     softmin(x) = softmax(-x) bit for bit;
//   - misuse throws std::invalid_argument / std::out_of_range, nothing else; no crash, no
//     sanitizer report.
// Built with clang's -fsanitize=fuzzer (target tensoract_fuzz) and, for replaying
// tests/fuzz_corpus/ under ctest, with an ordinary main (fuzz_replay.cpp).
#include <algorithm>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <span>
#include <stdexcept>
#include <vector>

#include <tensoract/tensoract.hpp>

namespace {

using tensoract::InstructionSet;
using tensoract::Tensor;

[[noreturn]] void fail(const char* what, double x, double got) {
    std::fprintf(stderr, "fuzz property violated: %s (x = %a, got %a)\n", what, x, got);
    std::abort();
}

struct Bytes {
    const std::uint8_t* p;
    std::size_t n;
    std::uint8_t byte() noexcept {
        if (n == 0) {
            return 0;
        }
        --n;
        return *p++;
    }
    float value() noexcept {
        std::uint32_t bits = 0;
        for (int i = 0; i < 4; ++i) {
            bits = bits << 8 | byte();
        }
        float v;
        std::memcpy(&v, &bits, sizeof v);
        return v;
    }
};

bool same(float a, float b) noexcept {
    return (std::isnan(a) && std::isnan(b)) || std::bit_cast<std::uint32_t>(a) == std::bit_cast<std::uint32_t>(b);
}

/// |a - b| in ULPs of b (b finite); NaN/inf must match exactly.
double ulps(float a, float b) noexcept {
    if (!std::isfinite(b) || !std::isfinite(a)) {
        return same(a, b) ? 0.0 : 1e30;
    }
    const double ulp = b == 0 ? 0x1p-149 : std::ldexp(1.0, std::ilogb(b) - 23);
    return std::fabs(static_cast<double>(a) - b) / std::max(ulp, 0x1p-149);
}

const InstructionSet all_sets[] = {InstructionSet::scalar, InstructionSet::avx2, InstructionSet::avx512, InstructionSet::neon};

void check_elementwise(const Tensor<float>& x) {
    const float* xs = x.data();
    const std::int64_t n = x.numel();
    tensoract::set_instruction_set(InstructionSet::scalar);
    const Tensor<float> s = tensoract::sigmoid(x);
    const Tensor<float> t = tensoract::tanh(x);
    const Tensor<float> ds = tensoract::sigmoid_derivative(x);
    const Tensor<float> dt = tensoract::tanh_derivative(x);
    const Tensor<float> r = tensoract::relu(x);
    Tensor<float> neg = x;
    for (std::int64_t i = 0; i < n; ++i) {
        neg.data()[i] = -xs[i];
    }
    const Tensor<float> s_neg = tensoract::sigmoid(neg);
    const Tensor<float> t_neg = tensoract::tanh(neg);
    const Tensor<float> ds_neg = tensoract::sigmoid_derivative(neg);
    const Tensor<float> dt_neg = tensoract::tanh_derivative(neg);
    for (std::int64_t i = 0; i < n; ++i) {
        const float v = xs[i];
        const float sv = s.data()[i];
        const float tv = t.data()[i];
        if (std::isnan(v)) {
            if (!std::isnan(sv) || !std::isnan(tv)) {
                fail("NaN in, NaN out", v, sv);
            }
            continue;
        }
        if (!(sv >= 0.0F && sv <= 1.0F)) {
            fail("sigmoid in [0, 1]", v, sv);
        }
        if (!(tv >= -1.0F && tv <= 1.0F)) {
            fail("tanh in [-1, 1]", v, tv);
        }
        if (!same(t_neg.data()[i], -tv)) {
            fail("tanh odd", v, t_neg.data()[i]);
        }
        if (!same(ds_neg.data()[i], ds.data()[i]) || !same(dt_neg.data()[i], dt.data()[i])) {
            fail("derivatives even", v, ds_neg.data()[i]);
        }
        // each within 1 ULP of its exact value: their sum within 2^-23 of 1 (absolute)
        const double sum = static_cast<double>(sv) + s_neg.data()[i];
        if (std::fabs(sum - 1.0) > 0x1p-23) {
            fail("sigmoid(x) + sigmoid(-x) = 1", v, sum);
        }
        if (!same(r.data()[i], v < 0 ? 0.0F : v)) {
            fail("relu", v, r.data()[i]);
        }
    }
    // in place equals out of place
    Tensor<float> in_place = x;
    tensoract::sigmoid_(in_place);
    for (std::int64_t i = 0; i < n; ++i) {
        if (!same(in_place.data()[i], s.data()[i])) {
            fail("sigmoid_ equals sigmoid", xs[i], in_place.data()[i]);
        }
    }
    // every other instruction set: the same bits
    for (const InstructionSet set : all_sets) {
        if (set == InstructionSet::scalar || !tensoract::set_instruction_set(set)) {
            continue;
        }
        const Tensor<float> s2 = tensoract::sigmoid(x);
        const Tensor<float> t2 = tensoract::tanh(x);
        const Tensor<float> ds2 = tensoract::sigmoid_derivative(x);
        const Tensor<float> dt2 = tensoract::tanh_derivative(x);
        Tensor<float> t3 = x;
        tensoract::tanh_(t3);
        for (std::int64_t i = 0; i < n; ++i) {
            if (!same(s2.data()[i], s.data()[i]) || !same(t2.data()[i], t.data()[i]) ||
                !same(ds2.data()[i], ds.data()[i]) || !same(dt2.data()[i], dt.data()[i]) ||
                !same(t3.data()[i], t.data()[i])) {
                fail("same bits as the scalar backend", xs[i], s2.data()[i]);
            }
        }
    }
    tensoract::set_instruction_set(tensoract::detail::best_instruction_set());
}

void check_softmax(const Tensor<float>& x, std::int64_t dim) {
    tensoract::set_instruction_set(InstructionSet::scalar);
    const Tensor<float> p = tensoract::softmax(x, dim);
    Tensor<float> in_place = x;
    tensoract::softmax(in_place, in_place, dim);
    const std::int64_t n = x.numel();
    for (std::int64_t i = 0; i < n; ++i) {
        if (!same(in_place.data()[i], p.data()[i])) {
            fail("softmax in place equals out of place", x.data()[i], in_place.data()[i]);
        }
        if (!std::isnan(p.data()[i]) && !(p.data()[i] >= 0.0F && p.data()[i] <= 1.0F)) {
            fail("softmax in [0, 1]", x.data()[i], p.data()[i]);
        }
    }
    // rows along dim sum to 1 (rows without NaN): each value within 2 ULP of its exact value
    const tensoract::Shape& shape = x.shape();
    const auto d = static_cast<std::size_t>(dim < 0 ? dim + static_cast<std::int64_t>(shape.size()) : dim);
    std::int64_t inner = 1;
    for (std::size_t k = d + 1; k < shape.size(); ++k) {
        inner *= shape[k];
    }
    const std::int64_t len = shape.size() == 0 ? 1 : shape[d];
    const std::int64_t outer = len == 0 || inner == 0 ? 0 : n / (len * inner);
    for (std::int64_t o = 0; o < outer; ++o) {
        for (std::int64_t c = 0; c < inner; ++c) {
            double sum = 0;
            bool nan = false;
            for (std::int64_t k = 0; k < len; ++k) {
                const float v = p.data()[(o * len + k) * inner + c];
                nan = nan || std::isnan(v);
                sum += v;
            }
            if (!nan && std::fabs(sum - 1.0) > 2.0 * 0x1p-23 * 1.0 + static_cast<double>(len) * 0x1p-149) {
                fail("softmax rows sum to 1", static_cast<double>(len), sum);
            }
        }
    }
    for (const InstructionSet set : all_sets) {
        if (set == InstructionSet::scalar || !tensoract::set_instruction_set(set)) {
            continue;
        }
        const Tensor<float> q = tensoract::softmax(x, dim);
        for (std::int64_t i = 0; i < n; ++i) {
            // both within 2 ULP of the exact value (the sums' order differs with the lanes)
            if (ulps(q.data()[i], p.data()[i]) > 4.0) {
                fail("softmax within bound of the scalar backend", x.data()[i], q.data()[i]);
            }
        }
    }
    tensoract::set_instruction_set(tensoract::detail::best_instruction_set());
}

/// The family's elementwise ops: ranges, and the same bits on every instruction set.
std::vector<Tensor<float>> family_results(const Tensor<float>& x) {
    return {tensoract::leaky_relu(x, 0.2),        tensoract::leaky_relu_derivative(x),
            tensoract::leaky_relu_backward(x, x), tensoract::hardtanh(x, -2.0, 3.0),
            tensoract::hardtanh_derivative(x),    tensoract::hardtanh_backward(x, x),
            tensoract::relu6(x),                  tensoract::hardsigmoid(x),
            tensoract::hardsigmoid_derivative(x), tensoract::hardsigmoid_backward(x, x),
            tensoract::hardswish(x),              tensoract::hardswish_derivative(x),
            tensoract::hardswish_backward(x, x),  tensoract::silu(x),
            tensoract::silu_derivative(x),        tensoract::silu_backward(x, x),
            tensoract::softsign(x),               tensoract::softsign_derivative(x),
            tensoract::softsign_backward(x, x),   tensoract::elu(x),
            tensoract::elu_derivative(x),         tensoract::selu(x),
            tensoract::softplus(x),               tensoract::softplus_derivative(x),
            tensoract::logsigmoid(x),             tensoract::tanhshrink(x),
            tensoract::tanhshrink_derivative(x),  tensoract::mish(x),
            tensoract::mish_derivative(x),        tensoract::gelu(x),
            tensoract::gelu_derivative(x),        tensoract::gelu(x, "tanh"),
            tensoract::gelu_derivative(x, "tanh"), tensoract::elu_backward(x, x),
            tensoract::mish_backward(x, x),       tensoract::gelu_backward(x, x),
            tensoract::celu(x, 2.0)};
}

void check_family(const Tensor<float>& x) {
    const float* xs = x.data();
    const std::int64_t n = x.numel();
    tensoract::set_instruction_set(InstructionSet::scalar);
    const auto ref = family_results(x);
    const auto in_range = [&](const Tensor<float>& t, float lo, float hi, const char* what) {
        for (std::int64_t i = 0; i < n; ++i) {
            const float v = t.data()[i];
            if (!std::isnan(xs[i]) && !(v >= lo && v <= hi)) {
                fail(what, xs[i], v);
            }
        }
    };
    in_range(ref[3], -2.0F, 3.0F, "hardtanh in [min_val, max_val]");
    in_range(ref[6], 0.0F, 6.0F, "relu6 in [0, 6]");
    in_range(ref[7], 0.0F, 1.0F, "hardsigmoid in [0, 1]");
    in_range(ref[16], -1.0F, 1.0F, "softsign in [-1, 1]");
    in_range(ref[17], 0.0F, 1.0F, "softsign' in [0, 1]");
    in_range(ref[13], -0.2785F, std::numeric_limits<float>::infinity(), "silu >= its minimum");
    in_range(ref[14], -0.0999F, 1.0999F, "silu' in [-0.0999, 1.0999]");
    constexpr float inf = std::numeric_limits<float>::infinity();
    in_range(ref[19], -1.0F, inf, "elu >= -alpha");
    in_range(ref[20], 0.0F, 1.0F, "elu' in [0, 1]");
    in_range(ref[21], -1.7581F, inf, "selu >= -scale alpha");
    in_range(ref[22], 0.0F, inf, "softplus >= 0");
    in_range(ref[23], 0.0F, 1.0F, "softplus' in [0, 1]");
    in_range(ref[24], -inf, 0.0F, "logsigmoid <= 0");
    in_range(ref[26], 0.0F, 1.0F, "tanhshrink' in [0, 1]");
    in_range(ref[27], -0.3089F, inf, "mish >= its minimum");
    in_range(ref[29], -0.1701F, inf, "gelu >= its minimum");
    in_range(ref[31], -0.1701F, inf, "gelu tanh >= its minimum");
    in_range(ref[36], -2.0F, inf, "celu >= -alpha");
    for (std::int64_t i = 0; i < n; ++i) {
        // odd: tanhshrink(-x) = -tanhshrink(x) (x = +-0 aside: both +0)
        const float v = ref[25].data()[i];
        if (!std::isnan(xs[i]) && xs[i] != 0.0F && v != 0.0F && std::signbit(v) != std::signbit(xs[i])) {
            fail("tanhshrink has x's sign", xs[i], v);
        }
    }
    Tensor<float> y = x;
    tensoract::silu_(y);
    for (std::int64_t i = 0; i < n; ++i) {
        if (!same(y.data()[i], ref[13].data()[i])) {
            fail("silu_ equals silu", xs[i], y.data()[i]);
        }
    }
    for (const InstructionSet set : all_sets) {
        if (set == InstructionSet::scalar || !tensoract::set_instruction_set(set)) {
            continue;
        }
        const auto other = family_results(x);
        for (std::size_t k = 0; k < ref.size(); ++k) {
            for (std::int64_t i = 0; i < n; ++i) {
                if (!same(other[k].data()[i], ref[k].data()[i])) {
                    fail("family: same bits as the scalar backend", xs[i], other[k].data()[i]);
                }
            }
        }
    }
    tensoract::set_instruction_set(tensoract::detail::best_instruction_set());
}

/// log_softmax <= 0 and within its bound of log(softmax) where that is accurate; softmin is
/// softmax of -x, bit for bit; every instruction set within the bound of the scalar backend.
void check_log_softmax_softmin(const Tensor<float>& x, std::int64_t dim) {
    const std::int64_t n = x.numel();
    tensoract::set_instruction_set(InstructionSet::scalar);
    const Tensor<float> l = tensoract::log_softmax(x, dim);
    const Tensor<float> p = tensoract::softmax(x, dim);
    Tensor<float> neg = x;
    for (std::int64_t i = 0; i < n; ++i) {
        neg.data()[i] = -x.data()[i];
    }
    const Tensor<float> m = tensoract::softmin(x, dim);
    const Tensor<float> p_neg = tensoract::softmax(neg, dim);
    for (std::int64_t i = 0; i < n; ++i) {
        const float v = l.data()[i];
        if (std::isnan(v) != std::isnan(p.data()[i])) {
            fail("log_softmax NaN exactly where softmax is", x.data()[i], v);
        }
        if (!std::isnan(v) && !(v <= 0.0F)) {
            fail("log_softmax <= 0", x.data()[i], v);
        }
        const float pi = p.data()[i];
        // (an ULP of v is |v| 2^-23 relative in exp(v); softmax is within 2 ULP)
        const double tol = (std::fabs(static_cast<double>(v)) + 4.0) * 0x1p-23 * pi;
        if (!std::isnan(v) && pi > 0x1p-100F && std::fabs(std::exp(static_cast<double>(v)) - pi) > tol) {
            fail("exp(log_softmax) = softmax", x.data()[i], v);
        }
        if (!same(m.data()[i], p_neg.data()[i])) {
            fail("softmin(x) = softmax(-x)", x.data()[i], m.data()[i]);
        }
    }
    for (const InstructionSet set : all_sets) {
        if (set == InstructionSet::scalar || !tensoract::set_instruction_set(set)) {
            continue;
        }
        const Tensor<float> q = tensoract::log_softmax(x, dim);
        for (std::int64_t i = 0; i < n; ++i) {
            if (ulps(q.data()[i], l.data()[i]) > 2.0) {  // both within 1 ULP of the exact value
                fail("log_softmax within bound of the scalar backend", x.data()[i], q.data()[i]);
            }
        }
    }
    tensoract::set_instruction_set(tensoract::detail::best_instruction_set());
}

/// Misuse: must throw the documented exception types, nothing else.
void check_errors(Bytes& in, const Tensor<float>& x) {
    const std::uint8_t kind = in.byte() % 4;
    try {
        switch (kind) {
            case 0:
                (void)tensoract::softmax(x, static_cast<std::int8_t>(in.byte()));
                break;
            case 1: {
                const Tensor<float> other = tensoract::zeros<float>({static_cast<std::int64_t>(in.byte() % 5)});
                (void)tensoract::sigmoid_backward(x, other);
                break;
            }
            case 2: {
                Tensor<float> out = tensoract::zeros<float>({static_cast<std::int64_t>(in.byte() % 5), 2});
                tensoract::tanh(x, out);
                break;
            }
            default:
                (void)tensoract::zeros<float>({static_cast<std::int64_t>(static_cast<std::int8_t>(in.byte())), 3});
                break;
        }
    } catch (const std::invalid_argument&) {
    } catch (const std::out_of_range&) {
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    Bytes in{data, size};
    const int ndim = in.byte() % 4;  // 0-D to 3-D
    std::vector<std::int64_t> dims;
    std::int64_t numel = 1;
    for (int d = 0; d < ndim; ++d) {
        const std::int64_t e = in.byte() % 13;  // small extents; 0 included
        dims.push_back(e);
        numel *= e;
    }
    const tensoract::Shape shape{std::span<const std::int64_t>(dims)};
    const std::int64_t dim = ndim == 0 ? 0 : static_cast<std::int64_t>(in.byte() % (2 * ndim)) - ndim;
    std::vector<float> values(static_cast<std::size_t>(numel));
    for (float& v : values) {
        v = in.value();
    }
    const Tensor<float> x = Tensor<float>(tensoract::TensorView<const float>(values.data(), shape));
    check_elementwise(x);
    check_family(x);
    check_softmax(x, dim);
    check_log_softmax_softmin(x, dim);
    check_errors(in, x);
    return 0;
}
