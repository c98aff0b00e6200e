// Built pinned to AVX-512 and run under qemu-x86_64 with a CPU model without AVX (test
// "pinned.unsupported-cpu"): the first kernel call must stop the program with tensoract's
// message, not die on an illegal instruction.
#include <cstdio>

#include <tensoract/tensoract.hpp>

int main() {
    const auto x = tensoract::linspace<float>(-5.0, 4.0, 10);
    const auto y = tensoract::sigmoid(x);
    std::printf("ran: %g\n", static_cast<double>(y[0]));  // only where the CPU has the set
    return 0;
}
