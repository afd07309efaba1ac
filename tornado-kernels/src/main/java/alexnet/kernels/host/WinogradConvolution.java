package alexnet.kernels.host;

import alexnet.kernels.Gemm;

/**
 * A 3x3 stride-1 convolution layer's forward pass, input gradient and weight gradient through {@link Winograd}'s
 * F(2x2, 3x3), image by image and group by group:
 * <pre>
 * in: [C][H][W] of one image   weights: [K][C/groups][3][3]   out: [K][P][Q]   (per group g: Cg, Kg)
 * forward:         V = transformInput(in_g)      M[xi] = V[xi]^T U[xi]      out_g = transformOutput(M)
 * input gradient:  V = transformInput(outGrad_g, pad 2 - pad)   M[xi] = V[xi]^T U'[xi]   inGrad_g = transformOutput(M)
 * weight gradient: V = transformInput(in_g)  D = transformGradient(outGrad_g)  W[xi] += V[xi] D[xi], over images,
 *                  then dWeight_g = transformWeightGradient(W)
 * </pre>
 * U (and U', from the rotated filters) are transformed and packed for the products once per pass
 * ({@link #prepareForward}, {@link #prepareBackward}); the per-image work uses one workspace per
 * thread. Bias is left to the caller.
 */
public final class WinogradConvolution {

    private static final int XI = Winograd.POSITIONS;

    private final int groups;
    private final int groupChannels;
    private final int groupFilters;
    private final int height;
    private final int width;
    private final int pad;
    private final int outHeight;
    private final int outWidth;
    /** One group's transformed filters [16][depth][columns] before packing. */
    private final float[] transformed;
    /** Packed U per group and position: [groups][16][forwardPacked]. */
    private final float[] packedForward;
    private final int forwardPacked;
    /** Packed U' (rotated filters, channel roles swapped): [groups][16][backwardPacked]. */
    private final float[] packedBackward;
    private final int backwardPacked;
    private final ThreadLocal<Workspace> workspace;

    /**
     * One thread's transformed tiles V, products M (or transformed output gradient D) and padded
     * plane, sized for every direction, and its weight gradient sums W per group.
     */
    private static final class Workspace {
        final float[] tiles;
        final float[] products;
        final float[] padded;
        final float[] weightSums;

        Workspace(int tiles, int products, int padded, int weightSums) {
            this.tiles = new float[tiles];
            this.products = new float[products];
            this.padded = new float[padded];
            this.weightSums = new float[weightSums];
        }
    }

    public WinogradConvolution(int channels, int filters, int groups, int height, int width, int pad) {
        this.groups = groups;
        this.groupChannels = channels / groups;
        this.groupFilters = filters / groups;
        this.height = height;
        this.width = width;
        this.pad = pad;
        this.outHeight = height + 2 * pad - 2;
        this.outWidth = width + 2 * pad - 2;
        this.transformed = new float[XI * groupChannels * groupFilters];
        this.forwardPacked = HostGemm.packedSize(groupChannels, groupFilters);
        this.backwardPacked = HostGemm.packedSize(groupFilters, groupChannels);
        this.packedForward = new float[groups * XI * forwardPacked];
        this.packedBackward = new float[groups * XI * backwardPacked];
        int forwardTiles = Winograd.tiles(outHeight, outWidth);
        int backwardTiles = Winograd.tiles(height, width);
        int tiles = XI * Math.max(groupChannels * forwardTiles, groupFilters * backwardTiles);
        // M of either direction, or D (forwardTiles x Kg, as forward's M)
        int products = XI * Math.max(forwardTiles * groupFilters, backwardTiles * groupChannels);
        int padded = Math.max(Winograd.paddedSize(outHeight, outWidth), Winograd.paddedSize(height, width));
        int weightSums = groups * XI * groupChannels * groupFilters;
        this.workspace = ThreadLocal.withInitial(() -> new Workspace(tiles, products, padded, weightSums));
    }

    /** Whether a convolution can go this way: 3x3, stride 1, and the input gradient's pad 2 - pad not negative. */
    public static boolean applies(int size, int stride, int pad) {
        return size == 3 && stride == 1 && pad <= 2;
    }

    /** U = the forward transform of weights [K][Cg][3][3], packed, for this pass's {@link #forward} calls. */
    public void prepareForward(float[] weights) {
        prepare(weights, false, packedForward, forwardPacked, groupChannels, groupFilters);
    }

    /** U' = the transform of the rotated weights, packed, for this pass's {@link #inputGradient} calls. */
    public void prepareBackward(float[] weights) {
        prepare(weights, true, packedBackward, backwardPacked, groupFilters, groupChannels);
    }

    private void prepare(float[] weights, boolean flipped, float[] packed, int packedSize, int depth, int columns) {
        for (int g = 0; g < groups; g++) {
            Winograd.transformFilters(weights, g * groupFilters * groupChannels * 9, groupFilters, groupChannels,
                    flipped, transformed);
            for (int xi = 0; xi < XI; xi++) {
                HostGemm.pack(transformed, xi * depth * columns, depth, columns, packed, (g * XI + xi) * packedSize);
            }
        }
    }

    /** out[Kg][P][Q] at outOff (overwritten, no bias) = group g's convolution of in[Cg][H][W] at inOff. */
    public void forward(float[] in, int inOff, int g, float[] out, int outOff) {
        convolve(in, inOff, groupChannels, height, width, pad, packedForward, g, forwardPacked, groupFilters,
                outHeight, outWidth, out, outOff);
    }

    /** inGrad[Cg][H][W] at inGradOff (overwritten) = group g's input gradient from outGrad[Kg][P][Q] at outGradOff. */
    public void inputGradient(float[] outGrad, int outGradOff, int g, float[] inGrad, int inGradOff) {
        convolve(outGrad, outGradOff, groupFilters, outHeight, outWidth, 2 - pad, packedBackward, g, backwardPacked,
                groupChannels, height, width, inGrad, inGradOff);
    }

    private void convolve(float[] in, int inOff, int depth, int inHeight, int inWidth, int inPad, float[] packed,
                          int g, int packedSize, int columns, int resultHeight, int resultWidth, float[] result,
                          int resultOff) {
        Workspace work = workspace.get();
        int tiles = Winograd.tiles(resultHeight, resultWidth);
        Winograd.transformInput(in, inOff, depth, inHeight, inWidth, inPad, resultHeight, resultWidth, work.tiles,
                work.padded);
        for (int xi = 0; xi < XI; xi++) {
            HostGemm.tnPacked(work.tiles, xi * depth * tiles, packed, (g * XI + xi) * packedSize, work.products,
                    xi * tiles * columns, tiles, columns, depth, 0f, 0, Gemm.tiles(tiles, columns));
        }
        Winograd.transformOutput(work.products, columns, resultHeight, resultWidth, result, resultOff);
    }

    /**
     * Adds image's share of group g's weight gradient to this thread's sums (or starts them, when
     * first): in[Cg][H][W] at inOff, outGrad[Kg][P][Q] at outGradOff.
     */
    public void accumulateWeightGradient(float[] in, int inOff, float[] outGrad, int outGradOff, int g, boolean first) {
        Workspace work = workspace.get();
        int tiles = Winograd.tiles(outHeight, outWidth);
        Winograd.transformInput(in, inOff, groupChannels, height, width, pad, outHeight, outWidth, work.tiles,
                work.padded);
        Winograd.transformGradient(outGrad, outGradOff, groupFilters, outHeight, outWidth, work.products);
        int sums = g * XI * groupChannels * groupFilters;
        for (int xi = 0; xi < XI; xi++) {
            HostGemm.nn(work.tiles, xi * groupChannels * tiles, work.products, xi * tiles * groupFilters,
                    work.weightSums, sums + xi * groupChannels * groupFilters, groupChannels, groupFilters, tiles,
                    first ? 0f : 1f, 0, Gemm.tiles(groupChannels, groupFilters));
        }
    }

    /** grad[Kg][Cg][3][3] at gradOff (overwritten) = this thread's sums for group g, transformed back. */
    public void weightGradient(int g, float[] grad, int gradOff) {
        Winograd.transformWeightGradient(workspace.get().weightSums, g * XI * groupChannels * groupFilters,
                groupFilters, groupChannels, grad, gradOff);
    }
}
