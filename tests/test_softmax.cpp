// softmax, softmax_backward and softmax_jacobian against PyTorch's golden data (every dim of
// shapes up to 4-D, float and double, special rows) and the exact values.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include <tensoract/tensoract.hpp>

#include "golden.hpp"

using tensoract::Tensor;
using tensoract::Shape;
using tensoract::TensorView;

namespace {

// Max error in ULP against the exact value (float32, float64): the bounds softmax.hpp states.
constexpr std::uint64_t softmax_ulp[2] = {2, 2};
constexpr std::uint64_t jacobian_ulp[2] = {4, 4};
// softmax_backward cancels in g - sum(g*y): bound in ULP, or an absolute error of this many
// ULPs of the row's scale max|y| * sum|g*y| (what the double accumulation guarantees).
constexpr std::uint64_t backward_ulp[2] = {1, 4};

template <class T>
void check_case(const golden::Case& c) {
    const int k = sizeof(T) == 4 ? 0 : 1;
    // the Jacobian's data is n*n values for an input of shape [n]
    const auto as_output = [&](const std::string& key) {
        const auto& a = c.array(key);
        const auto n = c.shape().size() == 1 ? c.shape()[0] : 0;
        return c.op == "softmax_jacobian" ? Tensor<T>(tensoract::Shape{n, n}, std::vector<T>(a.begin(), a.end()))
                                          : c.tensor<T>(key);
    };
    const auto torch = as_output("torch");
    const auto exact = as_output("exact");
    Tensor<T> ours;
    std::uint64_t bound = 0;
    if (c.op == "softmax") {
        ours = tensoract::softmax(c.tensor<T>("x"), c.integer("dim"));
        bound = softmax_ulp[k];
    } else if (c.op == "softmax_backward") {
        ours = tensoract::softmax_backward(c.tensor<T>("g"), c.tensor<T>("y"), c.integer("dim"));
        bound = backward_ulp[k];
    } else {
        const auto x = c.tensor<T>("x");
        ours = tensoract::softmax_jacobian(x);
        bound = jacobian_ulp[k];
        REQUIRE(ours.shape() == tensoract::Shape{x.numel(), x.numel()});
    }
    REQUIRE(ours.shape() == torch.shape());
    T scale = 0;
    if (c.op == "softmax_backward") {
        const auto& g = c.array("g");
        const auto& y = c.array("y");
        T sum = 0;
        T ymax = 0;
        for (std::size_t i = 0; i < g.size(); ++i) {
            sum += static_cast<T>(std::fabs(g[i] * y[i]));
            ymax = std::max(ymax, static_cast<T>(std::fabs(y[i])));
        }
        scale = ymax * sum * std::numeric_limits<T>::epsilon();
    }
    for (std::int64_t i = 0; i < ours.numel(); ++i) {
        INFO(c.where() << " shape " << c.params.at("shape") << " element " << i << ": ours " << ours[i]
                       << ", exact " << exact[i] << ", torch " << torch[i] << " ("
                       << golden::ulp_distance(ours[i], exact[i]) << " ULP, dim " << (c.params.count("dim") != 0 ? c.params.at("dim") : "-") << ")");
        REQUIRE(std::isnan(ours[i]) == std::isnan(torch[i]));  // NaN rows exactly where PyTorch's
        const bool close = golden::ulp_distance(ours[i], exact[i]) <= bound ||
                           std::fabs(ours[i] - exact[i]) <= bound * scale;
        REQUIRE(close);
    }
}

}  // namespace

TEST_CASE("softmax, its backward and its Jacobian match PyTorch along every dim", "[golden][softmax]") {
    const auto& cases = golden::load("softmax.txt");
    REQUIRE(cases.size() > 150);
    for (const auto& c : cases) {
        if (c.dtype == "float32") {
            check_case<float>(c);
        } else {
            check_case<double>(c);
        }
    }
}

TEMPLATE_TEST_CASE("softmax special rows follow PyTorch", "[softmax]", float, double) {
    using T = TestType;
    constexpr T inf = std::numeric_limits<T>::infinity();
    constexpr T nan = std::numeric_limits<T>::quiet_NaN();
    const Tensor<T> x({5, 3}, {1, nan, 2,  //
                               1, inf, 2,  //
                               -inf, -inf, -inf, //
                               1, -inf, 2, //
                               T(1e4), T(-1e4), 0});
    const auto p = tensoract::softmax(x, 1);
    for (int j = 0; j < 9; ++j) {
        CHECK(std::isnan(p[j]));  // NaN, +inf, all -inf: the whole row is NaN
    }
    CHECK(p.at(3, 1) == 0);
    CHECK(p.at(3, 0) == Approx(0.2689414213699951));
    CHECK(p.at(4, 0) == 1);  // large inputs stay finite
    CHECK(p.at(4, 1) == 0);

    CHECK(tensoract::softmax(Tensor<T>(tensoract::Shape{}, {T(3)}), 0).item() == 1);  // 0-D
    CHECK(tensoract::softmax(Tensor<T>(tensoract::Shape{}, {T(3)}), -1).item() == 1);
    CHECK(tensoract::softmax(Tensor<T>(tensoract::Shape{4, 0, 2}), 1).numel() == 0);
    CHECK(tensoract::softmax(Tensor<T>(tensoract::Shape{4, 0, 2}), 0).shape() == tensoract::Shape{4, 0, 2});
}

TEMPLATE_TEST_CASE("softmax forms agree: new, into out, in place, negative dims", "[softmax]", float, double) {
    using T = TestType;
    tensoract::Generator gen(3);
    const auto x = tensoract::rand<T>({3, 70, 4}, gen);
    const auto g = tensoract::rand<T>({3, 70, 4}, gen);
    for (std::int64_t dim = -3; dim < 3; ++dim) {
        INFO("dim " << dim);
        const auto p = tensoract::softmax(x, dim);
        const auto p_pos = tensoract::softmax(x, dim < 0 ? dim + 3 : dim);
        Tensor<T> into(x.shape());
        tensoract::softmax(x, into, dim);
        Tensor<T> in_place = x;
        CHECK(&tensoract::softmax_(in_place, dim) == &in_place);
        const auto b = tensoract::softmax_backward(g, p, dim);
        Tensor<T> over_g = g;
        tensoract::softmax_backward(over_g, p, over_g, dim);
        Tensor<T> over_y = p;
        tensoract::softmax_backward(g, over_y, over_y, dim);
        for (std::int64_t i = 0; i < x.numel(); ++i) {
            REQUIRE(p[i] == p_pos[i]);
            REQUIRE(p[i] == into[i]);
            REQUIRE(p[i] == in_place[i]);
            REQUIRE(b[i] == over_g[i]);
            REQUIRE(b[i] == over_y[i]);
        }
    }
}

TEST_CASE("softmax rows sum to 1 and softmax_backward rows sum to 0", "[softmax]") {
    tensoract::Generator gen(11);
    const auto x = tensoract::rand<double>({6, 5, 130}, gen);
    const std::int64_t sizes[3] = {6, 5, 130};
    for (int dim = 0; dim < 3; ++dim) {
        const auto p = tensoract::softmax(x, dim);
        const auto b = tensoract::softmax_backward(x, p, dim);
        std::int64_t ends[3] = {sizes[0], sizes[1], sizes[2]};
        ends[dim] = 1;  // walk every row along dim once
        for (std::int64_t i = 0; i < ends[0]; ++i) {
            for (std::int64_t j = 0; j < ends[1]; ++j) {
                for (std::int64_t k = 0; k < ends[2]; ++k) {
                    double s = 0;
                    double sb = 0;
                    for (std::int64_t r = 0; r < sizes[dim]; ++r) {
                        std::int64_t idx[3] = {i, j, k};
                        idx[dim] = r;
                        s += p.at(idx[0], idx[1], idx[2]);
                        sb += b.at(idx[0], idx[1], idx[2]);
                    }
                    REQUIRE(s == Approx(1.0).epsilon(1e-14));
                    REQUIRE(sb == Approx(0.0).margin(1e-15));
                }
            }
        }
    }
}

TEST_CASE("softmax_backward with a one-hot g is a row of the Jacobian", "[softmax]") {
    const Tensor<double> z{0.6229, 0.1372, 0.4505};
    const auto p = tensoract::softmax(z, 0);
    const auto jac = tensoract::softmax_jacobian(z);
    for (std::int64_t i = 0; i < 3; ++i) {
        Tensor<double> onehot(tensoract::Shape{3});
        onehot[i] = 1;
        const auto row = tensoract::softmax_backward(onehot, p, 0);
        for (std::int64_t j = 0; j < 3; ++j) {
            CHECK(row[j] == Approx(jac.at(i, j)).epsilon(1e-15));
        }
    }
}

// Found by the fuzzer: with |max| beyond 2^24 * 110, max + exp_z_min rounded back to max, so
// padding lanes and entries far below the max counted as e^0 = 1.
TEST_CASE("softmax of huge-magnitude entries", "[softmax]") {
    for (const auto set : {tensoract::InstructionSet::scalar, tensoract::InstructionSet::avx2,
                           tensoract::InstructionSet::avx512, tensoract::InstructionSet::neon}) {
        if (!tensoract::set_instruction_set(set)) {
            continue;
        }
        INFO(tensoract::to_string(set));
        const float big = -0x1p89F;
        CHECK(tensoract::softmax(Tensor<float>(Shape{}, {big}), 0).item() == 1.0F);
        for (std::int64_t n = 1; n <= 40; ++n) {
            Tensor<float> x(Shape{n});
            for (float& v : x) {
                v = big;
            }
            x.data()[0] = std::nextafter(big, 0.0F);  // the max; the others are 2^65 below it
            const Tensor<float> p = tensoract::softmax(x, 0);
            CHECK(p.data()[0] == 1.0F);
            for (std::int64_t i = 1; i < n; ++i) {
                CHECK(p.data()[i] == 0.0F);
            }
            const Tensor<double> pd = tensoract::softmax(Tensor<double>(Shape{n}, std::vector<double>(static_cast<std::size_t>(n), 1e300)), 0);
            CHECK(pd.data()[n - 1] == Approx(1.0 / static_cast<double>(n)).epsilon(1e-15));
        }
    }
    tensoract::set_instruction_set(tensoract::detail::best_instruction_set());
}

namespace {

// The softmax of a row in long double (64 mantissa bits on x86, 113 on AArch64: within ~2^-60
// relative of the exact value for these rows), rounded to T.
template <class T>
std::vector<T> exact_softmax(const std::vector<T>& x) {
    long double m = -std::numeric_limits<long double>::infinity();
    for (const T v : x) {
        m = std::max(m, static_cast<long double>(v));
    }
    long double sum = 0;
    for (const T v : x) {
        sum += std::exp(static_cast<long double>(v) - m);
    }
    std::vector<T> out;
    for (const T v : x) {
        out.push_back(static_cast<T>(std::exp(static_cast<long double>(v) - m) / sum));
    }
    return out;
}

// The operations along a dim that the bit-for-bit test below runs.
enum class AlongDim { softmax, softmin, log_softmax };

template <class T>
Tensor<T> along(const Tensor<T>& x, std::int64_t dim, AlongDim op) {
    switch (op) {
        case AlongDim::softmin: return tensoract::softmin(x, dim);
        case AlongDim::log_softmax: return tensoract::log_softmax(x, dim);
        default: return tensoract::softmax(x, dim);
    }
}

// along() of a copy of x computed in place.
template <class T>
Tensor<T> along_in_place(const Tensor<T>& x, std::int64_t dim, AlongDim op) {
    Tensor<T> y = x;
    switch (op) {
        case AlongDim::softmin: tensoract::softmin(y, y, dim); break;
        case AlongDim::log_softmax: tensoract::log_softmax(y, y, dim); break;
        default: tensoract::softmax_(y, dim); break;
    }
    return y;
}

// A 1-D row as the three columns of [n, 3], where softmax along dim 0 takes the strided kernel.
template <class T>
Tensor<T> three_columns(const Tensor<T>& row) {
    const std::int64_t n = row.numel();
    Tensor<T> columns(Shape{n, 3});
    for (std::int64_t i = 0; i < n; ++i) {
        for (std::int64_t j = 0; j < 3; ++j) {
            columns.at(i, j) = row[i];
        }
    }
    return columns;
}

}  // namespace

// softmax takes one of two paths per row: e^x directly where no term can overflow and none that
// matters is denormal (Constants::softmax_direct_max), else e^(x - max) with the difference kept
// exact. These rows sit on both sides of each condition.
TEMPLATE_TEST_CASE("softmax is within 2 ULP of the exact value on both of its paths", "[softmax]", float, double) {
    using T = TestType;
    constexpr T inf = std::numeric_limits<T>::infinity();
    const bool is_float = sizeof(T) == 4;
    struct Range {
        T lo;
        T hi;
    };
    // direct: max >= 0 (with terms far below, denormal or 0), or max < 0 with every x >= -80
    // (float; -700 for double); subtracted: max above 64 (512), or max < 0 with a term below -80
    const std::vector<Range> ranges = {
        {T(-1), T(1)},     {T(-10), T(10)},   {T(-30), T(30)},    {T(-63), T(63.9)}, {T(-79), T(-1)},
        {T(-100), T(-10)}, {T(-200), T(0.5)}, {T(-120), T(-0.5)}, {T(30), T(100)},   {T(-1e4), T(1e4)},
        {is_float ? T(-90) : T(-800), is_float ? T(-60) : T(-500)},
        {is_float ? T(-150) : T(-1000), is_float ? T(66) : T(520)},
    };
    const std::int64_t lengths[] = {1, 2, 3, 7, 10, 16, 17, 33, 100, 1000};
    tensoract::Generator gen(29);
    for (const auto set : {tensoract::InstructionSet::scalar, tensoract::InstructionSet::avx2,
                           tensoract::InstructionSet::avx512, tensoract::InstructionSet::neon}) {
        if (!tensoract::set_instruction_set(set)) {
            continue;
        }
        for (const Range r : ranges) {
            for (const std::int64_t n : lengths) {
                for (int trial = 0; trial < 8; ++trial) {
                    auto u = tensoract::rand<T>({n}, gen);
                    std::vector<T> x(u.begin(), u.end());
                    for (T& v : x) {
                        v = r.lo + (r.hi - r.lo) * v;
                    }
                    if (trial == 1 && n > 1) {
                        x[0] = -inf;  // a masked entry
                    }
                    if (trial == 2) {
                        x[static_cast<std::size_t>(n / 2)] = r.hi + T(40);  // one dominant entry
                    }
                    const auto exact = exact_softmax(x);
                    for (const bool min_dim : {false, true}) {
                        Tensor<T> in(Shape{n}, min_dim ? std::vector<T>(x.size()) : x);
                        if (min_dim) {  // softmin of -x is softmax of x
                            for (std::size_t i = 0; i < x.size(); ++i) {
                                in.data()[i] = -x[i];
                            }
                        }
                        const auto p = min_dim ? tensoract::softmin(in, 0) : tensoract::softmax(in, 0);
                        // the same row down a column of [n, 3]: the strided kernel
                        const Tensor<T> columns = three_columns(in);
                        const auto pc = min_dim ? tensoract::softmin(columns, 0) : tensoract::softmax(columns, 0);
                        for (std::int64_t i = 0; i < n; ++i) {
                            const auto k = static_cast<std::size_t>(i);
                            INFO(tensoract::to_string(set) << " range [" << r.lo << ", " << r.hi << "] n " << n
                                                           << " trial " << trial << " softmin " << min_dim << " element " << i
                                                           << ": x " << x[k] << " ours " << p[i] << " exact " << exact[k]
                                                           << " strided " << pc.at(i, 1));
                            REQUIRE(golden::ulp_distance(p[i], exact[k]) <= 2);
                            REQUIRE(p[i] <= T(1));
                            REQUIRE(golden::ulp_distance(pc.at(i, 1), exact[k]) <= 2);
                            REQUIRE(pc.at(i, 1) <= T(1));
                        }
                    }
                }
            }
        }
    }
    tensoract::set_instruction_set(tensoract::detail::best_instruction_set());
}

// A row's result does not depend on the rows beside it in the call, nor on being computed in
// place: the kernel reads a row while it takes the max (and reads it again where the row turns
// out to need the max subtracted), and after such a row it takes the max first. The same for
// the columns of a dim that is not the last, which the strided kernel decides one by one.
TEMPLATE_TEST_CASE("softmax softmin and log_softmax give a row the same bits alone and among other rows and in place", "[softmax]", float, double) {
    using T = TestType;
    const bool is_float = sizeof(T) == 4;
    const T big = is_float ? T(64) : T(512);    // softmax_direct_max
    const T low = is_float ? T(-90) : T(-800);  // below softmax_direct_min
    for (const std::int64_t n : {std::int64_t{37}, std::int64_t{1000}, std::int64_t{4099}}) {
        tensoract::Generator gen(41);
        // rows of each kind, in an order that changes the kernel's path between them: e^x
        // directly; an entry above `big` early, late, or last; max < 0 with an entry below
        // `low`, then direct rows again; NaN; a row at -inf; +inf; the largest finite value;
        // a -inf entry in a direct row; max < 0 with every entry above `low` (direct), and
        // its negation (the same for softmin)
        const int kinds = 14;
        Tensor<T> x = tensoract::rand<T>({kinds * 2, n}, gen);
        for (std::int64_t r = 0; r < kinds * 2; ++r) {
            T* row = x.data() + r * n;
            for (std::int64_t i = 0; i < n; ++i) {
                row[i] = T(20) * row[i] - T(10);
            }
            switch (r % kinds) {
                case 1: row[3] = big + T(1); break;
                case 2: row[n / 2] = big * T(1.5); break;
                case 3: row[n - 1] = big + T(0.5); break;
                case 4:
                    for (std::int64_t i = 0; i < n; ++i) {
                        row[i] = -std::abs(row[i]) - T(1);
                    }
                    row[n - 2] = low;
                    break;
                case 6: row[n / 3] = std::numeric_limits<T>::quiet_NaN(); break;
                case 7:
                    for (std::int64_t i = 0; i < n; ++i) {
                        row[i] = -std::numeric_limits<T>::infinity();
                    }
                    break;
                case 8: row[0] = big; break;  // the largest direct max
                case 9: row[n / 4] = std::numeric_limits<T>::infinity(); break;
                case 10: row[n - 1] = std::numeric_limits<T>::max(); break;
                case 11: row[1] = -std::numeric_limits<T>::infinity(); break;  // masked, direct
                case 12:
                case 13:
                    for (std::int64_t i = 0; i < n; ++i) {
                        row[i] = (r % kinds == 12 ? T(-1) : T(1)) * (std::abs(row[i]) + T(1));
                    }
                    break;
                default: break;
            }
        }
        for (const auto set : {tensoract::InstructionSet::scalar, tensoract::InstructionSet::avx2,
                               tensoract::InstructionSet::avx512, tensoract::InstructionSet::neon}) {
            if (!tensoract::set_instruction_set(set)) {
                continue;
            }
            for (const AlongDim op : {AlongDim::softmax, AlongDim::softmin, AlongDim::log_softmax}) {
                const Tensor<T> all = along(x, 1, op);
                const Tensor<T> in_place = along_in_place(x, 1, op);
                const std::int64_t rows = kinds * 2;
                for (std::int64_t r = 0; r < rows; ++r) {
                    Tensor<T> row(Shape{n}, std::vector<T>(x.data() + r * n, x.data() + (r + 1) * n));
                    const Tensor<T> alone = along(row, 0, op);
                    for (std::int64_t i = 0; i < n; ++i) {
                        INFO(tensoract::to_string(set) << " n " << n << " op " << static_cast<int>(op) << " row " << r << " element " << i);
                        REQUIRE(golden::same_value(alone[i], all.at(r, i)));
                        REQUIRE(golden::same_value(alone[i], in_place.at(r, i)));
                        // PyTorch's specials: NaN, +inf or all -inf (as softmax sees the
                        // row: softmin negates it) make the row NaN
                        const int kind = static_cast<int>(r % kinds);
                        REQUIRE(std::isnan(alone[i]) == (kind == 6 || kind == 7 || kind == (op == AlongDim::softmin ? 11 : 9)));
                    }
                }
                // the rows as the columns of [n, cols] (the strided kernel), each row many
                // times over: each column against the row as the three columns of [n, 3], and
                // in place. 308 columns: blocks of 4 vectors, the last one partial, on every
                // instruction set; rows 4 KB apart: blocks of 8 vectors.
                for (const std::int64_t cols : {11 * rows, std::int64_t{4096} / std::int64_t{sizeof(T)}}) {
                    Tensor<T> xt(Shape{n, cols});
                    for (std::int64_t i = 0; i < n; ++i) {
                        for (std::int64_t c = 0; c < cols; ++c) {
                            xt.data()[i * cols + c] = x.data()[(c % rows) * n + i];
                        }
                    }
                    const Tensor<T> all_t = along(xt, 0, op);
                    const Tensor<T> in_place_t = along_in_place(xt, 0, op);
                    for (std::int64_t r = 0; r < rows; ++r) {
                        Tensor<T> row(Shape{n}, std::vector<T>(x.data() + r * n, x.data() + (r + 1) * n));
                        const Tensor<T> alone_t = along(three_columns(row), 0, op);
                        // counted, then checked once: a REQUIRE per element would be most of
                        // the test's time
                        std::int64_t differ = 0;
                        std::int64_t first = -1;
                        for (std::int64_t i = 0; i < n; ++i) {
                            const T want = alone_t.data()[i * 3 + 1];
                            for (std::int64_t c = r; c < cols; c += rows) {
                                const bool same = golden::same_value(want, all_t.data()[i * cols + c]) &&
                                                  golden::same_value(want, in_place_t.data()[i * cols + c]);
                                if (!same) {
                                    first = differ == 0 ? i * cols + c : first;
                                    ++differ;
                                }
                            }
                        }
                        INFO(tensoract::to_string(set) << " n " << n << " cols " << cols << " op " << static_cast<int>(op)
                                                       << " row " << r << ": first differing element (i, c) = (" << first / cols
                                                       << ", " << first % cols << ")");
                        REQUIRE(differ == 0);
                    }
                }
            }
        }
    }
    tensoract::set_instruction_set(tensoract::detail::best_instruction_set());
}

// A single entry's softmax is 1 and two equal entries' 1/2, exactly, on either path (e^x
// rounded, then divided by itself, must not drift an ULP).
TEMPLATE_TEST_CASE("softmax of one entry is 1 and of two equal entries 1/2", "[softmax]", float, double) {
    using T = TestType;
    for (const auto set : {tensoract::InstructionSet::scalar, tensoract::InstructionSet::avx2,
                           tensoract::InstructionSet::avx512, tensoract::InstructionSet::neon}) {
        if (!tensoract::set_instruction_set(set)) {
            continue;
        }
        for (int i = 0; i <= 2000; ++i) {
            const T x = T(-100) + T(0.0825) * static_cast<T>(i) + T(1e-4) * static_cast<T>(i % 7);  // [-100, 65]
            INFO(tensoract::to_string(set) << " x " << x);
            REQUIRE(tensoract::softmax(Tensor<T>(Shape{}, {x}), 0).item() == T(1));
            REQUIRE(tensoract::softmax(Tensor<T>(Shape{1}, {x}), 0).item() == T(1));
            const auto two = tensoract::softmax(Tensor<T>(Shape{2}, {x, x}), 0);
            REQUIRE(two[0] == T(0.5));
            REQUIRE(two[1] == T(0.5));
            const auto dominant = tensoract::softmax(Tensor<T>(Shape{3}, {x, x - T(120), T(-1e30)}), 0);
            REQUIRE(dominant[0] == T(1));
        }
    }
    tensoract::set_instruction_set(tensoract::detail::best_instruction_set());
}

// The backward along a dim that is not the last reads each row's columns in chunks (of 2048
// floats or 1024 doubles, split evenly, the last vector partial): a column's bits must not
// depend on its chunk, its place in the chunk, the instruction set, or out being g or y.
// Each column of [n, cols] against the same column alone as the three columns of [n, 3].
TEMPLATE_TEST_CASE("softmax's backward along dim 0 gives each column the same bits as alone", "[softmax]", float, double) {
    using T = TestType;
    const std::int64_t n = 37;
    const std::int64_t chunk = sizeof(T) == 4 ? 2048 : 1024;
    tensoract::Generator gen(43);
    // one partial chunk; one whole chunk; three chunks, the last ending in a partial vector
    for (const std::int64_t cols : {std::int64_t{35}, chunk, 2 * chunk + 5}) {
        Tensor<T> g = tensoract::rand<T>({n, cols}, gen);
        Tensor<T> x = tensoract::rand<T>({n, cols}, gen);
        for (std::int64_t i = 0; i < n * cols; ++i) {
            g.data()[i] = T(4) * g.data()[i] - T(2);
            x.data()[i] = T(20) * x.data()[i] - T(10);
        }
        const Tensor<T> y = tensoract::softmax(x, 0);
        for (const auto set : {tensoract::InstructionSet::scalar, tensoract::InstructionSet::avx2,
                               tensoract::InstructionSet::avx512, tensoract::InstructionSet::neon}) {
            if (!tensoract::set_instruction_set(set)) {
                continue;
            }
            for (int op = 0; op < 3; ++op) {
                const auto backward = [op](const auto& gv, const auto& yv, auto&& out) {
                    switch (op) {
                        case 1: tensoract::softmin_backward(gv, yv, out, 0); break;
                        case 2: tensoract::log_softmax_backward(gv, yv, out, 0); break;
                        default: tensoract::softmax_backward(gv, yv, out, 0); break;
                    }
                };
                Tensor<T> all(Shape{n, cols});
                backward(g, y, all);
                Tensor<T> into_g = g;
                backward(into_g, y, into_g);
                Tensor<T> into_y = y;
                backward(g, into_y, into_y);
                std::int64_t differ = 0;
                std::int64_t first = -1;
                for (std::int64_t c = 0; c < cols; ++c) {
                    Tensor<T> gc(Shape{n, 3});
                    Tensor<T> yc(Shape{n, 3});
                    for (std::int64_t i = 0; i < n; ++i) {
                        for (std::int64_t j = 0; j < 3; ++j) {
                            gc.at(i, j) = g.at(i, c);
                            yc.at(i, j) = y.at(i, c);
                        }
                    }
                    Tensor<T> alone(Shape{n, 3});
                    backward(gc, yc, alone);
                    for (std::int64_t i = 0; i < n; ++i) {
                        const T want = alone.at(i, 1);
                        if (!golden::same_value(want, all.at(i, c)) || !golden::same_value(want, into_g.at(i, c)) ||
                            !golden::same_value(want, into_y.at(i, c))) {
                            first = differ == 0 ? i * cols + c : first;
                            ++differ;
                        }
                    }
                }
                INFO(tensoract::to_string(set) << " cols " << cols << " op " << op << ": first differing element (i, c) = ("
                                               << first / cols << ", " << first % cols << ")");
                REQUIRE(differ == 0);
            }
        }
    }
    tensoract::set_instruction_set(tensoract::detail::best_instruction_set());
}

// Rows of at most one vector take a shortcut (softmax_one_vector) that must round as the
// general row kernel does: the same bits on every instruction set (the scalar backend takes
// the general kernel for every row longer than 1) and along dim 0. Entries spread over less
// than e^10, so that the double sum of a row's terms is exact in any order; rows about 0
// take e^x directly, rows about 100 subtract the max first.
TEMPLATE_TEST_CASE("softmax rows of one vector give the same bits on every instruction set and along dim 0", "[softmax]", float, double) {
    using T = TestType;
    tensoract::Generator gen(47);
    for (const T centre : {T(0), T(100)}) {
        for (const std::int64_t n : {1, 2, 3, 7, 8, 9, 15, 16, 17}) {
            Tensor<T> x = tensoract::rand<T>({64, n}, gen);
            for (T& v : x) {
                v = centre + T(10) * v - T(5);
            }
            REQUIRE(tensoract::set_instruction_set(tensoract::InstructionSet::scalar));
            const Tensor<T> want = tensoract::softmax(x, 1);
            const Tensor<T> want_min = tensoract::softmin(x, 1);
            for (const auto set : {tensoract::InstructionSet::avx2, tensoract::InstructionSet::avx512, tensoract::InstructionSet::neon}) {
                if (!tensoract::set_instruction_set(set)) {
                    continue;
                }
                const Tensor<T> got = tensoract::softmax(x, 1);
                const Tensor<T> got_min = tensoract::softmin(x, 1);
                std::int64_t differ = 0;
                for (std::int64_t r = 0; r < 64; ++r) {
                    Tensor<T> row(Shape{n});
                    for (std::int64_t i = 0; i < n; ++i) {
                        row[i] = x.at(r, i);
                    }
                    const Tensor<T> along0 = tensoract::softmax(three_columns(row), 0);  // the strided kernel
                    for (std::int64_t i = 0; i < n; ++i) {
                        differ += golden::same_value(want.at(r, i), got.at(r, i)) ? 0 : 1;
                        differ += golden::same_value(want_min.at(r, i), got_min.at(r, i)) ? 0 : 1;
                        differ += golden::same_value(want.at(r, i), along0.at(i, 1)) ? 0 : 1;
                    }
                }
                INFO(tensoract::to_string(set) << " centre " << centre << " n " << n);
                CHECK(differ == 0);
            }
        }
    }
    tensoract::set_instruction_set(tensoract::detail::best_instruction_set());
}

// Terms below the normal range (denormal, or 0 for x - max below about -104 in float), -inf
// entries (a mask) and partial last vectors: AVX-512 scales those lanes as integers
// (scale_below_normal), a partial vector's padding as e^0 then 0 (exp_diff_padded). Every
// instruction set must give the scalar backend's bits, along the last dim and along dim 0;
// double may differ in the last bit (docs/api.md: its row sums are added in another order),
// which shows where a result is denormal.
TEMPLATE_TEST_CASE("softmax terms below the normal range and -inf entries give the same bits on every instruction set", "[softmax]",
                   float, double) {
    using T = TestType;
    constexpr T inf = std::numeric_limits<T>::infinity();
    // offsets from the row's max: normal, denormal and zero terms in float, and in double
    const T offsets[] = {T(0), T(-3), T(-80), T(-88.5), T(-95), T(-103.5), T(-104.5), T(-200), T(-700), T(-709), T(-740), T(-745.5), T(-800), -inf};
    tensoract::Generator gen(53);
    for (const T centre : {T(0), T(30), T(-20), T(500)}) {
        for (const std::int64_t n : {1, 5, 16, 17, 40, 1031}) {
            Tensor<T> x = tensoract::rand<T>({6, n}, gen);
            std::int64_t k = 0;
            for (T& v : x) {
                // the first entry of each row is its max; the others sit at the offsets, a
                // little below them (by up to 0.5)
                v = k % n == 0 ? centre : centre + offsets[(k * 7 + k / n) % std::size(offsets)] - T(0.5) * v;
                ++k;
            }
            Tensor<T> negated(Shape{6, n});
            Tensor<T> columns(Shape{n, 6});
            for (std::int64_t r = 0; r < 6; ++r) {
                for (std::int64_t i = 0; i < n; ++i) {
                    negated.at(r, i) = -x.at(r, i);
                    columns.at(i, r) = x.at(r, i);
                }
            }
            REQUIRE(tensoract::set_instruction_set(tensoract::InstructionSet::scalar));
            const Tensor<T> want = tensoract::softmax(x, 1);
            const Tensor<T> want_min = tensoract::softmin(negated, 1);
            const Tensor<T> want0 = tensoract::softmax(columns, 0);
            for (const auto set : {tensoract::InstructionSet::avx2, tensoract::InstructionSet::avx512, tensoract::InstructionSet::neon}) {
                if (!tensoract::set_instruction_set(set)) {
                    continue;
                }
                const Tensor<T> got = tensoract::softmax(x, 1);
                const Tensor<T> got_min = tensoract::softmin(negated, 1);
                const Tensor<T> got0 = tensoract::softmax(columns, 0);
                const auto agree = [](T a, T b) {
                    return golden::same_value(a, b) ||
                           (std::is_same_v<T, double> && (std::nextafter(a, inf) == b || std::nextafter(a, -inf) == b));
                };
                std::int64_t differ = 0;
                for (std::int64_t r = 0; r < 6; ++r) {
                    for (std::int64_t i = 0; i < n; ++i) {
                        differ += agree(want.at(r, i), got.at(r, i)) ? 0 : 1;
                        differ += agree(want_min.at(r, i), got_min.at(r, i)) ? 0 : 1;
                        differ += agree(want0.at(i, r), got0.at(i, r)) ? 0 : 1;
                    }
                }
                INFO(tensoract::to_string(set) << " centre " << centre << " n " << n);
                CHECK(differ == 0);
            }
        }
    }
    tensoract::set_instruction_set(tensoract::detail::best_instruction_set());
}

// A result below the normal range from normal terms (a row whose max is far above its other
// entries, on the path without the max subtracted) comes from softmax_times' scaled product:
// e (hi + lo) taken up by 2^80 (2^400 for double), where nothing underflows, then back down
// into the denormals with one rounding, formed as integers. It is within half a unit of the
// smallest denormal of e/sum, plus the terms' own relative error, which at results below
// 2^-135 (float; 2^-1060 double), 2^14 units, is under 2^-9 of a unit.
TEMPLATE_TEST_CASE("softmax results below the normal range are within half a denormal unit", "[softmax]", float, double) {
    using T = TestType;
    const bool is_float = sizeof(T) == 4;
    const long double unit = is_float ? 0x1p-149L : 0x1p-1074L;
    const long double small = is_float ? 0x1p-135L : 0x1p-1060L;
    const T top = is_float ? T(50) : T(400);               // the max, within the direct path's reach
    const T lo = is_float ? T(-80) : T(-700);              // e^lo is normal
    const T hi = is_float ? T(-36) : T(-306);              // e^(hi - top) is below the normal range
    tensoract::Generator gen(61);
    std::int64_t checked = 0;
    for (const auto set : {tensoract::InstructionSet::scalar, tensoract::InstructionSet::avx2,
                           tensoract::InstructionSet::avx512, tensoract::InstructionSet::neon}) {
        if (!tensoract::set_instruction_set(set)) {
            continue;
        }
        for (const std::int64_t n : {2, 9, 16, 40, 1000}) {
            for (int trial = 0; trial < 4; ++trial) {
                auto u = tensoract::rand<T>({n}, gen);
                std::vector<T> x(u.begin(), u.end());
                for (T& v : x) {
                    v = lo + (hi - lo) * v;
                }
                x[static_cast<std::size_t>(trial % n)] = top;
                long double sum = 0;
                for (const T v : x) {
                    sum += std::exp(static_cast<long double>(v) - top);
                }
                Tensor<T> in(Shape{n}, x);
                Tensor<T> negated(Shape{n});
                for (std::int64_t i = 0; i < n; ++i) {
                    negated[i] = -x[static_cast<std::size_t>(i)];
                }
                const auto p = tensoract::softmax(in, 0);
                const auto pm = tensoract::softmin(negated, 0);
                const Tensor<T> columns = three_columns(in);
                const auto pc = tensoract::softmax(columns, 0);
                for (std::int64_t i = 0; i < n; ++i) {
                    const long double exact = std::exp(static_cast<long double>(x[static_cast<std::size_t>(i)]) - top) / sum;
                    if (exact >= small) {
                        continue;
                    }
                    ++checked;
                    const long double tolerance = 0.5L + 0x1p-9L;
                    INFO(tensoract::to_string(set) << " n " << n << " trial " << trial << " element " << i << ": exact "
                                                   << static_cast<double>(exact / unit) << " units, ours " << static_cast<double>(p[i] / unit)
                                                   << ", softmin " << static_cast<double>(pm[i] / unit) << ", strided "
                                                   << static_cast<double>(pc.at(i, 1) / unit));
                    REQUIRE(std::fabs(p[i] / unit - exact / unit) <= tolerance);
                    REQUIRE(std::fabs(pm[i] / unit - exact / unit) <= tolerance);
                    REQUIRE(std::fabs(pc.at(i, 1) / unit - exact / unit) <= tolerance);
                }
            }
        }
    }
    tensoract::set_instruction_set(tensoract::detail::best_instruction_set());
    REQUIRE(checked > 1000);
}

// The float kernels form y (g - d) in double where a y is tiny but not 0 (no microcode assist
// on Intel); the product must still be the element type's product, rounded once. y[0] = 1 and
// g[0] = 1/2 make d = sum(g y) exactly 1/2, the other terms being far below its last bit.
TEMPLATE_TEST_CASE("softmax_backward of tiny and denormal y is y (g - d) rounded once, on every instruction set", "[softmax]",
                   float, double) {
    using T = TestType;
    const T min_normal = std::numeric_limits<T>::min();
    tensoract::Generator gen(67);
    std::int64_t checked = 0;
    for (const auto set : {tensoract::InstructionSet::scalar, tensoract::InstructionSet::avx2,
                           tensoract::InstructionSet::avx512, tensoract::InstructionSet::neon}) {
        if (!tensoract::set_instruction_set(set)) {
            continue;
        }
        for (const std::int64_t n : {2, 5, 16, 37, 1000}) {
            const auto u = tensoract::rand<T>({n}, gen);
            const auto w = tensoract::rand<T>({n}, gen);
            Tensor<T> y(Shape{n});
            Tensor<T> g(Shape{n});
            for (std::int64_t i = 0; i < n; ++i) {
                const T sign = w[i] < T(0.5) ? T(-1) : T(1);
                switch (i % 5) {
                    case 0: y[i] = sign * u[i] * min_normal; break;                 // denormal
                    case 1: y[i] = sign * u[i] * min_normal * T(0x1p20); break;     // tiny, normal
                    case 2: y[i] = T(0); break;                                     // masked
                    case 3: y[i] = sign * u[i] * T(0x1p-95); break;                 // products normal
                    default: y[i] = sign * u[i] * min_normal * T(0x1p-10); break;   // deep denormal
                }
                g[i] = T(2) * w[i] - T(1);
            }
            y[0] = T(1);
            g[0] = T(0.5);
            const auto out = tensoract::softmax_backward(g, y, 0);
            const auto out_min = tensoract::softmin_backward(g, y, 0);
            const auto out_columns = tensoract::softmax_backward(three_columns(g), three_columns(y), 0);
            for (std::int64_t i = 1; i < n; ++i) {
                const T expected = y[i] * (g[i] - T(0.5));
                INFO(tensoract::to_string(set) << " n " << n << " element " << i << ": y " << y[i] << " g " << g[i]
                                               << " expected " << expected << " ours " << out[i]);
                REQUIRE(golden::same_value(out[i], expected));
                REQUIRE(golden::same_value(out_min[i], T(-expected)));
                REQUIRE(golden::same_value(out_columns.at(i, 2), expected));
                checked += std::fabs(expected) < min_normal && expected != T(0);
            }
        }
    }
    tensoract::set_instruction_set(tensoract::detail::best_instruction_set());
    REQUIRE(checked > 50);
}

// log_softmax_backward's g - e^y d with e^y below the normal range (y < -87.3 in float) is
// formed without an FMA on a denormal operand where the result allows; it must still be the
// FMA's bits. e^y itself comes from a first call with g = (-1, 0, 0, ...), whose d = -1 makes
// each result e^y exactly; the second call's g are chosen so that d = sum(g) is exact.
TEST_CASE("log_softmax_backward with e^y below the normal range is the FMA g - e^y d, on every instruction set", "[softmax]") {
    tensoract::Generator gen(71);
    std::int64_t checked_denormal = 0;
    std::int64_t checked_big = 0;
    for (const auto set : {tensoract::InstructionSet::scalar, tensoract::InstructionSet::avx2,
                           tensoract::InstructionSet::avx512, tensoract::InstructionSet::neon}) {
        if (!tensoract::set_instruction_set(set)) {
            continue;
        }
        for (const std::int64_t n : {3, 16, 37, 1000}) {
            for (int trial = 0; trial < 3; ++trial) {
                const auto u = tensoract::rand<float>({n}, gen);
                const auto w = tensoract::rand<float>({n}, gen);
                Tensor<float> y(Shape{n});
                for (std::int64_t i = 0; i < n; ++i) {
                    switch (i % 6) {
                        case 0: y[i] = -87.4F - 16.0F * u[i]; break;  // e^y denormal
                        case 1: y[i] = -80.0F - 7.0F * u[i]; break;   // e^y normal
                        case 2: y[i] = -std::numeric_limits<float>::infinity(); break;
                        case 3: y[i] = -150.0F * u[i]; break;
                        case 4: y[i] = -100.0F - 4.0F * u[i]; break;
                        default: y[i] = -110.0F; break;               // e^y 0
                    }
                }
                y[0] = 0.0F;
                Tensor<float> one_hot(Shape{n});
                one_hot[0] = -1.0F;
                const auto e = tensoract::log_softmax_backward(one_hot, y, 0);
                // trial 0: g of magnitude 1 or 0; 1: 2^100 or 0, with 2^-20 and 1 beside them
                // (which vanish from d's sum where a big term is in it); 2: the same with 2^117
                Tensor<float> g(Shape{n});
                double big_sum = 0;
                double small_sum = 0;  // exact, and lost beside any big term
                for (std::int64_t i = 0; i < n; ++i) {
                    const int pick = static_cast<int>(w[i] * 8.0F);
                    if (trial == 0) {
                        g[i] = pick < 3 ? 0.0F : static_cast<float>(pick - 5) * 0.25F;
                        small_sum += g[i];
                    } else {
                        const float big = trial == 1 ? 0x1p100F : 0x1p117F;
                        g[i] = pick < 3 ? 0.0F : (pick == 3 ? 0x1p-20F : (pick == 4 ? 1.0F : big));
                        (g[i] == big ? big_sum : small_sum) += g[i];
                    }
                }
                const auto d = static_cast<float>(big_sum != 0 ? big_sum : small_sum);
                const auto ours = tensoract::log_softmax_backward(g, y, 0);
                const auto ours_columns = tensoract::log_softmax_backward(three_columns(g), three_columns(y), 0);
                for (std::int64_t i = 1; i < n; ++i) {
                    const float expected = std::fma(-e[i], d, g[i]);
                    INFO(tensoract::to_string(set) << " n " << n << " trial " << trial << " element " << i << ": y " << y[i]
                                                   << " e " << e[i] << " g " << g[i] << " d " << d << " expected "
                                                   << expected << " ours " << ours[i]);
                    REQUIRE(golden::same_value(ours[i], expected));
                    REQUIRE(golden::same_value(ours_columns.at(i, 1), expected));
                    const bool denormal = e[i] > 0.0F && e[i] < std::numeric_limits<float>::min();
                    checked_denormal += denormal;
                    checked_big += denormal && g[i] != 0.0F && std::fabs(e[i] * static_cast<double>(d)) * 0x1p26 >= std::fabs(g[i]);
                }
            }
        }
    }
    tensoract::set_instruction_set(tensoract::detail::best_instruction_set());
    REQUIRE(checked_denormal > 200);
    REQUIRE(checked_big > 5);  // lanes that must take the FMA itself
}
