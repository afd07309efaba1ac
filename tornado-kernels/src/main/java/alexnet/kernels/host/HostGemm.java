package alexnet.kernels.host;

import alexnet.kernels.Gemm;

/**
 * What the JVM device multiplies matrices with: {@link VectorGemm} when the JVM was started with
 * the Vector API ({@code --add-modules jdk.incubator.vector}, as the project's launchers and
 * Maven do), else the plain {@link Gemm} kernels. Same arguments, same tiles, either way.
 */
public final class HostGemm {

    /** Whether the Vector API module is present in this JVM. */
    public static final boolean VECTORIZED = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    private HostGemm() {
    }

    /** C = A B + beta C (see {@link Gemm#nn}). */
    public static void nn(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
                          int m, int n, int k, float beta, int first, int count) {
        if (VECTORIZED) {
            VectorGemm.nn(a, aOff, b, bOff, c, cOff, m, n, k, beta, first, count);
        } else {
            Gemm.nn(a, aOff, b, bOff, c, cOff, m, n, k, beta, first, count);
        }
    }

    /**
     * Floats a B of k x n takes once {@link #pack}ed: padded for the vectorised product, k * n for
     * the plain kernel (which takes B as it is).
     */
    public static int packedSize(int k, int n) {
        return VECTORIZED ? VectorGemm.packedSize(k, n) : k * n;
    }

    /**
     * B[k][n] prepared once for several {@link #tnPacked} products (see
     * {@link VectorGemm#pack}).
     */
    public static void pack(float[] b, int bOff, int k, int n, float[] packed, int packedOff) {
        if (VECTORIZED) {
            VectorGemm.pack(b, bOff, k, n, packed, packedOff);
        } else {
            System.arraycopy(b, bOff, packed, packedOff, k * n);
        }
    }

    /** C = A^T B + beta C with B as {@link #pack} left it. */
    public static void tnPacked(float[] a, int aOff, float[] packedB, int packedOff, float[] c, int cOff,
                                int m, int n, int k, float beta, int first, int count) {
        if (VECTORIZED) {
            VectorGemm.tnPacked(a, aOff, packedB, packedOff, c, cOff, m, n, k, beta, first, count);
        } else {
            Gemm.tn(a, aOff, packedB, packedOff, c, cOff, m, n, k, beta, first, count);
        }
    }

    /** C = A^T B + beta C (see {@link Gemm#tn}). */
    public static void tn(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
                          int m, int n, int k, float beta, int first, int count) {
        if (VECTORIZED) {
            VectorGemm.tn(a, aOff, b, bOff, c, cOff, m, n, k, beta, first, count);
        } else {
            Gemm.tn(a, aOff, b, bOff, c, cOff, m, n, k, beta, first, count);
        }
    }
}
