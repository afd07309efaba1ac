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

    /**
     * Whether rows of {@code n} columns of C split into whole vectors of the vectorised product (no
     * columns left over for scalar code, many times slower). Callers that can orient a product
     * either way pick the orientation whose C rows are whole vectors.
     */
    public static boolean wholeVectors(int n) {
        return !VECTORIZED || n % VectorGemm.LANES == 0;
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
