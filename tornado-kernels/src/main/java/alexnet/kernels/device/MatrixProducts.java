package alexnet.kernels.device;

import uk.ac.manchester.tornado.api.annotations.Parallel;

/**
 * The plain form of a strided, batched matrix product: one work-item per element of C, a dot product of
 * k terms in ascending p. It is what the tiled KernelContext kernel of the TornadoVM backend computes,
 * with the same arguments (see {@link Product}), and what that kernel is measured beside.
 * <pre>
 * C_z[m][n] = A_z[m][k] B_z[k][n],  z = 0 .. products - 1
 * A_z(i, p) = a[aOff + z * aStep + i * aRowStride + p * aDepthStride]
 * B_z(p, j) = b[bOff + z * bStep + p * bDepthStride + j * bColStride]
 * C_z(i, j) = c[cOff + z * cStep + i * n + j]
 * parallel: products * m * n
 * </pre>
 */
public final class MatrixProducts {

    /** Columns of C per work-item of {@link #multiplyRowBlocks}. */
    public static final int BLOCK = 64;

    private MatrixProducts() {
    }

    public static void multiply(float[] a, float[] b, float[] c, int m, int n, int k,
                                int aOff, int aRowStride, int aDepthStride, int aStep,
                                int bOff, int bDepthStride, int bColStride, int bStep, int cOff, int cStep,
                                int products) {
        int total = products * m * n;
        for (@Parallel int e = 0; e < total; e++) {
            int j = e % n;
            int i = (e / n) % m;
            int z = e / (n * m);
            int aRow = aOff + z * aStep + i * aRowStride;
            int bColumn = bOff + z * bStep + j * bColStride;
            float sum = 0f;
            for (int p = 0; p < k; p++) {
                sum += a[aRow + p * aDepthStride] * b[bColumn + p * bDepthStride];
            }
            c[cOff + z * cStep + i * n + j] = sum;
        }
    }

    /**
     * The same product shaped for a CPU device: one work-item per row of C and block of {@link #BLOCK}
     * columns, the depth outside and the columns inside, so that a row of B and the row of C are read
     * along memory when B's columns are contiguous ({@code bColStride} 1) and the device compiler can
     * vectorise the inner loop. Each element still sums p = 0 .. k-1 in order: the results are
     * {@link #multiply}'s, bit for bit.
     * <pre>
     * parallel: products * m * ceil(n / BLOCK)
     * </pre>
     */
    public static void multiplyRowBlocks(float[] a, float[] b, float[] c, int m, int n, int k,
                                         int aOff, int aRowStride, int aDepthStride, int aStep,
                                         int bOff, int bDepthStride, int bColStride, int bStep, int cOff, int cStep,
                                         int products) {
        int blocks = (n + BLOCK - 1) / BLOCK;
        int total = products * m * blocks;
        for (@Parallel int e = 0; e < total; e++) {
            int jFirst = (e % blocks) * BLOCK;
            int jEnd = Math.min(n, jFirst + BLOCK);
            int i = (e / blocks) % m;
            int z = e / (blocks * m);
            int cRow = cOff + z * cStep + i * n;
            int aRow = aOff + z * aStep + i * aRowStride;
            int bBase = bOff + z * bStep;
            for (int j = jFirst; j < jEnd; j++) {
                c[cRow + j] = 0f;
            }
            for (int p = 0; p < k; p++) {
                float ap = a[aRow + p * aDepthStride];
                int bRow = bBase + p * bDepthStride;
                for (int j = jFirst; j < jEnd; j++) {
                    c[cRow + j] += ap * b[bRow + j * bColStride];
                }
            }
        }
    }

    /**
     * The same product shaped for a CPU device when B's depth is contiguous (C = A B^T, the weight
     * gradients): one work-item per row of C and four neighbouring columns, four dot products walking
     * A's row and four of B's rows along memory side by side. A single dot product runs at the latency
     * of one chain of additions; four independent chains keep the core's adders busy. Each element still
     * sums p = 0 .. k-1 in order: {@link #multiply}'s results, bit for bit.
     * <pre>
     * parallel: products * m * ceil(n / 4)
     * </pre>
     */
    public static void multiplyFourColumns(float[] a, float[] b, float[] c, int m, int n, int k,
                                           int aOff, int aRowStride, int aDepthStride, int aStep,
                                           int bOff, int bDepthStride, int bColStride, int bStep, int cOff,
                                           int cStep, int products) {
        int quads = (n + 3) / 4;
        int total = products * m * quads;
        for (@Parallel int e = 0; e < total; e++) {
            int j = (e % quads) * 4;
            int i = (e / quads) % m;
            int z = e / (quads * m);
            int aRow = aOff + z * aStep + i * aRowStride;
            // Columns past the edge repeat the last one; their sums are not stored.
            int b0 = bOff + z * bStep + j * bColStride;
            int b1 = bOff + z * bStep + Math.min(j + 1, n - 1) * bColStride;
            int b2 = bOff + z * bStep + Math.min(j + 2, n - 1) * bColStride;
            int b3 = bOff + z * bStep + Math.min(j + 3, n - 1) * bColStride;
            float s0 = 0f;
            float s1 = 0f;
            float s2 = 0f;
            float s3 = 0f;
            for (int p = 0; p < k; p++) {
                float ap = a[aRow + p * aDepthStride];
                s0 += ap * b[b0 + p * bDepthStride];
                s1 += ap * b[b1 + p * bDepthStride];
                s2 += ap * b[b2 + p * bDepthStride];
                s3 += ap * b[b3 + p * bDepthStride];
            }
            int cRow = cOff + z * cStep + i * n;
            c[cRow + j] = s0;
            if (j + 1 < n) {
                c[cRow + j + 1] = s1;
            }
            if (j + 2 < n) {
                c[cRow + j + 2] = s2;
            }
            if (j + 3 < n) {
                c[cRow + j + 3] = s3;
            }
        }
    }
}
