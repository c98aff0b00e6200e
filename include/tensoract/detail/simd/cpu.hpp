// tensoract — which instruction set the kernels run on: detected once, overridable.
// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <initializer_list>

#include "../atomic.hpp"

// Define TENSORACT_INSTRUCTION_SET to one of these to compile a single backend and skip the
// run-time check (e.g. -DTENSORACT_INSTRUCTION_SET=TENSORACT_ISA_AVX2).
#define TENSORACT_ISA_SCALAR 1
#define TENSORACT_ISA_AVX2 2
#define TENSORACT_ISA_AVX512 3
#define TENSORACT_ISA_NEON 4

#if defined(TENSORACT_INSTRUCTION_SET)
#if TENSORACT_INSTRUCTION_SET != TENSORACT_ISA_SCALAR && TENSORACT_INSTRUCTION_SET != TENSORACT_ISA_AVX2 && \
    TENSORACT_INSTRUCTION_SET != TENSORACT_ISA_AVX512 && TENSORACT_INSTRUCTION_SET != TENSORACT_ISA_NEON
#error "tensoract: TENSORACT_INSTRUCTION_SET must be TENSORACT_ISA_SCALAR, TENSORACT_ISA_AVX2, TENSORACT_ISA_AVX512 or TENSORACT_ISA_NEON"
#elif (TENSORACT_INSTRUCTION_SET == TENSORACT_ISA_AVX2 || TENSORACT_INSTRUCTION_SET == TENSORACT_ISA_AVX512) && \
    !((defined(__x86_64__) || defined(__i386__)) && (defined(__GNUC__) || defined(__clang__)))
#error "tensoract: TENSORACT_INSTRUCTION_SET pins an x86 instruction set, but this target is not x86 (with GCC or Clang)"
#elif TENSORACT_INSTRUCTION_SET == TENSORACT_ISA_NEON && !(defined(__aarch64__) && defined(__ARM_NEON))
#error "tensoract: TENSORACT_INSTRUCTION_SET pins NEON, but this target is not AArch64 with NEON"
#endif
#define TENSORACT_HAS_SCALAR (TENSORACT_INSTRUCTION_SET == TENSORACT_ISA_SCALAR)
#define TENSORACT_HAS_AVX2 (TENSORACT_INSTRUCTION_SET == TENSORACT_ISA_AVX2)
#define TENSORACT_HAS_AVX512 (TENSORACT_INSTRUCTION_SET == TENSORACT_ISA_AVX512)
#define TENSORACT_HAS_NEON (TENSORACT_INSTRUCTION_SET == TENSORACT_ISA_NEON)
#else
#define TENSORACT_HAS_SCALAR 1
#if (defined(__x86_64__) || defined(__i386__)) && (defined(__GNUC__) || defined(__clang__))
#define TENSORACT_HAS_AVX2 1
#define TENSORACT_HAS_AVX512 1
#else
#define TENSORACT_HAS_AVX2 0
#define TENSORACT_HAS_AVX512 0
#endif
#if defined(__aarch64__) && defined(__ARM_NEON)
#define TENSORACT_HAS_NEON 1
#else
#define TENSORACT_HAS_NEON 0
#endif
#endif

#if TENSORACT_HAS_AVX2 || TENSORACT_HAS_AVX512
#include <cpuid.h>
#endif

// The SIMD layer's operations and the kernels' math: inlined whatever the optimiser's size
// estimate, so that a kernel's constants stay in registers across its loop (a call per vector
// reloads them; as the intrinsics it replaces, always_inline).
#define TENSORACT_INLINE [[gnu::always_inline]]

// The kernels' entry points (every function of kernels.inl that is not TENSORACT_INLINE): GCC
// compiles them without contracting a * b + c into one fused multiply-add, and with them all
// that is inlined into them, which is the whole of the kernels' math.
//
// Why: GCC's default for C++ is -ffp-contract=fast, which fuses a product into a following
// sum across statements wherever the target has FMA: inside the AVX2/AVX-512 regions always,
// in the scalar backend only under -mfma or -march. The kernels' error analysis counts each
// O::mul and O::add as one rounding and places every fused multiply-add explicitly (O::fma),
// so a contraction changes the bits, and differently per instruction set: a plain g++ -O2
// build gave other bits from AVX2/AVX-512 than from the scalar backend for softplus,
// logsigmoid, tanhshrink and gelu (tests/test_instruction_sets.cpp checks it). GCC forms the
// fused operations late, in the function the code has been inlined into, under that
// function's options: so the entry points' attribute is enough. A `#pragma GCC optimize`
// over the regions did the same but cost every function declared in them an option parse,
// compile time that every program paid (bench/compile_time.py).
// Clang contracts only within one expression by default, which the O:: calls never form;
// under -ffp-contract=fast its backend fuses across them whatever a pragma says (Clang 14),
// so such a build may give other bits per instruction set (docs/api.md says so).
//
// The entry points' loops also start on a 64-byte boundary under GCC: on Zen 5, relu's loop
// over 4096 floats ran markedly slower where a g++ -O2 build happened to place it across one
// than in a -march=native build (bench/: the "-O2 / -march=native" table).
#if defined(__GNUC__) && !defined(__clang__)
#define TENSORACT_KERNEL [[gnu::optimize("fp-contract=off", "align-loops=64")]]
#else
#define TENSORACT_KERNEL
#endif

// The strided softmax kernels' loops over a block's 8 vectors are unrolled, so that each
// vector's running max and sum stay in registers (without it GCC keeps them in memory:
// bench/, softmax_dim0). Under AddressSanitizer the unrolled kernels cost clang minutes to
// compile (clang++ -O1 -fsanitize=address: ~60 s for one op on one instruction set, against
// ~8 s with the loops not unrolled) and buy nothing there, so such builds get the loops as written; the results are
// the same bits either way (the order of every operation is the loop's).
#if defined(__SANITIZE_ADDRESS__)
#define TENSORACT_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TENSORACT_SANITIZED 1
#endif
#endif
#if defined(TENSORACT_SANITIZED)
#define TENSORACT_UNROLL_BLOCK
#else
#define TENSORACT_UNROLL_BLOCK _Pragma("GCC unroll 8")
#endif

namespace tensoract {

/// The instruction sets tensoract's kernels are written for. Every one computes the same
/// operations in the same order, so the elementwise ops give the same bits on all of them
/// (softmax's row sums have as many partial sums as lanes: its last bit may differ).
enum class InstructionSet : std::uint8_t {
    scalar = TENSORACT_ISA_SCALAR,  ///< portable C++, one element at a time
    avx2 = TENSORACT_ISA_AVX2,      ///< x86-64 AVX2 + FMA, 8 floats
    avx512 = TENSORACT_ISA_AVX512,  ///< x86-64 AVX-512 F/DQ/BW/VL, 16 floats
    neon = TENSORACT_ISA_NEON,      ///< AArch64 Advanced SIMD, 4 floats
};

namespace detail {

#if TENSORACT_HAS_AVX2 || TENSORACT_HAS_AVX512
inline std::uint64_t read_xcr0() noexcept {
    std::uint32_t eax = 0;
    std::uint32_t edx = 0;
    __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
    return (static_cast<std::uint64_t>(edx) << 32) | eax;
}
#endif

inline bool cpu_supports(InstructionSet isa) noexcept {
    switch (isa) {
        case InstructionSet::scalar:
            return TENSORACT_HAS_SCALAR != 0;
#if TENSORACT_HAS_AVX2 || TENSORACT_HAS_AVX512
        case InstructionSet::avx2:
        case InstructionSet::avx512: {
            unsigned a = 0, b = 0, c = 0, d = 0;
            if (__get_cpuid_count(1, 0, &a, &b, &c, &d) == 0) {
                return false;
            }
            const bool osxsave = (c & (1U << 27)) != 0;
            const bool fma = (c & (1U << 12)) != 0;
            if (!osxsave || !fma) {
                return false;
            }
            const std::uint64_t xcr0 = read_xcr0();
            if ((xcr0 & 0x6) != 0x6) {  // the OS saves SSE and AVX state
                return false;
            }
            if (__get_cpuid_count(7, 0, &a, &b, &c, &d) == 0) {
                return false;
            }
            const bool avx2 = (b & (1U << 5)) != 0;
            if (isa == InstructionSet::avx2) {
                return avx2 && TENSORACT_HAS_AVX2;
            }
            const bool f = (b & (1U << 16)) != 0;
            const bool dq = (b & (1U << 17)) != 0;
            const bool bw = (b & (1U << 30)) != 0;
            const bool vl = (b & (1U << 31)) != 0;
            const bool os_zmm = (xcr0 & 0xe0) == 0xe0;  // opmask and ZMM state
            return avx2 && f && dq && bw && vl && os_zmm && TENSORACT_HAS_AVX512;
        }
#endif
#if TENSORACT_HAS_NEON
        case InstructionSet::neon:
            return true;
#endif
        default:
            return false;
    }
}

inline InstructionSet best_instruction_set() noexcept {
    for (const InstructionSet isa :
         {InstructionSet::avx512, InstructionSet::avx2, InstructionSet::neon, InstructionSet::scalar}) {
        if (cpu_supports(isa)) {
            return isa;
        }
    }
    return InstructionSet::scalar;
}

#if defined(TENSORACT_INSTRUCTION_SET)
/// A build pinned to one set has no other to fall back on: on a CPU without that set, the
/// first kernel call stops the program with this message rather than an illegal instruction.
[[noreturn, gnu::cold, gnu::noinline]] inline void pinned_instruction_set_unsupported() noexcept {
    std::fputs("tensoract: this program was built with TENSORACT_INSTRUCTION_SET pinned to an "
               "instruction set this CPU does not support\n",
               stderr);
    std::abort();
}

inline void check_pinned_instruction_set() noexcept {
    static const bool supported = cpu_supports(static_cast<InstructionSet>(TENSORACT_INSTRUCTION_SET));
    if (!supported) {
        pinned_instruction_set_unsupported();
    }
}
#endif

/// 0 until the first kernel call picks the best set.
inline Atomic<std::uint8_t> chosen_instruction_set{0};

inline InstructionSet active_instruction_set() noexcept {
    std::uint8_t v = chosen_instruction_set.load(detail::order_relaxed);
    if (v == 0) {
        v = static_cast<std::uint8_t>(best_instruction_set());
        chosen_instruction_set.store(v, detail::order_relaxed);
    }
    return static_cast<InstructionSet>(v);
}

}  // namespace detail

/// The instruction set the kernels use now: the best this CPU supports, unless changed.
inline InstructionSet instruction_set() noexcept { return detail::active_instruction_set(); }

/// Whether this build and this CPU can run `isa`.
inline bool instruction_set_supported(InstructionSet isa) noexcept { return detail::cpu_supports(isa); }

/// Makes the kernels use `isa` (for tests and benchmarks). Returns false, changing nothing, when this build or CPU cannot run it.
inline bool set_instruction_set(InstructionSet isa) noexcept {
    if (!detail::cpu_supports(isa)) {
        return false;
    }
    detail::chosen_instruction_set.store(static_cast<std::uint8_t>(isa), detail::order_relaxed);
    return true;
}

/// "scalar", "avx2", "avx512" or "neon".
inline const char* to_string(InstructionSet isa) noexcept {
    switch (isa) {
        case InstructionSet::avx2:
            return "avx2";
        case InstructionSet::avx512:
            return "avx512";
        case InstructionSet::neon:
            return "neon";
        default:
            return "scalar";
    }
}

}  // namespace tensoract
