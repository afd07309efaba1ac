package alexnet.kernels.host;

import alexnet.kernels.Gemm;
import alexnet.kernels.JvmExecutor;

/**
 * A stride-1 convolution layer's forward pass, input gradient and weight gradient through Winograd's
 * F(2x2, 3x3) ({@link Winograd3x3}) or F(3x3, 5x5) ({@link Winograd5x5}), image by image and group by group:
 * <pre>
 * in: [C][H][W] of one image   weights: [K][C/groups][r][r]   out: [K][P][Q]   (per group g: Cg, Kg)
 * forward:         V = transformInput(in_g)      M[xi] = V[xi]^T U[xi]      out_g = transformOutput(M)
 * input gradient:  V = transformInput(outGrad_g, pad r - 1 - pad)   M[xi] = V[xi]^T U'[xi]
 *                  inGrad_g = transformOutput(M)
 * weight gradient: V = transformInput(in_g)  D = transformGradient(outGrad_g)  W[xi] += V[xi] D[xi], over images,
 *                  then dWeight_g = transformWeightGradient(W)
 * </pre>
 * U (and U', from the rotated filters) are transformed and packed for the products once per pass
 * ({@link #prepareForward}, {@link #prepareBackward}); the per-image work uses one workspace per
 * thread. Bias is left to the caller.
 */
public final class WinogradConvolution {

    private final WinogradTransforms transforms;
    /** Positions of a transformed tile: one product each. */
    private final int positions;
    private final int groups;
    private final int groupChannels;
    private final int groupFilters;
    private final int height;
    private final int width;
    private final int pad;
    private final int outHeight;
    private final int outWidth;
    /** One group's transformed filters [positions][depth][columns] before packing. */
    private final float[] transformed;
    /** Packed U per group and position: [groups][positions][forwardPacked], after {@link HostGemm#PACKED_LEAD}. */
    private final float[] packedForward;
    private final int forwardPacked;
    /** Packed U' (rotated filters, channel roles swapped): [groups][positions][backwardPacked], after the lead. */
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

    public WinogradConvolution(int channels, int filters, int groups, int height, int width, int size, int pad) {
        this.transforms = size == 3 ? new Winograd3x3() : new Winograd5x5();
        this.positions = transforms.positions();
        this.groups = groups;
        this.groupChannels = channels / groups;
        this.groupFilters = filters / groups;
        this.height = height;
        this.width = width;
        this.pad = pad;
        this.outHeight = height + 2 * pad - (size - 1);
        this.outWidth = width + 2 * pad - (size - 1);
        this.transformed = new float[positions * groupChannels * groupFilters];
        this.forwardPacked = HostGemm.packedSize(groupChannels, groupFilters);
        this.backwardPacked = HostGemm.packedSize(groupFilters, groupChannels);
        this.packedForward = new float[HostGemm.PACKED_LEAD + groups * positions * forwardPacked];
        this.packedBackward = new float[HostGemm.PACKED_LEAD + groups * positions * backwardPacked];
        int forwardTiles = transforms.tiles(outHeight, outWidth);
        int backwardTiles = transforms.tiles(height, width);
        int tiles = positions * Math.max(groupChannels * forwardTiles, groupFilters * backwardTiles);
        // M of either direction, or D (forwardTiles x Kg, as forward's M)
        int products = positions * Math.max(forwardTiles * groupFilters, backwardTiles * groupChannels);
        int padded = Math.max(transforms.paddedSize(outHeight, outWidth), transforms.paddedSize(height, width));
        int weightSums = groups * positions * groupChannels * groupFilters;
        this.workspace = ThreadLocal.withInitial(() -> new Workspace(tiles, products, padded, weightSums));
    }

    /**
     * Whether a convolution can go this way: 3x3 or 5x5, stride 1, pad <= size - 1 (the input gradient's
     * pad), and a JVM with the Vector API module (the transforms are written in it; without it, as for a
     * program using these jars as a library, the layer falls back to im2col and the plain GEMM).
     */
    public static boolean applies(int size, int stride, int pad) {
        return HostGemm.VECTORIZED && (size == 3 || size == 5) && stride == 1 && pad <= size - 1;
    }

    /** U = the forward transform of weights [K][Cg][r][r], packed, for this pass's {@link #forward} calls. */
    public void prepareForward(float[] weights, JvmExecutor device) {
        prepare(weights, false, packedForward, forwardPacked, groupChannels, groupFilters, device);
    }

    /** U' = the transform of the rotated weights, packed, for this pass's {@link #inputGradient} calls. */
    public void prepareBackward(float[] weights, JvmExecutor device) {
        prepare(weights, true, packedBackward, backwardPacked, groupFilters, groupChannels, device);
    }

    private void prepare(float[] weights, boolean flipped, float[] packed, int packedSize, int depth, int columns,
                         JvmExecutor device) {
        int size = transforms.filterSize();
        for (int g = 0; g < groups; g++) {
            int group = g;
            device.parallelFor(depth * columns, (first, count) -> transforms.transformFilters(weights,
                    group * groupFilters * groupChannels * size * size, groupFilters, groupChannels, flipped,
                    transformed, first, count));
            device.parallelFor(positions, (first, count) -> {
                for (int xi = first; xi < first + count; xi++) {
                    HostGemm.pack(transformed, xi * depth * columns, depth, columns, packed,
                            HostGemm.PACKED_LEAD + (group * positions + xi) * packedSize);
                }
            });
        }
    }

    /** out[Kg][P][Q] at outOff (overwritten, no bias) = group g's convolution of in[Cg][H][W] at inOff. */
    public void forward(float[] in, int inOff, int g, float[] out, int outOff) {
        convolve(in, inOff, groupChannels, height, width, pad, packedForward, g, forwardPacked, groupFilters,
                outHeight, outWidth, out, outOff);
    }

    /** inGrad[Cg][H][W] at inGradOff (overwritten) = group g's input gradient from outGrad[Kg][P][Q] at outGradOff. */
    public void inputGradient(float[] outGrad, int outGradOff, int g, float[] inGrad, int inGradOff) {
        convolve(outGrad, outGradOff, groupFilters, outHeight, outWidth, transforms.filterSize() - 1 - pad,
                packedBackward, g, backwardPacked, groupChannels, height, width, inGrad, inGradOff);
    }

    private void convolve(float[] in, int inOff, int depth, int inHeight, int inWidth, int inPad, float[] packed,
                          int g, int packedSize, int columns, int resultHeight, int resultWidth, float[] result,
                          int resultOff) {
        Workspace work = workspace.get();
        int tiles = transforms.tiles(resultHeight, resultWidth);
        transforms.transformInput(in, inOff, depth, inHeight, inWidth, inPad, resultHeight, resultWidth, work.tiles,
                work.padded);
        for (int xi = 0; xi < positions; xi++) {
            HostGemm.tnPacked(work.tiles, xi * depth * tiles, packed,
                    HostGemm.PACKED_LEAD + (g * positions + xi) * packedSize,
                    work.products, xi * tiles * columns, tiles, columns, depth, 0f, 0, Gemm.tiles(tiles, columns));
        }
        transforms.transformOutput(work.products, columns, resultHeight, resultWidth, result, resultOff);
    }

    /**
     * Adds image's share of group g's weight gradient to this thread's sums (or starts them, when
     * first): in[Cg][H][W] at inOff, outGrad[Kg][P][Q] at outGradOff.
     */
    public void accumulateWeightGradient(float[] in, int inOff, float[] outGrad, int outGradOff, int g, boolean first) {
        Workspace work = workspace.get();
        int tiles = transforms.tiles(outHeight, outWidth);
        transforms.transformInput(in, inOff, groupChannels, height, width, pad, outHeight, outWidth, work.tiles,
                work.padded);
        transforms.transformGradient(outGrad, outGradOff, groupFilters, outHeight, outWidth, work.products);
        int sums = g * positions * groupChannels * groupFilters;
        for (int xi = 0; xi < positions; xi++) {
            HostGemm.nn(work.tiles, xi * groupChannels * tiles, work.products, xi * tiles * groupFilters,
                    work.weightSums, sums + xi * groupChannels * groupFilters, groupChannels, groupFilters, tiles,
                    first ? 0f : 1f, 0, Gemm.tiles(groupChannels, groupFilters));
        }
    }

    /** grad[Kg][Cg][r][r] at gradOff (overwritten) = this thread's sums for group g, transformed back. */
    public void weightGradient(int g, float[] grad, int gradOff) {
        transforms.transformWeightGradient(workspace.get().weightSums, g * positions * groupChannels * groupFilters,
                groupFilters, groupChannels, grad, gradOff);
    }
}
