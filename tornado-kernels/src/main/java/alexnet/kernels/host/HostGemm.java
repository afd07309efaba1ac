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

    /**
     * Floats to leave before a packed B (in {@link #pack}'s arrays and {@link VectorGemm}'s own block
     * buffers), so that its strips start on a 64-byte cache line: a vector load that straddles two
     * lines costs two, and the micro-kernel loads two vectors of B per step (aligned, conv3's Winograd
     * products took 0.90-0.93x the time and fc7's 0.90-0.97x, in one JVM). A float[]'s elements start
     * 16 bytes into the array (HotSpot's header with compressed class pointers), and arrays start on
     * 64-byte boundaries when the JVM runs with {@code -XX:ObjectAlignmentInBytes=64}, as the
     * project's launchers start it. Without that option the lead only costs 48 bytes.
     */
    public static final int PACKED_LEAD = (64 - 16) / Float.BYTES;

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
