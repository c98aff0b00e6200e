// Every elementwise kernel gives the same bits on every instruction set this machine runs
// (scalar, AVX2, AVX-512, NEON), NaN payloads aside: the property docs/api.md states, checked
// here in whatever build runs the tests (the exhaustive test checks it too, but only in its own
// -mfma build). A build in which the compiler fuses a * b + c on one backend and not on
// another fails this test: GCC does so by default (-ffp-contract=fast) wherever the target has
// FMA, unless the kernels' entry points switch it off (TENSORACT_KERNEL, detail/simd/cpu.hpp).
#include <catch2/catch.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <tensoract/tensoract.hpp>

namespace {

using tensoract::InstructionSet;
using tensoract::detail::simd::Binary;
using tensoract::detail::simd::Params;
using tensoract::detail::simd::Unary;

template <class T>
bool same_bits(T a, T b) noexcept {
    return (std::isnan(a) && std::isnan(b)) || std::memcmp(&a, &b, sizeof(T)) == 0;
}

/// A quarter random bit patterns (every exponent, specials, denormals), a quarter uniform on
/// [-12, 12] where the smooth functions bend, a quarter spread over 2^-40 to 2^20, a quarter
/// uniform on [-760, 760], where the derivatives' results fall below the normal range (float
/// from 43.7, double from 354).
template <class T>
std::vector<T> inputs(std::size_t n, std::uint64_t seed) {
    using Bits = std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>;
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> unit(-1.0, 1.0);
    std::vector<T> v(n);
    for (std::size_t i = 0; i < n; ++i) {
        if (i % 4 == 0) {
            const auto bits = static_cast<Bits>(rng());
            std::memcpy(&v[i], &bits, sizeof(T));
        } else if (i % 4 == 1) {
            v[i] = static_cast<T>(12.0 * unit(rng));
        } else if (i % 4 == 3) {
            v[i] = static_cast<T>(760.0 * unit(rng));
        } else {
            v[i] = static_cast<T>(std::ldexp(unit(rng), static_cast<int>(rng() % 61) - 40));
        }
    }
    return v;
}

constexpr std::size_t count = std::size_t{1} << 18;

/// Puts back the process-wide instruction set and thread count, also when a REQUIRE throws.
struct RestoreGlobals {
    InstructionSet set = tensoract::instruction_set();
    int threads = tensoract::num_threads();
    RestoreGlobals() = default;
    RestoreGlobals(const RestoreGlobals&) = delete;
    RestoreGlobals& operator=(const RestoreGlobals&) = delete;
    ~RestoreGlobals() {
        tensoract::set_instruction_set(set);
        tensoract::set_num_threads(threads);
    }
};

/// Fills out[0, n) with values whose bits differ from reference's (a NaN's with 1), so that an
/// element a kernel leaves unwritten cannot pass for a result.
template <class T>
void refill(T* out, const T* reference, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
        out[i] = std::isnan(reference[i]) ? T(1) : -reference[i];
    }
}

/// Runs `kernel(out)` on the scalar backend, then on each other one this CPU has, and counts
/// the elements whose bits differ.
template <class T, class Kernel>
void check_every_set(const std::string& name, const std::vector<T>& x, const Kernel& kernel) {
    std::vector<T> reference(x.size());
    std::vector<T> out(x.size());
    REQUIRE(tensoract::set_instruction_set(InstructionSet::scalar));
    kernel(reference.data());
    for (const auto set : {InstructionSet::avx2, InstructionSet::avx512, InstructionSet::neon}) {
        if (!tensoract::set_instruction_set(set)) {
            continue;
        }
        refill(out.data(), reference.data(), out.size());
        kernel(out.data());
        std::size_t differing = 0;
        std::size_t first = 0;
        for (std::size_t i = 0; i < x.size(); ++i) {
            if (!same_bits(out[i], reference[i])) {
                first = differing == 0 ? i : first;
                ++differing;
            }
        }
        INFO(name << (std::is_same_v<T, float> ? " float" : " double") << " on " << tensoract::to_string(set)
                  << ": first at x = " << std::hexfloat << static_cast<double>(x[first]) << ", scalar "
                  << static_cast<double>(reference[first]) << ", here " << static_cast<double>(out[first]));
        CHECK(differing == 0);
    }
}

template <class T>
std::vector<Params<T>> unary_params(Unary op) {
    switch (op) {
    case Unary::leaky_relu:
    case Unary::leaky_relu_derivative:
        return {{T(0.01), T(0)}, {T(-1.5), T(0)}};
    case Unary::hardtanh:
    case Unary::hardtanh_derivative:
        return {{T(-1), T(1)}, {T(0), T(6)}};
    case Unary::elu:
    case Unary::elu_derivative:
        return {{T(1), T(1)}, {T(1.5), T(1) / T(1.5)}};  // elu; celu(1.5)
    case Unary::softplus:
    case Unary::softplus_derivative:
        return {{T(1), T(20)}, {T(3), T(20)}};
    default:
        return {{}};
    }
}

template <class T>
std::vector<Params<T>> binary_params(Binary op) {
    switch (op) {
    case Binary::leaky_relu_backward:
        return {{T(0.01), T(0)}};
    case Binary::hardtanh_backward:
        return {{T(-1), T(1)}};
    case Binary::elu_backward:
        return {{T(1), T(1)}, {T(1.5), T(1) / T(1.5)}};
    case Binary::softplus_backward:
        return {{T(1), T(20)}, {T(3), T(20)}};
    default:
        return {{}};
    }
}

template <class T, int... ops>
void check_unary(std::integer_sequence<int, ops...> /*every op*/) {
    const std::vector<T> x = inputs<T>(count, 1);
    const auto n = static_cast<std::int64_t>(x.size());
    const auto one = [&](auto tag) {
        constexpr Unary op = decltype(tag)::value;
        for (const Params<T>& p : unary_params<T>(op)) {
            const std::string name = "unary op " + std::to_string(static_cast<int>(op)) + " (a = " +
                                     std::to_string(p.a) + ", b = " + std::to_string(p.b) + ")";
            check_every_set<T>(name, x, [&](T* y) { tensoract::detail::simd::unary<op, T>(x.data(), y, n, p); });
        }
    };
    (one(std::integral_constant<Unary, static_cast<Unary>(ops)>{}), ...);
}

template <class T, int... ops>
void check_binary(std::integer_sequence<int, ops...> /*every op*/) {
    const std::vector<T> x = inputs<T>(count, 2);
    const std::vector<T> g = inputs<T>(count, 3);
    const auto n = static_cast<std::int64_t>(x.size());
    const auto one = [&](auto tag) {
        constexpr Binary op = decltype(tag)::value;
        for (const Params<T>& p : binary_params<T>(op)) {
            const std::string name = "binary op " + std::to_string(static_cast<int>(op)) + " (a = " +
                                     std::to_string(p.a) + ", b = " + std::to_string(p.b) + ")";
            check_every_set<T>(name, x,
                               [&](T* y) { tensoract::detail::simd::binary<op, T>(g.data(), x.data(), y, n, p); });
        }
    };
    (one(std::integral_constant<Binary, static_cast<Binary>(ops)>{}), ...);
}

constexpr int unary_ops = static_cast<int>(Unary::gelu_tanh_derivative) + 1;
constexpr int binary_ops = static_cast<int>(Binary::gelu_tanh_backward) + 1;

}  // namespace

TEMPLATE_TEST_CASE("every elementwise kernel gives the same bits on every instruction set", "[isa]", float, double) {
    const RestoreGlobals restore;
    SECTION("f and f' from x") { check_unary<TestType>(std::make_integer_sequence<int, unary_ops>{}); }
    SECTION("backward from g and the saved tensor") {
        check_binary<TestType>(std::make_integer_sequence<int, binary_ops>{});
    }
}

// The scalar backend forms results below the normal range with integer arithmetic (no denormal
// operation, which x86 CPUs microcode); the vector backends are checked against it above, and
// here it is checked against ldexp, which rounds once, to nearest even, also into the denormals.
TEMPLATE_TEST_CASE("the scalar backend's scale is ldexp of floor(n) rounded once", "[isa]", float, double) {
    using T = TestType;
    using O = tensoract::detail::scalar::Ops<T>;
    std::vector<T> values = inputs<T>(1536, 4);
    // (2 - ulp at 2^-127, float, and 2^-1023, double: a tie that rounds up to the smallest normal)
    for (const T v : {T(0), T(-0.0), T(1), T(1.5), T(2.5), T(-3), T(1) + std::numeric_limits<T>::epsilon(),
                      std::nextafter(T(2), T(0)),
                      std::numeric_limits<T>::min(), std::numeric_limits<T>::denorm_min(),
                      std::numeric_limits<T>::max(), std::numeric_limits<T>::infinity(),
                      std::numeric_limits<T>::quiet_NaN()}) {
        values.push_back(v);
        values.push_back(-v);
    }
    // the stated range: [-252, 254] for float, [-2000, 2000] for double
    std::vector<double> exponents;
    for (int k = -252; k <= 254; ++k) {
        exponents.push_back(k);
    }
    for (const double k : {-252.0, -150.5, -149.75, -126.5, -0.5, 0.25, 127.5, 253.75}) {
        exponents.push_back(k);
    }
    if constexpr (std::is_same_v<T, double>) {
        for (int k = -1130; k <= -950; ++k) {  // double's denormals
            exponents.push_back(k);
        }
        for (const double k : {-2000.0, -1500.0, -700.25, 1023.5, 1500.0, 2000.0}) {
            exponents.push_back(k);
        }
    }
    std::size_t differing = 0;
    T first_v = 0;
    double first_n = 0;
    for (const T v : values) {
        for (const double n : exponents) {
            const T got = O::scale(v, static_cast<T>(n));
            const T expected = std::ldexp(v, static_cast<int>(std::floor(static_cast<T>(n))));
            if (!same_bits(got, expected)) {
                first_v = differing == 0 ? v : first_v;
                first_n = differing == 0 ? n : first_n;
                ++differing;
            }
        }
    }
    INFO("first at v = " << std::hexfloat << static_cast<double>(first_v) << ", n = " << first_n);
    CHECK(differing == 0);
}

namespace {

/// Calls with outputs of 32 MB and more (dispatch.hpp's streaming_bytes) go through the
/// kernels' streaming loops, on one thread: a masked head up to the first aligned vector, then
/// non-temporal stores. Each instruction set's whole-array call must give the bits of the
/// scalar backend run on pieces short enough for the ordinary loops.
template <class T, class Kernel>
void check_streaming(const std::string& name, std::size_t n, const Kernel& kernel) {
    constexpr std::size_t piece = 4099;
    std::vector<T> reference(n);
    REQUIRE(tensoract::set_instruction_set(InstructionSet::scalar));
    for (std::size_t i = 0; i < n; i += piece) {
        kernel(i, reference.data() + i, static_cast<std::int64_t>(n - i < piece ? n - i : piece));
    }
    // one element past a 64-byte boundary: every vector backend has a head to align
    std::vector<T> buffer(n + 64 / sizeof(T) + 1);
    std::size_t offset = 0;
    while (reinterpret_cast<std::uintptr_t>(buffer.data() + offset) % 64 != sizeof(T)) {
        ++offset;
    }
    for (const auto set : {InstructionSet::avx2, InstructionSet::avx512, InstructionSet::neon}) {
        if (!tensoract::set_instruction_set(set)) {
            continue;
        }
        refill(buffer.data() + offset, reference.data(), n);
        kernel(std::size_t{0}, buffer.data() + offset, static_cast<std::int64_t>(n));
        std::size_t differing = 0;
        std::size_t first = 0;
        for (std::size_t i = 0; i < n; ++i) {
            if (!same_bits(buffer[offset + i], reference[i])) {
                first = differing == 0 ? i : first;
                ++differing;
            }
        }
        INFO(name << (std::is_same_v<T, float> ? " float" : " double") << " on " << tensoract::to_string(set)
                  << ": first differing element " << first << ", scalar " << std::hexfloat
                  << static_cast<double>(reference[first]) << ", here " << static_cast<double>(buffer[offset + first]));
        CHECK(differing == 0);
    }
}

}  // namespace

TEMPLATE_TEST_CASE("elementwise kernels give the same bits in their streaming loops (outputs of 32 MB)", "[isa]",
                   float, double) {
    using T = TestType;
    const RestoreGlobals restore;
    tensoract::set_num_threads(1);  // a call split across threads streams in none of its chunks
    const std::size_t n = (std::size_t{32} << 20) / sizeof(T) + 37;
    const std::vector<T> x = inputs<T>(n, 5);
    const std::vector<T> g = inputs<T>(n, 6);
    const Params<T> none{};
    // relu: the separate loops of the memory-bound ops; sigmoid: one loop for every block
    check_streaming<T>("relu", n, [&](std::size_t at, T* y, std::int64_t m) {
        tensoract::detail::simd::unary<Unary::relu, T>(x.data() + at, y, m, none);
    });
    check_streaming<T>("sigmoid", n, [&](std::size_t at, T* y, std::int64_t m) {
        tensoract::detail::simd::unary<Unary::sigmoid, T>(x.data() + at, y, m, none);
    });
    // backward ops whose select GCC folds into a masked load unless told not to (in_register)
    check_streaming<T>("relu_backward", n, [&](std::size_t at, T* y, std::int64_t m) {
        tensoract::detail::simd::binary<Binary::relu_backward, T>(g.data() + at, x.data() + at, y, m, none);
    });
    const Params<T> relu6{T(0), T(6)};
    check_streaming<T>("relu6_backward", n, [&](std::size_t at, T* y, std::int64_t m) {
        tensoract::detail::simd::binary<Binary::hardtanh_backward, T>(g.data() + at, x.data() + at, y, m, relu6);
    });
    check_streaming<T>("hardswish_backward", n, [&](std::size_t at, T* y, std::int64_t m) {
        tensoract::detail::simd::binary<Binary::hardswish_backward, T>(g.data() + at, x.data() + at, y, m, none);
    });
    check_streaming<T>("sigmoid_backward", n, [&](std::size_t at, T* y, std::int64_t m) {
        tensoract::detail::simd::binary<Binary::sigmoid_backward, T>(g.data() + at, x.data() + at, y, m, none);
    });
}
