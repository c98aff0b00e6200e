// Every kernel, compiled once for the test programs, whose other sources only declare them
// (TENSORACT_KERNELS_EXTERN, set by tests/CMakeLists.txt): docs/api.md, "Compiling the kernels
// once". Each test source used to compile every kernel it called again, for every instruction
// set: most of the build's time.
// SPDX-License-Identifier: MIT
#define TENSORACT_KERNELS_INSTANTIATE
#include <tensoract/tensoract.hpp>
