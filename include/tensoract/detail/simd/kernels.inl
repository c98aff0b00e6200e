// tensoract — the kernels, written once over the SIMD layer (Ops<T> of the including
// namespace). No include guard: dispatch.hpp includes this file once per instruction set,
// inside namespace tensoract::detail::<set> and inside that set's target region, so every
// function here is compiled for it. No lambdas: target pragmas do not reach them.
//
// The accurate kernels share one scheme. With z <= 0, e^z = 2^n (v_hi + v_lo) where v_hi + v_lo
// carries ~2^-30 relative error (float). sigmoid, tanh and their derivatives are quotients
// of such sums, formed in the "unscaled" domain (multiplied by p = 2^-n) so that nothing
// underflows: sigmoid(-|x|) = v/(p + v), sigmoid(|x|) = p/(p + v), tanh(|x|) = (p - v)/(p + v)
// with z = -2|x|. Numerator and denominator are kept as exact hi + lo pairs (Fast2Sum) and
// divided with one division and one residual correction, so the result is within ~0.5 ULP
// plus the error of e^t: max 1 ULP (derivatives, a product of two: 2 ULP), proven by the
// exhaustive test over every float.

template <class T>
struct Math {
    using O = Ops<T>;
    using V = typename O::V;
    using M = typename O::M;
    using C = simd::Constants<T>;

    struct Exp {
        V nb;    // n + magic: n in the low bits
        V v_hi;  // e^z / 2^n = v_hi + v_lo, v in [0.70, 1.42], |v_lo| <= ulp(v_hi)/2
        V v_lo;
    };

    /// e^z for z in [exp_z_min, 0] (or NaN).
    static Exp exp_parts(V z) noexcept {
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
        // renormalise, so that v_lo is within half an ULP of v_hi: the quotients below
        // correct to first order in the low parts only
        const V v_hi = O::add(s_hi, s_lo);
        const V v_lo = O::sub(s_lo, O::sub(v_hi, s_hi));
        return {nb, v_hi, v_lo};
    }

    /// 2^-n, from nb = n + magic; needs -n in the normal exponent range.
    static V pow2_neg(V nb) noexcept {
        const auto k = O::int_set1(C::magic_bits + C::exponent_bias);
        return O::from_bits(O::template int_shl<C::mantissa_bits>(O::int_sub(k, O::bits(nb))));
    }

    /// 2^(n + offset); needs n + offset in the normal exponent range.
    static V pow2(V nb, typename C::Int offset) noexcept {
        const auto k = O::int_set1(C::exponent_bias + offset - C::magic_bits);
        return O::from_bits(O::template int_shl<C::mantissa_bits>(O::int_add(O::bits(nb), k)));
    }

    struct Quotient {
        V q;     // num_hi / d_hi, within an ULP or so
        V corr;  // the quotient is q + corr to ~2^-45 (float) relative
    };

    /// num - q*d for num = num_hi + num_lo and d = d_hi + d_lo, the first term exact (FMA).
    static V residual(V num_hi, V num_lo, V d_hi, V d_lo, V q) noexcept {
        const V res = O::add(O::fnma(q, d_hi, num_hi), num_lo);
        return O::fnma(q, d_lo, res);
    }

    /// num / d given r = 1/d_hi, as q + corr: q = num_hi * r is within an ULP or so, and
    /// corr = residual / d brings it to ~2^-45 (float) relative.
    static Quotient quotient(V num_hi, V num_lo, V d_hi, V d_lo, V r) noexcept {
        const V q = O::mul(num_hi, r);
        return {q, O::mul(residual(num_hi, num_lo, d_hi, d_lo, q), r)};
    }

    /// num / d, rounded once.
    static V ratio(V num_hi, V num_lo, V d_hi, V d_lo, V r) noexcept {
        const V q = O::mul(num_hi, r);
        return O::fma(residual(num_hi, num_lo, d_hi, d_lo, q), r, q);
    }

    struct Denominator {
        V p;     // 2^-n
        V d_hi;  // p + v, exactly d_hi + d_lo
        V d_lo;
        V r;     // 1 / d_hi
    };

    static Denominator denominator(V p, const Exp& e) noexcept {
        const V d_hi = O::add(p, e.v_hi);
        const V d_lo = O::add(O::sub(e.v_hi, O::sub(d_hi, p)), e.v_lo);
        return {p, d_hi, d_lo, O::div(O::set1(T(1)), d_hi)};
    }

    /// 1 / (1 + e^-x): error <= 1 ULP; results below the smallest normal are 0.
    static V sigmoid(V x) noexcept {
        const V z = O::max(O::set1(C::sigmoid_z_min), O::neg(O::abs(x)));  // NaN stays NaN
        const Exp e = exp_parts(z);
        const Denominator d = denominator(pow2_neg(e.nb), e);
        const M positive = O::gt(x, O::set1(T(0)));
        const V num_hi = O::select(positive, d.p, e.v_hi);
        const V num_lo = O::select(positive, O::set1(T(0)), e.v_lo);
        const V s = ratio(num_hi, num_lo, d.d_hi, d.d_lo, d.r);
        return O::select(O::lt(s, O::set1(C::min_normal)), O::set1(T(0)), s);
    }

    /// tanh(x) = (1 - e^-2|x|) / (1 + e^-2|x|) with x's sign: error <= 1 ULP.
    static V tanh(V x) noexcept {
        const V a = O::abs(x);
        const V z = O::mul(O::min(O::set1(C::tanh_x_max), a), O::set1(T(-2)));  // NaN stays
        const Exp e = exp_parts(z);
        const Denominator d = denominator(pow2_neg(e.nb), e);
        const V num_hi = O::sub(d.p, e.v_hi);  // Fast2Sum: p >= v_hi's binade
        const V num_lo = O::sub(O::sub(O::sub(d.p, num_hi), e.v_hi), e.v_lo);
        V t = ratio(num_hi, num_lo, d.d_hi, d.d_lo, d.r);
        t = O::select(O::lt(a, O::set1(C::tanh_x_small)), a, t);
        return O::xor_sign(t, x);
    }

    /// scale * e^z / (1 + e^z)^2 for z = -factor*|x| <= 0: the logistic derivative (scale 1,
    /// factor 1) and tanh's (scale 4, factor 2). The product of the two quotients
    /// 1/(1 + e^z) and e^z/(1 + e^z) is formed from their unrounded parts (with the exact
    /// error of q1*q2), so it is rounded once: error <= 1 ULP, denormal results included.
    static V logistic_product(V x, T factor, typename C::Int log2_scale) noexcept {
        const V z = O::max(O::set1(C::exp_z_min), O::mul(O::abs(x), O::set1(-factor)));
        const Exp e = exp_parts(z);
        // Where n < min_normal + 2, q2 = e^z/(1 + e^z) would be (near) denormal: the tail below.
        const V nb_min = O::set1(C::magic + T(C::min_normal_exponent + 2));
        const Denominator d = denominator(pow2_neg(O::max(e.nb, nb_min)), e);
        const Quotient s1 = quotient(d.p, O::set1(T(0)), d.d_hi, d.d_lo, d.r);  // 1 / (1 + e^z)
        const Quotient s2 = quotient(e.v_hi, e.v_lo, d.d_hi, d.d_lo, d.r);       // e^z / (1 + e^z)
        const V h = O::mul(s1.q, s2.q);
        V low = O::fms(s1.q, s2.q, h);  // exact: q1*q2 = h + low
        low = O::fma(s1.q, s2.corr, low);
        low = O::fma(s2.q, s1.corr, low);
        const V main = O::mul(O::add(h, low), O::set1(T(typename C::Int(1) << log2_scale)));
        // Where 2^n is below the normal range, (1 + e^z)^2 rounds to 1 and the result is
        // scale * e^z, scaled in two steps so that it is rounded only once, into a denormal.
        const V big = pow2(e.nb, 64 + log2_scale);
        const V tail = O::mul(O::mul(O::add(e.v_hi, e.v_lo), big), O::set1(T(0x1p-64)));
        return O::select(O::lt(e.nb, nb_min), tail, main);
    }

    static V sigmoid_derivative(V x) noexcept { return logistic_product(x, T(1), 0); }
    static V tanh_derivative(V x) noexcept { return logistic_product(x, T(2), 2); }

    static V relu(V x) noexcept { return O::select(O::lt(x, O::set1(T(0))), O::set1(T(0)), x); }
    static V relu_derivative(V x) noexcept {
        return O::select(O::le(x, O::set1(T(0))), O::set1(T(0)), O::set1(T(1)));
    }
    static V sigmoid_backward(V g, V y) noexcept {
        return O::mul(O::mul(g, O::sub(O::set1(T(1)), y)), y);  // PyTorch's order
    }
    static V tanh_backward(V g, V y) noexcept {
        const V one = O::set1(T(1));
        return O::mul(g, O::mul(O::sub(one, y), O::add(one, y)));
    }
    static V relu_backward(V g, V y) noexcept { return O::select(O::le(y, O::set1(T(0))), O::set1(T(0)), g); }
};

/// Outputs of at least this many bytes are written with streaming stores: they would not stay
/// in the last-level cache anyway, and skipping it saves the read-for-ownership.
inline constexpr std::int64_t streaming_bytes = std::int64_t{32} << 20;

template <class T, class F>
void map_unary(const T* x, T* y, std::int64_t n) noexcept {
    using O = Ops<T>;
    constexpr std::int64_t L = O::lanes;
    std::int64_t i = 0;
    if (n * static_cast<std::int64_t>(sizeof(T)) >= streaming_bytes && L > 1) {
        // Align the output; the head goes through the same instructions, masked.
        const auto misalign = static_cast<std::int64_t>(reinterpret_cast<std::uintptr_t>(y) % (L * sizeof(T)));
        if (misalign % static_cast<std::int64_t>(sizeof(T)) == 0) {
            const std::int64_t head = misalign == 0 ? 0 : L - misalign / static_cast<std::int64_t>(sizeof(T));
            if (head > 0) {
                O::store_partial(y, F::apply(O::load_partial(x, head)), head);
                i = head;
            }
            for (; i + L <= n; i += L) {
                O::stream(y + i, F::apply(O::load(x + i)));
            }
            O::stream_fence();
        }
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
    for (; i + L <= n; i += L) {
        O::store(y + i, F::apply(O::load(a + i), O::load(b + i)));
    }
    if (i < n) {
        O::store_partial(y + i, F::apply(O::load_partial(a + i, n - i), O::load_partial(b + i, n - i)), n - i);
    }
}

// One functor per operation (functors, not lambdas, so the target region reaches them).
template <class T>
struct SigmoidF {
    static typename Ops<T>::V apply(typename Ops<T>::V x) noexcept { return Math<T>::sigmoid(x); }
};
template <class T>
struct TanhF {
    static typename Ops<T>::V apply(typename Ops<T>::V x) noexcept { return Math<T>::tanh(x); }
};
template <class T>
struct ReluF {
    static typename Ops<T>::V apply(typename Ops<T>::V x) noexcept { return Math<T>::relu(x); }
};
template <class T>
struct SigmoidDerivativeF {
    static typename Ops<T>::V apply(typename Ops<T>::V x) noexcept { return Math<T>::sigmoid_derivative(x); }
};
template <class T>
struct TanhDerivativeF {
    static typename Ops<T>::V apply(typename Ops<T>::V x) noexcept { return Math<T>::tanh_derivative(x); }
};
template <class T>
struct ReluDerivativeF {
    static typename Ops<T>::V apply(typename Ops<T>::V x) noexcept { return Math<T>::relu_derivative(x); }
};
template <class T>
struct SigmoidBackwardF {
    static typename Ops<T>::V apply(typename Ops<T>::V g, typename Ops<T>::V y) noexcept {
        return Math<T>::sigmoid_backward(g, y);
    }
};
template <class T>
struct TanhBackwardF {
    static typename Ops<T>::V apply(typename Ops<T>::V g, typename Ops<T>::V y) noexcept {
        return Math<T>::tanh_backward(g, y);
    }
};
template <class T>
struct ReluBackwardF {
    static typename Ops<T>::V apply(typename Ops<T>::V g, typename Ops<T>::V y) noexcept {
        return Math<T>::relu_backward(g, y);
    }
};

template <class T>
void unary(simd::Unary op, const T* x, T* y, std::int64_t n) noexcept {
    switch (op) {
        case simd::Unary::sigmoid:
            return map_unary<T, SigmoidF<T>>(x, y, n);
        case simd::Unary::tanh:
            return map_unary<T, TanhF<T>>(x, y, n);
        case simd::Unary::relu:
            return map_unary<T, ReluF<T>>(x, y, n);
        case simd::Unary::sigmoid_derivative:
            return map_unary<T, SigmoidDerivativeF<T>>(x, y, n);
        case simd::Unary::tanh_derivative:
            return map_unary<T, TanhDerivativeF<T>>(x, y, n);
        case simd::Unary::relu_derivative:
            return map_unary<T, ReluDerivativeF<T>>(x, y, n);
    }
}

template <class T>
void binary(simd::Binary op, const T* g, const T* yv, T* out, std::int64_t n) noexcept {
    switch (op) {
        case simd::Binary::sigmoid_backward:
            return map_binary<T, SigmoidBackwardF<T>>(g, yv, out, n);
        case simd::Binary::tanh_backward:
            return map_binary<T, TanhBackwardF<T>>(g, yv, out, n);
        case simd::Binary::relu_backward:
            return map_binary<T, ReluBackwardF<T>>(g, yv, out, n);
    }
}
