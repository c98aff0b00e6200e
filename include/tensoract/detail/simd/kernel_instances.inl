// tensoract — every kernel instantiated once, or declared instantiated elsewhere: included in
// each instruction set's namespace, inside its target region, when TENSORACT_KERNELS_EXTERN or
// TENSORACT_KERNELS_INSTANTIATE is defined (see docs/api.md, "Compiling the kernels once").
// No include guard: included once per instruction set.

#if defined(TENSORACT_KERNELS_INSTANTIATE)
#define TENSORACT_KERNEL_INSTANCE template
#else
#define TENSORACT_KERNEL_INSTANCE extern template
#endif

// One macro per element type: a type parameter would stand in declarations unparenthesised.
#define TENSORACT_UNARY_FLOAT(name)                                                                          \
    TENSORACT_KERNEL_INSTANCE void unary<float, simd::Unary::name>(std::integral_constant<simd::Unary, simd::Unary::name>, \
                                                                   const float*, float*, std::int64_t,                  \
                                                                   const simd::Params<float>&) noexcept;
#define TENSORACT_UNARY_DOUBLE(name)                                                                           \
    TENSORACT_KERNEL_INSTANCE void unary<double, simd::Unary::name>(std::integral_constant<simd::Unary, simd::Unary::name>, \
                                                                    const double*, double*, std::int64_t,                \
                                                                    const simd::Params<double>&) noexcept;
#define TENSORACT_BINARY_FLOAT(name)                                                                            \
    TENSORACT_KERNEL_INSTANCE void binary<float, simd::Binary::name>(std::integral_constant<simd::Binary, simd::Binary::name>, \
                                                                     const float*, const float*, float*, std::int64_t,     \
                                                                     const simd::Params<float>&) noexcept;
#define TENSORACT_BINARY_DOUBLE(name)                                                                             \
    TENSORACT_KERNEL_INSTANCE void binary<double, simd::Binary::name>(std::integral_constant<simd::Binary, simd::Binary::name>, \
                                                                      const double*, const double*, double*, std::int64_t,  \
                                                                      const simd::Params<double>&) noexcept;
#define TENSORACT_ROW_FLOAT(name)                                                                                       \
    TENSORACT_KERNEL_INSTANCE void softmax<float, simd::RowOp::name>(std::integral_constant<simd::RowOp, simd::RowOp::name>,        \
                                                                     const float*, float*, std::int64_t, std::int64_t,             \
                                                                     std::int64_t, std::int64_t, std::int64_t) noexcept;           \
    TENSORACT_KERNEL_INSTANCE void softmax_backward<float, simd::RowOp::name>(std::integral_constant<simd::RowOp, simd::RowOp::name>, \
                                                                              const float*, const float*, float*, std::int64_t,    \
                                                                              std::int64_t, std::int64_t, std::int64_t,            \
                                                                              std::int64_t) noexcept;
#define TENSORACT_ROW_DOUBLE(name)                                                                                       \
    TENSORACT_KERNEL_INSTANCE void softmax<double, simd::RowOp::name>(std::integral_constant<simd::RowOp, simd::RowOp::name>,        \
                                                                      const double*, double*, std::int64_t, std::int64_t,           \
                                                                      std::int64_t, std::int64_t, std::int64_t) noexcept;           \
    TENSORACT_KERNEL_INSTANCE void softmax_backward<double, simd::RowOp::name>(std::integral_constant<simd::RowOp, simd::RowOp::name>, \
                                                                               const double*, const double*, double*, std::int64_t,  \
                                                                               std::int64_t, std::int64_t, std::int64_t,             \
                                                                               std::int64_t) noexcept;
#define TENSORACT_ROW_OPS(X) X(softmax) X(softmin) X(log_softmax)

TENSORACT_UNARY_OPS(TENSORACT_UNARY_FLOAT)
TENSORACT_UNARY_OPS(TENSORACT_UNARY_DOUBLE)
TENSORACT_BINARY_OPS(TENSORACT_BINARY_FLOAT)
TENSORACT_BINARY_OPS(TENSORACT_BINARY_DOUBLE)
TENSORACT_ROW_OPS(TENSORACT_ROW_FLOAT)
TENSORACT_ROW_OPS(TENSORACT_ROW_DOUBLE)

#undef TENSORACT_UNARY_FLOAT
#undef TENSORACT_UNARY_DOUBLE
#undef TENSORACT_BINARY_FLOAT
#undef TENSORACT_BINARY_DOUBLE
#undef TENSORACT_ROW_FLOAT
#undef TENSORACT_ROW_DOUBLE
#undef TENSORACT_ROW_OPS
#undef TENSORACT_KERNEL_INSTANCE
