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
        const ExpSplit e = exp_diff_split(x, m);
        return O::scale(O::add(e.th, e.c), e.n);
    }
    /// exp_diff before its rounding: e^(x - m) = 2^n (th + c).
    TENSORACT_INLINE static ExpSplit exp_diff_split(V x, V m) noexcept {
        const V b = O::neg(m);
        const V s = O::add(x, b);
        const V bb = O::sub(s, x);
        const V s_lo = O::add(O::sub(x, O::sub(s, bb)), O::sub(b, bb));
        const V z_min = O::set1(C::exp_z_min);
        const M under = O::lt(s, z_min);                  // also -inf (and s_lo is NaN there)
        const V z = O::max(z_min, s);                     // NaN stays NaN
        return exp_split(z, O::select(under, O::set1(T(0)), s_lo));
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

    /// (x + 3) / 6 clamped to [0, 1], with x + 3 carried exactly (Fast2Sum: |x| < 3 where it
    /// is used), so the one rounding is the last: error <= 0.5 ULP + 2^-40 relative.
    TENSORACT_INLINE static V hardsigmoid(V x) noexcept {
        const V three = O::set1(T(3));
        const V t = O::add(three, x);
        const V t_lo = O::sub(x, O::sub(t, three));
        const V y = div6(t, t_lo);
        return O::select(O::le(x, O::neg(three)), O::set1(T(0)), O::select(O::le(three, x), O::set1(T(1)), y));
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
        const V y = O::xor_sign(O::abs(div6(p, p_lo)), x);  // the sign of x, also at x = -0
        // tiny x: x/2 + x^2/6, whose products above would be denormal
        const V y_tiny = O::select(O::lt(O::abs(x), O::set1(C::tiny)), half_plus_square(x), y);
        return O::select(O::le(x, O::neg(three)), O::set1(T(-0.0)), O::select(O::le(three, x), x, y_tiny));
    }
    /// (2x + 3) / 6 on [-3, 3] (PyTorch's x/3 + 1/2, rounded once here), 0 below -3, 1 above 3
    /// and at NaN (as PyTorch's hardswish_backward).
    TENSORACT_INLINE static V hardswish_derivative(V x) noexcept {
        const V three = O::set1(T(3));
        const V a = O::add(x, x);
        const V t = O::add(a, three);  // TwoSum: |2x| may exceed 3
        const V bb = O::sub(t, a);
        const V t_lo = O::add(O::sub(a, O::sub(t, bb)), O::sub(three, bb));
        const V d = div6(t, t_lo);
        return O::select(O::lt(x, O::neg(three)), O::set1(T(0)), O::select(O::le(x, three), d, O::set1(T(1))));
    }
    /// g * f'(x); 0 below -3 whatever g is (PyTorch selects there: an infinite g gives 0).
    TENSORACT_INLINE static V hardswish_backward(V g, V x) noexcept {
        return O::select(O::lt(x, O::set1(T(-3))), O::set1(T(0)), O::mul(g, hardswish_derivative(x)));
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
        const V h = O::fma(x, s.q, O::mul(x, s.corr));
        const V y = O::scale(h, O::select(positive, zero, e.n));
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
        const V a = O::min(O::set1(C::silu_a_max), O::max(O::set1(C::tiny), O::abs(x)));  // NaN stays NaN
        const M positive = O::gt(x, zero);
        const ExpSplit e = exp_split(O::neg(a));
        const OnePlus d = one_plus(e, O::max(e.n, O::set1(C::scale_floor)));
        const Quotient s1 = quotient(one, zero, d);  // 1/D
        const Quotient s2 = quotient(e.th, e.c, d);  // e/D / 2^n
        const V s_hi = O::select(positive, s1.q, s2.q);  // s, over 2^n where x < 0
        const V s_lo = O::select(positive, s1.corr, s2.corr);
        const V n_u = O::select(positive, O::max(e.n, O::set1(C::scale_floor)), zero);
        const V u_hi = O::scale(O::select(positive, s2.q, s1.q), n_u);
        const V u_lo = O::scale(O::select(positive, s2.corr, s1.corr), n_u);
        const V p = O::mul(x, u_hi);
        const V p_lo = O::fma(x, u_lo, O::fms(x, u_hi, p));
        const V t_hi = O::add(one, p);  // TwoSum(1, p), then p's low part
        const V bb = O::sub(t_hi, one);
        const V t_lo = O::add(O::add(O::sub(one, O::sub(t_hi, bb)), O::sub(p, bb)), p_lo);
        const V y = O::fma(s_hi, t_hi, O::fma(s_hi, t_lo, O::mul(s_lo, t_hi)));
        const V y_scaled = O::scale(y, O::select(positive, zero, e.n));
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
    TENSORACT_INLINE static V silu_backward(V g, V x) noexcept { return O::mul(g, silu_derivative(x)); }

    struct SoftsignParts {
        V q;     // |x| / (1 + |x|), within an ULP or so
        V corr;  // the rest, to ~2^-45 (float) relative
        V d_hi;  // 1 + |x| = d_hi + d_lo exactly (|x| clamped)
        V d_lo;
    };
    TENSORACT_INLINE static SoftsignParts softsign_parts(V x) noexcept {
        const V one = O::set1(T(1));
        const V a = O::min(O::set1(C::softsign_a_max), O::abs(x));  // NaN stays NaN
        const V d_hi = O::add(one, a);
        const V d_lo = O::sub(O::min(one, a), O::sub(d_hi, O::max(one, a)));  // Fast2Sum, larger first
        const V r = O::div(one, d_hi);
        const V q = O::mul(a, r);
        const V res = O::fnma(q, d_lo, O::fnma(q, d_hi, a));
        return {q, O::mul(res, r), d_hi, d_lo};
    }
    /// x / (1 + |x|), one rounding of a value within ~2^-45 relative; +-1 at +-inf.
    TENSORACT_INLINE static V softsign(V x) noexcept {
        const SoftsignParts p = softsign_parts(x);
        return O::xor_sign(O::add(p.q, p.corr), x);
    }
    /// 1 / (1 + |x|)^2: the square of the corrected reciprocal, rounded once. For large |x|,
    /// 1 + |x| is scaled down by a power of two and the square back up at the end, so that the
    /// square's low parts are not denormal.
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
        return O::mul(O::mul(O::add(h, low), k), k);
    }
    TENSORACT_INLINE static V softsign_backward(V g, V x) noexcept { return O::mul(g, softsign_derivative(x)); }
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

/// F is constructed here, from the parameters, so that its vectors are locals: held by
/// reference, they would be reloaded after every store (a float store may alias them).
template <class T, class F>
void map_unary(const T* x, T* y, std::int64_t n, const simd::Params<T>& p) noexcept {
    const F f(p);
    using O = Ops<T>;
    constexpr std::int64_t L = O::lanes;
    std::int64_t i = 0;
    const std::int64_t head = n * static_cast<std::int64_t>(sizeof(T)) >= streaming_bytes && L > 1 ? streaming_head(y) : -1;
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

template <class T, class F>
void map_binary(const T* a, const T* b, T* y, std::int64_t n, const simd::Params<T>& p) noexcept {
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
            O::stream(y + i, f.apply(O::load(a + i), O::load(b + i)));
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
    /// Adds a float vector's worth of doubles (lanes as widen_lo and widen_hi split them).
    TENSORACT_INLINE void add_wide(W::V a_lo, W::V a_hi) noexcept {
        lo = W::add(lo, a_lo);
        hi = W::add(hi, a_hi);
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
    TENSORACT_INLINE void store_lanes(double* out) const noexcept { O::store(out, O::sub(sum, comp)); }
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
        const typename Math<T>::ExpSplit e = Math<T>::exp_diff_split(x, m);
        const typename O::M top = O::le(m, x);
        const V zero = O::set1(T(0));
        // the max's own terms are counted in ties; x - x there makes a +inf max NaN, as
        // PyTorch's row
        const V th = O::select(top, O::sub(x, x), e.th);
        const V c = O::select(top, zero, e.c);
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

/// A row's values as softmax sees them: x, or -x for softmin; lanes past w are -inf (w <= lanes).
template <simd::RowOp op, class T>
TENSORACT_INLINE inline typename Ops<T>::V load_row(const T* p, std::int64_t w) noexcept {
    constexpr T inf = std::numeric_limits<T>::infinity();
    if constexpr (op == simd::RowOp::softmin) {
        return Ops<T>::neg(w == Ops<T>::lanes ? Ops<T>::load(p) : Ops<T>::load_partial_or(p, w, inf));
    } else {
        return w == Ops<T>::lanes ? Ops<T>::load(p) : Ops<T>::load_partial_or(p, w, -inf);
    }
}

template <class T>
TENSORACT_INLINE inline void store_columns(T* p, typename Ops<T>::V v, std::int64_t w) noexcept {
    if (w == Ops<T>::lanes) {
        Ops<T>::store(p, v);
    } else {
        Ops<T>::store_partial(p, v, w);
    }
}

/// softmax (or softmin, or log_softmax) over rows of n contiguous values (the last dim): max,
/// then e^(x - max) stored and summed in double, then scaled by 1/sum (log_softmax: the sum of
/// the terms below the max, then (x - max) - log1p of it). Error <= 2 ULP against the exact
/// result.
template <simd::RowOp op, class T>
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
        } else {
            LaneSum<T> sum;
            for (i = 0; i + L <= n; i += L) {
                const V e = Math<T>::exp_diff(load_row<op>(xr + i, L), mv);
                O::store(yr + i, e);
                sum.add(e);
            }
            if (i < n) {
                const V e = Math<T>::exp_diff(load_row<op>(xr + i, n - i), mv);
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
}

/// w <= lanes adjacent values from p, the other lanes `fill`.
template <class T>
TENSORACT_INLINE inline typename Ops<T>::V load_columns(const T* p, std::int64_t w, T fill) noexcept {
    return w == Ops<T>::lanes ? Ops<T>::load(p) : Ops<T>::load_partial_or(p, w, fill);
}

/// softmax (softmin, log_softmax) along a dim that is not the last: rows of n values `inner`
/// apart, handled in blocks of B vectors of adjacent columns, so every load is contiguous and
/// each row visit moves whole cache lines.
template <simd::RowOp op, class T>
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
                        vmax[b] = O::max(vmax[b], load_row<op>(row + b * L, w[b]));
                    }
                }
            }
            if constexpr (op == simd::RowOp::log_softmax) {
                LogSumLanes<T> sums[B];
                for (std::int64_t i = 0; i < n; ++i) {
                    const T* row = xo + i * inner + c0;
                    for (int b = 0; b < B; ++b) {
                        if (w[b] > 0) {
                            sums[b].add(load_row<op>(row + b * L, w[b]), vmax[b]);
                        }
                    }
                }
                for (int b = 0; b < B; ++b) {
                    if (w[b] == 0) {
                        continue;
                    }
                    double logs_b[2 * (L > 1 ? L : 2)];
                    sums[b].store_logs(logs_b);
                    const LogSoftmaxLanes<T> logs(logs_b);
                    for (std::int64_t i = 0; i < n; ++i) {
                        const std::int64_t at = i * inner + c0 + b * L;
                        store_columns(yo + at, logs.apply(load_row<op>(xo + at, w[b]), vmax[b]), w[b]);
                    }
                }
            } else {
                LaneSum<T> sum[B];
                for (std::int64_t i = 0; i < n; ++i) {
                    const T* row = xo + i * inner + c0;
                    T* dst = yo + i * inner + c0;
                    for (int b = 0; b < B; ++b) {
                        if (w[b] > 0) {
                            const V e = Math<T>::exp_diff(load_row<op>(row + b * L, w[b]), vmax[b]);
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
}

/// The backward of one entry from g, y and the row's sum d: softmax y (g - d) with
/// d = sum(g y); softmin y (d - g), the negation of softmax's; log_softmax g - e^y d with
/// d = sum(g), as PyTorch (one FMA).
template <simd::RowOp op, class T>
TENSORACT_INLINE inline typename Ops<T>::V row_backward(typename Ops<T>::V g, typename Ops<T>::V y,
                                                        typename Ops<T>::V d) noexcept {
    using O = Ops<T>;
    if constexpr (op == simd::RowOp::softmax) {
        return O::mul(y, O::sub(g, d));
    } else if constexpr (op == simd::RowOp::softmin) {
        return O::mul(y, O::sub(d, g));
    } else {
        return O::fnma(Math<T>::exp_diff(y, O::set1(T(0))), d, g);
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

/// The backward along rows of n values `inner` apart (inner 1: the last dim).
template <simd::RowOp op, class T>
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
                add_row_term<op, T>(dot, O::load(gr + i), O::load(yr + i));
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
                        add_row_term<op, T>(dot[b], load_columns(g + at + b * L, w[b], T(0)), load_columns(y + at + b * L, w[b], T(0)));
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
                        const V v = row_backward<op, T>(load_columns(g + k, w[b], T(0)), load_columns(y + k, w[b], T(0)), d[b]);
                        store_columns(out + k, v, w[b]);
                    }
                }
            }
        }
    }
}

/// softmax (softmin, log_softmax) along the middle dim of [outer, n, inner], for the columns
/// [c_begin, c_end) of inner.
template <class T, simd::RowOp op>
void softmax(std::integral_constant<simd::RowOp, op> /*op*/, const T* x, T* y, std::int64_t outer, std::int64_t n,
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
void softmax_backward(std::integral_constant<simd::RowOp, op> /*op*/, const T* g, const T* y, T* out, std::int64_t outer,
                      std::int64_t n, std::int64_t inner, std::int64_t c_begin, std::int64_t c_end) noexcept {
    if (outer == 0 || n == 0 || inner == 0) {
        return;
    }
    softmax_backward_rows<op>(g, y, out, outer, n, inner, c_begin, c_end);
}

// One functor per operation (functors, not lambdas, so the target region reaches them),
// holding the operation's parameters as vectors.
template <class T, simd::Unary op>
struct UnaryF {
    using O = Ops<T>;
    using V = typename O::V;
    V a;
    V b;
    // user-provided: an implicit constructor would miss the target region
    TENSORACT_INLINE explicit UnaryF(const simd::Params<T>& p) noexcept : a(O::set1(p.a)), b(O::set1(p.b)) {}
    TENSORACT_INLINE V apply(V x) const noexcept {
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
        } else {
            static_assert(op == U::softsign_derivative);
            return M::softsign_derivative(x);
        }
    }
};

template <class T, simd::Binary op>
struct BinaryF {
    using O = Ops<T>;
    using V = typename O::V;
    V a;
    V b;
    TENSORACT_INLINE explicit BinaryF(const simd::Params<T>& p) noexcept : a(O::set1(p.a)), b(O::set1(p.b)) {}
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
            return M::hardswish_backward(g, s);
        } else if constexpr (op == B::silu_backward) {
            return M::silu_backward(g, s);
        } else {
            static_assert(op == B::softsign_backward);
            return M::softsign_backward(g, s);
        }
    }
};

// One instantiation per operation used (the op is a template argument, so a program that
// calls only sigmoid compiles only sigmoid's kernels).
template <class T, simd::Unary op>
void unary(std::integral_constant<simd::Unary, op> /*op*/, const T* x, T* y, std::int64_t n, const simd::Params<T>& p) noexcept {
    map_unary<T, UnaryF<T, op>>(x, y, n, p);
}

template <class T, simd::Binary op>
void binary(std::integral_constant<simd::Binary, op> /*op*/, const T* g, const T* s, T* out, std::int64_t n,
            const simd::Params<T>& p) noexcept {
    map_binary<T, BinaryF<T, op>>(g, s, out, n, p);
}
