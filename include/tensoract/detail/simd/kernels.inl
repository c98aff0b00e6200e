// tensoract — the kernels, written once over the SIMD layer (Ops<T> of the including
// namespace). No include guard: dispatch.hpp includes this file once per instruction set,
// inside namespace tensoract::detail::<set> and inside that set's target region, so every
// function here is compiled for it. No lambdas: target pragmas do not reach them.
//
// The accurate kernels are quotients of sums that carry more than the element type's
// precision, divided with one division and one residual correction, so the result is rounded
// once from a value within ~2^-28 (float) of the exact one: max error 1 ULP, proven by the
// exhaustive test over every float. sigmoid and the derivatives write e^-|x| = 2^n (th + c)
// (table-driven, th exact from the table, c small) and form (th + c) / (1 + e^-|x|), a value
// in [1/2, 2), scaling by 2^n only at the end: nothing in between can underflow. tanh's
// 1 - e^-2|x| cancels, so it keeps the exponential with an exact high part (exp_parts).

template <class T>
struct Math {
    using O = Ops<T>;
    using V = typename O::V;
    using M = typename O::M;
    using C = simd::Constants<T>;

    // ---- table-driven e^z, for sigmoid, the derivatives and softmax ----

    struct ExpSplit {
        V n;   // e^z = 2^floor(n) (th + c), n = k/N (O::scale floors it)
        V th;  // 2^(j/N) rounded, from the table: exact, in [1, 2)
        V c;   // th * (e^r - 1) + table low part: |c| < 0.025 th (float), rel. error ~2^-29
    };

    /// e^(z + z_lo) for z in [-(2^13 ln2/N) (float), 0] (or NaN), given r = z - k ln2_hi/N.
    TENSORACT_INLINE static ExpSplit exp_split_reduced(V kb, V r) noexcept {
        const V k = O::sub(kb, O::set1(C::magic));
        constexpr int terms = static_cast<int>(std::extent_v<decltype(C::exp_poly)>);
        V p = O::set1(C::exp_poly[terms - 1]);
        for (int i = terms - 2; i >= 0; --i) {
            p = O::fma(p, r, O::set1(C::exp_poly[i]));
        }
        const V em1 = O::fma(O::mul(r, r), p, r);  // e^r - 1, rounded once
        // kb's low bits are k's: the lookup takes j = k mod N from them
        const V th = O::lookup(C::exp_table_hi, kb);
        const V c = O::fma(th, em1, O::lookup(C::exp_table_lo, kb));
        return {O::mul(k, O::set1(T(1) / T(C::exp_table_size))), th, c};
    }

    TENSORACT_INLINE static V exp_round(V z) noexcept { return O::fma(z, O::set1(C::exp_table_scale), O::set1(C::magic)); }

    TENSORACT_INLINE static ExpSplit exp_split(V z) noexcept {
        const V kb = exp_round(z);
        const V k = O::sub(kb, O::set1(C::magic));
        const V r = O::fnma(k, O::set1(C::exp_reduce_lo), O::fnma(k, O::set1(C::exp_reduce_hi), z));
        return exp_split_reduced(kb, r);
    }

    TENSORACT_INLINE static ExpSplit exp_split(V z, V z_lo) noexcept {
        const V kb = exp_round(z);
        const V k = O::sub(kb, O::set1(C::magic));
        const V r_hi = O::fnma(k, O::set1(C::exp_reduce_hi), z);  // exact (Sterbenz)
        return exp_split_reduced(kb, O::add(r_hi, O::fnma(k, O::set1(C::exp_reduce_lo), z_lo)));
    }

    struct OnePlus {
        V hi;  // 1 + 2^n (th + c) = hi + lo, to ~2^-48 (float)
        V lo;
        V r;   // 1 / (hi + lo), rounded
    };

    /// 1 + e^z from its split, e^z <= 1. Below 2^scale_floor, e^z's low part is scaled by
    /// 2^scale_floor instead: it cannot matter there, and it stays normal.
    TENSORACT_INLINE static OnePlus one_plus(const ExpSplit& e, V n_hi) noexcept {
        const V one = O::set1(T(1));
        const V e_hi = O::scale(e.th, n_hi);
        const V e_lo = O::scale(e.c, O::max(e.n, O::set1(C::scale_floor)));
        const V hi = O::add(one, e_hi);
        const V lo = O::add(O::add(O::sub(one, hi), e_hi), e_lo);  // Fast2Sum, plus e_lo
        return {hi, lo, O::div(one, O::add(hi, lo))};
    }

    struct Quotient {
        V q;     // num / d, within an ULP or so
        V corr;  // num / d = q + corr to ~2^-45 (float) relative
    };

    /// (a + b) / (d.hi + d.lo), b small against a or a = 0: q from the rounded reciprocal,
    /// then the residual a + b - q d (its first term exact, an FMA) divided by d.
    TENSORACT_INLINE static Quotient quotient(V a, V b, const OnePlus& d) noexcept {
        const V q = O::mul(O::add(a, b), d.r);
        const V res = O::fnma(q, d.lo, O::add(O::fnma(q, d.hi, a), b));
        return {q, O::mul(res, d.r)};
    }

    /// 1 / (1 + e^-x): error <= 1 ULP (measured 0.53); results below the smallest normal
    /// are 0, never a denormal.
    ///
    /// With e = e^-|x| = 2^n (th + c): sigmoid(|x|) = 1/(1 + e) and sigmoid(-|x|) =
    /// 2^n (th + c)/(1 + e), so that the quotient is in [1/2, 2) and is scaled last (exactly).
    /// Nothing here goes through a denormal, which would cost this CPU's FPU microcode assists:
    /// |x| below tiny is computed as tiny (the result rounds to 1/2 either way) and above a_max
    /// as a_max (the result is 1 or, flushed, 0 from there).
    TENSORACT_INLINE static V sigmoid(V x) noexcept {
        const V zero = O::set1(T(0));
        const V a = O::min(O::set1(C::sigmoid_a_max), O::max(O::set1(C::tiny), O::abs(x)));  // NaN stays NaN
        const M positive = O::gt(x, zero);
        const ExpSplit e = exp_split(O::neg(a));
        const OnePlus d = one_plus(e, e.n);
        const Quotient s = quotient(O::select(positive, O::set1(T(1)), e.th), O::select(positive, zero, e.c), d);
        const V y = O::scale(O::add(s.q, s.corr), O::select(positive, zero, e.n));
        return O::select(O::lt(x, O::set1(-C::sigmoid_a_max)), zero, y);
    }

    /// scale * e^z / (1 + e^z)^2 for z = -factor*|x| <= 0: the logistic derivative (scale 1,
    /// factor 1) and tanh's (scale 4, factor 2). The product of the two quotients
    /// 1/(1 + e^z) and (th + c)/(1 + e^z) is formed from their unrounded parts (with the exact
    /// error of q1*q2), rounded once and scaled by 2^n: error <= 1 ULP (a second rounding
    /// where the result is denormal: <= 1 ULP of the denormal spacing there).
    TENSORACT_INLINE static V logistic_product(V x, T factor, T log2_scale) noexcept {
        const V a = O::min(O::set1(-C::exp_z_min), O::max(O::set1(C::tiny), O::mul(O::abs(x), O::set1(factor))));
        const ExpSplit e = exp_split(O::neg(a));
        // 1 + e^z is 1 to the last bit below 2^scale_floor: clamped, nothing there is denormal
        const OnePlus d = one_plus(e, O::max(e.n, O::set1(C::scale_floor)));
        const Quotient s1 = quotient(O::set1(T(1)), O::set1(T(0)), d);  // 1 / (1 + e^z)
        const Quotient s2 = quotient(e.th, e.c, d);                      // e^z / (1 + e^z) / 2^n
        const V h = O::mul(s1.q, s2.q);
        V low = O::fms(s1.q, s2.q, h);  // exact: q1*q2 = h + low
        low = O::fma(s1.q, s2.corr, low);
        low = O::fma(s2.q, s1.corr, low);
        return O::scale(O::add(h, low), O::add(e.n, O::set1(log2_scale)));
    }

    TENSORACT_INLINE static V sigmoid_derivative(V x) noexcept { return logistic_product(x, T(1), T(0)); }
    TENSORACT_INLINE static V tanh_derivative(V x) noexcept { return logistic_product(x, T(2), T(2)); }

    /// e^(x - m) for x <= m (m a row's max), rounded once (twice where it is denormal): the
    /// difference is carried exactly (TwoSum) and clamped below at exp_z_min, where e^z is 0
    /// even as a denormal, so the error is that of the last rounding plus ~2^-28 (float), for
    /// any magnitude of x and m. -inf gives 0; a row holding NaN or +inf, or all -inf, gives NaN
    /// (inf - inf), as PyTorch.
    TENSORACT_INLINE static V exp_diff(V x, V m) noexcept {
        const V b = O::neg(m);
        const V s = O::add(x, b);
        const V bb = O::sub(s, x);
        const V s_lo = O::add(O::sub(x, O::sub(s, bb)), O::sub(b, bb));
        const V z_min = O::set1(C::exp_z_min);
        const M under = O::lt(s, z_min);                  // also -inf (and s_lo is NaN there)
        const V z = O::max(z_min, s);                     // NaN stays NaN
        const ExpSplit e = exp_split(z, O::select(under, O::set1(T(0)), s_lo));
        return O::scale(O::add(e.th, e.c), e.n);
    }

    // ---- e^z with an exact high part, for tanh ----

    struct Exp {
        V nb;    // n + magic: n in the low bits
        V v_hi;  // e^z / 2^n = v_hi + v_lo, v in [0.70, 1.42], |v_lo| <= ulp(v_hi)/2
        V v_lo;
    };

    /// e^z for z in [exp_z_min, 0] (or NaN).
    TENSORACT_INLINE static Exp exp_parts(V z) noexcept {
        const V magic = O::set1(C::magic);
        const V nb = O::fma(z, O::set1(C::log2e), magic);
        const V n = O::sub(nb, magic);
        const V t_hi = O::fnma(n, O::set1(C::ln2_hi), z);  // exact
        const V t_lo = O::mul(n, O::set1(-C::ln2_lo));
        const V t = O::add(t_hi, t_lo);
        V p = O::set1(C::poly[C::poly_degree]);
        for (int i = C::poly_degree - 1; i >= 0; --i) {
            p = O::fma(p, t, O::set1(C::poly[i]));
        }
        const V w = O::fma(O::mul(t, t), p, t_lo);  // e^t - 1 - t_hi
        const V one = O::set1(T(1));
        const V s_hi = O::add(one, t_hi);
        const V s_lo = O::add(O::sub(t_hi, O::sub(s_hi, one)), w);
        // renormalise, so that v_lo is within half an ULP of v_hi: the quotient below
        // corrects to first order in the low parts only
        const V v_hi = O::add(s_hi, s_lo);
        const V v_lo = O::sub(s_lo, O::sub(v_hi, s_hi));
        return {nb, v_hi, v_lo};
    }

    /// 2^-n, from nb = n + magic; needs -n in the normal exponent range.
    TENSORACT_INLINE static V pow2_neg(V nb) noexcept {
        const auto k = O::int_set1(C::magic_bits + C::exponent_bias);
        return O::from_bits(O::template int_shl<C::mantissa_bits>(O::int_sub(k, O::bits(nb))));
    }

    /// tanh(x) = (1 - e^-2|x|) / (1 + e^-2|x|) with x's sign: error <= 1 ULP.
    ///
    /// Formed in the unscaled domain (numerator and denominator multiplied by p = 2^-n):
    /// (p - v)/(p + v), both exact hi + lo pairs (Fast2Sum), one division and one residual
    /// correction.
    TENSORACT_INLINE static V tanh(V x) noexcept {
        const V a = O::abs(x);
        // computed on [x_small, x_max]: below, the result is x (selected at the end), and a
        // denormal x must not reach the arithmetic
        const V z = O::mul(O::min(O::set1(C::tanh_x_max), O::max(O::set1(C::tanh_x_small), a)), O::set1(T(-2)));
        const Exp e = exp_parts(z);
        const V p = pow2_neg(e.nb);
        const V d_hi = O::add(p, e.v_hi);
        const V d_lo = O::add(O::sub(e.v_hi, O::sub(d_hi, p)), e.v_lo);
        const V num_hi = O::sub(p, e.v_hi);  // Fast2Sum: p >= v_hi's binade
        const V num_lo = O::sub(O::sub(O::sub(p, num_hi), e.v_hi), e.v_lo);
        const V r = O::div(O::set1(T(1)), d_hi);
        const V q = O::mul(num_hi, r);
        const V res = O::fnma(q, d_lo, O::add(O::fnma(q, d_hi, num_hi), num_lo));
        V t = O::fma(res, r, q);
        t = O::select(O::lt(a, O::set1(C::tanh_x_small)), a, t);
        return O::xor_sign(t, x);
    }

    TENSORACT_INLINE static V relu(V x) noexcept { return O::select(O::lt(x, O::set1(T(0))), O::set1(T(0)), x); }
    TENSORACT_INLINE static V relu_derivative(V x) noexcept {
        return O::select(O::le(x, O::set1(T(0))), O::set1(T(0)), O::set1(T(1)));
    }
    TENSORACT_INLINE static V sigmoid_backward(V g, V y) noexcept {
        return O::mul(O::mul(g, O::sub(O::set1(T(1)), y)), y);  // PyTorch's order
    }
    TENSORACT_INLINE static V tanh_backward(V g, V y) noexcept {
        const V one = O::set1(T(1));
        return O::mul(g, O::mul(O::sub(one, y), O::add(one, y)));
    }
    TENSORACT_INLINE static V relu_backward(V g, V y) noexcept { return O::select(O::le(y, O::set1(T(0))), O::set1(T(0)), g); }
};

/// Outputs of at least this many bytes are written with streaming stores: they would not stay
/// in the last-level cache anyway, and skipping it saves the read-for-ownership.
inline constexpr std::int64_t streaming_bytes = std::int64_t{32} << 20;

/// Where the output starts being aligned for streaming stores, if it ever is (element count).
template <class T>
std::int64_t streaming_head(const T* y) noexcept {
    constexpr auto vector_bytes = static_cast<std::uintptr_t>(Ops<T>::lanes) * sizeof(T);
    const auto misalign = reinterpret_cast<std::uintptr_t>(y) % vector_bytes;
    if (misalign % sizeof(T) != 0) {
        return -1;
    }
    return misalign == 0 ? 0 : static_cast<std::int64_t>((vector_bytes - misalign) / sizeof(T));
}

template <class T, class F>
void map_unary(const T* x, T* y, std::int64_t n) noexcept {
    using O = Ops<T>;
    constexpr std::int64_t L = O::lanes;
    std::int64_t i = 0;
    const std::int64_t head = n * static_cast<std::int64_t>(sizeof(T)) >= streaming_bytes && L > 1 ? streaming_head(y) : -1;
    if (head >= 0) {
        // Align the output; the head goes through the same instructions, masked.
        if (head > 0) {
            O::store_partial(y, F::apply(O::load_partial(x, head)), head);
            i = head;
        }
        for (; i + L <= n; i += L) {
            O::stream(y + i, F::apply(O::load(x + i)));
        }
        O::stream_fence();
    }
    for (; i + L <= n; i += L) {
        O::store(y + i, F::apply(O::load(x + i)));
    }
    if (i < n) {
        O::store_partial(y + i, F::apply(O::load_partial(x + i, n - i)), n - i);
    }
}

template <class T, class F>
void map_binary(const T* a, const T* b, T* y, std::int64_t n) noexcept {
    using O = Ops<T>;
    constexpr std::int64_t L = O::lanes;
    std::int64_t i = 0;
    const std::int64_t head = n * static_cast<std::int64_t>(sizeof(T)) >= streaming_bytes && L > 1 ? streaming_head(y) : -1;
    if (head >= 0) {
        if (head > 0) {
            O::store_partial(y, F::apply(O::load_partial(a, head), O::load_partial(b, head)), head);
            i = head;
        }
        for (; i + L <= n; i += L) {
            O::stream(y + i, F::apply(O::load(a + i), O::load(b + i)));
        }
        O::stream_fence();
    }
    for (; i + L <= n; i += L) {
        O::store(y + i, F::apply(O::load(a + i), O::load(b + i)));
    }
    if (i < n) {
        O::store_partial(y + i, F::apply(O::load_partial(a + i, n - i), O::load_partial(b + i, n - i)), n - i);
    }
}

/// A sum of T vectors carried per lane in double: floats are widened (two double vectors),
/// doubles summed with Kahan's compensation, so that rows of any length lose no digits.
template <class T>
struct LaneSum;

template <>
struct LaneSum<float> {
    using O = Ops<float>;
    using W = Ops<double>;
    typename W::V lo;
    typename W::V hi;
    // user-provided, not defaulted: an implicit constructor would miss the target region
    TENSORACT_INLINE LaneSum() noexcept : lo(W::set1(0.0)), hi(W::set1(0.0)) {}
    TENSORACT_INLINE void add(O::V v) noexcept {
        lo = W::add(lo, O::widen_lo(v));
        hi = W::add(hi, O::widen_hi(v));
    }
    TENSORACT_INLINE void add_product(O::V a, O::V b) noexcept {
        lo = W::fma(O::widen_lo(a), O::widen_lo(b), lo);
        hi = W::fma(O::widen_hi(a), O::widen_hi(b), hi);
    }
    TENSORACT_INLINE [[nodiscard]] double total() const noexcept { return W::reduce_add(W::add(lo, hi)); }
    /// Per lane: scale / sum, rounded to float.
    TENSORACT_INLINE [[nodiscard]] O::V reciprocal_lanes() const noexcept {
        const auto one = W::set1(1.0);
        return O::narrow(W::div(one, lo), W::div(one, hi));
    }
    TENSORACT_INLINE [[nodiscard]] O::V lanes() const noexcept { return O::narrow(lo, hi); }
};

template <>
struct LaneSum<double> {
    using O = Ops<double>;
    O::V sum;
    O::V comp;  // Kahan: what the last additions lost, negated
    TENSORACT_INLINE LaneSum() noexcept : sum(O::set1(0.0)), comp(O::set1(0.0)) {}
    TENSORACT_INLINE void add(O::V v) noexcept {
        const O::V y = O::sub(v, comp);
        const O::V t = O::add(sum, y);
        comp = O::sub(O::sub(t, sum), y);
        sum = t;
    }
    TENSORACT_INLINE void add_product(O::V a, O::V b) noexcept { add(O::mul(a, b)); }
    /// The lanes and their compensations added with Neumaier's method: a plain horizontal
    /// add would cost double rows up to an ULP per level of its tree.
    TENSORACT_INLINE [[nodiscard]] double total() const noexcept {
        double s[O::lanes];
        double c[O::lanes];
        O::store(s, sum);
        O::store(c, comp);
        double acc = 0;
        double lost = 0;
        for (int i = 0; i < 2 * O::lanes; ++i) {
            const double v = i < O::lanes ? s[i] : -c[i - O::lanes];
            const double t = acc + v;
            lost += std::fabs(acc) >= std::fabs(v) ? (acc - t) + v : (v - t) + acc;
            acc = t;
        }
        return acc + lost;
    }
    TENSORACT_INLINE [[nodiscard]] O::V reciprocal_lanes() const noexcept { return O::div(O::set1(1.0), O::sub(sum, comp)); }
    TENSORACT_INLINE [[nodiscard]] O::V lanes() const noexcept { return O::sub(sum, comp); }
};

/// softmax over rows of n contiguous values (the last dim): max, then e^(x - max) stored and
/// summed in double, then scaled by 1/sum. Error <= 2 ULP against the exact softmax.
template <class T>
void softmax_last_dim(const T* x, T* y, std::int64_t rows, std::int64_t n) noexcept {
    using O = Ops<T>;
    using V = typename O::V;
    constexpr std::int64_t L = O::lanes;
    constexpr T neg_inf = -std::numeric_limits<T>::infinity();
    for (std::int64_t r = 0; r < rows; ++r) {
        const T* xr = x + r * n;
        T* yr = y + r * n;
        V vmax = O::set1(neg_inf);
        std::int64_t i = 0;
        for (; i + L <= n; i += L) {
            vmax = O::max(vmax, O::load(xr + i));
        }
        if (i < n) {
            vmax = O::max(vmax, O::load_partial_or(xr + i, n - i, neg_inf));
        }
        const T m = O::reduce_max(vmax);
        const V mv = O::set1(m);
        LaneSum<T> sum;
        for (i = 0; i + L <= n; i += L) {
            const V e = Math<T>::exp_diff(O::load(xr + i), mv);
            O::store(yr + i, e);
            sum.add(e);
        }
        if (i < n) {
            const V e = Math<T>::exp_diff(O::load_partial_or(xr + i, n - i, neg_inf), mv);
            O::store_partial(yr + i, e, n - i);
            sum.add(e);
        }
        const V inv = O::set1(static_cast<T>(1.0 / sum.total()));
        for (i = 0; i + L <= n; i += L) {
            O::store(yr + i, O::mul(O::load(yr + i), inv));
        }
        if (i < n) {
            O::store_partial(yr + i, O::mul(O::load_partial(yr + i, n - i), inv), n - i);
        }
    }
}

/// w <= lanes adjacent values from p, the other lanes `fill`.
template <class T>
TENSORACT_INLINE inline typename Ops<T>::V load_columns(const T* p, std::int64_t w, T fill) noexcept {
    return w == Ops<T>::lanes ? Ops<T>::load(p) : Ops<T>::load_partial_or(p, w, fill);
}

template <class T>
TENSORACT_INLINE inline void store_columns(T* p, typename Ops<T>::V v, std::int64_t w) noexcept {
    if (w == Ops<T>::lanes) {
        Ops<T>::store(p, v);
    } else {
        Ops<T>::store_partial(p, v, w);
    }
}

/// softmax along a dim that is not the last: rows of n values `inner` apart, handled in blocks
/// of B vectors of adjacent columns, so every load is contiguous and each row visit moves
/// whole cache lines.
template <class T>
void softmax_strided(const T* x, T* y, std::int64_t outer, std::int64_t n, std::int64_t inner, std::int64_t c_begin,
                     std::int64_t c_end) noexcept {
    using O = Ops<T>;
    using V = typename O::V;
    constexpr std::int64_t L = O::lanes;
    constexpr int B = 4;
    constexpr T neg_inf = -std::numeric_limits<T>::infinity();
    for (std::int64_t o = 0; o < outer; ++o) {
        const T* xo = x + o * n * inner;
        T* yo = y + o * n * inner;
        for (std::int64_t c0 = c_begin; c0 < c_end; c0 += B * L) {
            std::int64_t w[B];  // columns in each vector of the block (0 past the end)
            for (int b = 0; b < B; ++b) {
                const std::int64_t left = c_end - c0 - b * L;
                w[b] = left <= 0 ? 0 : (left < L ? left : L);
            }
            V vmax[B];
            for (V& v : vmax) {
                v = O::set1(neg_inf);
            }
            for (std::int64_t i = 0; i < n; ++i) {
                const T* row = xo + i * inner + c0;
                for (int b = 0; b < B; ++b) {
                    if (w[b] > 0) {
                        vmax[b] = O::max(vmax[b], load_columns(row + b * L, w[b], neg_inf));
                    }
                }
            }
            LaneSum<T> sum[B];
            for (std::int64_t i = 0; i < n; ++i) {
                const T* row = xo + i * inner + c0;
                T* dst = yo + i * inner + c0;
                for (int b = 0; b < B; ++b) {
                    if (w[b] > 0) {
                        const V e = Math<T>::exp_diff(load_columns(row + b * L, w[b], neg_inf), vmax[b]);
                        store_columns(dst + b * L, e, w[b]);
                        sum[b].add(e);
                    }
                }
            }
            V inv[B];
            for (int b = 0; b < B; ++b) {
                inv[b] = sum[b].reciprocal_lanes();
            }
            for (std::int64_t i = 0; i < n; ++i) {
                T* dst = yo + i * inner + c0;
                for (int b = 0; b < B; ++b) {
                    if (w[b] > 0) {
                        store_columns(dst + b * L, O::mul(load_columns(dst + b * L, w[b], T(0)), inv[b]), w[b]);
                    }
                }
            }
        }
    }
}

/// out = y * (g - sum(g * y)) along rows of n values `inner` apart (inner 1: the last dim).
template <class T>
void softmax_backward_rows(const T* g, const T* y, T* out, std::int64_t outer, std::int64_t n, std::int64_t inner,
                           std::int64_t c_begin, std::int64_t c_end) noexcept {
    using O = Ops<T>;
    using V = typename O::V;
    constexpr std::int64_t L = O::lanes;
    if (inner == 1) {
        for (std::int64_t r = 0; r < outer; ++r) {
            const T* gr = g + r * n;
            const T* yr = y + r * n;
            T* orow = out + r * n;
            LaneSum<T> dot;
            std::int64_t i = 0;
            for (; i + L <= n; i += L) {
                dot.add_product(O::load(gr + i), O::load(yr + i));
            }
            if (i < n) {
                dot.add_product(O::load_partial(gr + i, n - i), O::load_partial(yr + i, n - i));
            }
            const V d = O::set1(static_cast<T>(dot.total()));
            for (i = 0; i + L <= n; i += L) {
                O::store(orow + i, O::mul(O::load(yr + i), O::sub(O::load(gr + i), d)));
            }
            if (i < n) {
                O::store_partial(orow + i, O::mul(O::load_partial(yr + i, n - i), O::sub(O::load_partial(gr + i, n - i), d)), n - i);
            }
        }
        return;
    }
    constexpr int B = 8;  // blocks of B vectors of adjacent columns, as softmax_strided
    for (std::int64_t o = 0; o < outer; ++o) {
        const std::int64_t base = o * n * inner;
        for (std::int64_t c0 = c_begin; c0 < c_end; c0 += B * L) {
            std::int64_t w[B];
            for (int b = 0; b < B; ++b) {
                const std::int64_t left = c_end - c0 - b * L;
                w[b] = left <= 0 ? 0 : (left < L ? left : L);
            }
            LaneSum<T> dot[B];
            for (std::int64_t i = 0; i < n; ++i) {
                const std::int64_t at = base + i * inner + c0;
                for (int b = 0; b < B; ++b) {
                    if (w[b] > 0) {
                        dot[b].add_product(load_columns(g + at + b * L, w[b], T(0)), load_columns(y + at + b * L, w[b], T(0)));
                    }
                }
            }
            V d[B];
            for (int b = 0; b < B; ++b) {
                d[b] = dot[b].lanes();
            }
            for (std::int64_t i = 0; i < n; ++i) {
                const std::int64_t at = base + i * inner + c0;
                for (int b = 0; b < B; ++b) {
                    if (w[b] > 0) {
                        const std::int64_t k = at + b * L;
                        const V v = O::mul(load_columns(y + k, w[b], T(0)), O::sub(load_columns(g + k, w[b], T(0)), d[b]));
                        store_columns(out + k, v, w[b]);
                    }
                }
            }
        }
    }
}

/// softmax along the middle dim of [outer, n, inner], for the columns [c_begin, c_end) of inner.
template <class T>
void softmax(const T* x, T* y, std::int64_t outer, std::int64_t n, std::int64_t inner, std::int64_t c_begin,
             std::int64_t c_end) noexcept {
    if (outer == 0 || n == 0 || inner == 0) {
        return;
    }
    if (inner == 1) {
        softmax_last_dim(x, y, outer, n);
    } else {
        softmax_strided(x, y, outer, n, inner, c_begin, c_end);
    }
}

template <class T>
void softmax_backward(const T* g, const T* y, T* out, std::int64_t outer, std::int64_t n, std::int64_t inner,
                      std::int64_t c_begin, std::int64_t c_end) noexcept {
    if (outer == 0 || n == 0 || inner == 0) {
        return;
    }
    softmax_backward_rows(g, y, out, outer, n, inner, c_begin, c_end);
}

// One functor per operation (functors, not lambdas, so the target region reaches them).
template <class T>
struct SigmoidF {
    TENSORACT_INLINE static typename Ops<T>::V apply(typename Ops<T>::V x) noexcept { return Math<T>::sigmoid(x); }
};
template <class T>
struct TanhF {
    TENSORACT_INLINE static typename Ops<T>::V apply(typename Ops<T>::V x) noexcept { return Math<T>::tanh(x); }
};
template <class T>
struct ReluF {
    TENSORACT_INLINE static typename Ops<T>::V apply(typename Ops<T>::V x) noexcept { return Math<T>::relu(x); }
};
template <class T>
struct SigmoidDerivativeF {
    TENSORACT_INLINE static typename Ops<T>::V apply(typename Ops<T>::V x) noexcept { return Math<T>::sigmoid_derivative(x); }
};
template <class T>
struct TanhDerivativeF {
    TENSORACT_INLINE static typename Ops<T>::V apply(typename Ops<T>::V x) noexcept { return Math<T>::tanh_derivative(x); }
};
template <class T>
struct ReluDerivativeF {
    TENSORACT_INLINE static typename Ops<T>::V apply(typename Ops<T>::V x) noexcept { return Math<T>::relu_derivative(x); }
};
template <class T>
struct SigmoidBackwardF {
    TENSORACT_INLINE static typename Ops<T>::V apply(typename Ops<T>::V g, typename Ops<T>::V y) noexcept {
        return Math<T>::sigmoid_backward(g, y);
    }
};
template <class T>
struct TanhBackwardF {
    TENSORACT_INLINE static typename Ops<T>::V apply(typename Ops<T>::V g, typename Ops<T>::V y) noexcept {
        return Math<T>::tanh_backward(g, y);
    }
};
template <class T>
struct ReluBackwardF {
    TENSORACT_INLINE static typename Ops<T>::V apply(typename Ops<T>::V g, typename Ops<T>::V y) noexcept {
        return Math<T>::relu_backward(g, y);
    }
};

// One instantiation per operation used (the op is a template argument, so a program that
// calls only sigmoid compiles only sigmoid's kernels).
template <class T, simd::Unary op>
void unary(std::integral_constant<simd::Unary, op> /*op*/, const T* x, T* y, std::int64_t n) noexcept {
    if constexpr (op == simd::Unary::sigmoid) {
        map_unary<T, SigmoidF<T>>(x, y, n);
    } else if constexpr (op == simd::Unary::tanh) {
        map_unary<T, TanhF<T>>(x, y, n);
    } else if constexpr (op == simd::Unary::relu) {
        map_unary<T, ReluF<T>>(x, y, n);
    } else if constexpr (op == simd::Unary::sigmoid_derivative) {
        map_unary<T, SigmoidDerivativeF<T>>(x, y, n);
    } else if constexpr (op == simd::Unary::tanh_derivative) {
        map_unary<T, TanhDerivativeF<T>>(x, y, n);
    } else {
        static_assert(op == simd::Unary::relu_derivative);
        map_unary<T, ReluDerivativeF<T>>(x, y, n);
    }
}

template <class T, simd::Binary op>
void binary(std::integral_constant<simd::Binary, op> /*op*/, const T* g, const T* yv, T* out, std::int64_t n) noexcept {
    if constexpr (op == simd::Binary::sigmoid_backward) {
        map_binary<T, SigmoidBackwardF<T>>(g, yv, out, n);
    } else if constexpr (op == simd::Binary::tanh_backward) {
        map_binary<T, TanhBackwardF<T>>(g, yv, out, n);
    } else {
        static_assert(op == simd::Binary::relu_backward);
        map_binary<T, ReluBackwardF<T>>(g, yv, out, n);
    }
}
