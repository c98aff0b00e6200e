// tensoract — how many threads one call may use.
//
// Default: serial, so that a program that already runs its own threads is not
// oversubscribed. Opt in with set_num_threads(n) (or the environment variable
// TENSORACT_NUM_THREADS, read on first use), which starts a small persistent pool, or hand
// tensoract the program's own parallel-for (TBB, OpenMP, a home-made pool) with
// set_parallel_for, so that the program keeps one pool. Large tensors are split into chunks;
// results are bit-identical for any thread count. A call made from inside a chunk (from a
// program's callback on an executor thread, say) runs serially.
// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>

#include "detail/checks.hpp"
#include "detail/thread_pool.hpp"

namespace tensoract {

/// Lets each call use up to n threads (the calling thread and n - 1 pool workers); 1 makes
/// every call serial and stops the workers. Throws std::invalid_argument for n < 1. Where the
/// system will not start that many threads, calls use those it did start.
/// Meant to be set once, at start-up: a call running meanwhile finishes with the old count.
inline void set_num_threads(int n) {
    if (n < 1) {
        detail::throw_invalid("set_num_threads", detail::cat("expected at least 1 thread, got ", n));
    }
    detail::parallel_config().threads.store(n, detail::order_release);
    detail::thread_pool().resize(n);
}

/// The threads one call may use: set_num_threads's n, else TENSORACT_NUM_THREADS, else 1; with
/// a program's parallel-for set, the concurrency given with it.
inline int num_threads() noexcept {
    const detail::ParallelConfig& config = detail::parallel_config();
    return config.executor.load(detail::order_acquire) != nullptr
               ? config.executor_concurrency.load(detail::order_relaxed)
               : detail::configured_threads();
}

/// Runs tensoract's parallel work on the program's parallel-for from now on: `parallel_for`
/// must call body(context, i) once for each i in [0, chunks) and return when all returned;
/// `user` is passed back to it; `concurrency` is how many threads it offers (a call is split
/// into at most 4 * concurrency chunks; 0: the processors online). nullptr goes
/// back to tensoract's own pool. Throws std::invalid_argument for a negative concurrency.
inline void set_parallel_for(ParallelFor parallel_for, void* user = nullptr, int concurrency = 0) {
    if (concurrency < 0) {
        detail::throw_invalid("set_parallel_for",
                              detail::cat("expected a concurrency of 0 (all cores) or more, got ", concurrency));
    }
    if (concurrency == 0) {
        concurrency = detail::online_processors();
    }
    detail::ParallelConfig& config = detail::parallel_config();
    config.user.store(user, detail::order_relaxed);
    config.executor_concurrency.store(concurrency, detail::order_relaxed);
    config.executor.store(parallel_for, detail::order_release);
}

}  // namespace tensoract
