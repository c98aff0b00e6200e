// tensoract — the few atomic operations the thread pool, the parallel settings and the
// instruction-set choice need, on GCC's and Clang's __atomic built-ins.
// SPDX-License-Identifier: MIT
#pragma once

// Not <atomic>: under C++20, libstdc++'s <atomic> brings atomic waiting and its mutexes, parsed
// in every translation unit that includes tensoract, for a handful of loads, stores and
// additions. The built-ins are what std::atomic itself compiles to; ThreadSanitizer
// understands them.

namespace tensoract::detail {

/// Memory orders, as std::memory_order_*.
inline constexpr int order_relaxed = __ATOMIC_RELAXED;
inline constexpr int order_acquire = __ATOMIC_ACQUIRE;
inline constexpr int order_release = __ATOMIC_RELEASE;
inline constexpr int order_acq_rel = __ATOMIC_ACQ_REL;

/// An integer or pointer read and written atomically, like std::atomic<T> (lock-free types only).
template <class T>
class Atomic {
public:
    constexpr Atomic() noexcept = default;
    constexpr explicit Atomic(T value) noexcept : value_(value) {}
    Atomic(const Atomic&) = delete;
    Atomic& operator=(const Atomic&) = delete;
    ~Atomic() = default;

    [[nodiscard]] T load(int order) const noexcept { return __atomic_load_n(&value_, order); }
    void store(T value, int order) noexcept { __atomic_store_n(&value_, value, order); }
    T fetch_add(T delta, int order) noexcept { return __atomic_fetch_add(&value_, delta, order); }
    T fetch_sub(T delta, int order) noexcept { return __atomic_fetch_sub(&value_, delta, order); }
    /// Where it fails, `expected` receives the value seen (read with acquire ordering).
    bool compare_exchange_strong(T& expected, T desired) noexcept {
        return __atomic_compare_exchange_n(&value_, &expected, desired, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
    }

private:
    T value_{};
};

}  // namespace tensoract::detail
