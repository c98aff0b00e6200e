#!/usr/bin/env bash
# Builds the benchmarks, runs them with every peer found, and writes docs/benchmarks.md and
# docs/benchmarks.svg. Peers come from Debian: libbenchmark-dev libeigen3-dev libdnnl-dev
# libxnnpack-dev libpthreadpool-dev libsleef-dev python3-torch, and ocl-icd-opencl-dev
# opencl-headers (oneDNN's CMake config looks for OpenCL). Run it on an idle machine.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DTENSORACT_BUILD_BENCHMARKS=ON \
    -DTENSORACT_BUILD_TESTS=OFF -DTENSORACT_BUILD_EXAMPLES=OFF >/dev/null
cmake --build build-bench --target tensoract_bench tensoract_bench_portable -j2
python3 bench/run.py build-bench "$@"
