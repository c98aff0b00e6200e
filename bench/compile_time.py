#!/usr/bin/env python3
"""The compile-time cost of including tensoract, against the header-only peers.

Each program applies sigmoid to 10 floats and prints them; they differ only in the library
included. One more (SOFTMAX_DIM0) prints tensoract's softmax family along dim 0. Each is
compiled with `CXX -std=c++20 -O2 -c` (CXX: $CXX, default g++) 7 times, alternating, and the
median wall time is kept. Prints a markdown section for
docs/benchmarks.md (bench/run.py embeds it). Usage: bench/compile_time.py [--runs N]"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Not a peer's program: the cost of the strided softmax kernels (their loops over a block's 8
# vectors are unrolled), which the sigmoid program does not instantiate.
SOFTMAX_DIM0 = "tensoract, softmax, softmin, log_softmax and softmax_backward along dim 0"
# The sigmoid program again, its kernel declared and compiled in another source (docs/api.md,
# "Compiling the kernels once"): what a program of many sources pays per source.
EXTERN = "tensoract, kernels compiled once elsewhere (`TENSORACT_KERNELS_EXTERN`)"
SOFTMAX_DIM0_EXTERN = "tensoract, the same four along dim 0, kernels compiled once elsewhere"
SOFTMAX_DIM0_TEXT = """
#include <iostream>
#include <tensoract/tensoract.hpp>
int main() {
    const auto x = tensoract::rand<float>({3, 4});
    const auto y = tensoract::softmax(x, 0);
    std::cout << y << tensoract::softmin(x, 0) << tensoract::log_softmax(x, 0)
              << tensoract::softmax_backward(x, y, 0) << '\\n';
}
"""
SIGMOID = """
#include <iostream>
#include <tensoract/tensoract.hpp>
int main() {
    const auto x = tensoract::linspace<float>(-5.0, 4.0, 10);
    std::cout << tensoract::sigmoid(x) << '\\n';
}
"""

PROGRAMS = {
    "baseline (<vector>, <cmath>, <iostream>)": ([], """
#include <cmath>
#include <iostream>
#include <vector>
int main() {
    std::vector<float> x(10);
    for (int i = 0; i < 10; ++i) x[i] = -5.0f + float(i);
    for (float& v : x) v = 1.0f / (1.0f + std::exp(-v));
    for (float v : x) std::cout << v << ' ';
    std::cout << '\\n';
}
"""),
    "tensoract (<tensoract/tensoract.hpp>)": (["-I" + os.path.join(ROOT, "include")], SIGMOID),
    EXTERN: (["-I" + os.path.join(ROOT, "include"), "-DTENSORACT_KERNELS_EXTERN"], SIGMOID),
    SOFTMAX_DIM0: (["-I" + os.path.join(ROOT, "include")], SOFTMAX_DIM0_TEXT),
    SOFTMAX_DIM0_EXTERN: (["-I" + os.path.join(ROOT, "include"), "-DTENSORACT_KERNELS_EXTERN"], SOFTMAX_DIM0_TEXT),
    "Eigen 3.4 (<Eigen/Dense>)": (["-I/usr/include/eigen3"], """
#include <iostream>
#include <Eigen/Dense>
int main() {
    Eigen::ArrayXf x = Eigen::ArrayXf::LinSpaced(10, -5.0f, 4.0f);
    std::cout << x.logistic().transpose() << '\\n';
}
"""),
    "Eigen 3.4 Tensor (<unsupported/Eigen/CXX11/Tensor>)": (["-I/usr/include/eigen3"], """
#include <iostream>
#include <unsupported/Eigen/CXX11/Tensor>
int main() {
    Eigen::Tensor<float, 1> x(10);
    for (int i = 0; i < 10; ++i) x(i) = -5.0f + float(i);
    Eigen::Tensor<float, 1> y = x.sigmoid();
    std::cout << y << '\\n';
}
"""),
    "xtensor (<xtensor/xtensor.hpp>)": ([], """
#include <iostream>
#include <xtensor/xtensor.hpp>
#include <xtensor/xbuilder.hpp>
#include <xtensor/xio.hpp>
#include <xtensor/xmath.hpp>
int main() {
    xt::xtensor<float, 1> x = xt::linspace<float>(-5.0f, 4.0f, 10);
    xt::xtensor<float, 1> y = 1.0f / (1.0f + xt::exp(-x));
    std::cout << y << '\\n';
}
"""),
}


def compile_seconds(cxx, flags, path, obj):
    start = time.perf_counter()
    subprocess.run([cxx, "-std=c++20", "-O2", "-c", path, "-o", obj] + flags, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return time.perf_counter() - start


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    cxx = os.environ.get("CXX", "g++")
    version = subprocess.run([cxx, "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    work = tempfile.mkdtemp(prefix="tensoract-compile-time-")
    try:
        usable = {}
        for name, (flags, text) in PROGRAMS.items():
            path = os.path.join(work, "p%d.cpp" % len(usable))
            with open(path, "w") as f:
                f.write(text)
            try:  # a peer that is not installed is left out
                compile_seconds(cxx, flags, path, path + ".o")
            except subprocess.CalledProcessError:
                continue
            usable[name] = (flags, path)
        times = {name: [] for name in usable}
        for _ in range(args.runs):  # alternating, so load changes hit every program alike
            for name, (flags, path) in usable.items():
                times[name].append(compile_seconds(cxx, flags, path, path + ".o"))
    finally:
        shutil.rmtree(work)
    medians = {name: statistics.median(t) for name, t in times.items()}
    base = medians[next(iter(PROGRAMS))]
    lines = ["## Compile time", "",
             "`bench/compile_time.py`: a program that applies sigmoid to 10 floats and prints them, "
             "compiled with `%s -std=c++20 -O2 -c` (%s), median of %d alternating runs. "
             "*Added* is the time over the same program written with only `<vector>`, `<cmath>` "
             "and `<iostream>` (target for tensoract: at most 0.3 s). The rows \"%s\", \"%s\" and "
             "\"%s\" are not peers: the first is the sigmoid program with its kernel declared, "
             "not compiled (docs/api.md: a program of many sources compiles the kernels once, in "
             "one of them); the second prints those four results for a [3, 4] tensor, the "
             "strided kernels' cost; the third is it with its kernels declared."
             % (cxx, version, args.runs, EXTERN, SOFTMAX_DIM0, SOFTMAX_DIM0_EXTERN), "",
             "| program | compile (s) | added (s) |", "|---|---:|---:|"]
    for name, m in medians.items():
        lines.append("| %s | %.2f | %s |" % (name, m, "-" if m is base else "%+.2f" % (m - base)))
    missing = [name for name in PROGRAMS if name not in usable]
    if missing:
        lines += ["", "Not installed here, so not measured: %s." % ", ".join(missing)]
    print("\n".join(lines))


if __name__ == "__main__":
    sys.exit(main())
