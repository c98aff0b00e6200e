// Replays every input under tests/fuzz_corpus/ through the fuzz target's checks, without
// libFuzzer, so that ctest (any compiler) keeps every input the fuzzer ever found passing.
#include <cstdint>
#include <exception>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

#include <tensoract/tensoract.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

int main(int argc, char** argv) try {
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s CORPUS_DIR\n", argv[0]);
        return 2;
    }
#if defined(TENSORACT_INSTRUCTION_SET)
    // a build pinned to one instruction set (tests/CMakeLists.txt builds one per x86 set)
    const auto pinned = static_cast<tensoract::InstructionSet>(TENSORACT_INSTRUCTION_SET);
    if (!tensoract::detail::cpu_supports(pinned)) {
        std::printf("this CPU lacks the pinned instruction set: skipped\n");
        return 77;
    }
#endif
    int count = 0;
    for (const auto& entry : std::filesystem::directory_iterator(argv[1])) {
        if (!entry.is_regular_file()) {
            continue;
        }
        std::ifstream in(entry.path(), std::ios::binary);
        const std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        LLVMFuzzerTestOneInput(bytes.data(), bytes.size());
        ++count;
    }
    std::printf("replayed %d inputs from %s\n", count, argv[1]);
    return count > 0 ? 0 : 1;
} catch (const std::exception& e) {  // a corpus that cannot be read
    std::fprintf(stderr, "%s\n", e.what());
    return 1;
}
