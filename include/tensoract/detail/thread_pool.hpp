// tensoract — the persistent thread pool behind set_num_threads, and the splitting of one
// call's work into chunks. Results never depend on how the work is split: every kernel's
// result for an element (elementwise) or a row or column (softmax) depends only on its input.
// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <cstdlib>
#include <new>

// POSIX threads, mutexes and condition variables rather than <thread>, <mutex>,
// <condition_variable> or C++20's atomic wait: their templates are compiled again in every
// translation unit that includes tensoract (bench/compile_time.py measures the total).
#include <ctime>
#include <pthread.h>
#include <unistd.h>

#include "atomic.hpp"

namespace tensoract {

/// A parallel-for supplied by the program (a TBB, OpenMP or home-made pool): it must call
/// `body(context, i)` exactly once for every i in [0, chunks), on any threads, and return
/// when all calls have returned. `user` is the pointer given to set_parallel_for.
using ParallelFor = void (*)(std::int64_t chunks, void (*body)(void* context, std::int64_t chunk), void* context,
                             void* user);

}  // namespace tensoract

namespace tensoract::detail {

/// True on a thread while it runs a chunk of tensoract's work: calls made from there (a
/// program's callback inside an executor, say) run serially instead of waiting on the pool.
inline thread_local bool in_parallel_region = false;

/// The processors online (std::thread::hardware_concurrency's answer), at least 1.
inline int online_processors() noexcept {
    const long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : (n > 1024 ? 1024 : static_cast<int>(n));
}

inline std::int64_t monotonic_ns() noexcept {
    timespec t{};
    clock_gettime(CLOCK_MONOTONIC, &t);
    return std::int64_t{t.tv_sec} * 1000000000 + t.tv_nsec;
}

/// Waits a little for `done()` by spinning, as a program calling tensoract in a loop hands
/// the next job over within microseconds; false if it is still not true after budget_ns.
template <class Done>
bool spin_until(const Done& done, std::int64_t budget_ns) noexcept {
    const std::int64_t start = monotonic_ns();
    for (int i = 1;; ++i) {
        if (done()) {
            return true;
        }
#if defined(__x86_64__) || defined(__i386__)
        __builtin_ia32_pause();
#elif defined(__aarch64__)
        asm volatile("yield");
#endif
        if (i % 64 == 0 && monotonic_ns() - start > budget_ns) {
            return false;
        }
    }
}

/// A pthread mutex held for a scope.
class ScopedLock {
public:
    explicit ScopedLock(pthread_mutex_t& m) noexcept : m_(m) { pthread_mutex_lock(&m_); }
    ScopedLock(const ScopedLock&) = delete;
    ScopedLock& operator=(const ScopedLock&) = delete;
    ~ScopedLock() { pthread_mutex_unlock(&m_); }

private:
    pthread_mutex_t& m_;
};

class ThreadPool {
public:
    using Body = void (*)(void* context, std::int64_t chunk);

    ThreadPool() = default;
    ThreadPool(const ThreadPool&) = delete;
    ThreadPool& operator=(const ThreadPool&) = delete;
    ~ThreadPool() {
        resize(1);
        delete[] workers_;
        pthread_cond_destroy(&work_cv_);
        pthread_cond_destroy(&done_cv_);
        pthread_mutex_destroy(&mutex_);
        pthread_mutex_destroy(&run_mutex_);
    }

    /// Participants in a run: the calling thread and size() - 1 workers.
    [[nodiscard]] int size() const noexcept { return participants_.load(order_relaxed); }

    /// Starts or stops workers so that runs have `participants` (or, where the system will not
    /// start that many threads, as many as it did start). Throws only std::bad_alloc.
    void resize(int participants) {
        participants = participants < 1 ? 1 : participants;
        const ScopedLock run_lock(run_mutex_);  // never during a run
        if (participants == size()) {
            return;
        }
        stop_workers();
        participants_.store(1, order_relaxed);  // until the workers below have started
        if (participants - 1 > capacity_) {
            auto* fresh = new pthread_t[static_cast<std::size_t>(participants - 1)];
            delete[] workers_;
            workers_ = fresh;
            capacity_ = participants - 1;
        }
        // What a worker waits to see change: read here, not by the thread when it starts, as
        // by then a quick resize may have moved it on to stop it.
        spawn_generation_ = generation_.load(order_acquire);
        for (int i = 1; i < participants; ++i) {
            if (pthread_create(&workers_[count_], nullptr, &ThreadPool::start_worker, this) != 0) {
                break;
            }
            ++count_;
        }
        participants_.store(count_ + 1, order_relaxed);
    }

    /// Runs body(context, i) for i in [0, chunks), the caller taking part; returns when all
    /// are done. A run already under way (another thread's call) makes this one serial.
    void run(std::int64_t chunks, Body body, void* context) noexcept {
        if (pthread_mutex_trylock(&run_mutex_) != 0) {
            serial(chunks, body, context);
            return;
        }
        if (count_ == 0) {
            pthread_mutex_unlock(&run_mutex_);
            serial(chunks, body, context);
            return;
        }
        {
            const ScopedLock lock(mutex_);
            // A worker that woke late for the previous run may still hold its fields: wait
            // until none does. Workers that join meanwhile join that run, whose chunks are all
            // handed out, so they leave at once and active_ reaches 0.
            wait_until_idle();
            body_ = body;
            context_ = context;
            chunks_ = chunks;
            next_.store(0, order_relaxed);
            generation_.fetch_add(1, order_release);
        }
        pthread_cond_broadcast(&work_cv_);
        work(body, context, chunks);
        // Every chunk has been handed out; it is done when no worker is inside one.
        if (!spin_until([this] { return active_.load(order_acquire) == 0; }, 1000000)) {
            const ScopedLock lock(mutex_);
            wait_until_idle();
        }
        pthread_mutex_unlock(&run_mutex_);
    }

    static void serial(std::int64_t chunks, Body body, void* context) noexcept {
        for (std::int64_t i = 0; i < chunks; ++i) {
            body(context, i);
        }
    }

private:
    static void* start_worker(void* pool) noexcept {
        static_cast<ThreadPool*>(pool)->work_loop();
        return nullptr;
    }

    /// Blocks until no worker is inside a chunk; mutex_ held.
    void wait_until_idle() noexcept {
        while (active_.load(order_acquire) != 0) {
            pthread_cond_wait(&done_cv_, &mutex_);
        }
    }

    void work(Body body, void* context, std::int64_t chunks) noexcept {
        for (std::int64_t i = next_.fetch_add(1, order_relaxed); i < chunks;
             i = next_.fetch_add(1, order_relaxed)) {
            body(context, i);
        }
    }

    void work_loop() noexcept {
        std::uint32_t seen = spawn_generation_;
        for (;;) {
            spin_until([&] { return generation_.load(order_acquire) != seen; }, 200000);
            pthread_mutex_lock(&mutex_);
            // generation_ only changes under mutex_, so no broadcast is missed between the
            // check and the wait.
            while (generation_.load(order_acquire) == seen) {
                pthread_cond_wait(&work_cv_, &mutex_);
            }
            if (stop_) {
                pthread_mutex_unlock(&mutex_);
                return;
            }
            // Registered under the lock: run() does not change the job while active_ > 0.
            seen = generation_.load(order_acquire);
            active_.fetch_add(1, order_acq_rel);
            const Body body = body_;
            void* const context = context_;
            const std::int64_t chunks = chunks_;
            pthread_mutex_unlock(&mutex_);
            work(body, context, chunks);
            if (active_.fetch_sub(1, order_acq_rel) == 1) {
                // Taking the lock orders this after any waiter's check of active_: a waiter
                // that saw it nonzero is inside pthread_cond_wait by now.
                pthread_mutex_lock(&mutex_);
                pthread_mutex_unlock(&mutex_);
                pthread_cond_broadcast(&done_cv_);
            }
        }
    }

    void stop_workers() noexcept {
        {
            const ScopedLock lock(mutex_);
            stop_ = true;
            generation_.fetch_add(1, order_release);
        }
        pthread_cond_broadcast(&work_cv_);
        for (int i = 0; i < count_; ++i) {
            pthread_join(workers_[i], nullptr);
        }
        count_ = 0;
        const ScopedLock lock(mutex_);
        stop_ = false;
    }

    pthread_mutex_t run_mutex_ = PTHREAD_MUTEX_INITIALIZER;  // one run at a time
    pthread_mutex_t mutex_ = PTHREAD_MUTEX_INITIALIZER;      // the job's fields, stop_, generation_ changes
    pthread_cond_t work_cv_ = PTHREAD_COND_INITIALIZER;      // generation_ moved on
    pthread_cond_t done_cv_ = PTHREAD_COND_INITIALIZER;      // active_ fell to 0
    pthread_t* workers_ = nullptr;
    int capacity_ = 0;
    int count_ = 0;  // workers running
    Atomic<int> participants_{1};
    Atomic<std::int64_t> next_{0};
    Atomic<std::uint32_t> generation_{0};
    Atomic<int> active_{0};
    std::uint32_t spawn_generation_ = 0;  // written before workers start, read by them at start
    bool stop_ = false;
    Body body_ = nullptr;
    void* context_ = nullptr;
    std::int64_t chunks_ = 0;
};

struct ParallelConfig {
    Atomic<int> threads{0};  // 0: not set yet (TENSORACT_NUM_THREADS decides)
    Atomic<ParallelFor> executor{nullptr};
    Atomic<void*> user{nullptr};
    Atomic<int> executor_concurrency{1};
};

inline ParallelConfig& parallel_config() noexcept {
    static ParallelConfig config;
    return config;
}

/// The pool, created on first use and never destroyed: its threads may be needed by a static
/// destructor that runs after ours would have.
inline ThreadPool& thread_pool() {
    static ThreadPool* const pool = new ThreadPool();  // NOLINT(cppcoreguidelines-owning-memory)
    return *pool;
}

/// TENSORACT_NUM_THREADS, or 1 (serial) where it is unset or not a positive number.
inline int threads_from_environment() noexcept {
    const char* text = std::getenv("TENSORACT_NUM_THREADS");  // NOLINT(concurrency-mt-unsafe): read once
    if (text == nullptr) {
        return 1;
    }
    char* end = nullptr;
    const long n = std::strtol(text, &end, 10);
    return end != text && *end == '\0' && n >= 1 && n <= 1024 ? static_cast<int>(n) : 1;
}

inline int configured_threads() noexcept {
    ParallelConfig& config = parallel_config();
    int n = config.threads.load(order_acquire);
    if (n == 0) {
        int expected = 0;
        config.threads.compare_exchange_strong(expected, threads_from_environment());
        n = config.threads.load(order_acquire);
    }
    return n;
}

/// The part of parallel_chunks that does not depend on the work: picks the chunk count (into
/// `chunks`, before any chunk runs) and runs body(context, i) for each chunk on the program's
/// executor if it set one, else on tensoract's pool. False, having run nothing, where the
/// call is to run serially. Out of line, so that every operation shares one copy.
[[gnu::noinline]] inline bool run_chunked(std::int64_t max_chunks, std::int64_t& chunks, ThreadPool::Body body,
                                          void* context) noexcept {
    const ParallelConfig& config = parallel_config();
    const ParallelFor executor = config.executor.load(order_acquire);
    const int threads = executor != nullptr ? config.executor_concurrency.load(order_relaxed)
                                            : configured_threads();
    if (threads <= 1 || in_parallel_region) {
        return false;
    }
    // a few chunks per thread: a busy core (or a noisy neighbour) does not hold the others up
    chunks = max_chunks < 4 * std::int64_t{threads} ? max_chunks : 4 * std::int64_t{threads};
    if (executor != nullptr) {
        executor(chunks, body, context, config.user.load(order_relaxed));
        return true;
    }
    ThreadPool& pool = thread_pool();
    if (pool.size() != threads) {
        try {
            pool.resize(threads);  // where no thread could be started, the run below is serial
        } catch (...) {            // std::bad_alloc: run serially
            ThreadPool::serial(chunks, body, context);
            return true;
        }
    }
    pool.run(chunks, body, context);
    return true;
}

/// Splits [0, n) into chunks of at least `grain` elements, boundaries on multiples of `align`
/// (16: whole cache lines for float), and runs fn(begin, end) on each: on the program's
/// executor if it set one, else on tensoract's pool, else serially. Serial inside a chunk.
template <class F>
void parallel_chunks(std::int64_t n, std::int64_t grain, std::int64_t align, const F& fn) noexcept {
    const std::int64_t max_chunks = n / (grain < 1 ? 1 : grain);
    if (max_chunks < 2) {  // first, and without touching shared state: small calls stay cheap
        fn(std::int64_t{0}, n);
        return;
    }
    struct Job {
        const F* fn;
        std::int64_t n;
        std::int64_t chunks;
        std::int64_t align;
    } job{&fn, n, 1, align};
    const auto body = [](void* context, std::int64_t i) {
        const Job& j = *static_cast<const Job*>(context);
        const auto at = [&j](std::int64_t k) { return k == j.chunks ? j.n : (j.n / j.chunks * k) / j.align * j.align; };
        const bool outer = in_parallel_region;
        in_parallel_region = true;
        (*j.fn)(at(i), at(i + 1));
        in_parallel_region = outer;
    };
    if (!run_chunked(max_chunks, job.chunks, body, &job)) {
        fn(std::int64_t{0}, n);
    }
}

}  // namespace tensoract::detail
