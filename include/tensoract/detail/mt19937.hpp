// tensoract — the 32-bit Mersenne Twister, as PyTorch's CPU generator uses it (at::mt19937):
// the standard MT19937 seeded with the low 32 bits of the seed. Written out here rather than
// taken from <random>, which is a heavy header for what is 30 lines.
// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>

namespace tensoract::detail {

class Mt19937 {
public:
    explicit Mt19937(std::uint64_t seed) noexcept { this->seed(seed); }

    void seed(std::uint64_t seed) noexcept {
        state_[0] = static_cast<std::uint32_t>(seed & 0xffffffffU);
        for (std::uint32_t i = 1; i < n; ++i) {
            state_[i] = 1812433253U * (state_[i - 1] ^ (state_[i - 1] >> 30)) + i;
        }
        index_ = n;
    }

    std::uint32_t operator()() noexcept {
        if (index_ >= n) {
            twist();
        }
        std::uint32_t y = state_[index_++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680U;
        y ^= (y << 15) & 0xefc60000U;
        y ^= y >> 18;
        return y;
    }

private:
    static constexpr std::uint32_t n = 624;
    static constexpr std::uint32_t m = 397;

    void twist() noexcept {
        for (std::uint32_t i = 0; i < n; ++i) {
            const std::uint32_t y = (state_[i] & 0x80000000U) | (state_[(i + 1) % n] & 0x7fffffffU);
            state_[i] = state_[(i + m) % n] ^ (y >> 1) ^ ((y & 1U) != 0 ? 0x9908b0dfU : 0U);
        }
        index_ = 0;
    }

    std::uint32_t state_[n] = {};
    std::uint32_t index_ = n;
};

}  // namespace tensoract::detail
