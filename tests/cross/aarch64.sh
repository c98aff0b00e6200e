#!/usr/bin/env bash
# Builds the unit tests, the fuzz corpus replay and a sample of the exhaustive test for AArch64 (the NEON backend) with
# Debian's cross compiler, and runs them under qemu-user. CI runs it; needs
#   apt-get install g++-aarch64-linux-gnu qemu-user catch2
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:-build-aarch64}
mkdir -p "$out/include/catch2"
# Catch2 v2 is one portable header; copy it so the host's /usr/include stays off the path.
cp /usr/include/catch2/catch.hpp "$out/include/catch2/"
cxx=aarch64-linux-gnu-g++
# One object per source, on every core (a single g++ call for all of them ran serially).
# As tests/CMakeLists.txt: the kernels compiled once (tests/kernels.cpp), declared extern in
# the unit tests and the fuzz corpus replay; the exhaustive test has its own.
compile() {
    local extern=()
    case "$1" in tests/test_*.cpp | tests/fuzz/*.cpp) extern=(-DTENSORACT_KERNELS_EXTERN) ;; esac
    "$cxx" -std=c++20 -O2 -Wall -Wextra -Wpedantic -Werror -Iinclude "-I$out/include" "${extern[@]}" \
        -DTENSORACT_TEST_DATA_DIR="\"$PWD/tests/data\"" -DTENSORACT_DOCS_DIR="\"$PWD/docs\"" \
        -c "$1" -o "$out/obj/$(basename "${1%.cpp}").o"
}
export -f compile
export cxx out
rm -rf "$out/obj"  # no object of a renamed or deleted test gets linked
mkdir -p "$out/obj"
printf '%s\n' tests/kernels.cpp tests/main.cpp tests/test_*.cpp tests/fuzz/fuzz_replay.cpp tests/fuzz/fuzz_activations.cpp \
    tests/exhaustive/exhaustive.cpp | xargs -P "$(nproc)" -I{} bash -c 'compile "$1"' _ {}
"$cxx" "$out/obj/kernels.o" "$out/obj/main.o" "$out"/obj/test_*.o -o "$out/tensoract_tests" -pthread
"$cxx" "$out/obj/kernels.o" "$out/obj/fuzz_replay.o" "$out/obj/fuzz_activations.o" -o "$out/tensoract_fuzz_replay" -pthread
"$cxx" "$out/obj/exhaustive.o" -o "$out/tensoract_exhaustive" -pthread
run=(qemu-aarch64 -L /usr/aarch64-linux-gnu)
# The unit tests in two halves at once, one per core (Catch2 v2 has no sharding of its own):
# every other test name into each list, commas and brackets escaped for Catch's test specs.
# Each half must run as many test cases as its list names.
# (Catch2 v2's listing exits with the number of tests listed.)
{ "${run[@]}" "$out/tensoract_tests" --list-test-names-only || true; } | sed '/^$/d' > "$out/tests.txt"
[ -s "$out/tests.txt" ] || { echo "tensoract_tests listed no tests"; exit 1; }
pids=()
for half in 0 1; do
    awk -v h=$half 'NR % 2 == h' "$out/tests.txt" | sed 's/\\/\\\\/g; s/,/\\,/g; s/\[/\\[/g' > "$out/tests$half.txt"
    "${run[@]}" "$out/tensoract_tests" -f "$out/tests$half.txt" > "$out/tests$half.log" 2>&1 &
    pids+=($!)
done
status=0
for half in 0 1; do
    wait "${pids[$half]}" || status=1
    cat "$out/tests$half.log"
    expected=$(wc -l < "$out/tests$half.txt")
    grep -Eq "in $expected test cases?\b" "$out/tests$half.log" || { echo "half $half: not the $expected test cases of its list"; status=1; }
done
[ "$status" -eq 0 ] || exit 1
"${run[@]}" "$out/tensoract_fuzz_replay" tests/fuzz_corpus
# every 257th float on scalar and NEON (bit-identical) for sigmoid, tanh and their derivatives,
# every 2056th for the rest of the family, and 100000 doubles
"${run[@]}" "$out/tensoract_exhaustive" --stride 257 --family-stride 8 --double 100000
