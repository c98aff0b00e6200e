#!/usr/bin/env bash
# Measures the accuracy of tensoract and of every peer found over all 2^32 floats, and writes
# docs/accuracy.md. Takes about an hour on 2 cores (the exhaustive sweep of 35 functions,
# PyTorch and the scalar peers are slow to sweep); pass --stride S to sample.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DTENSORACT_BUILD_BENCHMARKS=ON \
    -DTENSORACT_BUILD_TESTS=ON -DTENSORACT_BUILD_EXAMPLES=OFF >/dev/null
cmake --build build-bench --target tensoract_accuracy tensoract_exhaustive -j2
stride_args=("$@")
{
    echo "# Accuracy"
    echo
    echo "Written by \`bench/accuracy.sh\` on $(date -u +%Y-%m-%d), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')."
    echo
    echo "## tensoract, proven on every input"
    echo
    echo "\`tests/exhaustive/exhaustive.cpp\` (ctest label \`exhaustive\`, run by CI) evaluates every one of"
    echo "the 2^32 float32 bit patterns on every instruction set this machine runs, against a"
    echo "double reference refined in \`__float128\` near rounding boundaries, and a dense random"
    echo "sweep of doubles against \`__float128\`. Max error in ULP of the exact value:"
    echo
    echo '```'
    ./build-bench/tests/tensoract_exhaustive "${stride_args[@]}"
    echo '```'
    echo
    echo "## Side by side with the peers (float32, sigmoid and tanh)"
    echo
    echo "\`build-bench/bench/tensoract_accuracy\` and \`bench/torch_accuracy.py\`: max error in ULP"
    echo "over all finite inputs whose exact result is a normal float (double reference); *NaN*:"
    echo "finite inputs that gave NaN; *position*: inputs whose result changed when the same data"
    echo "was processed at another offset and length (vector body vs scalar tail)."
    echo
    echo "| function | implementation | max error (ULP) | at x | NaN | position |"
    echo "|---|---|---:|---:|---:|---:|"
    ./build-bench/bench/tensoract_accuracy "${stride_args[@]}" | sort -s -t'|' -k2,2
    if /usr/bin/python3 -c "import torch" 2>/dev/null; then
        /usr/bin/python3 bench/torch_accuracy.py "${stride_args[@]}"
        echo
        echo "## The family against PyTorch"
        echo
        echo "tensoract's bounds for leaky_relu, hardtanh, relu6, hardsigmoid, hardswish, silu,"
        echo "softsign, elu, selu, softplus, logsigmoid, tanhshrink, mish and gelu (both modes) hold"
        echo "over every float (the exhaustive table above; celu at alpha 1 is elu's kernel with"
        echo "elu's parameters); log_softmax, softmin and"
        echo "the backward functions are checked against exact values by the golden tests"
        echo "(tests/test_family.cpp: 1 ULP for log_softmax float, 2 for double). PyTorch 1.13 on the"
        echo "same golden inputs (\`tools/make_golden_family.py --markdown\`: specials, kinks, random"
        echo "values; exact values at 400 digits). Its large errors: silu is -0 from x = -88.8 (float)"
        echo "where the true value is normal or denormal, softsign's and softmin's backward cancel,"
        echo "log_softmax rounds 1 + s (the dominant entry of [0, -30, -40] is 0 in float, exactly"
        echo "-9.4e-14), hardsigmoid's backward multiplies by the float 1/6 also for double, and"
        echo "hardswish' at 3 is 1 in PyTorch's vector loop (1.5 in its scalar loop and here);"
        echo "elu, selu and celu compute e^x - 1 (float elu(-1e-8) = 0), tanhshrink x - tanh x, gelu"
        echo "1 + erf (float gelu is 0 from x = -5.6), mish' 1 - t^2 (up to 5e7 ULP), and mish, gelu"
        echo "and their derivatives are NaN at -inf (tensoract: the limits, -0)."
        echo
        tmp=$(mktemp)
        /usr/bin/python3 tools/make_golden_family.py --out "$tmp" --markdown 2>/dev/null
        rm -f "$tmp"
    fi
} > docs/accuracy.md.tmp
mv docs/accuracy.md.tmp docs/accuracy.md
cat docs/accuracy.md
