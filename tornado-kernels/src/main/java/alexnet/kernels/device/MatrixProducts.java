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
}
