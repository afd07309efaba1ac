package alexnet.kernels.device;

/**
 * The arguments of one launch of a strided, batched matrix product ({@link MatrixProducts#multiply} and
 * the TornadoVM backend's tiled kernel): sizes, and where A, B and C lie in their arrays. The factories
 * name the products of a training step; none needs a transposed copy of an operand.
 * <pre>
 * product                         A        B        C          used for
 * nn(m, n, k)  C = A B            [m][k]   [k][n]   [m][n]     fc forward; conv forward (W x col)
 * tn(m, n, k)  C = A^T B          [k][m]   [k][n]   [m][n]     fc weight gradient; conv input gradient
 * nt(m, n, k)  C = A B^T          [m][k]   [n][k]   [m][n]     fc input gradient; conv weight gradient
 * </pre>
 * {@link #batched} makes it {@code products} independent products whose operands lie {@code aStep},
 * {@code bStep}, {@code cStep} apart (a convolution's groups, or slices of the depth).
 */
public record Product(int m, int n, int k,
                      int aOff, int aRowStride, int aDepthStride, int aStep,
                      int bOff, int bDepthStride, int bColStride, int bStep,
                      int cOff, int cStep, int products) {

    public static Product nn(int m, int n, int k) {
        return new Product(m, n, k, 0, k, 1, 0, 0, n, 1, 0, 0, 0, 1);
    }

    public static Product tn(int m, int n, int k) {
        return new Product(m, n, k, 0, 1, m, 0, 0, n, 1, 0, 0, 0, 1);
    }

    public static Product nt(int m, int n, int k) {
        return new Product(m, n, k, 0, k, 1, 0, 0, 1, k, 0, 0, 0, 1);
    }

    /** {@code products} of these, the z-th with its operands z steps further on. */
    public Product batched(int products, int aStep, int bStep, int cStep) {
        return new Product(m, n, k, aOff, aRowStride, aDepthStride, aStep, bOff, bDepthStride, bColStride, bStep,
                cOff, cStep, products);
    }

    /**
     * Split into {@code slices} products over consecutive stretches of the depth (slices must divide k),
     * slice z writing its partial C {@code z * partialStep} further on, for {@link Sums#sumSlices} to add
     * up ({@code partialStep} is m * n for one product, groups * m * n for one of a convolution's groups).
     */
    public Product splitDepth(int slices, int partialStep) {
        if (products != 1 || k % slices != 0) {
            throw new IllegalArgumentException("cannot split depth " + k + " of " + products + " products into "
                    + slices);
        }
        int depth = k / slices;
        return new Product(m, n, depth, aOff, aRowStride, aDepthStride, depth * aDepthStride, bOff, bDepthStride,
                bColStride, depth * bDepthStride, cOff, partialStep, slices);
    }

    /** The same product reading A, B and writing C further into their arrays. */
    public Product offsets(int aOff, int bOff, int cOff) {
        return new Product(m, n, k, aOff, aRowStride, aDepthStride, aStep, bOff, bDepthStride, bColStride, bStep,
                cOff, cStep, products);
    }

    /** 2 m n k per product: the floating-point operations. */
    public long flops() {
        return 2L * m * n * k * products;
    }

    /** Runs {@link MatrixProducts#multiply} on the JVM (a reference, and the tests' way to compose kernels). */
    public void multiply(float[] a, float[] b, float[] c) {
        MatrixProducts.multiply(a, b, c, m, n, k, aOff, aRowStride, aDepthStride, aStep, bOff, bDepthStride,
                bColStride, bStep, cOff, cStep, products);
    }
}
