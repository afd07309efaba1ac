#!/usr/bin/python3
"""GFLOP/s of float32 GEMMs through numpy (OpenBLAS on Debian), for the kernel benchmark.

Usage: openblas_gemm.py REPEATS NAME:M:N:K:FORM ...
FORM is nn (A[M,K] B[K,N]), tn (A[K,M]^T B[K,N]) or nt (A[M,K] B[N,K]^T): the transposes are views,
so OpenBLAS does them itself, as a BLAS caller would. Prints "coretype TYPE", then "NAME GFLOPS" per shape
(best of REPEATS).
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


def main():
    repeats = int(sys.argv[1])
    print("coretype %s" % CORETYPE, flush=True)
    rng = np.random.default_rng(1)
    for spec in sys.argv[2:]:
        name, m, n, k, form = spec.split(":")
        m, n, k = int(m), int(n), int(k)
        a = rng.standard_normal((k, m) if form == "tn" else (m, k), dtype=np.float32)
        b = rng.standard_normal((n, k) if form == "nt" else (k, n), dtype=np.float32)
        left = a.T if form == "tn" else a
        right = b.T if form == "nt" else b
        c = np.empty((m, n), dtype=np.float32)
        np.matmul(left, right, out=c)  # warm-up
        best = float("inf")
        for _ in range(repeats):
            start = time.perf_counter()
            np.matmul(left, right, out=c)
            best = min(best, time.perf_counter() - start)
        print("%s %.3f" % (name, 2.0 * m * n * k / best / 1e9), flush=True)


if __name__ == "__main__":
    main()
