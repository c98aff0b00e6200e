// Compiled with a bad TENSORACT_INSTRUCTION_SET by the tests "pinned.*": the build must stop
// at tensoract's #error, naming the macro (tests/CMakeLists.txt).
#include <tensoract/tensoract.hpp>

int main() { return 0; }
