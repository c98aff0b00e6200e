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

/// a b for float a and b: formed in double, where it is exact, and rounded once to float, the
/// float product's bits, but with no microcode assist on Intel's cores where the product or
/// an operand is below the normal range (double's range holds every such product).
template <class V>
TENSORACT_INLINE inline V product_in_double(V a, V b) noexcept {
    using O = Ops<float>;
    using W = Ops<double>;
    return O::narrow(W::mul(O::widen_lo(a), O::widen_lo(b)), W::mul(O::widen_hi(a), O::widen_hi(b)));
}

/// a b, rounded once, without the microcode assist that Intel's cores take on a float product
/// with a denormal operand or result (~12x as long for a vector, one-off): in a vector holding
/// a b below 2^-100 that is not 0, the float product is formed in double, where it is exact,
/// and rounded once to float: the same bits. One compare per vector otherwise. (A product
/// that underflows from |b| above 2^-100 needs |a| below 2^-26, and still takes the assist.)
/// The backward ops' g f'(x) and softmax's y (g - d), where b is the derivative or y.
/// b_nonnegative: b is >= 0 but for rare inputs (sigmoid's y, elu'), so the first compare
/// takes b as it is (a negative b only costs the second).
template <class T, bool b_nonnegative = false>
TENSORACT_INLINE inline typename Ops<T>::V mul_no_assist(typename Ops<T>::V a, typename Ops<T>::V b) noexcept {
    using O = Ops<T>;
    if constexpr (std::is_same_v<T, float>) {
        const typename O::V thr = O::set1(0x1p-100F);
        // zeros (masked entries, flat regions) are set aside: only tiny b that are not 0
        if (O::any_gt(thr, b_nonnegative ? b : O::abs(b)) &&
            O::any_gt(thr, O::select(O::le(O::abs(b), O::set1(0.0F)), thr, O::abs(b)))) [[unlikely]] {
            return product_in_double(a, b);
        }
    }
    return O::mul(a, b);
}

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

    /// e^(z + z_lo) for |z| <= 2^13 ln2/N (float; softmax's direct path has z up to 64, the
    /// others z <= 0) (or NaN), given r = z - k ln2_hi/N.
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
        V q;    // num / d, within an ULP or so
        V res;  // the residual num - q d
        V r;    // d's rounded reciprocal
        /// num / d = q + corr() to ~2^-45 (float) relative
        [[nodiscard]] TENSORACT_INLINE V corr() const noexcept { return O::mul(res, r); }
        /// q + corr rounded once, the product not rounded on its own (an FMA)
        [[nodiscard]] TENSORACT_INLINE V rounded() const noexcept { return O::fma(res, r, q); }
    };

    /// (a + b) / (d.hi + d.lo), b small against a or a = 0: q from the rounded reciprocal,
    /// then the residual a + b - q d (its first term exact, an FMA) divided by d.
    TENSORACT_INLINE static Quotient quotient(V a, V b, const OnePlus& d) noexcept {
        const V q = O::mul(O::add(a, b), d.r);
        const V res = O::fnma(q, d.lo, O::add(O::fnma(q, d.hi, a), b));
        return {q, res, d.r};
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
        const V y = O::scale(s.rounded(), O::select(positive, zero, e.n));
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
        low = O::fma(s1.q, s2.corr(), low);
        low = O::fma(s2.q, s1.corr(), low);
        // below the normal range from |x| > 87.3 (tanh': 43.7)
        return O::scale_below_normal(O::add(h, low), O::add(e.n, O::set1(log2_scale)));
    }

    TENSORACT_INLINE static V sigmoid_derivative(V x) noexcept { return logistic_product(x, T(1), T(0)); }
    TENSORACT_INLINE static V tanh_derivative(V x) noexcept { return logistic_product(x, T(2), T(2)); }

    /// e^(x - m) for x <= m (m a row's max), rounded once (twice where it is denormal): the
    /// difference is carried exactly (TwoSum) and clamped below at exp_z_min, where e^z is 0
    /// even as a denormal, so the error is that of the last rounding plus ~2^-28 (float), for
    /// any magnitude of x and m. -inf gives 0; a row holding NaN or +inf, or all -inf, gives NaN
    /// (inf - inf), as PyTorch. Scaled by scale_below_normal: a term below the normal range (0
    /// included: -inf, a masked entry) would cost a microcode assist on Intel's cores.
    TENSORACT_INLINE static V exp_diff(V x, V m) noexcept {
        const ExpSplit e = exp_diff_split(x, m);
        return O::scale_below_normal(O::add(e.th, e.c), e.n);
    }
    /// e^x for x <= softmax_direct_max, rounded once (twice where it is denormal): exp_diff
    /// without the difference, for rows that softmax_direct_ok admits. Clamped below at
    /// exp_z_min (-inf gives 0); NaN stays NaN.
    TENSORACT_INLINE static V exp_direct(V x) noexcept {
        const ExpSplit e = exp_split(O::max(O::set1(C::exp_z_min), x));
        return O::scale_below_normal(O::add(e.th, e.c), e.n);
    }
    /// exp_diff and exp_direct for a vector that is mostly -inf (the padding lanes of a row's
    /// last, partial vector): the lanes below exp_z_min are computed as e^0 and then set to 0,
    /// the same value, without scale_below_normal's slower path.
    TENSORACT_INLINE static V exp_diff_padded(V x, V m) noexcept {
        const M under = O::lt(O::sub(x, m), O::set1(C::exp_z_min));  // exp_diff_split's test
        return O::select(under, O::set1(T(0)), exp_diff(O::select(under, m, x), m));
    }
    TENSORACT_INLINE static V exp_direct_padded(V x) noexcept {
        const M under = O::lt(x, O::set1(C::exp_z_min));
        return O::select(under, O::set1(T(0)), exp_direct(O::select(under, O::set1(T(0)), x)));
    }
    /// exp_diff before its rounding: e^(x - m) = 2^n (th + c). `under`: the lanes clamped at
    /// exp_z_min (x - m below it, -inf too), whose 2^n (th + c) is e^exp_z_min, which rounds
    /// to 0 in T but not in a wider type.
    TENSORACT_INLINE static ExpSplit exp_diff_split(V x, V m, M& under) noexcept {
        const V b = O::neg(m);
        const V s = O::add(x, b);
        const V bb = O::sub(s, x);
        const V s_lo = O::add(O::sub(x, O::sub(s, bb)), O::sub(b, bb));
        const V z_min = O::set1(C::exp_z_min);
        under = O::lt(s, z_min);  // also -inf (and s_lo is NaN there)
        const V z = O::max(z_min, s);  // NaN stays NaN
        return exp_split(z, O::select(under, O::set1(T(0)), s_lo));
    }
    TENSORACT_INLINE static ExpSplit exp_diff_split(V x, V m) noexcept {
        M under;
        return exp_diff_split(x, m, under);
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

    struct TanhParts {
        V q;    // tanh(a) = q + res * r, to ~2^-45 (float) relative
        V res;
        V r;
    };
    /// tanh(a) for a in [tanh_x_small, tanh_x_max] (or NaN), unrounded. Formed in the unscaled
    /// domain (numerator and denominator multiplied by p = 2^-n): (p - v)/(p + v), both exact
    /// hi + lo pairs (Fast2Sum), one division and one residual.
    TENSORACT_INLINE static TanhParts tanh_parts(V a) noexcept {
        const Exp e = exp_parts(O::mul(a, O::set1(T(-2))));
        const V p = pow2_neg(e.nb);
        const V d_hi = O::add(p, e.v_hi);
        const V d_lo = O::add(O::sub(e.v_hi, O::sub(d_hi, p)), e.v_lo);
        const V num_hi = O::sub(p, e.v_hi);  // Fast2Sum: p >= v_hi's binade
        const V num_lo = O::sub(O::sub(O::sub(p, num_hi), e.v_hi), e.v_lo);
        const V r = O::div(O::set1(T(1)), d_hi);
        const V q = O::mul(num_hi, r);
        const V res = O::fnma(q, d_lo, O::add(O::fnma(q, d_hi, num_hi), num_lo));
        return {q, res, r};
    }

    /// tanh(x) = (1 - e^-2|x|) / (1 + e^-2|x|) with x's sign: error <= 1 ULP.
    TENSORACT_INLINE static V tanh(V x) noexcept {
        const V a = O::abs(x);
        // computed on [x_small, x_max]: below, the result is x (selected at the end), and a
        // denormal x must not reach the arithmetic
        const TanhParts p = tanh_parts(O::min(O::set1(C::tanh_x_max), O::max(O::set1(C::tanh_x_small), a)));
        V t = O::fma(p.res, p.r, p.q);
        t = O::select(O::lt(a, O::set1(C::tanh_x_small)), a, t);
        return O::xor_sign(t, x);
    }

    TENSORACT_INLINE static V relu(V x) noexcept { return O::select(O::lt(x, O::set1(T(0))), O::set1(T(0)), x); }
    TENSORACT_INLINE static V relu_derivative(V x) noexcept {
        return O::select(O::le(x, O::set1(T(0))), O::set1(T(0)), O::set1(T(1)));
    }
    TENSORACT_INLINE static V sigmoid_backward(V g, V y) noexcept {
        return mul_no_assist<T, true>(O::mul(g, O::sub(O::set1(T(1)), y)), y);  // PyTorch's order
    }
    TENSORACT_INLINE static V tanh_backward(V g, V y) noexcept {
        const V one = O::set1(T(1));
        return O::mul(g, O::mul(O::sub(one, y), O::add(one, y)));
    }
    TENSORACT_INLINE static V relu_backward(V g, V y) noexcept { return O::select(O::le(y, O::set1(T(0))), O::set1(T(0)), g); }

    /// x/2 rounded as x/2 + x^2/c (c > 0) is, for |x| < tiny: the same, except where x/2 is
    /// not exact (x a denormal with its last bit set), which is a tie for x*0.5 but not for
    /// the true value: it lies toward +inf of x/2, so the rounding goes up there.
    TENSORACT_INLINE static V half_plus_square(V x) noexcept {
        const V zero = O::set1(T(0));
        const V h = O::mul(x, O::set1(T(0.5)));
        const V r = O::fms(h, O::set1(T(2)), x);  // 2h - x, exact: negative where h is below x/2
        // (+ -0 elsewhere, which keeps the sign of h = -0)
        return O::add(h, O::select(O::lt(r, zero), O::set1(std::numeric_limits<T>::denorm_min()), O::set1(T(-0.0))));
    }

    // ---- the piecewise-linear family ----

    TENSORACT_INLINE static V leaky_relu(V x, V slope) noexcept {
        return O::select(O::gt(x, O::set1(T(0))), x, O::mul(x, slope));  // as PyTorch: -0 and NaN pass
    }
    TENSORACT_INLINE static V leaky_relu_derivative(V x, V slope) noexcept {
        return O::select(O::gt(x, O::set1(T(0))), O::set1(T(1)), slope);
    }
    TENSORACT_INLINE static V leaky_relu_backward(V g, V x, V slope) noexcept {
        return O::select(O::gt(x, O::set1(T(0))), g, O::mul(g, slope));
    }

    /// x clamped to [lo, hi]; NaN stays NaN, and -0 stays -0 at lo = 0 (min and max pass on
    /// their second operand for NaN and for equal values, as PyTorch's vector loop).
    TENSORACT_INLINE static V hardtanh(V x, V lo, V hi) noexcept { return O::min(hi, O::max(lo, x)); }
    /// 1 strictly inside (lo, hi) and at NaN (PyTorch's hardtanh_backward passes g there), else 0.
    TENSORACT_INLINE static V hardtanh_derivative(V x, V lo, V hi) noexcept {
        const V zero = O::set1(T(0));
        return O::select(O::le(x, lo), zero, O::select(O::le(hi, x), zero, O::set1(T(1))));
    }
    TENSORACT_INLINE static V hardtanh_backward(V g, V x, V lo, V hi) noexcept {
        const V zero = O::set1(T(0));
        return O::select(O::le(x, lo), zero, O::select(O::le(hi, x), zero, g));
    }

    /// (hi + lo) / 6 for |lo| <= ulp(hi), rounded once from a value within ~2^-40 (float)
    /// relative: the residual hi - 6q of the rounded quotient is exact (an FMA).
    TENSORACT_INLINE static V div6(V hi, V lo) noexcept {
        const V sixth = O::set1(T(1) / T(6));
        const V q = O::mul(hi, sixth);
        const V r = O::add(O::fnma(q, O::set1(T(6)), hi), lo);
        return O::fma(r, sixth, q);
    }

    /// x, but 0 for |x| below 2^-101 and off by less than 2^-100 below 2^-75 (exact above:
    /// 2^-100 is below half of x's last bit there), in an add and a subtraction, which take no
    /// microcode assist on denormals (products do). For functions whose value is the same
    /// float all over |x| < 2^-27 (hardsigmoid, hardswish'), so that their products of x's
    /// parts stay normal, without a branch.
    TENSORACT_INLINE static V flush_tiny(V x) noexcept {
        const V c = O::set1(T(0x1p-100));
        return O::sub(O::add(x, c), c);
    }

    /// (x + 3) / 6 clamped to [0, 1], with x + 3 carried exactly (Fast2Sum), so the one
    /// rounding is the last: error <= 0.5 ULP + 2^-40 relative. x is clamped to [-3, 3] first
    /// (exactly 0 and 1 there; NaN passes), and x below 2^-27 gives 1/2 (flush_tiny).
    TENSORACT_INLINE static V hardsigmoid(V x) noexcept {
        const V three = O::set1(T(3));
        const V xc = O::min(three, O::max(O::neg(three), flush_tiny(x)));  // NaN stays NaN
        const V t = O::add(three, xc);
        const V t_lo = O::sub(xc, O::sub(t, three));
        return div6(t, t_lo);
    }
    /// 1/6 strictly inside (-3, 3), else 0 (NaN too, as PyTorch's hardsigmoid_backward).
    TENSORACT_INLINE static V hardsigmoid_derivative(V x) noexcept {
        const V three = O::set1(T(3));
        const V zero = O::set1(T(0));
        return O::select(O::gt(x, O::neg(three)), O::select(O::lt(x, three), O::set1(T(1) / T(6)), zero), zero);
    }
    /// g / 6 (correctly rounded; PyTorch multiplies by the rounded 1/6) inside (-3, 3).
    TENSORACT_INLINE static V hardsigmoid_backward(V g, V x) noexcept {
        const V three = O::set1(T(3));
        const V zero = O::set1(T(0));
        return O::select(O::gt(x, O::neg(three)), O::select(O::lt(x, three), O::div(g, O::set1(T(6))), zero), zero);
    }

    /// x (x + 3) / 6 on (-3, 3), x from 3 up, -0 from -3 down (PyTorch's x * 0, also at -inf,
    /// where PyTorch's is NaN); the sum and the product are carried exactly, one rounding.
    TENSORACT_INLINE static V hardswish(V x) noexcept {
        const V three = O::set1(T(3));
        const V t = O::add(three, x);
        const V t_lo = O::sub(x, O::sub(t, three));
        const V p = O::mul(x, t);
        const V p_lo = O::fma(x, t_lo, O::fms(x, t, p));
        V y = O::xor_sign(O::abs(div6(p, p_lo)), x);  // the sign of x, also at x = -0
        // tiny x: x/2 + x^2/6, whose products above would be denormal (float: UnaryF's short
        // form, the same value, for nonzero x)
        if constexpr (!std::is_same_v<T, float>) {
            y = O::select(O::lt(O::abs(x), O::set1(C::tiny)), half_plus_square(x), y);
        }
        return O::select(O::le(x, O::neg(three)), O::set1(T(-0.0)), O::select(O::le(three, x), x, y));
    }
    /// (2x + 3) / 6 on [-3, 3] (PyTorch's x/3 + 1/2, rounded once here), 0 below -3, 1 above 3
    /// and at NaN (as PyTorch's hardswish_backward).
    TENSORACT_INLINE static V hardswish_derivative(V x) noexcept {
        const V three = O::set1(T(3));
        const V a = flush_tiny(O::add(x, x));  // 1/2 below 2^-27
        const V t = O::add(a, three);  // TwoSum: |2x| may exceed 3
        const V bb = O::sub(t, a);
        const V t_lo = O::add(O::sub(a, O::sub(t, bb)), O::sub(three, bb));
        const V d = div6(t, t_lo);
        return O::select(O::lt(x, O::neg(three)), O::set1(T(0)), O::select(O::le(x, three), d, O::set1(T(1))));
    }

    // ---- silu and softsign ----

    /// x sigmoid(x) = x / (1 + e^-x): sigmoid's quotient before its rounding (and before its
    /// 2^n for x < 0), times x, rounded once; scaled last, exact unless the result is denormal.
    TENSORACT_INLINE static V silu(V x) noexcept {
        const V zero = O::set1(T(0));
        const V a = O::min(O::set1(C::silu_a_max), O::max(O::set1(C::tiny), O::abs(x)));  // NaN stays NaN
        const M positive = O::gt(x, zero);
        const ExpSplit e = exp_split(O::neg(a));
        const OnePlus d = one_plus(e, O::max(e.n, O::set1(C::scale_floor)));
        const Quotient s = quotient(O::select(positive, O::set1(T(1)), e.th), O::select(positive, zero, e.c), d);
        const V h = O::fma(x, s.q, O::mul(x, s.corr()));
        const V y = O::scale_below_normal(h, O::select(positive, zero, e.n));
        // from 20 up silu(x) rounds to x (and +inf must not meet the low part); far below, -0;
        // below tiny, x/2 + x^2/4 (which keeps the sign of -0)
        const V y_small = O::select(O::lt(O::abs(x), O::set1(C::tiny)), half_plus_square(x), y);
        // (-inf too: the limit, where PyTorch's -inf / (1 + inf) is NaN)
        return O::select(O::gt(x, O::set1(C::silu_x_max)), x, O::select(O::lt(x, O::set1(-C::silu_a_max)), O::set1(T(-0.0)), y_small));
    }

    /// silu'(x) = s (1 + x (1 - s)), s = sigmoid(x), in T's arithmetic. With e = e^-|x| and
    /// D = 1 + e: s = 1/D and u = 1 - s = e/D for x >= 0, the other way round for x < 0, both
    /// as unrounded hi + lo quotients; 1 + x u carried exactly (a two-product and a TwoSum),
    /// multiplied by s and rounded once, scaled by 2^n last, so no part underflows before the
    /// result does. Its accuracy is that of u (~2^-31 relative for float) over |1 + x u|: fine
    /// except next to the zero of silu' (x ~ -1.2785), where silu_derivative goes to double.
    TENSORACT_INLINE static V silu_derivative_split(V x) noexcept {
        const V zero = O::set1(T(0));
        const V one = O::set1(T(1));
        // from silu_derivative_x_max up the result is 1: x is taken there, where e^-x and x u
        // stay normal (x u at 2^-128 and below cost Intel's cores a microcode assist)
        const V xc = O::min(O::set1(T(C::silu_derivative_x_max)), x);  // NaN stays NaN
        const V a = O::min(O::set1(C::silu_a_max), O::max(O::set1(C::tiny), O::abs(xc)));
        const M positive = O::gt(x, zero);
        const ExpSplit e = exp_split(O::neg(a));
        const OnePlus d = one_plus(e, O::max(e.n, O::set1(C::scale_floor)));
        const Quotient s1 = quotient(one, zero, d);  // 1/D
        const Quotient s2 = quotient(e.th, e.c, d);  // e/D / 2^n
        const V s_hi = O::select(positive, s1.q, s2.q);  // s, over 2^n where x < 0
        const V s_lo = O::select(positive, s1.corr(), s2.corr());
        const V n_u = O::select(positive, O::max(e.n, O::set1(C::scale_floor)), zero);
        const V u_hi = O::scale(O::select(positive, s2.q, s1.q), n_u);
        const V u_lo = O::scale(O::select(positive, s2.corr(), s1.corr()), n_u);
        const V p = O::mul(xc, u_hi);
        const V p_lo = O::fma(xc, u_lo, O::fms(xc, u_hi, p));
        const V t_hi = O::add(one, p);  // TwoSum(1, p), then p's low part
        const V bb = O::sub(t_hi, one);
        const V t_lo = O::add(O::add(O::sub(one, O::sub(t_hi, bb)), O::sub(p, bb)), p_lo);
        const V y = O::fma(s_hi, t_hi, O::fma(s_hi, t_lo, O::mul(s_lo, t_hi)));
        const V y_scaled = O::scale_below_normal(y, O::select(positive, zero, e.n));
        return O::select(O::gt(x, O::set1(T(C::silu_derivative_x_max))), one,
                         O::select(O::lt(x, O::set1(-C::silu_a_max)), O::set1(T(-0.0)), y_scaled));
    }

    /// silu'(x): silu_derivative_split, and for float the lanes next to the zero (x in
    /// (-1.4, -1.15)) from double's, lane by lane, so a result never depends on its neighbours.
    TENSORACT_INLINE static V silu_derivative(V x) noexcept {
        const V y = silu_derivative_split(x);
        if constexpr (std::is_same_v<T, float>) {
            const M near = O::lt(O::abs(O::add(x, O::set1(1.275F))), O::set1(0.125F));
            const V zero = O::set1(0.0F);
            if (O::reduce_max(O::select(near, O::set1(1.0F), zero)) > 0.0F) {
                using D = Math<double>;
                const V yd = O::narrow(D::silu_derivative_split(O::widen_lo(x)), D::silu_derivative_split(O::widen_hi(x)));
                return O::select(near, yd, y);
            }
        }
        return y;
    }

    struct SoftsignParts {
        V q;     // |x| / (1 + |x|), within an ULP or so
        V d_hi;  // 1 + |x| = d_hi + d_lo exactly (|x| clamped)
        V d_lo;
        V res;   // |x| - q (1 + |x|): |x| / (1 + |x|) = q + res * r to ~2^-45 (float) relative
        V r;     // 1 / (1 + |x|), rounded
    };
    TENSORACT_INLINE static SoftsignParts softsign_parts(V x) noexcept {
        const V one = O::set1(T(1));
        const V a = O::min(O::set1(C::softsign_a_max), O::abs(x));  // NaN stays NaN
        const V d_hi = O::add(one, a);
        const V d_lo = O::sub(O::min(one, a), O::sub(d_hi, O::max(one, a)));  // Fast2Sum, larger first
        const V r = O::div(one, d_hi);
        const V q = O::mul(a, r);
        const V res = O::fnma(q, d_lo, O::fnma(q, d_hi, a));
        return {q, d_hi, d_lo, res, r};
    }
    /// x / (1 + |x|), one rounding of a value within ~2^-45 relative; +-1 at +-inf.
    TENSORACT_INLINE static V softsign(V x) noexcept {
        const SoftsignParts p = softsign_parts(x);
        return O::xor_sign(O::fma(p.res, p.r, p.q), x);  // q + res * r, the product unrounded
    }
    /// 1 / (1 + |x|)^2: the square of the corrected reciprocal, rounded once. For large |x|,
    /// 1 + |x| is scaled down by a power of two k and the square back up at the end, so that
    /// the square's low parts are not denormal: by k exactly, then by k, the one rounding (for
    /// float in double, exact, and rounded once to float where the result may be denormal:
    /// no microcode assist).
    TENSORACT_INLINE static V softsign_derivative(V x) noexcept {
        const SoftsignParts p = softsign_parts(x);
        const V one = O::set1(T(1));
        const V k = O::select(O::gt(p.d_hi, O::set1(C::softsign_scale_at)), O::set1(C::softsign_scale), one);
        const V d_hi = O::mul(p.d_hi, k);
        const V d_lo = O::mul(p.d_lo, k);
        const V r = O::div(one, d_hi);
        const V res = O::fnma(r, d_lo, O::fnma(r, d_hi, one));  // 1 - r d, exact first step
        const V c = O::mul(res, r);                              // 1/d = r + c
        const V h = O::mul(r, r);
        const V low = O::fma(O::add(r, r), c, O::fms(r, r, h));
        const V v = O::mul(O::add(h, low), k);  // exact
        if constexpr (std::is_same_v<T, float>) {
            if (O::any_gt(p.d_hi, O::set1(C::softsign_scale_at))) {
                return product_in_double(v, k);
            }
        }
        return O::mul(v, k);
    }

    // ---- the smooth family: elu, selu, celu, softplus, logsigmoid, tanhshrink, mish, gelu ----
    //
    // The *_d functions are the double kernels (elu, celu and selu serve float too): they
    // carry the values that cancel as unrounded hi + lo pairs, to ~2^-50. Float has its own,
    // cheaper kernels further down: in float with hi + lo pairs where it needs them (*_f:
    // softplus, logsigmoid, tanhshrink, gelu "tanh"), or in plain double on widened lanes,
    // without pairs (*_plain: mish, mish', gelu, gelu', gelu "tanh"'), where a float result needs
    // ~2^-30 and plain double gives ~2^-34 or better.

    struct Parts {
        V hi;  // the value is hi + lo, unrounded
        V lo;
    };
    TENSORACT_INLINE static Parts two_sum(V a, V b) noexcept {
        const V s = O::add(a, b);
        const V bb = O::sub(s, a);
        return {s, O::add(O::sub(a, O::sub(s, bb)), O::sub(b, bb))};
    }
    TENSORACT_INLINE static Parts two_prod(V a, V b) noexcept {
        const V p = O::mul(a, b);
        return {p, O::fms(a, b, p)};
    }
    /// a (b.hi + b.lo), to ~2^-100 relative.
    TENSORACT_INLINE static Parts mul_parts(V a, const Parts& b) noexcept {
        const Parts p = two_prod(a, b.hi);
        return {p.hi, O::fma(a, b.lo, p.lo)};
    }
    TENSORACT_INLINE static Parts mul_parts(const Parts& a, const Parts& b) noexcept {
        const Parts p = two_prod(a.hi, b.hi);
        return {p.hi, O::fma(a.hi, b.lo, O::fma(a.lo, b.hi, p.lo))};
    }
    /// (a.hi + a.lo) / (d.hi + d.lo): the rounded quotient and the residual's share of it.
    TENSORACT_INLINE static Parts div_parts(const Parts& a, const Parts& d) noexcept {
        const V r = O::div(O::set1(T(1)), d.hi);
        const V q = O::mul(a.hi, r);
        const V res = O::fnma(q, d.lo, O::add(O::fnma(q, d.hi, a.hi), a.lo));
        return {q, O::mul(res, r)};
    }
    TENSORACT_INLINE static V round(const Parts& p) noexcept { return O::add(p.hi, p.lo); }
    /// th + c of a split as a normalized pair (Fast2Sum: |c| < th/32): the Parts arithmetic
    /// drops products of two low parts, which th and c are not.
    TENSORACT_INLINE static Parts normalized(const ExpSplit& e) noexcept {
        const V s = O::add(e.th, e.c);
        return {s, O::sub(e.c, O::sub(s, e.th))};
    }
    template <std::size_t N>
    TENSORACT_INLINE static V horner(const T (&c)[N], V x) noexcept {
        V p = O::set1(c[N - 1]);
        for (std::size_t i = N - 1; i-- > 0;) {
            p = O::fma(p, x, O::set1(c[i]));
        }
        return p;
    }
    /// c[0] + x (c[1] + x h), h the rest of the polynomial by Horner, with the last two steps
    /// carried as hi + lo: the rounding of h counts x^2 times less.
    template <std::size_t N>
    TENSORACT_INLINE static Parts horner_tail(const T (&c)[N], V x) noexcept {
        V h = O::set1(c[N - 1]);
        for (std::size_t i = N - 1; i-- > 2;) {
            h = O::fma(h, x, O::set1(c[i]));
        }
        const Parts a = two_sum(O::set1(c[1]), O::mul(x, h));
        const Parts b = mul_parts(x, a);
        const Parts r = two_sum(O::set1(c[0]), b.hi);
        return {r.hi, O::add(r.lo, b.lo)};
    }
    TENSORACT_INLINE static bool any(M m) noexcept {
        return O::reduce_max(O::select(m, O::set1(T(1)), O::set1(T(0)))) > T(0);
    }

    /// 1/(1 + e^-x) without sigmoid's flush: denormal results where they are due (one rounding,
    /// and a second where the result is denormal), 0 below -silu_a_max. Error <= 1 ULP.
    TENSORACT_INLINE static V logistic(V x) noexcept { return logistic(x, O::set1(T(0))); }
    /// The same of x + x_lo (|x_lo| <= ulp(x)/2: softplus' beta x as an exact product).
    TENSORACT_INLINE static V logistic(V x, V x_lo) noexcept {
        const V zero = O::set1(T(0));
        const V ax = O::abs(x);
        const V a = O::min(O::set1(C::silu_a_max), O::max(O::set1(C::tiny), ax));  // NaN stays NaN
        const V a_lo = O::select(O::le(a, ax), O::select(O::lt(ax, O::set1(C::silu_a_max)), O::xor_sign(x_lo, x), zero), zero);
        const M positive = O::gt(x, zero);
        const ExpSplit e = exp_split(O::neg(a), O::neg(a_lo));
        const OnePlus d = one_plus(e, O::max(e.n, O::set1(C::scale_floor)));
        const Quotient s = quotient(O::select(positive, O::set1(T(1)), e.th), O::select(positive, zero, e.c), d);
        const V y = O::scale_below_normal(s.rounded(), O::select(positive, zero, e.n));
        return O::select(O::lt(x, O::set1(-C::silu_a_max)), zero, y);
    }

    /// e^z - 1 as hi + lo (relative error ~2^-57 for double, ~2^-28 for float), any z: below |z| = 0.3466,
    /// z + z^2 P(z) with exp_parts's polynomial (fitted there); else 2^n th - 1, exact (TwoSum),
    /// plus 2^n c, from the table-driven split.
    TENSORACT_INLINE static Parts expm1_d(V z) noexcept {
        const Parts small{z, O::mul(O::mul(z, z), horner(C::poly, z))};
        // below expm1_z_min e^z - 1 is -1 + e^z with e^z far below -1's last bit: clamped there,
        // the result's bits are the same and no part of it is below the normal range
        const V zc = O::min(O::set1(C::expm1_z_max), O::max(O::set1(C::expm1_z_min), z));  // NaN stays NaN
        const ExpSplit e = exp_split(zc);
        const Parts s = two_sum(O::scale(e.th, e.n), O::set1(T(-1)));
        const M is_small = O::lt(O::abs(z), O::set1(T(0.3466)));
        const V hi = O::select(is_small, small.hi, s.hi);
        const V lo = O::select(is_small, small.lo, O::add(s.lo, O::scale(e.c, e.n)));
        const M overflow = O::gt(z, O::set1(C::expm1_z_max));
        return {O::select(overflow, O::set1(std::numeric_limits<T>::infinity()), hi), O::select(overflow, O::set1(T(0)), lo)};
    }

    /// elu (a = alpha, b = 1) and celu (a = alpha, b = 1/alpha): x where x > 0, else
    /// a (e^(b x) - 1), one rounding of a times the unrounded e^(bx) - 1. elu(-0) = +0 (PyTorch's).
    TENSORACT_INLINE static V elu_d(V x, V a, V b) noexcept {
        const Parts r = expm1_d(O::mul(b, x));
        return O::select(O::gt(x, O::set1(T(0))), x, O::fma(a, r.hi, O::mul(a, r.lo)));
    }
    /// 1 where x > 0 and at NaN (PyTorch's scalar loop), else a b e^(b x).
    TENSORACT_INLINE static V elu_derivative_d(V x, V a, V b) noexcept {
        const ExpSplit e = exp_split(O::max(O::set1(C::exp_z_min), O::mul(b, x)));  // NaN stays NaN
        const V k = O::mul(a, b);
        const V d = O::scale_below_normal(O::fma(k, e.th, O::mul(k, e.c)), e.n);
        return O::select(O::le(x, O::set1(T(0))), d, O::set1(T(1)));
    }
    /// scale x where x > 0, else alpha scale (e^x - 1), with the constants to ~2^-107.
    TENSORACT_INLINE static V selu_d(V x) noexcept {
        const Parts r = expm1_d(x);
        const V sa_hi = O::set1(C::selu_alpha_scale[0]);
        const V sa_lo = O::set1(C::selu_alpha_scale[1]);
        const V neg = O::fma(sa_hi, r.hi, O::fma(sa_lo, r.hi, O::mul(sa_hi, r.lo)));
        const V s_hi = O::set1(C::selu_scale[0]);
        // (+inf: x * s_lo may be -inf, whose sum with x * s_hi would be NaN)
        const V pos = O::select(O::gt(x, O::set1(std::numeric_limits<T>::max())), x,
                                O::fma(x, s_hi, O::mul(x, O::set1(C::selu_scale[1]))));
        // tiny x: c x (c = scale or alpha scale; e^x - 1 = x to 2^-31), with x scaled up by
        // 2^64 first, so that the low part's product is not denormal
        const M positive = O::gt(x, O::set1(T(0)));
        const V xs = O::mul(x, O::set1(T(0x1p64)));
        const V c_hi = O::select(positive, s_hi, sa_hi);
        const V c_lo = O::select(positive, O::set1(C::selu_scale[1]), sa_lo);
        // (+ 0: selu(-0) = +0, PyTorch's (e^-0 - 1) c)
        const V tiny = O::add(O::mul(O::fma(xs, c_hi, O::mul(xs, c_lo)), O::set1(T(0x1p-64))), O::set1(T(0)));
        return O::select(O::lt(O::abs(x), O::set1(C::tiny)), tiny, O::select(positive, pos, neg));
    }
    TENSORACT_INLINE static V selu_derivative_d(V x) noexcept {
        const ExpSplit e = exp_split(O::max(O::set1(C::exp_z_min), x));
        const V sa_hi = O::set1(C::selu_alpha_scale[0]);
        const V d = O::scale_below_normal(O::fma(sa_hi, e.th, O::fma(sa_hi, e.c, O::mul(O::set1(C::selu_alpha_scale[1]), e.th))), e.n);
        return O::select(O::le(x, O::set1(T(0))), d, O::set1(C::selu_scale[0]));
    }

    /// log1p(v) as hi + lo for v = 2^n (th + c) in [0, 1], n >= -60 (fdlibm's log1p: with
    /// f = v, or (v - 1)/2 and ln2 added where 1 + v >= sqrt2, s = f/(2 + f),
    /// log1p(f) = f - (f^2/2 - s (f^2/2 + R(s^2))); v's low part enters as f_lo/(1 + f)).
    TENSORACT_INLINE static Parts log1p_split_d(const ExpSplit& e) noexcept {
        const V half = O::set1(T(0.5));
        const Parts u = normalized(e);
        const V v_hi = O::scale(u.hi, e.n);
        const V v_lo = O::scale(u.lo, e.n);
        const M big = O::le(O::set1(C::sqrt2_minus_1), v_hi);
        const Parts m = two_sum(v_hi, O::set1(T(-1)));
        const V f = O::select(big, O::mul(m.hi, half), v_hi);
        const V f_lo = O::select(big, O::mul(O::add(m.lo, v_lo), half), v_lo);
        const V s = O::div(f, O::add(O::set1(T(2)), f));
        const V z = O::mul(s, s);
        const V r = O::mul(z, horner(C::log1p_lp, z));
        const V hfsq = O::mul(O::mul(f, f), half);
        const V c = O::div(f_lo, O::add(O::set1(T(1)), f));
        const V k_lo = O::select(big, O::set1(C::ln2_lo), O::set1(T(0)));
        const V t = O::sub(O::fma(s, O::add(hfsq, r), O::add(k_lo, c)), hfsq);
        const Parts k = two_sum(O::select(big, O::set1(C::ln2_hi), O::set1(T(0))), f);
        return {k.hi, O::add(k.lo, t)};
    }
    /// log(1 + e^(z + z_lo)) as hi + lo, any z (|z_lo| <= ulp(z)/2): max(z, 0) + log1p(e^-|z|);
    /// from |z| = 40 on, log1p(e^-|z|) is e^-|z| to 2^-58 (th + c as a pair, scaled), and
    /// z + it is z + z_lo.
    TENSORACT_INLINE static Parts softplus_parts_d(V z, V z_lo) noexcept {
        const V zero = O::set1(T(0));
        const V az = O::abs(z);
        const V lim = O::set1(-C::exp_z_min);
        const V a_lo = O::select(O::lt(az, lim), O::xor_sign(z_lo, z), zero);
        const ExpSplit e = exp_split(O::neg(O::min(lim, az)), O::neg(a_lo));  // NaN stays NaN
        const Parts l = log1p_split_d(e);
        const Parts p = two_sum(z, l.hi);
        const M positive = O::gt(z, zero);
        const M far = O::gt(az, O::set1(T(40)));
        const Parts u = normalized(e);
        const V hi = O::select(positive, p.hi, l.hi);
        const V lo = O::select(positive, O::add(O::add(p.lo, z_lo), l.lo), l.lo);
        return {O::select(far, O::select(positive, z, O::scale(u.hi, e.n)), hi),
                O::select(far, O::select(positive, z_lo, O::scale(u.lo, e.n)), lo)};
    }
    /// log(1 + e^(b x))/b (b = beta): b x as an exact product; other beta than 1 divide with
    /// one residual (y0 = hi/b, then (hi - y0 b + lo)/b), so the result is rounded once.
    TENSORACT_INLINE static V softplus_d(V x, V beta) noexcept {
        const Parts z = two_prod(x, beta);  // (its low part is +-inf or NaN where x beta is inf: not used there)
        const Parts p = softplus_parts_d(z.hi, z.lo);
        if (!any(O::gt(O::abs(O::sub(beta, O::set1(T(1)))), O::set1(T(0))))) {
            return round(p);
        }
        const V y0 = O::div(p.hi, beta);
        const V y = O::add(y0, O::div(O::add(O::fnma(y0, beta, p.hi), p.lo), beta));
        // y0 where it is infinite (beta 0 or tiny), or beta is infinite (y0 = +-0)
        const V huge = O::set1(std::numeric_limits<T>::max());
        return O::select(O::gt(O::abs(y0), huge), y0, O::select(O::gt(O::abs(beta), huge), y0, y));
    }
    /// log sigmoid(x) = -log(1 + e^-x); +0 at +inf (PyTorch's sign).
    TENSORACT_INLINE static V logsigmoid_d(V x) noexcept {
        const V y = O::neg(round(softplus_parts_d(O::neg(x), O::set1(T(0)))));
        return O::select(O::gt(x, O::set1(std::numeric_limits<T>::max())), O::set1(T(0)), y);
    }

    /// x - tanh x: for |x| <= 0.625, x^3 (1/3 + u Q1(u)), u = x^2, with x^3 and the sum carried
    /// as hi + lo; above, |x| - tanh|x| from tanh's unrounded parts (TwoSum). tanhshrink(-0) = +0.
    TENSORACT_INLINE static V tanhshrink_d(V x) noexcept {
        const V zero = O::set1(T(0));
        const V a = O::abs(x);
        const Parts u = two_prod(x, x);
        const Parts c0 = two_sum(O::set1(C::third[0]), O::mul(u.hi, horner(C::tanhshrink_q1, u.hi)));
        const Parts c{c0.hi, O::add(c0.lo, O::set1(C::third[1]))};
        const Parts x3 = mul_parts(x, u);
        // (x's sign: where x^3 underflows its parts' signs do not say)
        const V series = O::xor_sign(O::abs(O::fma(x3.hi, c.hi, O::fma(x3.hi, c.lo, O::mul(x3.lo, c.hi)))), x);
        const TanhParts t = tanh_parts(O::min(O::set1(C::tanh_x_max), O::max(O::set1(T(0.5)), a)));
        const Parts d = two_sum(a, O::neg(t.q));
        const V big = O::xor_sign(O::add(d.hi, O::fnma(t.res, t.r, d.lo)), x);
        const V y = O::select(O::le(a, O::set1(C::tanhshrink_series_max)), series, big);
        // 0 and -0: +0 (x - x); from 2^54 up, x
        return O::select(O::le(a, zero), zero, O::select(O::gt(a, O::set1(T(0x1p54))), x, y));
    }
    /// tanh(x)^2, from tanh's unrounded parts; below tanhshrink_series_max, tanh = x - (the
    /// series of x - tanh x), which is more accurate there; below tanh_x_small, x^2.
    TENSORACT_INLINE static V tanhshrink_derivative_d(V x) noexcept {
        const V a = O::abs(x);
        const TanhParts t = tanh_parts(O::min(O::set1(C::tanh_x_max), O::max(O::set1(C::tanh_x_small), a)));
        const Parts big = two_sum(t.q, O::mul(t.res, t.r));
        const Parts small0 = two_sum(a, O::neg(O::abs(tanhshrink_d(x))));
        const M series = O::le(a, O::set1(C::tanhshrink_series_max));
        const V hi = O::select(series, small0.hi, big.hi);
        const V lo = O::select(series, small0.lo, big.lo);
        const V h = O::mul(hi, hi);
        const V sq = O::add(h, O::fma(O::add(hi, hi), lo, O::fms(hi, hi, h)));
        return O::select(O::lt(a, O::set1(C::tanh_x_small)), O::mul(x, x), sq);
    }

    /// The pieces of mish at w = e^-|x| = 2^n (th + c): tanh(softplus(x)) =
    /// (1 + 2w)/(1 + 2w + 2w^2) for x >= 0, 2^n (th + c)(w + 2)/(2 + w (w + 2)) for x < 0.
    struct MishParts {
        Parts w;       // e^-|x|
        Parts t_pos;   // tanh(softplus(x)) for x >= 0
        Parts den;     // 1 + 2w + 2w^2
        Parts t_neg;   // tanh(softplus(x)) / 2^n for x < 0
        Parts b;       // w + 2
        Parts den_neg; // 2 + w (w + 2)
        V n;
    };
    TENSORACT_INLINE static MishParts mish_parts_d(V x) noexcept {
        const V one = O::set1(T(1));
        const V two = O::set1(T(2));
        const V a = O::min(O::set1(C::silu_a_max), O::abs(x));  // NaN stays NaN
        const ExpSplit e = exp_split(O::neg(a));
        const V nc = O::max(e.n, O::set1(C::scale_floor));
        const Parts u = normalized(e);
        const Parts w{O::scale(u.hi, nc), O::scale(u.lo, nc)};
        const Parts w2{O::add(w.hi, w.hi), O::add(w.lo, w.lo)};
        const Parts num0 = two_sum(one, w2.hi);
        const Parts num{num0.hi, O::add(num0.lo, w2.lo)};
        const Parts ww = mul_parts(w2, w);
        const Parts den0 = two_sum(num.hi, ww.hi);
        const Parts den{den0.hi, O::add(den0.lo, O::add(num.lo, ww.lo))};
        const Parts b0 = two_sum(two, w.hi);
        const Parts b{b0.hi, O::add(b0.lo, w.lo)};
        const Parts nn = mul_parts(u, b);
        const Parts dn0 = two_sum(two, O::scale(nn.hi, nc));
        const Parts dn{dn0.hi, O::add(dn0.lo, O::scale(nn.lo, nc))};
        return {w, div_parts(num, den), den, div_parts(nn, dn), b, dn, e.n};
    }
    /// x tanh(softplus(x)), one rounding; -0 below -silu_a_max and at -inf (PyTorch: NaN).
    TENSORACT_INLINE static V mish_d(V x) noexcept {
        const MishParts m = mish_parts_d(x);
        const V yp = O::fma(x, m.t_pos.hi, O::mul(x, m.t_pos.lo));
        const V yn = O::scale(O::fma(x, m.t_neg.hi, O::mul(x, m.t_neg.lo)), m.n);
        const V y = O::xor_sign(O::abs(O::select(O::le(O::set1(T(0)), x), yp, yn)), x);  // x's sign, also at -0
        return O::select(O::gt(x, O::set1(T(40))), x, O::select(O::lt(x, O::set1(-C::silu_a_max)), O::set1(T(-0.0)), y));
    }
    /// mish'(x) = t + x sigmoid(x) (1 - t^2), t = tanh(softplus(x)): for x >= 0,
    /// t + 4x w^2 (1 + w)/D^2; for x < 0, (u/D)((u + 2) + 4x (1 + u)/D) with u = w = e^x,
    /// whose bracket cancels next to the zero (x ~ -1.1924): float keeps its digits there,
    /// double loses relative accuracy (absolute error ~2^-56).
    TENSORACT_INLINE static V mish_derivative_d(V x) noexcept {
        const V one = O::set1(T(1));
        const MishParts m = mish_parts_d(x);
        const Parts opw0 = two_sum(one, m.w.hi);
        const Parts opw{opw0.hi, O::add(opw0.lo, m.w.lo)};  // 1 + w
        const V x4 = O::mul(x, O::set1(T(4)));
        // x >= 0
        const Parts ww = mul_parts(m.w, m.w);
        const Parts term = div_parts(mul_parts(x4, mul_parts(ww, opw)), mul_parts(m.den, m.den));
        const Parts sp = two_sum(m.t_pos.hi, term.hi);
        const V dp = O::add(sp.hi, O::add(sp.lo, O::add(m.t_pos.lo, term.lo)));
        // x < 0
        const Parts br2 = div_parts(mul_parts(x4, opw), m.den_neg);
        const Parts br0 = two_sum(m.b.hi, br2.hi);
        const Parts br{br0.hi, O::add(br0.lo, O::add(m.b.lo, br2.lo))};
        // u / D / 2^n = t_neg / (u + 2)
        const ExpSplit e = exp_split(O::neg(O::min(O::set1(C::silu_a_max), O::abs(x))));
        const Parts ud = div_parts(normalized(e), m.den_neg);
        const V dn = O::scale(O::fma(br.hi, ud.hi, O::fma(br.hi, ud.lo, O::mul(br.lo, ud.hi))), m.n);
        const V d = O::select(O::le(O::set1(T(0)), x), dp, dn);
        return O::select(O::gt(x, O::set1(T(40))), one, O::select(O::lt(x, O::set1(-C::silu_a_max)), O::set1(T(-0.0)), d));
    }

    /// x sigmoid(z) and sigmoid(z)(1 + m (1 - sigmoid(z))) for z, m given as hi + lo (gelu
    /// "tanh"): silu's and silu''s quotients with z's low part in the exponential.
    struct Logistic {
        Quotient s;  // sigmoid(z) / 2^n (n: 0 for z > 0)
        Quotient u;  // (1 - sigmoid(z)) / 2^nu
        V n;
        V nu;
    };
    TENSORACT_INLINE static Logistic logistic_parts_d(const Parts& z) noexcept {
        const V zero = O::set1(T(0));
        const V lim = O::set1(T(760));
        const V az = O::abs(z.hi);
        const V a = O::min(lim, az);  // NaN stays NaN
        const V a_lo = O::select(O::lt(az, lim), O::xor_sign(z.lo, z.hi), zero);
        const M positive = O::gt(z.hi, zero);
        const ExpSplit e = exp_split(O::neg(a), O::neg(a_lo));
        const V nc = O::max(e.n, O::set1(C::scale_floor));
        const OnePlus d = one_plus(e, nc);
        const Quotient s1 = quotient(O::set1(T(1)), zero, d);
        const Quotient s2 = quotient(e.th, e.c, d);
        const auto pick = [](M m, const Quotient& a, const Quotient& b) {
            return Quotient{O::select(m, a.q, b.q), O::select(m, a.res, b.res), O::select(m, a.r, b.r)};
        };
        return {pick(positive, s1, s2), pick(positive, s2, s1),
                O::select(positive, zero, e.n),
                O::select(positive, nc, zero)};
    }
    /// z = 2k x (1 + kappa x^2), k = sqrt(2/pi), as hi + lo.
    TENSORACT_INLINE static Parts gelu_tanh_z_d(V x) noexcept {
        const Parts xx = two_prod(x, x);
        const Parts kx = mul_parts(Parts{O::set1(C::gelu_kappa[0]), O::set1(C::gelu_kappa[1])}, xx);
        const Parts s0 = two_sum(O::set1(T(1)), kx.hi);
        const Parts s{s0.hi, O::add(s0.lo, kx.lo)};
        return mul_parts(Parts{O::set1(C::gelu_2k[0]), O::set1(C::gelu_2k[1])}, mul_parts(x, s));
    }
    /// 0.5 x (1 + tanh(k (x + kappa x^3))) = x sigmoid(2k (x + kappa x^3)), one rounding;
    /// x from 10 up, -0 below -30 (and at -inf, where PyTorch's is NaN); tiny x: x/2 rounded as
    /// x/2 + k x^2/2.
    TENSORACT_INLINE static V gelu_tanh_d(V x) noexcept {
        const V xc = O::min(O::set1(T(10)), O::max(O::set1(T(-30)), x));  // NaN stays NaN
        const Logistic l = logistic_parts_d(gelu_tanh_z_d(xc));
        const V y = O::scale(O::fma(x, l.s.q, O::mul(x, l.s.corr())), l.n);
        const V ys = O::select(O::lt(O::abs(x), O::set1(C::tiny)), half_plus_square(x), y);
        return O::select(O::gt(x, O::set1(T(10))), x, O::select(O::lt(x, O::set1(T(-30))), O::set1(T(-0.0)), ys));
    }
    /// sigmoid(z) (1 + x z' (1 - sigmoid(z))), z' = 2k (1 + 3 kappa x^2).
    TENSORACT_INLINE static V gelu_tanh_derivative_d(V x) noexcept {
        const V one = O::set1(T(1));
        const V xc = O::min(O::set1(T(10)), O::max(O::set1(T(-30)), x));  // NaN stays NaN
        const Logistic l = logistic_parts_d(gelu_tanh_z_d(xc));
        const Parts xx = two_prod(xc, xc);
        const Parts kx = mul_parts(Parts{O::set1(C::gelu_3kappa[0]), O::set1(C::gelu_3kappa[1])}, xx);
        const Parts s0 = two_sum(one, kx.hi);
        const Parts m = mul_parts(Parts{O::set1(C::gelu_2k[0]), O::set1(C::gelu_2k[1])},
                                  mul_parts(xc, Parts{s0.hi, O::add(s0.lo, kx.lo)}));
        const Parts p = mul_parts(m, Parts{O::scale(l.u.q, l.nu), O::scale(l.u.corr(), l.nu)});
        const Parts t0 = two_sum(one, p.hi);
        const Parts t{t0.hi, O::add(t0.lo, p.lo)};
        const V y = O::scale(O::fma(l.s.q, t.hi, O::fma(l.s.q, t.lo, O::mul(l.s.corr(), t.hi))), l.n);
        return O::select(O::gt(x, O::set1(T(10))), one, O::select(O::lt(x, O::set1(T(-30))), O::set1(T(-0.0)), y));
    }

    /// (2/sqrt(pi)) e^(-y^2) to ~0.5% for y^2 <= 1.5625: erf's slope, for y's low part.
    TENSORACT_INLINE static V erf_slope_d(V yy) noexcept {
        constexpr T c[7] = {T(1), T(-1), T(1) / 2, T(-1) / 6, T(1) / 24, T(-1) / 120, T(1) / 720};
        return O::mul(O::set1(C::two_over_sqrt_pi), horner(c, yy));
    }
    /// The normal distribution's cdf Phi(x) = erfc(-x/sqrt2)/2 = 2^n (hi + lo), relative error
    /// ~2^-54, from fdlibm's approximations of erf and erfc at y = |x|/sqrt2 (hi + lo): Phi =
    /// 1/2 +- erf(y)/2 below y = 1.25; above, erfc(y)/2 = e^(-y^2 - 0.5625 + R/S)/(2y) with
    /// y^2 = x^2/2 exact, and Phi(x) = 1 - that for x > 0. Only the intervals some lane needs are
    /// computed; each lane's value depends on its own x only.
    struct Cdf {
        V hi;
        V lo;
        V n;
    };
    TENSORACT_INLINE static Cdf normal_cdf_d(V x) noexcept {
        const V zero = O::set1(T(0));
        const V half = O::set1(T(0.5));
        const V one = O::set1(T(1));
        const V ax = O::min(O::set1(T(38.7)), O::abs(x));  // NaN stays NaN
        const Parts y = mul_parts(ax, Parts{O::set1(C::sqrt1_2[0]), O::set1(C::sqrt1_2[1])});
        const V yy = O::mul(y.hi, y.hi);
        const M neg = O::lt(x, zero);
        V hi = O::sub(x, x);  // NaN lanes stay NaN whichever intervals run
        V lo = zero;
        V n = zero;
        if (any(O::le(O::set1(T(1.25)), y.hi))) {
            const V zz = O::div(one, yy);
            const M in_c = O::lt(y.hi, O::set1(T(1) / T(0.35)));
            V rs = O::div(horner(C::erfc_rb, zz), horner(C::erfc_sb, zz));
            if (any(in_c)) {
                rs = O::select(in_c, O::div(horner(C::erfc_ra, zz), horner(C::erfc_sa, zz)), rs);
            }
            const Parts xx = two_prod(ax, ax);  // y^2 = x^2/2, exactly
            const Parts c = two_sum(O::set1(T(-0.5625)), rs);
            const Parts z = two_sum(O::mul(xx.hi, O::set1(T(-0.5))), c.hi);
            const ExpSplit e = exp_split(z.hi, O::add(z.lo, O::fnma(xx.lo, half, c.lo)));
            const Parts q = div_parts(normalized(e), y);  // erfc(y)/2 = 2^(n-1) q
            const V nm1 = O::sub(e.n, one);
            const Parts o = two_sum(one, O::neg(O::scale(q.hi, nm1)));  // 1 - erfc(y)/2
            hi = O::select(neg, q.hi, o.hi);
            lo = O::select(neg, q.lo, O::sub(o.lo, O::scale(q.lo, nm1)));
            n = O::select(neg, nm1, zero);
        }
        const M in_ab = O::lt(y.hi, O::set1(T(1.25)));
        if (any(in_ab)) {
            // erf(y) = erx + P(s)/Q(s), s = y - 1 (exact); 1/2 +- erx/2 is exact. P/Q is as large
            // as the result for x < 0 (1/2 - erx/2 - P/(2Q) cancels to ~0.04), so the last two
            // Horner steps of P and Q and the quotient are carried as hi + lo.
            const V s = O::sub(y.hi, one);
            const Parts p = horner_tail(C::erf_pa, s);
            const Parts q = horner_tail(C::erf_qa, s);
            const Parts pq = div_parts(p, q);
            const Parts h = two_sum(O::add(half, O::xor_sign(O::set1(C::erx * T(0.5)), x)), O::xor_sign(O::mul(pq.hi, half), x));
            const V e_lo = O::fma(y.lo, erf_slope_d(yy), pq.lo);
            hi = O::select(in_ab, h.hi, hi);
            lo = O::select(in_ab, O::add(h.lo, O::xor_sign(O::mul(e_lo, half), x)), lo);
            n = O::select(in_ab, zero, n);
        }
        const M in_a = O::lt(y.hi, O::set1(T(0.84375)));
        if (any(in_a)) {
            // erf(y) = y + y R(y^2)
            const V r = O::div(horner(C::erf_pp, yy), horner(C::erf_qq, yy));
            const V e_lo = O::fma(y.hi, r, O::mul(y.lo, erf_slope_d(yy)));
            const Parts h = two_sum(half, O::xor_sign(O::mul(y.hi, half), x));
            hi = O::select(in_a, h.hi, hi);
            lo = O::select(in_a, O::add(h.lo, O::xor_sign(O::mul(e_lo, half), x)), lo);
            n = O::select(in_a, zero, n);
        }
        return {hi, lo, n};
    }
    /// x Phi(x), one rounding (and a second where it is denormal); -0 below -38.7 and at -inf
    /// (PyTorch: NaN), x above 38.7; tiny x: x/2 rounded as x/2 + x^2/sqrt(2 pi).
    TENSORACT_INLINE static V gelu_d(V x) noexcept {
        const Cdf p = normal_cdf_d(x);
        const V y = O::scale(O::fma(x, p.hi, O::mul(x, p.lo)), p.n);
        const V ys = O::select(O::lt(O::abs(x), O::set1(C::tiny)), half_plus_square(x), y);
        return O::select(O::gt(x, O::set1(T(38.7))), x, O::select(O::lt(x, O::set1(T(-38.7))), O::set1(T(-0.0)), ys));
    }
    /// Phi(x) + x phi(x), phi(x) = e^(-x^2/2)/sqrt(2 pi), both terms unrounded; the sum cancels
    /// next to the zero (x ~ -0.7518): float keeps its digits there, double loses relative
    /// accuracy (absolute error ~2^-57).
    TENSORACT_INLINE static V gelu_derivative_d(V x) noexcept {
        const Cdf p = normal_cdf_d(x);
        const V xc = O::min(O::set1(T(38.7)), O::max(O::set1(T(-38.7)), x));  // NaN stays NaN
        const Parts xx = two_prod(xc, xc);
        const ExpSplit e = exp_split(O::mul(xx.hi, O::set1(T(-0.5))), O::mul(xx.lo, O::set1(T(-0.5))));
        const Parts xph = mul_parts(xc, mul_parts(normalized(e), Parts{O::set1(C::inv_sqrt_2pi[0]), O::set1(C::inv_sqrt_2pi[1])}));
        const Parts s = two_sum(O::scale(p.hi, p.n), O::scale(xph.hi, e.n));
        const V d = O::add(s.hi, O::add(s.lo, O::add(O::scale(p.lo, p.n), O::scale(xph.lo, e.n))));
        return O::select(O::gt(x, O::set1(T(38.7))), O::set1(T(1)), O::select(O::lt(x, O::set1(T(-38.7))), O::set1(T(-0.0)), d));
    }

    // ---- for float lanes, in plain double (instantiated for double only) ----
    //
    // A float input is exact in double, and each double operation rounds by 2^-53: a formula of
    // a dozen operations without cancellation is within ~2^-49 of the exact value, so its one
    // rounding to float (denormal results included: the conversion rounds once) is within
    // 0.5 ULP + 2^-24 of it. No hi + lo pairs, no scaling: float's range is deep inside double's.

    /// e^-a, a in [0, 700] (or NaN), relative error 2^-34.5: the table-driven reduction with
    /// e^r - 1 to the r^4 term (|r| <= ln2/32) and the table's high part only, enough for a
    /// float result and shorter than exp_split's chain.
    TENSORACT_INLINE static V exp_neg_plain(V a) noexcept {
        const V z = O::neg(a);
        const V kb = exp_round(z);
        const V k = O::sub(kb, O::set1(C::magic));
        const V r = O::fnma(k, O::set1(C::exp_reduce_lo), O::fnma(k, O::set1(C::exp_reduce_hi), z));
        const V p = O::fma(O::fma(r, O::set1(C::exp_poly[2]), O::set1(C::exp_poly[1])), r, O::set1(C::exp_poly[0]));
        const V th = O::lookup(C::exp_table_hi, kb);
        return O::scale(O::fma(th, O::fma(O::mul(r, r), p, r), th), O::mul(k, O::set1(T(1) / T(C::exp_table_size))));
    }
    /// e^-a to ~2^-52, for the derivatives whose terms cancel next to a zero (mish', gelu_tanh').
    TENSORACT_INLINE static V exp_neg_accurate(V a) noexcept {
        const ExpSplit e = exp_split(O::neg(a));
        return O::scale(O::add(e.th, e.c), e.n);
    }
    /// c[0] + c[1] t + ... + c[16] t^16 by Estrin's scheme: depth 6 instead of Horner's 16.
    TENSORACT_INLINE static V estrin17(const T (&c)[17], V t) noexcept {
        const V t2 = O::mul(t, t);
        const V t4 = O::mul(t2, t2);
        const V t8 = O::mul(t4, t4);
        V q[4];
        for (int i = 0; i < 4; ++i) {
            q[i] = O::fma(t2, O::fma(t, O::set1(c[4 * i + 3]), O::set1(c[4 * i + 2])),
                          O::fma(t, O::set1(c[4 * i + 1]), O::set1(c[4 * i])));
        }
        const V lo = O::fma(t4, q[1], q[0]);
        const V hi = O::fma(t4, q[3], q[2]);
        return O::fma(O::mul(t8, t8), O::set1(c[16]), O::fma(t8, hi, lo));
    }
    /// The pieces of mish for x from float: w = e^-|x|, tanh(softplus(x)) = p/q with
    /// p = 1 + 2w, q = p + 2w^2 for x >= 0 and p = w(w + 2), q = p + 2 for x < 0 (no cancellation).
    struct MishPlain {
        V w;
        V p;
        V q_minus_p;
        V q;
        M positive;
    };
    template <bool accurate>
    TENSORACT_INLINE static MishPlain mish_plain_parts(V x) noexcept {
        const V two = O::set1(T(2));
        const V a = O::min(O::set1(T(120)), O::abs(x));  // NaN stays NaN
        const V w = accurate ? exp_neg_accurate(a) : exp_neg_plain(a);
        const M positive = O::le(O::set1(T(0)), x);
        const V p = O::select(positive, O::fma(two, w, O::set1(T(1))), O::mul(w, O::add(w, two)));
        const V qmp = O::select(positive, O::mul(O::add(w, w), w), two);
        return {w, p, qmp, O::add(p, qmp), positive};
    }
    /// mish(x) = x p/q; -0 below -120 (and at -inf, where PyTorch's is NaN).
    TENSORACT_INLINE static V mish_plain(V x) noexcept {
        const MishPlain m = mish_plain_parts<false>(x);
        const V y = O::div(O::mul(x, m.p), m.q);
        return O::select(O::gt(x, O::set1(T(40))), x, O::select(O::lt(x, O::set1(T(-120))), O::set1(T(-0.0)), y));
    }
    /// mish'(x) = t + x sigmoid(x) (1 - t^2), t = p/q, 1 - t^2 = (q - p)(q + p)/q^2, sigmoid =
    /// (1 or w)/(1 + w): one division. Next to the zero (x ~ -1.1924) the sum cancels: at the
    /// float nearest it, -1.1924312f, to ~2^-28 of its terms, which magnifies their double
    /// errors ~2^29 (one double ULP of w would cost ~1 float ULP), so w comes from exp_split
    /// (~2^-58: exp_neg_accurate); the exhaustive test measures every float there.
    TENSORACT_INLINE static V mish_derivative_plain(V x) noexcept {
        const V one = O::set1(T(1));
        const MishPlain m = mish_plain_parts<true>(x);
        const V opw = O::add(one, m.w);
        const V r = O::div(one, O::mul(m.q, opw));
        const V iq = O::mul(opw, r);
        const V t = O::mul(m.p, iq);
        const V g = O::mul(O::mul(O::select(m.positive, one, m.w), r), O::mul(O::mul(m.q_minus_p, O::add(m.q, m.p)), iq));
        const V d = O::fma(x, g, t);
        return O::select(O::gt(x, O::set1(T(40))), one, O::select(O::lt(x, O::set1(T(-120))), O::set1(T(-0.0)), d));
    }
    /// gelu_tanh'(x) for x from float: s + x z' s (1 - s), s = sigmoid(z), z = 2k x (1 + kappa x^2),
    /// z' = 2k (1 + 3 kappa x^2), s (1 - s) = e/(1 + e)^2; 1 from 10 up, -0 below -30.
    /// Cancels next to the zero (x ~ -0.7525) as mish' does (to ~2^-25.5 at the nearest float).
    TENSORACT_INLINE static V gelu_tanh_derivative_plain(V x) noexcept {
        const V one = O::set1(T(1));
        const V xc = O::min(O::set1(T(10)), O::max(O::set1(T(-30)), x));  // NaN stays NaN
        const V xx = O::mul(xc, xc);
        const V z = O::mul(xc, O::fma(O::set1(C::gelu_2k_kappa), xx, O::set1(C::gelu_2k[0])));
        const V dz = O::fma(O::set1(T(3) * C::gelu_2k_kappa), xx, O::set1(C::gelu_2k[0]));
        const V e = exp_neg_accurate(O::min(O::set1(T(700)), O::abs(z)));
        const V ope = O::add(one, e);
        const V r = O::div(one, O::mul(ope, ope));
        const V s = O::mul(O::select(O::gt(z, O::set1(T(0))), one, e), O::mul(ope, r));
        const V d = O::fma(O::mul(xc, dz), O::mul(e, r), s);
        return O::select(O::gt(x, O::set1(T(10))), one, O::select(O::lt(x, O::set1(T(-30))), O::set1(T(-0.0)), d));
    }
    /// Phi(x) = erfc(-x/sqrt2)/2 for x from float, |x| <= 14.7: erfc(y) = t e^(-y^2 + F(t)),
    /// t = 2/(2 + y), y = |x|/sqrt2, y^2 = x^2/2 exact; relative error ~2^-34 (F's fit 2^-39.5,
    /// the exponential's 2^-34.5), and
    /// 1 - erfc/2 for x > 0.
    TENSORACT_INLINE static V normal_cdf_plain(V x) noexcept {
        const V half = O::set1(T(0.5));
        const V xc = O::min(O::set1(T(14.7)), O::max(O::set1(T(-14.7)), x));  // NaN stays NaN
        const V y = O::mul(O::abs(xc), O::set1(C::sqrt1_2[0]));
        const V t = O::div(O::set1(T(2)), O::add(O::set1(T(2)), y));
        const V f = estrin17(C::erfc_exponent, t);
        const V ec = O::mul(t, exp_neg_plain(O::fms(O::mul(xc, xc), half, f)));  // erfc(y)
        return O::select(O::lt(x, O::set1(T(0))), O::mul(ec, half), O::fnma(ec, half, O::set1(T(1))));
    }
    /// gelu(x) = x Phi(x) for x from float; x from 14.7 up, -0 below -14.7 (x Phi(x) is below
    /// half the smallest float denormal from -14.4) and at -inf (PyTorch's: NaN).
    TENSORACT_INLINE static V gelu_plain(V x) noexcept {
        const V y = O::mul(x, normal_cdf_plain(x));
        return O::select(O::gt(x, O::set1(T(14.7))), x, O::select(O::lt(x, O::set1(T(-14.7))), O::set1(T(-0.0)), y));
    }
    /// gelu'(x) = Phi(x) + x phi(x), phi(x) = e^(-x^2/2)/sqrt(2 pi). Phi's 2^-34 is too coarse
    /// next to the zero (x ~ -0.7518), where the sum cancels to ~2^-25 at the nearest float:
    /// gelu_derivative sends those lanes to gelu_derivative_d.
    TENSORACT_INLINE static V gelu_derivative_plain(V x) noexcept {
        const V xc = O::min(O::set1(T(14.7)), O::max(O::set1(T(-14.7)), x));  // NaN stays NaN
        const V phi = O::mul(exp_neg_plain(O::mul(O::mul(xc, xc), O::set1(T(0.5)))), O::set1(C::inv_sqrt_2pi[0]));
        const V d = O::fma(xc, phi, normal_cdf_plain(xc));
        // (x phi(x) is below half the smallest float denormal from -14.6)
        return O::select(O::gt(x, O::set1(T(14.7))), O::set1(T(1)), O::select(O::lt(x, O::set1(T(-14.7))), O::set1(T(-0.0)), d));
    }

    // ---- float in float: the family's float kernels that need no double ----

    /// The result 2^n (hi + lo), unrounded.
    struct ScaledParts {
        V hi;
        V lo;
        V n;
    };
    /// log(1 + e^z) for float: max(z, 0) + log1p(w), w = e^-|z| = 2^n u (u = th + c), where
    /// log1p(w) = 2 atanh(s), s = w/(2 + w) = 2^n u/(2 + w) is an unrounded quotient q and
    /// 2 atanh(s) = 2^n (2q + 2(q_lo + q s^2 P(s^2))), s^2 <= 1/9. The tail is < 1/25 of the
    /// value, so P's 2^-25 counts 2^-29.6; q and u carry ~2^-29: within ~2^-27 before the one
    /// rounding. Clamps keep every intermediate normal: w below 2^-60 cannot change 2 + w, s^2
    /// below 2^-60 cannot change P, and next to z > 27, w below 2^-40 cannot change z + w.
    TENSORACT_INLINE static ScaledParts softplus_f(V z, V z_lo) noexcept {
        const V zero = O::set1(T(0));
        const V two = O::set1(T(2));
        const V lim = O::set1(T(170));  // exp_split's limit: e^-170/beta is 0 to float for beta >= 2^-95
        const V az = O::abs(z);
        const V a = O::min(lim, az);  // NaN stays NaN
        const V a_lo = O::select(O::lt(az, lim), O::xor_sign(z_lo, z), zero);
        const ExpSplit e = exp_split(O::neg(a), O::neg(a_lo));
        const Parts u = normalized(e);
        const V nd = O::max(e.n, O::set1(T(-60)));
        const V w_hi = O::scale(u.hi, nd);
        const V d_hi = O::add(two, w_hi);
        const Parts d{d_hi, O::add(O::sub(w_hi, O::sub(d_hi, two)), O::scale(u.lo, nd))};  // Fast2Sum: 2 > w
        const Parts q = div_parts(u, d);  // (div_parts's residual step needs d.lo small: u normalized)
        // the tail grows as q^3: from q rounded, not q.hi (which can be an ULP or two off)
        const V qr = round(q);
        const V s = O::scale(qr, O::max(e.n, O::set1(T(-30))));
        const V ss = O::mul(s, s);
        const V hi = O::add(q.hi, q.hi);
        const V lo = O::mul(O::fma(O::mul(qr, ss), horner(C::atanh_p, ss), q.lo), two);
        const V np = O::max(e.n, O::set1(T(-40)));
        const Parts t = two_sum(z, O::scale(hi, np));
        const M positive = O::gt(z, zero);
        return {O::select(positive, t.hi, hi), O::select(positive, O::add(O::add(t.lo, z_lo), O::scale(lo, np)), lo),
                O::select(positive, zero, e.n)};
    }
    /// (hi + lo) 2^n / beta, for float softplus's parts and beta != 1: in double, where nothing
    /// overflows or underflows before the one rounding to float (instantiated for double).
    TENSORACT_INLINE static V softplus_divide(V hi, V lo, V n, V beta) noexcept {
        return O::div(O::scale(O::add(hi, lo), n), beta);
    }
    /// x - tanh x for float: for |x| <= 0.625, x^3 (1/3 + u Q1(u)), u = x^2, with x^3 and 1/3
    /// as hi + lo (tiny x scaled by 2^32 first, so x^3's parts stay normal, and the result back
    /// by 2^-96: a second rounding where it is denormal); above, |x| - tanh|x| from tanh's
    /// unrounded parts (TwoSum). tanhshrink(+-0) = +0 (x - x).
    TENSORACT_INLINE static V tanhshrink_f(V x) noexcept {
        const V zero = O::set1(T(0));
        const V one = O::set1(T(1));
        const V a = O::abs(x);
        const M tiny = O::lt(a, O::set1(T(0x1p-20)));
        const V xs = O::mul(O::max(O::set1(T(0x1p-50)), a), O::select(tiny, O::set1(T(0x1p32)), one));  // NaN stays NaN
        const Parts u = two_prod(xs, xs);
        const Parts x3 = mul_parts(xs, u);
        const V ap = O::max(O::set1(T(0x1p-20)), a);  // (u Q1(u) below 2^-40 cannot matter)
        const V uu = O::mul(ap, ap);
        const Parts c0 = two_sum(O::set1(C::third[0]), O::mul(uu, horner(C::tanhshrink_q1, uu)));
        const V c_lo = O::add(c0.lo, O::set1(C::third[1]));
        V series = O::fma(x3.hi, c0.hi, O::fma(x3.hi, c_lo, O::mul(x3.lo, c0.hi)));
        if (O::any_gt(O::set1(T(0x1p-20)), a)) [[unlikely]] {
            // back down by 2^-96 in double (exact), rounded once to float: no microcode assist
            // where the result is below the normal range
            series = product_in_double(series, O::select(tiny, O::set1(T(0x1p-96)), one));
        }
        const TanhParts t = tanh_parts(O::min(O::set1(C::tanh_x_max), O::max(O::set1(C::tanhshrink_series_max), a)));
        const Parts d = two_sum(a, O::neg(t.q));
        const V big = O::add(d.hi, O::fnma(t.res, t.r, d.lo));
        const V y = O::xor_sign(O::select(O::le(a, O::set1(C::tanhshrink_series_max)), series, big), x);
        // below 2^-50 x^3/3 rounds to 0 with x's sign, and +-0 give +0; x from 2^30 up
        const V small = O::select(O::le(a, zero), zero, O::xor_sign(zero, x));
        return O::select(O::lt(a, O::set1(T(0x1p-50))), small, O::select(O::gt(a, O::set1(T(0x1p30))), x, y));
    }
    /// tanh(x)^2 for float: tanh from its unrounded parts, or as |x| - (x - tanh x) below
    /// 0.625 (where 1 - e^-2|x| cancels), squared as hi + lo and rounded once; below 2^-20
    /// (where tanh^2 = x^2 (1 - 2x^2/3) to 2^-60), x^2.
    TENSORACT_INLINE static V tanhshrink_derivative_f(V x) noexcept {
        const V a0 = O::abs(x);
        const M tiny = O::lt(a0, O::set1(T(0x1p-20)));
        // the tiny lanes' square is x^2 below: nothing else squares them (no microcode assist
        // on a product below the normal range); x clamped, not |x|, so that tanhshrink_f, which
        // takes |xc| again, shares tanh_parts with this function
        const V xc = O::select(tiny, O::set1(T(0x1p-20)), x);
        const V a = O::abs(xc);
        const TanhParts t = tanh_parts(O::min(O::set1(C::tanh_x_max), O::max(O::set1(C::tanhshrink_series_max), a)));
        const Parts big = two_sum(t.q, O::mul(t.res, t.r));
        const Parts small = two_sum(a, O::neg(O::abs(tanhshrink_f(xc))));
        const M series = O::le(a, O::set1(C::tanhshrink_series_max));
        const Parts p{O::select(series, small.hi, big.hi), O::select(series, small.lo, big.lo)};
        const V h = O::mul(p.hi, p.hi);
        const V sq = O::add(h, O::fma(O::add(p.hi, p.hi), p.lo, O::fms(p.hi, p.hi, h)));
        if (O::any_gt(O::set1(T(0x1p-62)), a0)) [[unlikely]] {  // x^2 may fall below the normal range
            return O::select(tiny, product_in_double(x, x), sq);
        }
        return O::select(tiny, O::mul(x, x), sq);
    }
    /// gelu "tanh" for float: x sigmoid(z), z = 2k x (1 + kappa x^2) carried as hi + lo into
    /// the exponential (silu's quotient with z's low part); x from 10 up, -0 below -12 (where
    /// the result is below half the smallest denormal) and at -inf (PyTorch's: NaN).
    TENSORACT_INLINE static V gelu_tanh_f(V x) noexcept {
        const V zero = O::set1(T(0));
        const V one = O::set1(T(1));
        const V xc = O::min(O::set1(T(10)), O::max(O::set1(T(-12)), x));  // NaN stays NaN
        const V xz = O::xor_sign(O::max(O::set1(C::tiny), O::abs(xc)), xc);  // no denormal into x^2
        const Parts xx = two_prod(xz, xz);
        const Parts kx = mul_parts(Parts{O::set1(C::gelu_kappa[0]), O::set1(C::gelu_kappa[1])}, xx);
        const Parts s0 = two_sum(one, kx.hi);
        const Parts z = mul_parts(Parts{O::set1(C::gelu_2k[0]), O::set1(C::gelu_2k[1])},
                                  mul_parts(xz, Parts{s0.hi, O::add(s0.lo, kx.lo)}));
        const V az = O::abs(z.hi);
        const V lim = O::set1(C::silu_a_max);
        const V a = O::min(lim, az);
        const V a_lo = O::select(O::lt(az, lim), O::xor_sign(z.lo, z.hi), zero);
        const M positive = O::gt(z.hi, zero);
        const ExpSplit e = exp_split(O::neg(a), O::neg(a_lo));
        const OnePlus d = one_plus(e, O::max(e.n, O::set1(C::scale_floor)));
        const Quotient s = quotient(O::select(positive, one, e.th), O::select(positive, zero, e.c), d);
        const V y = O::scale_below_normal(O::fma(x, s.q, O::mul(x, s.corr())), O::select(positive, zero, e.n));
        const V ys = O::select(O::lt(O::abs(x), O::set1(C::tiny)), half_plus_square(x), y);
        return O::select(O::gt(x, O::set1(T(10))), x, O::select(O::lt(x, O::set1(T(-12))), O::set1(T(-0.0)), ys));
    }
    /// log sigmoid(x) = -log(1 + e^-x) for float; +0 at +inf (PyTorch's sign).
    TENSORACT_INLINE static V logsigmoid_f(V x) noexcept {
        const V z = O::neg(x);
        const ScaledParts p = softplus_f(z, O::set1(T(0)));
        const V y = O::neg(O::scale_below_normal(O::add(p.hi, p.lo), p.n));
        const V huge = O::set1(std::numeric_limits<T>::max());
        return O::select(O::gt(x, huge), O::set1(T(0)), O::select(O::gt(z, huge), x, y));
    }

    // The public kernels: double through the *_d kernels, float through *_f or *_plain.
#define TENSORACT_VIA_DOUBLE(call_lo, call_hi, direct)                                   \
    if constexpr (std::is_same_v<T, float>) {                                           \
        using D = Math<double>;                                                          \
        return O::narrow(call_lo, call_hi);                                              \
    } else {                                                                             \
        return direct;                                                                   \
    }
    // elu, celu and selu in the element type itself (e^x - 1 needs no cancellation guard
    // beyond expm1's small-|z| polynomial): float within 0.5 ULP + 2^-4 (measured over every
    // float: tests/exhaustive)
    TENSORACT_INLINE static V elu(V x, V a, V b) noexcept { return elu_d(x, a, b); }
    TENSORACT_INLINE static V elu_derivative(V x, V a, V b) noexcept { return elu_derivative_d(x, a, b); }
    TENSORACT_INLINE static V selu(V x) noexcept { return selu_d(x); }
    TENSORACT_INLINE static V selu_derivative(V x) noexcept { return selu_derivative_d(x); }
    /// softplus: x where beta x > threshold (beta x rounded to T, as PyTorch), else
    /// log(1 + e^(beta x))/beta.
    TENSORACT_INLINE static V softplus(V x, V beta, V threshold) noexcept {
        const M linear = O::gt(O::mul(x, beta), threshold);
        V y;
        if constexpr (std::is_same_v<T, float>) {
            // beta x as an exact product (its low part is +-inf or NaN where x beta is inf: the
            // selects below win there)
            const Parts z = two_prod(x, beta);
            const ScaledParts p = softplus_f(z.hi, z.lo);
            if (any(O::gt(O::abs(O::sub(beta, O::set1(T(1)))), O::set1(T(0))))) {
                using D = Math<double>;
                y = O::narrow(D::softplus_divide(O::widen_lo(p.hi), O::widen_lo(p.lo), O::widen_lo(p.n), O::widen_lo(beta)),
                              D::softplus_divide(O::widen_hi(p.hi), O::widen_hi(p.lo), O::widen_hi(p.n), O::widen_hi(beta)));
            } else {
                y = O::scale_below_normal(O::add(p.hi, p.lo), p.n);
            }
            // x beta = +inf: inf / beta
            y = O::select(O::gt(z.hi, O::set1(std::numeric_limits<T>::max())),
                          O::xor_sign(O::set1(std::numeric_limits<T>::infinity()), beta), y);
        } else {
            y = softplus_d(x, beta);
        }
        return O::select(linear, x, y);
    }
    TENSORACT_INLINE static V softplus_derivative(V x, V beta, V threshold) noexcept {
        const Parts z = two_prod(x, beta);  // sigmoid of the exact product
        return O::select(O::gt(z.hi, threshold), O::set1(T(1)), logistic(z.hi, z.lo));
    }
    TENSORACT_INLINE static V logsigmoid(V x) noexcept {
        if constexpr (std::is_same_v<T, float>) {
            return logsigmoid_f(x);
        } else {
            return logsigmoid_d(x);
        }
    }
    TENSORACT_INLINE static V logsigmoid_derivative(V x) noexcept { return logistic(O::neg(x)); }
    TENSORACT_INLINE static V tanhshrink(V x) noexcept {
        if constexpr (std::is_same_v<T, float>) {
            return tanhshrink_f(x);
        } else {
            return tanhshrink_d(x);
        }
    }
    TENSORACT_INLINE static V tanhshrink_derivative(V x) noexcept {
        if constexpr (std::is_same_v<T, float>) {
            return tanhshrink_derivative_f(x);
        } else {
            return tanhshrink_derivative_d(x);
        }
    }
    TENSORACT_INLINE static V mish(V x) noexcept {
        TENSORACT_VIA_DOUBLE(D::mish_plain(O::widen_lo(x)), D::mish_plain(O::widen_hi(x)), mish_d(x))
    }
    TENSORACT_INLINE static V mish_derivative(V x) noexcept {
        TENSORACT_VIA_DOUBLE(D::mish_derivative_plain(O::widen_lo(x)), D::mish_derivative_plain(O::widen_hi(x)),
                             mish_derivative_d(x))
    }
    /// gelu and gelu_tanh for float: tiny x (whose x/2 may be a tie in float) as x/2 + x^2/c.
    TENSORACT_INLINE static V gelu(V x) noexcept {
        if constexpr (std::is_same_v<T, float>) {
            using D = Math<double>;
            const V y = O::narrow(D::gelu_plain(O::widen_lo(x)), D::gelu_plain(O::widen_hi(x)));
            return O::select(O::lt(O::abs(x), O::set1(C::tiny)), half_plus_square(x), y);
        } else {
            return gelu_d(x);
        }
    }
    TENSORACT_INLINE static V gelu_derivative(V x) noexcept {
        if constexpr (std::is_same_v<T, float>) {
            using D = Math<double>;
            const V y = O::narrow(D::gelu_derivative_plain(O::widen_lo(x)), D::gelu_derivative_plain(O::widen_hi(x)));
            // next to the zero, lane by lane from the accurate double kernel
            const M near = O::lt(O::abs(O::add(x, O::set1(0.7518F))), O::set1(1.0F / 64));
            if (any(near)) {
                const V yd = O::narrow(D::gelu_derivative_d(O::widen_lo(x)), D::gelu_derivative_d(O::widen_hi(x)));
                return O::select(near, yd, y);
            }
            return y;
        } else {
            return gelu_derivative_d(x);
        }
    }
    TENSORACT_INLINE static V gelu_tanh(V x) noexcept {
        if constexpr (std::is_same_v<T, float>) {
            return gelu_tanh_f(x);
        } else {
            return gelu_tanh_d(x);
        }
    }
    TENSORACT_INLINE static V gelu_tanh_derivative(V x) noexcept {
        TENSORACT_VIA_DOUBLE(D::gelu_tanh_derivative_plain(O::widen_lo(x)), D::gelu_tanh_derivative_plain(O::widen_hi(x)),
                             gelu_tanh_derivative_d(x))
    }
#undef TENSORACT_VIA_DOUBLE
};

/// Outputs of at least this many bytes are written with streaming stores: they would not stay
/// in the last-level cache anyway, and skipping it saves the read-for-ownership.
inline constexpr std::int64_t streaming_bytes = std::int64_t{32} << 20;

/// Where the output starts being aligned for streaming stores, if it ever is (element count).
template <class T>
TENSORACT_KERNEL std::int64_t streaming_head(const T* y) noexcept {
    constexpr auto vector_bytes = static_cast<std::uintptr_t>(Ops<T>::lanes) * sizeof(T);
    const auto misalign = reinterpret_cast<std::uintptr_t>(y) % vector_bytes;
    if (misalign % sizeof(T) != 0) {
        return -1;
    }
    return misalign == 0 ? 0 : static_cast<std::int64_t>((vector_bytes - misalign) / sizeof(T));
}

/// F is constructed here, from the parameters, so that its vectors are locals: held by
/// reference, they would be reloaded after every store (a float store may alias them).
///
/// `one_copy`: f's instructions appear once in the loop, every block (the aligning head, full
/// vectors, the tail) going through them with a branch on how it loads and stores. The compile
/// time and the code of an op grow with the copies of f inlined, per instruction set. For the
/// ops that compute (sigmoid is ~40 instructions a vector) the predictable branches cost about
/// 1% (bench/: sigmoid, tanh, gelu, softplus). The memory-bound ops (relu and the like, a few
/// instructions) keep separate loops, which reach the copy ceiling.
template <class T, class F, bool one_copy>
TENSORACT_KERNEL void map_unary(const T* x, T* y, std::int64_t n, const simd::Params<T>& p) noexcept {
    const F f(p);
    using O = Ops<T>;
    constexpr std::int64_t L = O::lanes;
    std::int64_t i = 0;
    const std::int64_t head = n * static_cast<std::int64_t>(sizeof(T)) >= streaming_bytes && L > 1 ? streaming_head(y) : -1;
    if constexpr (one_copy) {
        const bool streaming = head >= 0;
        for (std::int64_t m = head > 0 ? head : L; i < n; i += m, m = L) {
            m = m < n - i ? m : n - i;
            const bool full = m == L;
            const typename O::V r = f.apply(full ? O::load(x + i) : O::load_partial(x + i, m));
            if (!full) {
                O::store_partial(y + i, r, m);
            } else if (streaming) {
                O::stream(y + i, r);
            } else {
                O::store(y + i, r);
            }
        }
        if (streaming) {
            O::stream_fence();
        }
    } else {
        if (head >= 0) {
            // Align the output; the head goes through the same instructions, masked.
            if (head > 0) {
                O::store_partial(y, f.apply(O::load_partial(x, head)), head);
                i = head;
            }
            for (; i + L <= n; i += L) {
                O::stream(y + i, f.apply(O::load(x + i)));
            }
            O::stream_fence();
        }
        for (; i + L <= n; i += L) {
            O::store(y + i, f.apply(O::load(x + i)));
        }
        if (i < n) {
            O::store_partial(y + i, f.apply(O::load_partial(x + i, n - i)), n - i);
        }
    }
}

/// Two inputs: the separate loops always (one copy of f was 3-5% slower for silu_backward).
template <class T, class F>
TENSORACT_KERNEL void map_binary(const T* a, const T* b, T* y, std::int64_t n, const simd::Params<T>& p) noexcept {
    const F f(p);
    using O = Ops<T>;
    constexpr std::int64_t L = O::lanes;
    std::int64_t i = 0;
    const std::int64_t head = n * static_cast<std::int64_t>(sizeof(T)) >= streaming_bytes && L > 1 ? streaming_head(y) : -1;
    if (head >= 0) {
        if (head > 0) {
            O::store_partial(y, f.apply(O::load_partial(a, head), O::load_partial(b, head)), head);
            i = head;
        }
        for (; i + L <= n; i += L) {
            O::stream(y + i, f.apply(O::in_register(O::load(a + i)), O::in_register(O::load(b + i))));  // see in_register
        }
        O::stream_fence();
    }
    for (; i + L <= n; i += L) {
        O::store(y + i, f.apply(O::load(a + i), O::load(b + i)));
    }
    if (i < n) {
        O::store_partial(y + i, f.apply(O::load_partial(a + i, n - i), O::load_partial(b + i, n - i)), n - i);
    }
}

/// A sum of T vectors carried per lane in double: floats are widened (two double vectors),
/// doubles summed with a TwoSum compensation, so that rows of any length lose no digits.
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
    /// Adds a float vector's worth of doubles (lanes as widen_lo and widen_hi split them).
    TENSORACT_INLINE void add_wide(W::V a_lo, W::V a_hi) noexcept {
        lo = W::add(lo, a_lo);
        hi = W::add(hi, a_hi);
    }
    TENSORACT_INLINE void add_product(O::V a, O::V b) noexcept {
        lo = W::fma(O::widen_lo(a), O::widen_lo(b), lo);
        hi = W::fma(O::widen_hi(a), O::widen_hi(b), hi);
    }
    /// add_product of the vectors at a and b, loaded in halves: each half's load folds into
    /// its conversion, where widen_hi of a loaded vector shuffles first.
    TENSORACT_INLINE void add_product_at(const float* a, const float* b) noexcept {
        if constexpr (O::lanes == 1) {
            add_product(O::load(a), O::load(b));
        } else {
            lo = W::fma(O::widen_half(a), O::widen_half(b), lo);
            hi = W::fma(O::widen_half(a + O::lanes / 2), O::widen_half(b + O::lanes / 2), hi);
        }
    }
    TENSORACT_INLINE void merge(const LaneSum& other) noexcept { add_wide(other.lo, other.hi); }
    TENSORACT_INLINE [[nodiscard]] double total() const noexcept { return W::reduce_add(W::add(lo, hi)); }
    /// Per lane: 1 / sum as r_hi + r_lo (to ~2^-48 relative), so that a product with it
    /// rounds once.
    TENSORACT_INLINE void reciprocal_parts(O::V& r_hi, O::V& r_lo) const noexcept {
        const auto one = W::set1(1.0);
        const W::V a = W::div(one, lo);
        const W::V b = W::div(one, hi);
        r_hi = O::narrow(a, b);
        r_lo = O::narrow(W::sub(a, O::widen_lo(r_hi)), W::sub(b, O::widen_hi(r_hi)));
    }
    /// 1 / total() as r_hi + r_lo (to ~2^-48 relative while r_lo is normal: totals below
    /// 2^100), and the total, t.
    TENSORACT_INLINE void total_reciprocal(float& r_hi, float& r_lo, double& t) const noexcept {
        t = total();
        const double r = 1.0 / t;
        r_hi = static_cast<float>(r);
        r_lo = static_cast<float>(r - static_cast<double>(r_hi));
    }
    TENSORACT_INLINE [[nodiscard]] O::V lanes() const noexcept { return O::narrow(lo, hi); }
    /// The per-lane sums in double, lane i at out[i] (out holds 2 * W::lanes values).
    TENSORACT_INLINE void store_lanes(double* out) const noexcept {
        W::store(out, lo);
        W::store(out + W::lanes, hi);
    }
};

template <>
struct LaneSum<double> {
    using O = Ops<double>;
    O::V sum;
    O::V comp;  // what the additions lost (TwoSum), added up
    TENSORACT_INLINE LaneSum() noexcept : sum(O::set1(0.0)), comp(O::set1(0.0)) {}
    /// Ogita, Rump and Oishi's Sum2: sum + comp is the sum as if added in twice the precision
    /// (Kahan's compensation still errs by 2 ULP where one term dominates the others).
    TENSORACT_INLINE void add(O::V v) noexcept {
        const Math<double>::Parts s = Math<double>::two_sum(sum, v);
        sum = s.hi;
        comp = O::add(comp, s.lo);
    }
    TENSORACT_INLINE void add_product(O::V a, O::V b) noexcept { add(O::mul(a, b)); }
    TENSORACT_INLINE void add_product_at(const double* a, const double* b) noexcept { add_product(O::load(a), O::load(b)); }
    TENSORACT_INLINE void merge(const LaneSum& other) noexcept {
        add(other.sum);
        comp = O::add(comp, other.comp);
    }
    /// The total as hi + lo: the lanes and their compensations added with Neumaier's method
    /// (a plain horizontal add would cost double rows up to an ULP per level of its tree).
    TENSORACT_INLINE void total_parts(double& hi, double& lo) const noexcept {
        double s[O::lanes];
        double c[O::lanes];
        O::store(s, sum);
        O::store(c, comp);
        double acc = 0;
        double lost = 0;
        for (int i = 0; i < 2 * O::lanes; ++i) {
            const double v = i < O::lanes ? s[i] : c[i - O::lanes];
            const double t = acc + v;
            lost += std::fabs(acc) >= std::fabs(v) ? (acc - t) + v : (v - t) + acc;
            acc = t;
        }
        hi = acc;
        lo = lost;
    }
    TENSORACT_INLINE [[nodiscard]] double total() const noexcept {
        double hi = 0;
        double lo = 0;
        total_parts(hi, lo);
        return hi + lo;
    }
    /// Per lane: 1 / (sum + comp) as r_hi + r_lo (to ~2^-104 relative), so that a product
    /// with it rounds once.
    TENSORACT_INLINE void reciprocal_parts(O::V& r_hi, O::V& r_lo) const noexcept {
        const O::V t = O::add(sum, comp);
        const O::V t_lo = O::sub(comp, O::sub(t, sum));  // t + t_lo is the total (Fast2Sum)
        reciprocal_of(t, t_lo, r_hi, r_lo);
    }
    /// 1 / total() as r_hi + r_lo, likewise, and the total's leading part, t.
    TENSORACT_INLINE void total_reciprocal(double& r_hi, double& r_lo, double& t) const noexcept {
        double t_lo = 0;
        total_parts(t, t_lo);
        O::V h;
        O::V l;
        reciprocal_of(O::set1(t), O::set1(t_lo), h, l);
        r_hi = O::reduce_max(h);  // every lane holds it
        r_lo = O::reduce_max(l);
    }
    TENSORACT_INLINE static void reciprocal_of(O::V t, O::V t_lo, O::V& r_hi, O::V& r_lo) noexcept {
        const Math<double>::Parts r = Math<double>::div_parts({O::set1(1.0), O::set1(0.0)}, {t, t_lo});
        r_hi = r.hi;
        r_lo = r.lo;
    }
    TENSORACT_INLINE [[nodiscard]] O::V lanes() const noexcept { return O::add(sum, comp); }
    TENSORACT_INLINE void store_lanes(double* out) const noexcept { O::store(out, O::add(sum, comp)); }
};

/// log_softmax's last step, y = (x - m) - L with L = log(sum e^(x - m)) per lane: for float in
/// double (one rounding), for double with x - m carried exactly (TwoSum).
template <class T>
struct LogSoftmaxLanes;

template <>
struct LogSoftmaxLanes<float> {
    using O = Ops<float>;
    using W = Ops<double>;
    W::V lo;
    W::V hi;
    TENSORACT_INLINE explicit LogSoftmaxLanes(double l) noexcept : lo(W::set1(l)), hi(W::set1(l)) {}
    TENSORACT_INLINE explicit LogSoftmaxLanes(const double* l) noexcept : lo(W::load(l)), hi(W::load(l + W::lanes)) {}
    TENSORACT_INLINE [[nodiscard]] O::V apply(O::V x, O::V m) const noexcept {
        return O::narrow(W::sub(W::sub(O::widen_lo(x), O::widen_lo(m)), lo), W::sub(W::sub(O::widen_hi(x), O::widen_hi(m)), hi));
    }
};

template <>
struct LogSoftmaxLanes<double> {
    using O = Ops<double>;
    O::V l;
    TENSORACT_INLINE explicit LogSoftmaxLanes(double v) noexcept : l(O::set1(v)) {}
    TENSORACT_INLINE explicit LogSoftmaxLanes(const double* v) noexcept : l(O::load(v)) {}
    TENSORACT_INLINE [[nodiscard]] O::V apply(O::V x, O::V m) const noexcept {
        const O::V b = O::neg(m);
        const O::V s = O::add(x, b);
        const O::V bb = O::sub(s, x);
        const O::V s_lo = O::add(O::sub(x, O::sub(s, bb)), O::sub(b, bb));
        const O::V y = O::add(O::sub(s, l), s_lo);
        // x - m = -inf (x = -inf, or an overflow): s_lo is NaN there, the result is s - l
        return O::select(O::lt(s, O::set1(-std::numeric_limits<double>::max())), O::sub(s, l), y);
    }
};

/// The sums log_softmax needs, per lane: of e^(x - m) over x < m (kept unrounded, as th and
/// c), and the count of x = m, whose terms are exactly 1. L = log1p(rest + ties - 1): the
/// rounding of 1 + rest, which would cost the dominant entry's result its digits, is avoided.
/// (The count is kept in T: it rounds only past 2^24 per lane, where L is past 16 and the
/// rounding is far below its last bit.)
template <class T>
struct LogSumLanes {
    using O = Ops<T>;
    using V = typename O::V;
    LaneSum<T> rest;
    V ties;
    // user-provided: an implicit constructor would miss the target region
    TENSORACT_INLINE LogSumLanes() noexcept : rest(), ties(O::set1(T(0))) {}
    TENSORACT_INLINE void add(V x, V m) noexcept {
        typename O::M under;
        const typename Math<T>::ExpSplit e = Math<T>::exp_diff_split(x, m, under);
        const typename O::M top = O::le(m, x);
        const V zero = O::set1(T(0));
        // the max's own terms are counted in ties; x - x there makes a +inf max NaN, as
        // PyTorch's row. Terms below e^exp_z_min count 0, as in T: scaled in double they
        // would be e^exp_z_min, and a row's -inf entries (and a short row's padding lanes)
        // would push its max's result below 0 (log_softmax([2.5]) was -0, of [0, -inf x 2^12]
        // a denormal).
        const V th = O::select(top, O::sub(x, x), O::select(under, zero, e.th));
        const V c = O::select(top, zero, O::select(under, zero, e.c));
        ties = O::add(ties, O::select(top, O::set1(T(1)), zero));
        if constexpr (std::is_same_v<T, float>) {
            // scaled in double: a float term would be denormal from e^-87 on, and a row whose
            // other terms are all that small has its result in their digits
            using W = Ops<double>;
            rest.add_wide(W::scale(W::add(O::widen_lo(th), O::widen_lo(c)), O::widen_lo(e.n)),
                          W::scale(W::add(O::widen_hi(th), O::widen_hi(c)), O::widen_hi(e.n)));
        } else {
            rest.add(O::scale(O::add(th, c), e.n));
        }
    }
    TENSORACT_INLINE [[nodiscard]] double log_total() const noexcept {
        return std::log1p(rest.total() + (static_cast<double>(O::reduce_add(ties)) - 1.0));
    }
    /// log1p per lane into out (2 * lanes doubles).
    TENSORACT_INLINE void store_logs(double* out) const noexcept {
        T t[O::lanes];
        rest.store_lanes(out);
        O::store(t, ties);
        for (int i = 0; i < O::lanes; ++i) {
            out[i] = std::log1p(out[i] + (static_cast<double>(t[i]) - 1.0));
        }
    }
};

/// A row's values as softmax sees them: x, or -x for softmin; lanes past w (w <= lanes) are
/// `fill` as softmax sees it (-inf by default).
template <simd::RowOp op, class T>
TENSORACT_INLINE inline typename Ops<T>::V load_row_or(const T* p, std::int64_t w, T fill) noexcept {
    if constexpr (op == simd::RowOp::softmin) {
        return Ops<T>::neg(w == Ops<T>::lanes ? Ops<T>::load(p) : Ops<T>::load_partial_or(p, w, -fill));
    } else {
        return w == Ops<T>::lanes ? Ops<T>::load(p) : Ops<T>::load_partial_or(p, w, fill);
    }
}
template <simd::RowOp op, class T>
TENSORACT_INLINE inline typename Ops<T>::V load_row(const T* p, std::int64_t w) noexcept {
    return load_row_or<op>(p, w, -std::numeric_limits<T>::infinity());
}

template <class T>
TENSORACT_INLINE inline void store_columns(T* p, typename Ops<T>::V v, std::int64_t w) noexcept {
    if (w == Ops<T>::lanes) {
        Ops<T>::store(p, v);
    } else {
        Ops<T>::store_partial(p, v, w);
    }
}

/// Whether a row of n values (as softmax sees them) with max m can skip subtracting m:
/// Constants::softmax_direct_max says when. A NaN m answers no.
template <simd::RowOp op, class T>
TENSORACT_INLINE inline bool softmax_direct_ok(const T* xr, std::int64_t n, T m) noexcept {
    using O = Ops<T>;
    using C = simd::Constants<T>;
    if (!(m <= C::softmax_direct_max) || n > (std::int64_t{1} << 32)) {
        return false;
    }
    if (m >= T(0)) {
        return true;
    }
    if (!(m >= C::softmax_direct_min)) {
        return false;
    }
    // the row's min, only here: rows of a max below 0 are the rarer kind
    constexpr T inf = std::numeric_limits<T>::infinity();
    typename O::V vmin = O::set1(inf);
    for (std::int64_t i = 0; i < n; i += O::lanes) {
        vmin = O::min(vmin, load_row_or<op>(xr + i, n - i < O::lanes ? n - i : O::lanes, inf));
    }
    return -O::reduce_max(O::neg(vmin)) >= C::softmax_direct_min;
}

/// softmax_row's terms: e^(x - m), or e^x (direct); `padded`: for a partial vector, whose
/// lanes past the row are -inf.
template <bool direct, class T, bool padded = false>
TENSORACT_INLINE inline typename Ops<T>::V softmax_exp(typename Ops<T>::V x, typename Ops<T>::V mv) noexcept {
    if constexpr (direct) {
        static_cast<void>(mv);
        return padded ? Math<T>::exp_direct_padded(x) : Math<T>::exp_direct(x);
    } else {
        return padded ? Math<T>::exp_diff_padded(x, mv) : Math<T>::exp_diff(x, mv);
    }
}

/// softmax_times' constants. A term e whose product e (hi + lo) would pass below the normal
/// range on the way (e lo, or the result, or e itself) is taken up by 2^up_exp first, where
/// the product cannot underflow, and the result back down with one rounding into the
/// denormals, formed as integers: x86 cores take a microcode assist on a denormal operand or
/// result of a multiplication (~45 ns a vector on Intel's, one-off), which made softmax rows
/// with a spread past ~70 several times slower (bench/: softmax[x in -85..85]).
template <class T>
struct TimesScaling;

template <>
struct TimesScaling<float> {
    using I = std::int32_t;
    static constexpr int mantissa_bits = 23;
    static constexpr I up_exp = 80;
    static constexpr float down = 0x1p-80F;
    static constexpr float cap = 0x1p44F;                // e below it only: e 2^up_exp stays finite
    static constexpr float normal_min = 0x1p-126F;
    static constexpr float scaled_normal_min = 0x1p-46F;  // normal_min 2^up_exp
    static constexpr float to_grid = 0x1p69F;             // 2^(149 - up_exp): units of the smallest denormal
    static constexpr float magic = 0x1p23F;
    static constexpr double threshold_scale = 0x1p-80;
};

template <>
struct TimesScaling<double> {
    using I = std::int64_t;
    static constexpr int mantissa_bits = 52;
    static constexpr I up_exp = 400;
    static constexpr double down = 0x1p-400;
    static constexpr double cap = 0x1p600;
    static constexpr double normal_min = 0x1p-1022;
    static constexpr double scaled_normal_min = 0x1p-622;
    static constexpr double to_grid = 0x1p674;  // 2^(1074 - up_exp)
    static constexpr double magic = 0x1p52;
    static constexpr double threshold_scale = 0x1p-940;
};

/// v's bits less 1: the next value below a positive v, NaN for 0.
template <class T>
TENSORACT_INLINE inline typename Ops<T>::V one_below(typename Ops<T>::V v) noexcept {
    return Ops<T>::from_bits(Ops<T>::int_sub(Ops<T>::bits(v), Ops<T>::int_set1(1)));
}

/// e (hi + lo) rounded once, for terms at or above softmax_times_threshold.
template <class T>
TENSORACT_INLINE inline typename Ops<T>::V softmax_times_plain(typename Ops<T>::V e, typename Ops<T>::V hi, typename Ops<T>::V lo) noexcept {
    return Ops<T>::fma(e, hi, Ops<T>::mul(e, lo));
}

/// The terms below which softmax_times takes the scaled product, for a row (or column) whose
/// terms add up to total: total 2^-80 (float; 2^-940 for double), at least normal_min and at
/// most TimesScaling::cap. At or above it the result is above 2^-80 (2^-940), and e and e lo
/// are normal unless |lo| is below 2^-46 hi (2^-82 hi), a sum in ~2^22 (~2^29), whose row
/// then rounds e lo into the denormals where it falls there, on every instruction set alike.
/// Terms near it are ~2^21 above any underflow, so the two products agree on them, and a
/// total that differs in its last bit between instruction sets (its lanes are added in
/// another order) does not change the result. No division: the threshold is ready with 1/sum
/// (with one, a row of 10 took ~10% longer, one-off).
template <class T>
TENSORACT_INLINE inline T softmax_times_threshold(double total) noexcept {
    using S = TimesScaling<T>;
    const auto m = static_cast<T>(total * S::threshold_scale);
    const T thr = m > S::normal_min ? m : S::normal_min;  // (NaN: normal_min)
    return thr < S::cap ? thr : S::cap;
}

/// e/sum from 1/sum = hi + lo, rounded once: e hi + (e lo) as if the exponent range were
/// unbounded (but see softmax_times_threshold), then rounded to T (into the denormals once).
/// At most 1: e <= sum, and hi + lo is 1/sum to ~2^-47, so e (hi + lo) is at most 1 + 2^-46,
/// which rounds to 1. thr: softmax_times_threshold; terms below it (0 aside) are taken up by
/// 2^up_exp. zeros_likely: a vector padded with 0 (a row of one partial vector), tested once.
template <class T, bool zeros_likely = false>
TENSORACT_INLINE inline typename Ops<T>::V softmax_times(typename Ops<T>::V e, typename Ops<T>::V hi, typename Ops<T>::V lo,
                                                          typename Ops<T>::V thr) noexcept {
    using O = Ops<T>;
    using V = typename O::V;
    using S = TimesScaling<T>;
    // zeros_likely skips the first test, which a vector holding a 0 always fails
    if ((!zeros_likely && !O::any_gt(thr, e)) || !O::any_gt(one_below<T>(thr), one_below<T>(e))) {
        return softmax_times_plain<T>(e, hi, lo);  // no term below thr, 0 aside (0's bits less 1 are NaN)
    }
    constexpr auto up_bits = static_cast<typename S::I>(S::up_exp) << S::mantissa_bits;
    constexpr auto denormal_bits = static_cast<typename S::I>(S::up_exp + 1) << S::mantissa_bits;
    const V zero = O::set1(T(0));
    const V one = O::set1(T(1));
    // e 2^up_exp without a denormal operation: a normal e's exponent raised; a denormal e
    // (m units of the smallest) made 2^(up_exp + emin) (1 + m 2^-mantissa) and its leading
    // 2^(up_exp + emin) taken off, exactly
    const typename O::M denormal = O::lt(e, O::set1(S::normal_min));
    const V from_denormal =
        O::sub(O::from_bits(O::int_sub(O::bits(O::select(denormal, e, zero)), O::int_set1(-denormal_bits))), O::set1(S::scaled_normal_min));
    const V from_normal = O::from_bits(O::int_sub(O::bits(e), O::int_set1(-up_bits)));
    const typename O::M scaled = O::lt(e, thr);
    const V es = O::select(scaled, O::select(denormal, from_denormal, from_normal), e);
    const V y = O::fma(es, hi, O::mul(es, lo));
    // back down: y 2^-up_exp, exact where it is normal; below that, y 2^(149 - up_exp) (float)
    // rounds to the denormal's units by adding 2^23, as scale_below_normal's integer path
    const typename O::M below = O::lt(y, O::set1(S::scaled_normal_min));
    const V magic = O::set1(S::magic);
    const V units = O::from_bits(O::int_sub(O::bits(O::fma(y, O::set1(S::to_grid), magic)), O::bits(magic)));
    const V normal = O::mul(O::select(below, one, y), O::set1(S::down));
    return O::select(scaled, O::select(below, units, normal), y);
}

/// 1/sum as hi + lo, with softmax_times_threshold, in every lane (a row's) or per lane
/// (columns'), for softmax_times.
template <class T>
struct SoftmaxReciprocal {
    typename Ops<T>::V hi;
    typename Ops<T>::V lo;
    typename Ops<T>::V thr;
    TENSORACT_INLINE static SoftmaxReciprocal of_total(const LaneSum<T>& sum) noexcept {
        using O = Ops<T>;
        T h = 0;
        T l = 0;
        double t = 0;
        sum.total_reciprocal(h, l, t);
        return {O::set1(h), O::set1(l), O::set1(softmax_times_threshold<T>(t))};
    }
    TENSORACT_INLINE static SoftmaxReciprocal of_lanes(const LaneSum<T>& sum) noexcept {
        using O = Ops<T>;
        SoftmaxReciprocal r;
        sum.reciprocal_parts(r.hi, r.lo);
        double t[2 * O::lanes];
        T thr[O::lanes];
        sum.store_lanes(t);
        for (int i = 0; i < O::lanes; ++i) {
            thr[i] = softmax_times_threshold<T>(t[i]);
        }
        r.thr = O::load(thr);
        return r;
    }
    /// Whether none of the terms is below thr (NaN is not: min keeps its second operand).
    TENSORACT_INLINE bool plain(typename Ops<T>::V e0, typename Ops<T>::V e1, typename Ops<T>::V e2, typename Ops<T>::V e3) const noexcept {
        using O = Ops<T>;
        return !O::any_gt(thr, O::min(e0, O::min(e1, O::min(e2, O::min(e3, thr)))));
    }
    /// times for terms at or above thr.
    TENSORACT_INLINE typename Ops<T>::V times_plain(typename Ops<T>::V e) const noexcept { return softmax_times_plain<T>(e, hi, lo); }
    template <bool zeros_likely = false>
    TENSORACT_INLINE typename Ops<T>::V times(typename Ops<T>::V e) const noexcept {
        return softmax_times<T, zeros_likely>(e, hi, lo, thr);
    }
};

/// y = e / sum for the terms e stored in yr (a row of n), with 1/sum as hi + lo: one rounding.
template <class T>
TENSORACT_INLINE inline void softmax_scale_row(T* yr, std::int64_t n, const LaneSum<T>& sum) noexcept {
    using O = Ops<T>;
    using V = typename O::V;
    constexpr std::int64_t L = O::lanes;
    const auto r = SoftmaxReciprocal<T>::of_total(sum);
    std::int64_t i = 0;
    // four vectors a check (their smallest term against thr): fewer instructions than one each
    for (; i + 4 * L <= n; i += 4 * L) {
        const V e0 = O::load(yr + i);
        const V e1 = O::load(yr + i + L);
        const V e2 = O::load(yr + i + 2 * L);
        const V e3 = O::load(yr + i + 3 * L);
        if (r.plain(e0, e1, e2, e3)) {
            O::store(yr + i, r.times_plain(e0));
            O::store(yr + i + L, r.times_plain(e1));
            O::store(yr + i + 2 * L, r.times_plain(e2));
            O::store(yr + i + 3 * L, r.times_plain(e3));
        } else {
            O::store(yr + i, r.times(e0));
            O::store(yr + i + L, r.times(e1));
            O::store(yr + i + 2 * L, r.times(e2));
            O::store(yr + i + 3 * L, r.times(e3));
        }
    }
    for (; i + L <= n; i += L) {
        O::store(yr + i, r.times(O::load(yr + i)));
    }
    if (i < n) {
        O::store_partial(yr + i, r.times(O::load_partial(yr + i, n - i)), n - i);
    }
}

/// softmax (or softmin) of one row of n contiguous values with max m (broadcast in mv):
/// e^(x - m), or e^x where softmax_direct_ok (the same quotients, without carrying x - m
/// exactly), stored and summed in double, then scaled by 1/sum.
template <simd::RowOp op, bool direct, class T>
TENSORACT_INLINE inline void softmax_row(const T* xr, T* yr, std::int64_t n, typename Ops<T>::V mv) noexcept {
    using O = Ops<T>;
    using V = typename O::V;
    constexpr std::int64_t L = O::lanes;
    LaneSum<T> sum;
    std::int64_t i = 0;
    for (; i + L <= n; i += L) {
        const V e = softmax_exp<direct, T>(load_row<op>(xr + i, L), mv);
        O::store(yr + i, e);
        sum.add(e);
    }
    if (i < n) {
        const V e = softmax_exp<direct, T, true>(load_row<op>(xr + i, n - i), mv);
        O::store_partial(yr + i, e, n - i);
        sum.add(e);
    }
    softmax_scale_row(yr, n, sum);
}

/// What softmax_direct_row found.
enum class DirectRow { done, above_max, not_direct };

/// softmax_row<op, true> without reading the row for its max first: e^x is stored and summed
/// while the max is taken, and softmax_direct_ok is asked at the end. One read of x fewer,
/// which shows on rows beyond L1 (bench/: softmax at [64, 50257]). The max and the terms are
/// softmax_row's, so are the bits. A block of 4 vectors (or the tail) whose max is above
/// softmax_direct_max ends it early (above_max); a row that softmax_direct_ok turns away at the
/// end (not_direct, with its max in m) has cost a pass, and the caller stops trying for its
/// later rows where that max is finite (a masked row, all -inf, or one holding NaN says nothing
/// of the next). Not for rows of more than 2^32, nor in place (yr == xr): a row it turns away
/// is read again.
template <simd::RowOp op, class T>
TENSORACT_INLINE inline DirectRow softmax_direct_row(const T* xr, T* yr, std::int64_t n, T& m) noexcept {
    using O = Ops<T>;
    using V = typename O::V;
    constexpr std::int64_t L = O::lanes;
    constexpr std::int64_t block = 4 * L;  // the early check, once a block
    const V direct_max = O::set1(simd::Constants<T>::softmax_direct_max);
    LaneSum<T> sum;
    V vmax = O::set1(-std::numeric_limits<T>::infinity());
    std::int64_t i = 0;
    while (i + L <= n) {
        const std::int64_t end = n - i > block ? i + block : n - (n - i) % L;
        for (; i < end; i += L) {
            const V x = load_row<op>(xr + i, L);
            vmax = O::max(vmax, x);
            const V e = Math<T>::exp_direct(x);
            O::store(yr + i, e);
            sum.add(e);
        }
        if (O::any_gt(vmax, direct_max)) {
            return DirectRow::above_max;
        }
    }
    if (i < n) {
        const V x = load_row<op>(xr + i, n - i);
        vmax = O::max(vmax, x);
        const V e = Math<T>::exp_direct_padded(x);
        O::store_partial(yr + i, e, n - i);
        sum.add(e);
        if (O::any_gt(vmax, direct_max)) {
            return DirectRow::above_max;
        }
    }
    m = O::reduce_max(vmax);
    if (!softmax_direct_ok<op>(xr, n, m)) {
        return DirectRow::not_direct;
    }
    softmax_scale_row(yr, n, sum);
    return DirectRow::done;
}

/// softmax_row for a row of one vector (n <= lanes), without storing e and reading it back:
/// softmax_row's steps, so its bits (and the scalar backend's, which takes softmax_row for
/// every row longer than 1). Multiplying by 1/sum rounded would shorten the chain that is
/// this kernel's time, but would round once more (1 ULP off the other paths).
template <simd::RowOp op, bool direct, class T>
TENSORACT_INLINE inline void softmax_one_vector(typename Ops<T>::V x, typename Ops<T>::V mv, T* yr, std::int64_t n) noexcept {
    using V = typename Ops<T>::V;
    const V e = softmax_exp<direct, T, true>(x, mv);
    LaneSum<T> sum;
    sum.add(e);
    store_columns(yr, SoftmaxReciprocal<T>::of_total(sum).template times<true>(e), n);  // padded with 0
}

/// softmax (or softmin, or log_softmax) over rows of n contiguous values (the last dim): max,
/// then e^(x - max) (or e^x, for rows where that is as accurate: softmax_direct_ok) stored and
/// summed in double, then scaled by 1/sum (log_softmax: the sum of the terms below the max,
/// then (x - max) - log1p of it). Error <= 2 ULP against the exact result. softmax and
/// softmin try softmax_direct_row first (max, e^x and sum in one pass).
template <simd::RowOp op, class T>
TENSORACT_KERNEL void softmax_last_dim(const T* x, T* y, std::int64_t rows, std::int64_t n) noexcept {
    using O = Ops<T>;
    using V = typename O::V;
    constexpr std::int64_t L = O::lanes;
    constexpr T neg_inf = -std::numeric_limits<T>::infinity();
    bool try_direct = true;  // softmax_direct_row, until a row it has read turns out not direct
    for (std::int64_t r = 0; r < rows; ++r) {
        const T* xr = x + r * n;
        T* yr = y + r * n;
        if constexpr (op != simd::RowOp::log_softmax) {
            if (n <= L) {
                const V v = load_row<op>(xr, n);
                const T m = O::reduce_max(v);
                if (softmax_direct_ok<op>(xr, n, m)) {
                    softmax_one_vector<op, true>(v, O::set1(m), yr, n);
                } else {
                    softmax_one_vector<op, false>(v, O::set1(m), yr, n);
                }
                continue;
            }
        }
        if constexpr (op != simd::RowOp::log_softmax) {
            // not in place: a row it turns away is read again
            if (try_direct && xr != yr && n <= (std::int64_t{1} << 32)) {
                T m = 0;
                const DirectRow d = softmax_direct_row<op>(xr, yr, n, m);
                if (d == DirectRow::done) {
                    continue;
                }
                if (d == DirectRow::not_direct) {  // the max is the row's: subtract it
                    try_direct = !(std::abs(m) <= std::numeric_limits<T>::max());
                    softmax_row<op, false>(xr, yr, n, O::set1(m));
                    continue;
                }
            }
        }
        V vmax = O::set1(neg_inf);
        std::int64_t i = 0;
        for (; i + L <= n; i += L) {
            vmax = O::max(vmax, load_row<op>(xr + i, L));
        }
        if (i < n) {
            vmax = O::max(vmax, load_row<op>(xr + i, n - i));
        }
        const T m = O::reduce_max(vmax);
        const V mv = O::set1(m);
        if constexpr (op == simd::RowOp::log_softmax) {
            LogSumLanes<T> sums;
            for (i = 0; i < n; i += L) {
                sums.add(load_row<op>(xr + i, n - i < L ? n - i : L), mv);
            }
            const LogSoftmaxLanes<T> logs(sums.log_total());
            for (i = 0; i < n; i += L) {
                const std::int64_t w = n - i < L ? n - i : L;
                store_columns(yr + i, logs.apply(load_row<op>(xr + i, w), mv), w);
            }
        } else if (softmax_direct_ok<op>(xr, n, m)) {
            softmax_row<op, true>(xr, yr, n, mv);
        } else {
            softmax_row<op, false>(xr, yr, n, mv);
        }
    }
}

/// w <= lanes adjacent values from p, the other lanes `fill`.
template <class T>
TENSORACT_INLINE inline typename Ops<T>::V load_columns(const T* p, std::int64_t w, T fill) noexcept {
    return w == Ops<T>::lanes ? Ops<T>::load(p) : Ops<T>::load_partial_or(p, w, fill);
}

/// softmax_direct_ok per column: for the w columns of maxes m and mins mn (over rows n long),
/// 1 in the lanes whose column takes e^x directly, else 0; lanes past w are 1. Per column, so
/// that a column's bits depend neither on its neighbours nor on how threads split the columns.
template <class T>
TENSORACT_INLINE inline typename Ops<T>::V softmax_direct_lanes(typename Ops<T>::V m, typename Ops<T>::V mn, std::int64_t n,
                                                                std::int64_t w) noexcept {
    using O = Ops<T>;
    using V = typename O::V;
    using C = simd::Constants<T>;
    const V one = O::set1(T(1));
    const V zero = O::set1(T(0));
    if (n > (std::int64_t{1} << 32)) {
        return zero;  // no lane (past w either: the kind is none, or some for a partial vector)
    }
    // m <= direct_max, and m >= 0 or every x >= direct_min (NaN: 0)
    const V low_ok = O::select(O::le(zero, m), one, O::select(O::le(O::set1(C::softmax_direct_min), mn), one, zero));
    const V ok = O::select(O::le(m, O::set1(C::softmax_direct_max)), low_ok, zero);
    const T none[O::lanes] = {};
    return O::max(ok, O::load_partial_or(none, w, T(1)));  // lanes past w: 1
}

/// Which of its columns a vector of a softmax_strided block takes e^x directly for.
enum class DirectLanes { all, none, some };

template <class T>
TENSORACT_INLINE inline DirectLanes direct_lanes_kind(typename Ops<T>::V ok) noexcept {
    const typename Ops<T>::V half = Ops<T>::set1(T(0.5));
    return !Ops<T>::any_gt(half, ok) ? DirectLanes::all : !Ops<T>::any_gt(ok, half) ? DirectLanes::none : DirectLanes::some;
}

// The loops over a block's B vectors are unrolled (TENSORACT_UNROLL_BLOCK; B is 8): without
// it GCC keeps the per-vector maxes and sums in memory and loops over them (bench/:
// softmax_dim0).

/// softmax_direct_row for the columns of a block of softmax_strided: B vectors of columns
/// (w[b] of them in vector b) of rows n long, `inner` apart from xc; the maxes into vmax, the
/// sums into sum. Ends early where a column's max passes softmax_direct_max (checked every 8
/// rows and at the end: above_max); done where every column is direct, else not_direct. The
/// mins softmax_direct_lanes needs are taken after the pass (a second read of the block), and
/// only where a column's max is below 0 (the rarer kind, as softmax_direct_ok's): in the pass
/// they would hold 8 registers more.
template <simd::RowOp op, int B, class T>
TENSORACT_INLINE inline DirectRow softmax_direct_columns(const T* xc, T* yc, std::int64_t n, std::int64_t inner, const std::int64_t (&w)[B],
                                                         typename Ops<T>::V (&vmax)[B], LaneSum<T> (&sum)[B]) noexcept {
    using O = Ops<T>;
    using V = typename O::V;
    constexpr std::int64_t L = O::lanes;
    constexpr T inf = std::numeric_limits<T>::infinity();
    const V direct_max = O::set1(simd::Constants<T>::softmax_direct_max);
    for (std::int64_t i = 0; i < n; ++i) {
        const T* row = xc + i * inner;
        T* dst = yc + i * inner;
        TENSORACT_UNROLL_BLOCK
        for (int b = 0; b < B; ++b) {
            if (w[b] > 0) {
                const V v = load_row<op>(row + b * L, w[b]);
                vmax[b] = O::max(vmax[b], v);
                const V e = Math<T>::exp_direct(v);
                store_columns(dst + b * L, e, w[b]);
                sum[b].add(e);
            }
        }
        if ((i & 7) == 7) {
            TENSORACT_UNROLL_BLOCK
            for (int b = 0; b < B; ++b) {
                if (O::any_gt(vmax[b], direct_max)) {
                    return DirectRow::above_max;
                }
            }
        }
    }
    T neg_inf[L];
    for (T& v : neg_inf) {
        v = -inf;
    }
    bool need_min = false;
    TENSORACT_UNROLL_BLOCK
    for (int b = 0; b < B; ++b) {
        if (O::any_gt(vmax[b], direct_max)) {  // in the rows after the last check
            return DirectRow::above_max;
        }
        // (lanes past w, whose max is -inf, as 0)
        need_min = need_min || (w[b] > 0 && O::any_gt(O::set1(T(0)), O::max(vmax[b], O::load_partial_or(neg_inf, w[b], T(0)))));
    }
    V vmin[B];  // where loads fill +inf: those lanes are past w
    for (V& v : vmin) {
        v = O::set1(inf);
    }
    if (need_min) {
        for (std::int64_t i = 0; i < n; ++i) {
            const T* row = xc + i * inner;
            TENSORACT_UNROLL_BLOCK
            for (int b = 0; b < B; ++b) {
                if (w[b] > 0) {
                    vmin[b] = O::min(vmin[b], load_row_or<op>(row + b * L, w[b], inf));
                }
            }
        }
    }
    TENSORACT_UNROLL_BLOCK
    for (int b = 0; b < B; ++b) {
        if (w[b] > 0 && direct_lanes_kind<T>(softmax_direct_lanes<T>(vmax[b], vmin[b], n, w[b])) != DirectLanes::all) {
            return DirectRow::not_direct;
        }
    }
    return DirectRow::done;
}

/// softmax_exp_columns's loop for blocks whose vectors are all of one kind (`kind`), or any
/// mix (DirectLanes::some: each lane as direct[b] says). The mix, the rare kind (a block
/// whose columns differ in kind), is not unrolled: it takes both e^x and e^(x - max), and
/// eight copies of them doubled the strided kernels' compile time.
template <simd::RowOp op, DirectLanes kind, int B, class T>
TENSORACT_INLINE inline void softmax_exp_columns_of(const T* xc, T* yc, std::int64_t n, std::int64_t inner, const std::int64_t (&w)[B],
                                                    const typename Ops<T>::V (&vmax)[B], const typename Ops<T>::V (&direct)[B],
                                                    LaneSum<T> (&sum)[B]) noexcept {
    using O = Ops<T>;
    using V = typename O::V;
    constexpr std::int64_t L = O::lanes;
    if constexpr (kind == DirectLanes::some) {
        // copies, indexed in the loop: the caller's arrays stay in registers elsewhere
        V m[B];
        V d[B];
        LaneSum<T> s[B];
        TENSORACT_UNROLL_BLOCK
        for (int b = 0; b < B; ++b) {
            m[b] = vmax[b];
            d[b] = direct[b];
        }
        const V half = O::set1(T(0.5));
        for (std::int64_t i = 0; i < n; ++i) {
            for (int b = 0; b < B && w[b] > 0; ++b) {
                const V v = load_row<op>(xc + i * inner + b * L, w[b]);
                const V e = O::select(O::gt(d[b], half), Math<T>::exp_direct(v), Math<T>::exp_diff(v, m[b]));
                store_columns(yc + i * inner + b * L, e, w[b]);
                s[b].add(e);
            }
        }
        TENSORACT_UNROLL_BLOCK
        for (int b = 0; b < B; ++b) {
            sum[b] = s[b];
        }
    } else {
        for (std::int64_t i = 0; i < n; ++i) {
            const T* row = xc + i * inner;
            T* dst = yc + i * inner;
            TENSORACT_UNROLL_BLOCK
            for (int b = 0; b < B; ++b) {
                if (w[b] > 0) {
                    const V v = load_row<op>(row + b * L, w[b]);
                    const V e = kind == DirectLanes::all ? Math<T>::exp_direct(v) : Math<T>::exp_diff(v, vmax[b]);
                    store_columns(dst + b * L, e, w[b]);
                    sum[b].add(e);
                }
            }
        }
    }
}

/// softmax_row's terms for the columns of a block of softmax_strided, with their maxes vmax
/// and mins vmin, stored at yc and summed: e^x for the columns softmax_direct_lanes admits,
/// else e^(x - max).
template <simd::RowOp op, int B, class T>
TENSORACT_INLINE inline void softmax_exp_columns(const T* xc, T* yc, std::int64_t n, std::int64_t inner, const std::int64_t (&w)[B],
                                                 const typename Ops<T>::V (&vmax)[B], const typename Ops<T>::V (&vmin)[B],
                                                 LaneSum<T> (&sum)[B]) noexcept {
    typename Ops<T>::V direct[B];
    int all = 0;
    int none = 0;
    TENSORACT_UNROLL_BLOCK
    for (int b = 0; b < B; ++b) {
        direct[b] = softmax_direct_lanes<T>(vmax[b], vmin[b], n, w[b]);
        const DirectLanes kind = w[b] > 0 ? direct_lanes_kind<T>(direct[b]) : DirectLanes::all;
        all += kind == DirectLanes::all ? 1 : 0;
        none += kind == DirectLanes::none || w[b] == 0 ? 1 : 0;
    }
    if (all == B) {
        softmax_exp_columns_of<op, DirectLanes::all>(xc, yc, n, inner, w, vmax, direct, sum);
    } else if (none == B) {
        softmax_exp_columns_of<op, DirectLanes::none>(xc, yc, n, inner, w, vmax, direct, sum);
    } else {
        softmax_exp_columns_of<op, DirectLanes::some>(xc, yc, n, inner, w, vmax, direct, sum);
    }
}

/// softmax_scale_row for the columns of a block of softmax_strided (e stored at yc).
template <int B, class T>
TENSORACT_INLINE inline void softmax_scale_columns(T* yc, std::int64_t n, std::int64_t inner, const std::int64_t (&w)[B],
                                                   const LaneSum<T> (&sum)[B]) noexcept {
    using O = Ops<T>;
    using V = typename O::V;
    constexpr std::int64_t L = O::lanes;
    SoftmaxReciprocal<T> inv[B];
    TENSORACT_UNROLL_BLOCK
    for (int b = 0; b < B; ++b) {
        inv[b] = SoftmaxReciprocal<T>::of_lanes(sum[b]);  // as softmax_row: e/sum rounds once
    }
    for (std::int64_t i = 0; i < n; ++i) {
        T* dst = yc + i * inner;
        TENSORACT_UNROLL_BLOCK
        for (int b = 0; b < B; ++b) {
            if (w[b] > 0) {
                const V e = load_columns(dst + b * L, w[b], T(0));
                store_columns(dst + b * L, inv[b].times(e), w[b]);
            }
        }
    }
}

/// The columns a block of softmax_strided takes, for rows `inner` apart. Rows a multiple of
/// 4 KB apart put a column's rows in the same L1 sets (the set index lies within the page
/// offset), and a block's loads ahead then evict one another: blocks of B vectors there
/// (twice the sets), B / 2 elsewhere, where B measured slower (bench/: softmax_dim0 at
/// [1024, 1024] and [1024, 1040]). The code is the same: past the width, w[b] is 0.
template <int B, class T>
TENSORACT_INLINE inline std::int64_t strided_block_width(std::int64_t inner) noexcept {
    constexpr std::int64_t L = Ops<T>::lanes;
    return (static_cast<std::uint64_t>(inner) * sizeof(T)) % 4096 == 0 ? B * L : B / 2 * L;
}

/// softmax (softmin, log_softmax) along a dim that is not the last: rows of n values `inner`
/// apart, handled in blocks of B vectors of adjacent columns, so every load is contiguous and
/// each row visit moves whole cache lines. softmax and softmin try softmax_direct_columns
/// first, as softmax_last_dim its rows; otherwise max (and min), then e^x or e^(x - max) per
/// column (softmax_direct_lanes). A block is 4 vectors wide, or 8 where rows are a multiple
/// of 4 KB apart (see `width`). Where a block's rows do not fit in L2 its later passes read
/// them from L3 again; keeping them would take a contiguous scratch of n x B vectors, which
/// this kernel does not allocate.
template <simd::RowOp op, class T>
TENSORACT_KERNEL void softmax_strided(const T* x, T* y, std::int64_t outer, std::int64_t n, std::int64_t inner, std::int64_t c_begin,
                     std::int64_t c_end) noexcept {
    using O = Ops<T>;
    using V = typename O::V;
    constexpr std::int64_t L = O::lanes;
    constexpr int B = 8;  // as TENSORACT_UNROLL_BLOCK unrolls
    constexpr T neg_inf = -std::numeric_limits<T>::infinity();
    const std::int64_t width = strided_block_width<B, T>(inner);
    bool try_direct = true;  // as softmax_last_dim's
    for (std::int64_t o = 0; o < outer; ++o) {
        const T* xo = x + o * n * inner;
        T* yo = y + o * n * inner;
        for (std::int64_t c0 = c_begin; c0 < c_end; c0 += width) {
            const std::int64_t block_end = c_end - c0 < width ? c_end : c0 + width;
            std::int64_t w[B];  // columns in each vector of the block (0 past the end)
            TENSORACT_UNROLL_BLOCK
            for (int b = 0; b < B; ++b) {
                const std::int64_t left = block_end - c0 - b * L;
                w[b] = left <= 0 ? 0 : (left < L ? left : L);
            }
            V vmax[B];
            for (V& v : vmax) {
                v = O::set1(neg_inf);
            }
            if constexpr (op != simd::RowOp::log_softmax) {
                if (try_direct && xo != yo && n <= (std::int64_t{1} << 32)) {
                    LaneSum<T> sum[B];
                    const DirectRow d = softmax_direct_columns<op, B>(xo + c0, yo + c0, n, inner, w, vmax, sum);
                    if (d == DirectRow::done) {
                        softmax_scale_columns<B>(yo + c0, n, inner, w, sum);
                        continue;
                    }
                    try_direct = d == DirectRow::above_max;
                    for (V& v : vmax) {
                        v = O::set1(neg_inf);
                    }
                }
            }
            V vmin[B];  // softmax_direct_lanes's (not log_softmax's): in the same pass, nearly free
            for (V& v : vmin) {
                v = O::set1(-neg_inf);
            }
            for (std::int64_t i = 0; i < n; ++i) {
                const T* row = xo + i * inner + c0;
                TENSORACT_UNROLL_BLOCK
                for (int b = 0; b < B; ++b) {
                    if (w[b] > 0) {
                        const V v = load_row<op>(row + b * L, w[b]);
                        vmax[b] = O::max(vmax[b], v);
                        if constexpr (op != simd::RowOp::log_softmax) {
                            vmin[b] = O::min(vmin[b], v);
                        }
                    }
                }
            }
            if constexpr (op == simd::RowOp::log_softmax) {
                LogSumLanes<T> sums[B];
                for (std::int64_t i = 0; i < n; ++i) {
                    const T* row = xo + i * inner + c0;
                    TENSORACT_UNROLL_BLOCK
                    for (int b = 0; b < B; ++b) {
                        if (w[b] > 0) {
                            sums[b].add(load_row<op>(row + b * L, w[b]), vmax[b]);
                        }
                    }
                }
                double logs[B][2 * (L > 1 ? L : 2)];
                TENSORACT_UNROLL_BLOCK
                for (int b = 0; b < B; ++b) {
                    if (w[b] > 0) {
                        sums[b].store_logs(logs[b]);
                    }
                }
                for (std::int64_t i = 0; i < n; ++i) {  // a row at a time, as the other passes
                    TENSORACT_UNROLL_BLOCK
                    for (int b = 0; b < B; ++b) {
                        if (w[b] > 0) {
                            const std::int64_t at = i * inner + c0 + b * L;
                            const LogSoftmaxLanes<T> lanes(logs[b]);
                            store_columns(yo + at, lanes.apply(load_row<op>(xo + at, w[b]), vmax[b]), w[b]);
                        }
                    }
                }
            } else {
                LaneSum<T> sum[B];
                softmax_exp_columns<op, B>(xo + c0, yo + c0, n, inner, w, vmax, vmin, sum);
                softmax_scale_columns<B>(yo + c0, n, inner, w, sum);
            }
        }
    }
}

/// minus_product_below_normal's class of a lane, from e, g and p = e d in double: 0 base, 1
/// -p, 2 the FMA.
template <class W>
TENSORACT_INLINE inline typename W::V below_normal_lane_class(typename W::V e, typename W::V g, typename W::V p) noexcept {
    const typename W::V zero = W::set1(0.0);
    typename W::V c = W::select(W::le(W::abs(g), zero), W::set1(1.0), W::set1(2.0));
    c = W::select(W::lt(W::mul(W::abs(p), W::set1(0x1p26)), W::abs(g)), zero, c);
    c = W::select(W::le(W::abs(p), zero), zero, c);
    return W::select(W::lt(e, W::set1(0x1p-126)), W::select(W::lt(zero, e), c, zero), zero);
}
/// g - e d, rounded once, for float e >= 0 some of whose lanes may be denormal, without the
/// microcode assist an FMA with a denormal operand takes on Intel's cores (log_softmax's
/// backward, where y < -87.3: a row of 1024 with ~100 such y took ~8x as long, one-off). A
/// lane with a denormal e gives, with p = e d (exact in double):
///  - g where p is 0 or |p| < 2^-26 |g|: then p is below a quarter of g's ULP, so g - p rounds
///    to g (the FMA with e taken as 0 gives those bits, signs of zero included);
///  - -p rounded once where g is +-0 (the FMA's -p + g);
///  - else (|p| within 2^26 of a nonzero g, or g NaN): the FMA itself, assist and all.
template <class V>
TENSORACT_INLINE inline V minus_product_below_normal(V e, V d, V g) noexcept {
    using O = Ops<float>;
    using W = Ops<double>;
    const V base = O::fnma(O::select(O::lt(e, O::set1(0x1p-126F)), O::set1(0.0F), e), d, g);
    const typename W::V p_lo = W::mul(O::widen_lo(e), O::widen_lo(d));
    const typename W::V p_hi = W::mul(O::widen_hi(e), O::widen_hi(d));
    const typename W::V c_lo = below_normal_lane_class<W>(O::widen_lo(e), O::widen_lo(g), p_lo);
    const typename W::V c_hi = below_normal_lane_class<W>(O::widen_hi(e), O::widen_hi(g), p_hi);
    const typename W::V one = W::set1(1.0);
    if (W::any_gt(c_lo, one) || W::any_gt(c_hi, one)) {
        return O::fnma(e, d, g);
    }
    const typename W::V half = W::set1(0.5);
    return O::narrow(W::select(W::lt(half, c_lo), W::neg(p_lo), O::widen_lo(base)),
                     W::select(W::lt(half, c_hi), W::neg(p_hi), O::widen_hi(base)));
}

/// The backward of one entry from g, y and the row's sum d: softmax y (g - d) with
/// d = sum(g y); softmin -(y (g - d)), the negation of softmax's; log_softmax g - e^y d with
/// d = sum(g), as PyTorch (one FMA).
template <simd::RowOp op, class T>
TENSORACT_INLINE inline typename Ops<T>::V row_backward(typename Ops<T>::V g, typename Ops<T>::V y,
                                                        typename Ops<T>::V d) noexcept {
    using O = Ops<T>;
    if constexpr (op == simd::RowOp::softmax) {
        return mul_no_assist<T, true>(O::sub(g, d), y);
    } else if constexpr (op == simd::RowOp::softmin) {
        return O::neg(mul_no_assist<T, true>(O::sub(g, d), y));  // not y (d - g): softmax's +0 must become -0, as PyTorch's
    } else {
        // e^y for y <= 0, what log_softmax gives; a larger y, which it never gives, is cut just
        // past e^y's overflow, so that e^y is inf on every instruction set (PyTorch's exp):
        // exp_diff's scale is exact only up to about 2^254
        const typename O::V y_cut = O::set1(std::is_same_v<T, float> ? T(89) : T(710));
        const typename O::V e = Math<T>::exp_diff(O::select(O::lt(y_cut, y), y_cut, y), O::set1(T(0)));
        if constexpr (std::is_same_v<T, float>) {
            if (O::any_gt(O::set1(-87.3F), y)) [[unlikely]] {  // e^y may be below the normal range
                return minus_product_below_normal(e, d, g);
            }
        }
        return O::fnma(e, d, g);
    }
}

/// The row sum the backward needs: sum(g y), or sum(g) for log_softmax.
template <simd::RowOp op, class T>
TENSORACT_INLINE inline void add_row_term(LaneSum<T>& sum, typename Ops<T>::V g, typename Ops<T>::V y) noexcept {
    if constexpr (op == simd::RowOp::log_softmax) {
        sum.add(g);
    } else {
        sum.add_product(g, y);
    }
}

/// add_row_term of the whole vectors at g and y.
template <simd::RowOp op, class T>
TENSORACT_INLINE inline void add_row_term_at(LaneSum<T>& sum, const T* g, const T* y) noexcept {
    if constexpr (op == simd::RowOp::log_softmax) {
        sum.add(Ops<T>::load(g));
    } else {
        sum.add_product_at(g, y);
    }
}

/// The backward along rows of n values `inner` apart (inner 1: the last dim).
template <simd::RowOp op, class T>
TENSORACT_KERNEL void softmax_backward_rows(const T* g, const T* y, T* out, std::int64_t outer, std::int64_t n, std::int64_t inner,
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
            if (n <= L) {  // one vector: the same steps, g and y kept in registers
                const V gv = load_columns(gr, n, T(0));
                const V yv = load_columns(yr, n, T(0));
                add_row_term<op, T>(dot, gv, yv);
                store_columns(orow, row_backward<op, T>(gv, yv, O::set1(static_cast<T>(dot.total()))), n);
                continue;
            }
            // two sums of lanes: one makes each vector's adds wait for the last vector's
            LaneSum<T> dot2;
            std::int64_t i = 0;
            for (; i + 2 * L <= n; i += 2 * L) {
                add_row_term_at<op>(dot, gr + i, yr + i);
                add_row_term_at<op>(dot2, gr + i + L, yr + i + L);
            }
            dot.merge(dot2);
            if (i + L <= n) {
                add_row_term<op, T>(dot, O::load(gr + i), O::load(yr + i));
                i += L;
            }
            if (i < n) {
                add_row_term<op, T>(dot, O::load_partial(gr + i, n - i), O::load_partial(yr + i, n - i));
            }
            const V d = O::set1(static_cast<T>(dot.total()));
            for (i = 0; i + L <= n; i += L) {
                O::store(orow + i, row_backward<op, T>(O::load(gr + i), O::load(yr + i), d));
            }
            if (i < n) {
                O::store_partial(orow + i, row_backward<op, T>(O::load_partial(gr + i, n - i), O::load_partial(yr + i, n - i), d), n - i);
            }
        }
        return;
    }
    // Columns in chunks of C vectors, their sums in memory (L1), and each pass over rows reads
    // every row's chunk as one contiguous run: blocks of a few vectors held in registers (as
    // softmax_strided) read a block's rows back from L3 when rows lie a multiple of 4 KB apart,
    // where L2 keeps only a sixteenth of such a column.
    if (c_begin >= c_end) {
        return;
    }
    constexpr std::int64_t C = 128;  // 8 KB of row a chunk; up to 24 KB of stack (sums, then d)
    LaneSum<T> dot[C];
    alignas(64) T d[C * L];
    // chunks of equal width in whole vectors: a narrow last chunk would read its rows as a
    // column again
    const std::int64_t vectors = (c_end - c_begin + L - 1) / L;
    const std::int64_t chunks = (vectors + C - 1) / C;
    const std::int64_t step = (vectors + chunks - 1) / chunks * L;
    for (std::int64_t o = 0; o < outer; ++o) {
        const std::int64_t base = o * n * inner;
        for (std::int64_t c0 = c_begin; c0 < c_end; c0 += step) {
            const std::int64_t width = c_end - c0 < step ? c_end - c0 : step;
            const std::int64_t whole = width / L;  // whole vectors; then one of `rest` columns
            const std::int64_t rest = width - whole * L;
            const std::int64_t used = whole + (rest > 0 ? 1 : 0);  // sums in use
            for (std::int64_t v = 0; v < used; ++v) {
                dot[v] = LaneSum<T>();
            }
            for (std::int64_t i = 0; i < n; ++i) {
                const std::int64_t at = base + i * inner + c0;
                for (std::int64_t v = 0; v < whole; ++v) {
                    add_row_term_at<op>(dot[v], g + at + v * L, y + at + v * L);
                }
                if (rest > 0) {
                    const std::int64_t k = at + whole * L;
                    add_row_term<op, T>(dot[whole], load_columns(g + k, rest, T(0)), load_columns(y + k, rest, T(0)));
                }
            }
            for (std::int64_t v = 0; v < used; ++v) {
                O::store(d + v * L, dot[v].lanes());
            }
            for (std::int64_t i = 0; i < n; ++i) {
                const std::int64_t at = base + i * inner + c0;
                for (std::int64_t v = 0; v < whole; ++v) {
                    const std::int64_t k = at + v * L;
                    O::store(out + k, row_backward<op, T>(O::load(g + k), O::load(y + k), O::load(d + v * L)));
                }
                if (rest > 0) {
                    const std::int64_t k = at + whole * L;
                    const V r = row_backward<op, T>(load_columns(g + k, rest, T(0)), load_columns(y + k, rest, T(0)), O::load(d + whole * L));
                    store_columns(out + k, r, rest);
                }
            }
        }
    }
}

/// softmax (softmin, log_softmax) along the middle dim of [outer, n, inner], for the columns
/// [c_begin, c_end) of inner.
template <class T, simd::RowOp op>
TENSORACT_KERNEL void softmax(std::integral_constant<simd::RowOp, op> /*op*/, const T* x, T* y, std::int64_t outer, std::int64_t n,
             std::int64_t inner, std::int64_t c_begin, std::int64_t c_end) noexcept {
    if (outer == 0 || n == 0 || inner == 0) {
        return;
    }
    if (inner == 1) {
        softmax_last_dim<op>(x, y, outer, n);
    } else {
        softmax_strided<op>(x, y, outer, n, inner, c_begin, c_end);
    }
}

template <class T, simd::RowOp op>
TENSORACT_KERNEL void softmax_backward(std::integral_constant<simd::RowOp, op> /*op*/, const T* g, const T* y, T* out, std::int64_t outer,
                      std::int64_t n, std::int64_t inner, std::int64_t c_begin, std::int64_t c_end) noexcept {
    if (outer == 0 || n == 0 || inner == 0) {
        return;
    }
    softmax_backward_rows<op>(g, y, out, outer, n, inner, c_begin, c_end);
}

// ---- tiny inputs (float) ----
//
// Intel's cores take a microcode assist (~45 ns a vector, one-off) on every float product or
// FMA with a denormal operand or result, and the family's small-x terms (x^2, x/2, beta x, the
// low parts of x times a constant) are such products once |x| is below ~2^-63, or denormal.
// Below its tiny bound an op's value is simple (TinyForm): the vectors holding such a lane
// (not 0) take those lanes from the simple form, formed in double where it needs a product,
// and run the full kernel on a stand-in at the bound with x's sign, so nothing in it leaves
// the normal range; a vector of tiny lanes only skips the kernel. Elsewhere the cost is a
// compare a vector (a branch not taken): 1-15% of the cheaper ops at L1 sizes, one-off.
// leaky_relu is not guarded: its x slope is its whole cost, and the check would add ~60% to
// it (one-off), for inputs that only a denormal x (or a slope below 2^-26) makes slow.
// Double's own kernels are not guarded either: their range is wide enough that only |x|
// below ~2^-500 meets it.

enum class TinyForm : std::uint8_t {
    none,      // not guarded (no small-x product, or already free of them)
    flat,      // f(x) = f(stand-in): the result is the same float all over (-bound, bound)
    half,      // x/2 + (a positive term below x/2's last bit): x/2, a tie (x/2 denormal) up
    identity,  // x
    zero,      // +-0, x's sign (tanhshrink: x^3/3 rounds to 0 below 2^-50)
    elu,       // x, or alpha (e^(b x) - 1) with b x rounded to float (elu_d's argument)
    selu,      // c x rounded once, c = scale or alpha scale (selu_d's own tiny branch)
};

constexpr TinyForm tiny_form(simd::Unary op) noexcept {
    using U = simd::Unary;
    switch (op) {
        case U::silu_derivative:
        case U::softsign_derivative:
        case U::elu_derivative:
        case U::selu_derivative:
        case U::softplus:
        case U::softplus_derivative:
        case U::logsigmoid:
            return TinyForm::flat;
        case U::hardswish:
        case U::silu:
        case U::gelu:
        case U::gelu_tanh:
            return TinyForm::half;
        case U::softsign:
            return TinyForm::identity;
        case U::tanhshrink:
            return TinyForm::zero;
        case U::elu:
            return TinyForm::elu;
        case U::selu:
            return TinyForm::selu;
        default:
            return TinyForm::none;
    }
}

/// The bound below which op takes its tiny form (0: never), for its parameters. The half,
/// identity and selu forms hold below 2^-30: their next term is below 2^-30 of the first,
/// which moves no rounding of a float but x/2's ties; the flat ones below 2^-40 (silu' and
/// softplus' 1/2, softsign' 1, selu' scale or alpha scale, elu' 1 or alpha b, logsigmoid
/// -log 2, softplus log(2)/beta: x moves them by less than 2^-40 of themselves, which no
/// rounding of theirs feels but at a near-tie, and these lie far from one for beta = 1);
/// elu and softplus scale theirs by the parameter that multiplies x, and keep the full
/// kernel for parameters outside [2^-20, 2^20] (and softplus for a threshold below 1, where
/// a tiny x may be past it). The exact comparison with the full kernels is in docs/api.md.
template <class T, simd::Unary op>
TENSORACT_INLINE inline T tiny_bound(const simd::Params<T>& p) noexcept {
    if constexpr (!std::is_same_v<T, float> || tiny_form(op) == TinyForm::none) {
        return T(0);
    } else {
        using U = simd::Unary;
        if constexpr (op == U::elu || op == U::elu_derivative) {
            const float k = p.b;  // x's factor
            return k >= 0x1p-20F && k <= 0x1p20F ? 0x1p-40F / (k > 1.0F ? k : 1.0F) : 0.0F;
        } else if constexpr (op == U::softplus || op == U::softplus_derivative) {
            const float beta = p.a;
            return beta >= 0x1p-20F && beta <= 0x1p20F && p.b >= 1.0F ? 0x1p-40F / (beta > 1.0F ? beta : 1.0F) : 0.0F;
        } else if constexpr (tiny_form(op) == TinyForm::zero) {
            return 0x1p-50F;
        } else if constexpr (tiny_form(op) == TinyForm::flat) {
            return 0x1p-40F;
        } else {
            return 0x1p-30F;
        }
    }
}

/// x/2 rounded as x/2 plus a positive term far below its last bit is (half_plus_square's
/// value), in double: x/2 exact there, moved up by 2^-40 of itself, which crosses no
/// midpoint between floats but breaks a tie upward. x not 0.
TENSORACT_INLINE inline Ops<double>::V half_tie_up(Ops<double>::V x) noexcept {
    using W = Ops<double>;
    const W::V h = W::mul(x, W::set1(0.5));
    return W::fma(W::abs(h), W::set1(0x1p-40), h);
}

/// alpha (e^t - 1) for float t = b x below 2^-40 (not 0), rounded once from
/// alpha t (1 + t/2) in double, alpha t exact: the factor's step is at least 2^-50, below
/// which it only breaks ties (alpha t has at most 48 bits: a midpoint between floats is
/// either met exactly or missed by 2^-48 of it).
TENSORACT_INLINE inline Ops<double>::V elu_tiny(Ops<double>::V alpha, Ops<double>::V t) noexcept {
    using W = Ops<double>;
    const W::V v = W::mul(alpha, t);
    const W::V r = W::max(W::abs(W::mul(t, W::set1(0.5))), W::set1(0x1p-50));
    return W::fma(v, W::xor_sign(r, t), v);
}

// One functor per operation (functors, not lambdas, so the target region reaches them),
// holding the operation's parameters as vectors.
template <class T, simd::Unary op>
struct UnaryF {
    using O = Ops<T>;
    using V = typename O::V;
    using W = Ops<double>;
    V a;
    V b;
    V tiny_at;  // tiny_bound: 0 for the ops without a tiny form, and for double
    // a flat op's values at the stand-ins +tiny_at and -tiny_at, from the first vector whose
    // lanes are all tiny (each thread's chunk has its own functor)
    mutable V flat_pos;
    mutable V flat_neg;
    mutable bool flat_known = false;
    // user-provided: an implicit constructor would miss the target region
    TENSORACT_INLINE explicit UnaryF(const simd::Params<T>& p) noexcept
        : a(O::set1(p.a)), b(O::set1(p.b)), tiny_at(O::set1(tiny_bound<T, op>(p))), flat_pos(tiny_at), flat_neg(tiny_at) {}

    TENSORACT_INLINE V apply(V x) const noexcept {
        if constexpr (std::is_same_v<T, float> && tiny_form(op) != TinyForm::none) {
            const V ax = O::abs(x);
            if (O::any_gt(tiny_at, ax)) [[unlikely]] {
                // zeros set aside (the full kernel has their signs): only tiny x that are not 0
                const V az = O::select(O::le(ax, O::set1(T(0))), tiny_at, ax);
                if (O::any_gt(tiny_at, az)) {
                    const typename O::M tiny = O::lt(az, tiny_at);
                    // every lane tiny (a denormal tensor): the short form alone
                    if (!O::any_gt(O::select(tiny, O::set1(T(0)), O::set1(T(1))), O::set1(T(0)))) {
                        return tiny_value(x, flat_values(x));
                    }
                    const V y = kernel(O::select(tiny, O::xor_sign(tiny_at, x), x));
                    return O::select(tiny, tiny_value(x, y), y);
                }
            }
        }
        return kernel(x);
    }

    /// The kernel's values at the stand-ins of x's lanes, for a flat op (else unused: x).
    TENSORACT_INLINE V flat_values(V x) const noexcept {
        if constexpr (tiny_form(op) == TinyForm::flat) {
            if (!flat_known) {
                flat_pos = kernel(tiny_at);
                flat_neg = kernel(O::neg(tiny_at));
                flat_known = true;
            }
            return O::select(O::gt(x, O::set1(T(0))), flat_pos, flat_neg);
        } else {
            return x;
        }
    }

    /// op's value in the tiny lanes (the others are discarded); y: the kernel's at the
    /// stand-in (for the flat ops, the only ones that use it).
    TENSORACT_INLINE V tiny_value(V x, V y) const noexcept {
        constexpr TinyForm form = tiny_form(op);
        if constexpr (form == TinyForm::flat) {
            return y;
        } else if constexpr (form == TinyForm::identity) {
            return x;
        } else if constexpr (form == TinyForm::zero) {
            return O::xor_sign(O::set1(T(0)), x);
        } else if constexpr (form == TinyForm::half) {
            return O::narrow(half_tie_up(O::widen_lo(x)), half_tie_up(O::widen_hi(x)));
        } else if constexpr (form == TinyForm::selu) {
            using C = simd::Constants<double>;
            const W::V c_pos = W::set1(C::selu_scale[0]);
            const W::V c_neg = W::set1(C::selu_alpha_scale[0]);
            const W::V lo = O::widen_lo(x);
            const W::V hi = O::widen_hi(x);
            const W::V zero = W::set1(0.0);
            return O::narrow(W::mul(lo, W::select(W::gt(lo, zero), c_pos, c_neg)), W::mul(hi, W::select(W::gt(hi, zero), c_pos, c_neg)));
        } else {
            static_assert(form == TinyForm::elu);
            const V t = product_in_double(b, x);  // elu_d's b x, rounded as there
            const V neg = O::narrow(elu_tiny(O::widen_lo(a), O::widen_lo(t)), elu_tiny(O::widen_hi(a), O::widen_hi(t)));
            return O::select(O::gt(x, O::set1(T(0))), x, neg);
        }
    }

    TENSORACT_INLINE V kernel(V x) const noexcept {
        using M = Math<T>;
        using U = simd::Unary;
        if constexpr (op == U::sigmoid) {
            return M::sigmoid(x);
        } else if constexpr (op == U::tanh) {
            return M::tanh(x);
        } else if constexpr (op == U::relu) {
            return M::relu(x);
        } else if constexpr (op == U::sigmoid_derivative) {
            return M::sigmoid_derivative(x);
        } else if constexpr (op == U::tanh_derivative) {
            return M::tanh_derivative(x);
        } else if constexpr (op == U::relu_derivative) {
            return M::relu_derivative(x);
        } else if constexpr (op == U::leaky_relu) {
            return M::leaky_relu(x, a);
        } else if constexpr (op == U::leaky_relu_derivative) {
            return M::leaky_relu_derivative(x, a);
        } else if constexpr (op == U::hardtanh) {
            return M::hardtanh(x, a, b);
        } else if constexpr (op == U::hardtanh_derivative) {
            return M::hardtanh_derivative(x, a, b);
        } else if constexpr (op == U::hardsigmoid) {
            return M::hardsigmoid(x);
        } else if constexpr (op == U::hardsigmoid_derivative) {
            return M::hardsigmoid_derivative(x);
        } else if constexpr (op == U::hardswish) {
            return M::hardswish(x);
        } else if constexpr (op == U::hardswish_derivative) {
            return M::hardswish_derivative(x);
        } else if constexpr (op == U::silu) {
            return M::silu(x);
        } else if constexpr (op == U::silu_derivative) {
            return M::silu_derivative(x);
        } else if constexpr (op == U::softsign) {
            return M::softsign(x);
        } else if constexpr (op == U::softsign_derivative) {
            return M::softsign_derivative(x);
        } else if constexpr (op == U::elu) {
            return M::elu(x, a, b);
        } else if constexpr (op == U::elu_derivative) {
            return M::elu_derivative(x, a, b);
        } else if constexpr (op == U::selu) {
            return M::selu(x);
        } else if constexpr (op == U::selu_derivative) {
            return M::selu_derivative(x);
        } else if constexpr (op == U::softplus) {
            return M::softplus(x, a, b);
        } else if constexpr (op == U::softplus_derivative) {
            return M::softplus_derivative(x, a, b);
        } else if constexpr (op == U::logsigmoid) {
            return M::logsigmoid(x);
        } else if constexpr (op == U::logsigmoid_derivative) {
            return M::logsigmoid_derivative(x);
        } else if constexpr (op == U::tanhshrink) {
            return M::tanhshrink(x);
        } else if constexpr (op == U::tanhshrink_derivative) {
            return M::tanhshrink_derivative(x);
        } else if constexpr (op == U::mish) {
            return M::mish(x);
        } else if constexpr (op == U::mish_derivative) {
            return M::mish_derivative(x);
        } else if constexpr (op == U::gelu) {
            return M::gelu(x);
        } else if constexpr (op == U::gelu_derivative) {
            return M::gelu_derivative(x);
        } else if constexpr (op == U::gelu_tanh) {
            return M::gelu_tanh(x);
        } else {
            static_assert(op == U::gelu_tanh_derivative);
            return M::gelu_tanh_derivative(x);
        }
    }
};

/// The derivative whose product with g the backward op is, where its tiny inputs need the
/// guard of UnaryF (relu_derivative, unguarded, stands in for the rest).
constexpr simd::Unary guarded_derivative(simd::Binary op) noexcept {
    using B = simd::Binary;
    using U = simd::Unary;
    switch (op) {
        case B::hardswish_backward:
            return U::hardswish_derivative;
        case B::silu_backward:
            return U::silu_derivative;
        case B::softsign_backward:
            return U::softsign_derivative;
        case B::elu_backward:
            return U::elu_derivative;
        case B::selu_backward:
            return U::selu_derivative;
        case B::softplus_backward:
            return U::softplus_derivative;
        default:
            return U::relu_derivative;
    }
}

template <class T, simd::Binary op>
struct BinaryF {
    using O = Ops<T>;
    using V = typename O::V;
    V a;
    V b;
    UnaryF<T, guarded_derivative(op)> derivative;
    TENSORACT_INLINE explicit BinaryF(const simd::Params<T>& p) noexcept : a(O::set1(p.a)), b(O::set1(p.b)), derivative(p) {}
    /// g, and the saved tensor: the output y for sigmoid, tanh and relu, the input x for the rest
    TENSORACT_INLINE V apply(V g, V s) const noexcept {
        using M = Math<T>;
        using B = simd::Binary;
        if constexpr (op == B::sigmoid_backward) {
            return M::sigmoid_backward(g, s);
        } else if constexpr (op == B::tanh_backward) {
            return M::tanh_backward(g, s);
        } else if constexpr (op == B::relu_backward) {
            return M::relu_backward(g, s);
        } else if constexpr (op == B::leaky_relu_backward) {
            return M::leaky_relu_backward(g, s, a);
        } else if constexpr (op == B::hardtanh_backward) {
            return M::hardtanh_backward(g, s, a, b);
        } else if constexpr (op == B::hardsigmoid_backward) {
            return M::hardsigmoid_backward(g, s);
        } else if constexpr (op == B::hardswish_backward) {
            // 0 below -3 whatever g is (PyTorch selects there: an infinite g gives 0). g in a
            // register (in_register): its load folded under the mask took 1.8x as long on 4M floats.
            return O::select(O::lt(s, O::set1(T(-3))), O::set1(T(0)), O::mul(O::in_register(g), derivative.apply(s)));
        } else if constexpr (op == B::silu_backward) {
            return mul_no_assist<T>(g, derivative.apply(s));
        } else if constexpr (op == B::softsign_backward || op == B::elu_backward || op == B::selu_backward ||
                             op == B::softplus_backward) {
            return mul_no_assist<T, true>(g, derivative.apply(s));
        } else if constexpr (op == B::logsigmoid_backward) {
            return mul_no_assist<T, true>(g, M::logsigmoid_derivative(s));
        } else if constexpr (op == B::tanhshrink_backward) {
            // at x = +-0 the product is +0, as PyTorch's g - g (1 - tanh^2) (elsewhere its sign)
            const V y = mul_no_assist<T, true>(g, M::tanhshrink_derivative(s));
            return O::select(O::le(O::abs(s), O::set1(T(0))), O::add(y, O::set1(T(0))), y);
        } else if constexpr (op == B::mish_backward) {
            return mul_no_assist<T>(g, M::mish_derivative(s));
        } else if constexpr (op == B::gelu_backward) {
            return mul_no_assist<T>(g, M::gelu_derivative(s));
        } else {
            static_assert(op == B::gelu_tanh_backward);
            return mul_no_assist<T>(g, M::gelu_tanh_derivative(s));
        }
    }
};

// One instantiation per operation used (the op is a template argument, so a program that
// calls only sigmoid compiles only sigmoid's kernels).
template <class T, simd::Unary op>
TENSORACT_KERNEL void unary(std::integral_constant<simd::Unary, op> /*op*/, const T* x, T* y, std::int64_t n, const simd::Params<T>& p) noexcept {
    map_unary<T, UnaryF<T, op>, !simd::memory_bound(op)>(x, y, n, p);
}

template <class T, simd::Binary op>
TENSORACT_KERNEL void binary(std::integral_constant<simd::Binary, op> /*op*/, const T* g, const T* s, T* out, std::int64_t n,
            const simd::Params<T>& p) noexcept {
    map_binary<T, BinaryF<T, op>>(g, s, out, n, p);
}
