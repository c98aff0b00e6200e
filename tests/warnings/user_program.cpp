// A user's program, compiled by ctest with -Wall -Wextra -Wpedantic -Werror at -O2 and -O3:
// the headers must not make a warning appear in it. GCC 12 -O3 once warned falsely of an
// overflow in linspace's tail loop (-Waggressive-loop-optimizations) here, where the count is a
// constant and the calls sit in a loop.
#include <cstdio>
#include <utility>

#include <tensoract/tensoract.hpp>

int main() {
    for (const auto& [lo, hi] : {std::pair{1.0, 10.0}, std::pair{88.0, 100.0}}) {
        const auto x = tensoract::linspace<float>(lo, hi, 65536);
        const auto xd = tensoract::linspace<double>(-lo, -hi, 65536);
        const auto y = tensoract::sigmoid_derivative(x);
        const auto p = tensoract::softmax(xd, 0);
        std::printf("%g %g %g %g\n", static_cast<double>(x[3]), xd[5], static_cast<double>(y[7]), p[9]);
    }
}
