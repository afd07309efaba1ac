"""OpenBLAS's kernel choice for this CPU, set before numpy or torch loads OpenBLAS.

Debian's OpenBLAS (0.3.21, DYNAMIC_ARCH) picks its kernels from the CPU model; on virtual
machines whose CPU reports a model it does not know (here "Intel(R) Xeon(R) Processor") it falls
back to its generic "Prescott" SSE3 kernels: 2048^3 SGEMM at 32 GFLOP/s on 2 cores, against 190
with the AVX-512 kernels (measured). So that the comparisons run OpenBLAS at its best, this sets
OPENBLAS_CORETYPE from the CPU's instruction sets, unless the caller has set it.
"""
import os


def choose():
    """Sets OPENBLAS_CORETYPE if unset; returns the value in effect (or "auto")."""
    if "OPENBLAS_CORETYPE" in os.environ:
        return os.environ["OPENBLAS_CORETYPE"] or "auto"
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            flags = next((line.split(":", 1)[1].split() for line in cpuinfo if line.startswith("flags")), [])
    except OSError:
        return "auto"
    if {"avx512f", "avx512bw", "avx512vl", "avx512dq"} <= set(flags):
        os.environ["OPENBLAS_CORETYPE"] = "SkylakeX"
    elif {"avx2", "fma"} <= set(flags):
        os.environ["OPENBLAS_CORETYPE"] = "Haswell"
    return os.environ.get("OPENBLAS_CORETYPE", "auto")
