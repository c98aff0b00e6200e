#!/usr/bin/python3
"""Max error in ULP of PyTorch's float32 sigmoid and tanh over all 2^32 inputs (or every
--stride-th), against float64, graded where the exact result is a normal float; also counts
finite inputs giving NaN and results that change with the element's position. Prints the
markdown rows bench/accuracy.sh puts in docs/accuracy.md. Run with Debian's PyTorch."""
import argparse

import numpy as np
import torch

torch.set_num_threads(1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--stride", type=int, default=1)
    args = ap.parse_args()
    chunk = 1 << 24
    for name, f in [("sigmoid", torch.sigmoid), ("tanh", torch.tanh)]:
        worst, worst_x, nan, moved = 0.0, 0.0, 0, 0
        for start in range(0, 1 << 32, chunk):
            bits = np.arange(start, start + chunk, args.stride, dtype=np.uint64).astype(np.uint32)
            x = torch.from_numpy(bits.view(np.float32).copy())
            x = x[~torch.isnan(x)]
            y = f(x)
            y2 = f(x[3:])  # other alignment and tail
            moved += int((y[3:] != y2).logical_and(~(torch.isnan(y2) & torch.isnan(y[3:]))).sum())
            ref = f(x.double())
            nan += int(torch.isnan(y).sum())
            ok = (ref.abs() >= 2.0 ** -126) & ~torch.isnan(y)
            mant, exp = torch.frexp(ref[ok])
            ulp = torch.ldexp(torch.ones_like(ref[ok]), torch.clamp(exp - 1, min=-126) - 23)
            err = (y[ok].double() - ref[ok]).abs() / ulp
            if err.numel():
                i = int(torch.argmax(err))
                if float(err[i]) > worst:
                    worst, worst_x = float(err[i]), float(x[ok][i])
        print("| %s | PyTorch %s torch.%s | %.2f | %.9g | %d | %d |" % (
            name, torch.__version__, name, worst, worst_x, nan, moved), flush=True)


if __name__ == "__main__":
    main()
