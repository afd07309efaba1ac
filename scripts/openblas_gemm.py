#!/usr/bin/python3
"""GFLOP/s of float32 GEMMs through numpy (OpenBLAS on Debian), for the kernel benchmark.

Usage: openblas_gemm.py NAME:M:N:K:FORM ...
FORM is nn (A[M,K] B[K,N]), tn (A[K,M]^T B[K,N]) or nt (A[M,K] B[N,K]^T): the transposes are views,
so OpenBLAS does them itself, as a BLAS caller would. Prints "coretype TYPE" and "ready" once every
shape's matrices exist and each product has run once, then answers requests on standard input until
it closes: a line "NAME REPEATS" is answered "NAME GFLOPS" (best of REPEATS runs). The Java side
asks between its own timings of the same product, so that both see the machine in the same state.
Threads: OPENBLAS_NUM_THREADS, set by the caller; kernels: OPENBLAS_CORETYPE (openblas_coretype.py).
Exit code 3 when numpy is missing.
"""
import sys
import time

import openblas_coretype

CORETYPE = openblas_coretype.choose()  # before numpy loads OpenBLAS

try:
    import numpy as np
except ImportError as e:
    sys.stderr.write("numpy is missing (%s): apt-get install -y python3-numpy libopenblas0-pthread\n" % e)
    sys.exit(3)


def product(spec, rng):
    """NAME -> (flops, a function that runs the product once) for NAME:M:N:K:FORM."""
    name, m, n, k, form = spec.split(":")
    m, n, k = int(m), int(n), int(k)
    a = rng.standard_normal((k, m) if form == "tn" else (m, k), dtype=np.float32)
    b = rng.standard_normal((n, k) if form == "nt" else (k, n), dtype=np.float32)
    left = a.T if form == "tn" else a
    right = b.T if form == "nt" else b
    c = np.empty((m, n), dtype=np.float32)
    run = lambda: np.matmul(left, right, out=c)
    run()  # warm-up
    return name, (2.0 * m * n * k, run)


def main():
    print("coretype %s" % CORETYPE, flush=True)
    rng = np.random.default_rng(1)
    products = dict(product(spec, rng) for spec in sys.argv[1:])
    print("ready", flush=True)
    for line in sys.stdin:
        name, repeats = line.split()
        flops, run = products[name]
        best = float("inf")
        for _ in range(int(repeats)):
            start = time.perf_counter()
            run()
            best = min(best, time.perf_counter() - start)
        print("%s %.3f" % (name, flops / best / 1e9), flush=True)


if __name__ == "__main__":
    main()
