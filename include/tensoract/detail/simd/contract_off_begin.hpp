// tensoract — opens a region whose functions GCC compiles without contracting a * b + c into
// one fused multiply-add. No include guard: included once per region; contract_off_end.hpp
// closes it.
// SPDX-License-Identifier: MIT
//
// Why: GCC's default for C++ is -ffp-contract=fast, which fuses a product into a following
// sum across statements wherever the target has FMA: inside the AVX2/AVX-512 regions always,
// in the scalar backend only under -mfma or -march. The kernels' error analysis counts each
// O::mul and O::add as one rounding and places every fused multiply-add explicitly (O::fma),
// so a contraction changes the bits, and differently per instruction set: a plain g++ -O2
// build gave other bits from AVX2/AVX-512 than from the scalar backend for softplus,
// logsigmoid, tanhshrink and gelu. The target regions (target_begin_*.hpp) say the same.
// Clang contracts only within one expression by default, which the O:: calls never form;
// under -ffp-contract=fast its backend fuses across them whatever a pragma says (Clang 14),
// so such a build may give other bits per instruction set (docs/api.md says so).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC push_options
#pragma GCC optimize("fp-contract=off")
#endif
