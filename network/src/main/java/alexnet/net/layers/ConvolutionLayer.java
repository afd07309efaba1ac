package alexnet.net.layers;

import alexnet.kernels.Bias;
import alexnet.kernels.Gemm;
import alexnet.kernels.host.HostGemm;
import alexnet.kernels.host.HostKernels;
import alexnet.kernels.host.WinogradConvolution;
import alexnet.kernels.Im2col;
import alexnet.kernels.JvmExecutor;
import alexnet.net.Blob;
import alexnet.net.Layer;
import alexnet.net.Param;
import alexnet.net.spec.LayerSpec;
import alexnet.net.spec.Shape;
import alexnet.net.spec.WeightInit;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Convolution with stride, padding and groups, lowered to matrix products image by image and
 * group by group, the way Caffe runs it on a CPU:
 * <pre>
 * in: [batch][C][H][W]   weight: [K][C/groups][size][size]   bias: [K]   out: [batch][K][P][Q]
 * per image n, group g (Cg = C/groups, Kg = K/groups, CRS = Cg*size*size, PQ = P*Q):
 *   col[CRS][PQ]            = im2col(in[n][g's channels])
 *   row[PQ][CRS]            = im2row(in[n][g's channels])        (col's transpose, see fromCol)
 *   out[n][g][Kg][PQ]       = weight_g * col                      forward
 *   dWeight_g^T[CRS][Kg]   += col * outGrad[n][g]^T               weight gradient (stride 1), transposed back once
 *   dWeight_g[Kg][CRS]     += outGrad[n][g] * row                 (or this, from row: conv1)
 *   dCol[CRS][PQ]           = weight_g^T * outGrad[n][g]          input gradient, then col2im
 * </pre>
 * The products' results have the filters (a multiple of the vector width in AlexNet) or C*R*S as
 * rows, not P*Q (169, 729, 3025), except the input gradient's, which col2im needs in col's layout.
 * The kernels' own direct convolution ({@code alexnet.kernels.Convolution}) is the reference this
 * is tested against; on a CPU the lowered form is several times faster, because its inner loops
 * run over whole rows of the product instead of one short output row at a time.
 *
 * <p>3x3 and 5x5 stride-1 layers (conv2-5) go through Winograd's F(2x2, 3x3) or F(3x3, 5x5) instead,
 * forward, input gradient and weight gradient ({@link WinogradConvolution}): 2.25x and 4.6x fewer
 * multiplies, and no im2col. Measured at batch 128 (2 threads, both ways in one JVM): conv3 forward
 * 240 -> 171 ms, backward 533 -> 378 ms; conv2 through F(2x2, 5x5) forward 467 -> 287 ms, backward
 * 976 -> 792 ms against im2col (medians of 16 alternating runs), then through F(3x3, 5x5) another
 * 0.63-0.79x forward and 0.61-0.75x backward. conv2's first F(2x2, 5x5), with transforms driven by
 * the matrices instead of written out and vectorised, had been slower than im2col.
 *
 * <p>Images are spread over the cores; every image's arithmetic is the same whichever thread
 * does it. The weight gradient sums over the batch in fixed chunks of {@link #CHUNK} images,
 * then adds the chunks in order, so it too is the same for any thread count.
 */
public final class ConvolutionLayer implements Layer {

    /** Images per partial weight gradient. */
    private static final int CHUNK = 8;

    private final LayerSpec.Conv spec;
    private final Shape in;
    private final Shape out;
    private final Param weight;
    private final Param bias;
    private final WeightInit init;
    private final int groupChannels;
    private final int groupFilters;
    private final int rows;
    private final int plane;
    /** Partial weight gradients, one per chunk of images: [chunk][K][CRS] (Winograd's too), or [chunk][groups][CRS][Kg] from col. */
    private final float[] partialWeightGrad;
    /**
     * Whether the weight gradient reads the input windows from im2col rather than from im2row: with
     * stride 1, im2col copies whole output rows where im2row copies runs of kernelSize floats.
     * Measured per layer at batch 128 (2 threads, both versions in one JVM): 1.0-1.3x faster at
     * conv2-5 (before Winograd), bit-identical; at conv1 (stride 4) im2col is the slower (1.15x per
     * image), and conv1 keeps im2row. Winograd's layers (conv2-5) read neither.
     */
    private final boolean fromCol;
    /** Per-thread workspace: one image-group's col (or its transpose, im2row's layout), or the gradient of col. */
    private final ThreadLocal<float[]> loweredInput;
    /** Per thread: one image-group's outGrad^T [PQ][Kg], for the weight gradient from col. */
    private final ThreadLocal<float[]> outTransposed;
    /**
     * The forward pass, input gradient and weight gradient of 3x3 and 5x5 stride-1 layers (conv2-5),
     * through Winograd's F(2x2, 3x3) or F(3x3, 5x5) instead of im2col/col2im and GEMM; null for the others. See
     * {@link WinogradConvolution}.
     */
    private final WinogradConvolution winograd;

    ConvolutionLayer(LayerSpec.Conv spec, Shape in, int maxBatch, WeightInit init) {
        this.spec = spec;
        this.in = in;
        this.out = spec.output(in);
        this.init = init;
        this.groupChannels = in.channels() / spec.groups();
        this.groupFilters = spec.kernels() / spec.groups();
        this.rows = groupChannels * spec.size() * spec.size();
        this.plane = out.height() * out.width();
        this.weight = new Param(spec.name() + ".weight", rows * spec.kernels());
        this.bias = new Param(spec.name() + ".bias", spec.kernels());
        this.partialWeightGrad = new float[chunks(maxBatch) * weight.size()];
        this.winograd = WinogradConvolution.applies(spec.size(), spec.stride(), spec.pad())
                ? new WinogradConvolution(in.channels(), spec.kernels(), spec.groups(), in.height(), in.width(),
                        spec.size(), spec.pad())
                : null;
        this.fromCol = spec.stride() == 1 && winograd == null;
        this.loweredInput = ThreadLocal.withInitial(() -> new float[plane * rows]);
        this.outTransposed = ThreadLocal.withInitial(() -> new float[plane * groupFilters]);
    }

    public LayerSpec.Conv spec() {
        return spec;
    }

    public Shape inputShape() {
        return in;
    }

    @Override
    public String name() {
        return spec.name();
    }

    @Override
    public Shape outputShape() {
        return out;
    }

    @Override
    public List<Param> params() {
        return List.of(weight, bias);
    }

    @Override
    public void initialize(Random random) {
        Layers.gaussian(weight.value(), init.stddev(rows), random);
        Arrays.fill(bias.value(), spec.biasInit());
    }

    @Override
    public void forward(Blob input, Blob output, int batch, Pass pass, JvmExecutor device) {
        if (winograd != null) {
            winograd.prepareForward(weight.value(), device);
            device.parallelFor(batch, (first, count) -> {
                for (int n = first; n < first + count; n++) {
                    for (int g = 0; g < spec.groups(); g++) {
                        winograd.forward(input.data(), inputOffset(n, g), g, output.data(), outputOffset(n, g));
                    }
                    Bias.forward(output.data(), bias.value(), spec.kernels(), plane, n * spec.kernels(), spec.kernels());
                }
            });
            return;
        }
        // out[n][g][Kg][PQ] = weight_g[Kg][CRS] * col[CRS][PQ]: the weights (A) are the small operand,
        // packed again for each product at little cost, and col (B) is packed in whole vectors. Measured
        // against col^T (or row) * weight_g^T with the weights packed once and the result transposed,
        // in one JVM: conv1 1.28-1.35x faster (its im2row, packed as A, was a quarter of the product),
        // conv2 within 3%, bit-identical.
        device.parallelFor(batch, (first, count) -> {
            float[] col = loweredInput.get();
            for (int n = first; n < first + count; n++) {
                for (int g = 0; g < spec.groups(); g++) {
                    im2col(input.data(), n, g, col);
                    HostGemm.nn(weight.value(), g * groupFilters * rows, col, 0, output.data(), outputOffset(n, g),
                            groupFilters, plane, rows, 0f, 0, Gemm.tiles(groupFilters, plane));
                }
                Bias.forward(output.data(), bias.value(), spec.kernels(), plane, n * spec.kernels(), spec.kernels());
            }
        });
    }

    @Override
    public void backward(Blob input, Blob output, int batch, boolean propagateDown, JvmExecutor device) {
        float[] outGrad = output.grad();
        device.parallelFor(spec.kernels(), (first, count) ->
                HostKernels.biasBackward(outGrad, bias.grad(), batch, spec.kernels(), plane, first, count));
        weightGradient(input.data(), outGrad, batch, device);
        if (propagateDown && winograd != null) {
            winograd.prepareBackward(weight.value(), device);
            device.parallelFor(batch, (first, count) -> {
                for (int n = first; n < first + count; n++) {
                    for (int g = 0; g < spec.groups(); g++) {
                        winograd.inputGradient(outGrad, outputOffset(n, g), g, input.grad(), inputOffset(n, g));
                    }
                }
            });
        } else if (propagateDown) {
            // dCol[CRS][PQ] = weight_g^T * outGrad, folded back by col2im, whose runs along the output
            // rows are long (P: 27, 13) where row2im's, in im2row's layout, are kernelSize floats:
            // measured 10-25% faster per image at conv2 and conv5 than dRow = outGrad^T * weight + row2im.
            device.parallelFor(batch, (first, count) -> {
                float[] colGrad = loweredInput.get();
                for (int n = first; n < first + count; n++) {
                    for (int g = 0; g < spec.groups(); g++) {
                        HostGemm.tn(weight.value(), g * groupFilters * rows, outGrad, outputOffset(n, g), colGrad, 0,
                                rows, plane, groupFilters, 0f, 0, Gemm.tiles(rows, plane));
                        Im2col.col2im(colGrad, input.grad(), inputOffset(n, g), groupChannels, in.height(),
                                in.width(), spec.size(), spec.stride(), spec.pad(), out.height(), out.width(),
                                0, groupChannels);
                    }
                }
            });
        }
    }

    /**
     * dWeight = the sum over images of each image's product, in chunks of CHUNK images added in order,
     * through Winograd's transforms (conv2-5, each chunk's sums transformed back into its partial) or
     * in one of two orientations (see {@link #fromCol}):
     * <pre>
     * dWeight_g[Kg][CRS]   += outGrad[n][g][Kg][PQ] * row[PQ][CRS]        row from im2row
     * dWeight_g^T[CRS][Kg] += col[CRS][PQ] * outGrad[n][g]^T[PQ][Kg]      col from im2col, transposed back once
     * </pre>
     * Either way every element is the same chain of fused multiply-adds over the positions.
     */
    private void weightGradient(float[] inData, float[] outGrad, int batch, JvmExecutor device) {
        int chunks = chunks(batch);
        device.parallelFor(chunks, (first, count) -> {
            float[] lowered = loweredInput.get();
            float[] outGradTransposed = outTransposed.get();
            for (int chunk = first; chunk < first + count; chunk++) {
                int partial = chunk * weight.size();
                for (int n = chunk * CHUNK; n < Math.min(batch, (chunk + 1) * CHUNK); n++) {
                    float beta = n > chunk * CHUNK ? 1f : 0f;
                    for (int g = 0; g < spec.groups(); g++) {
                        int at = partial + g * groupFilters * rows;
                        if (winograd != null) {
                            winograd.accumulateWeightGradient(inData, inputOffset(n, g), outGrad, outputOffset(n, g), g,
                                    beta == 0f);
                        } else if (fromCol) {
                            im2col(inData, n, g, lowered);
                            HostKernels.transpose(outGrad, outputOffset(n, g), outGradTransposed, 0, groupFilters,
                                    plane, 0, plane);
                            HostGemm.nn(lowered, 0, outGradTransposed, 0, partialWeightGrad, at, rows, groupFilters,
                                    plane, beta, 0, Gemm.tiles(rows, groupFilters));
                        } else {
                            im2row(inData, n, g, lowered);
                            HostGemm.nn(outGrad, outputOffset(n, g), lowered, 0, partialWeightGrad, at, groupFilters,
                                    rows, plane, beta, 0, Gemm.tiles(groupFilters, rows));
                        }
                    }
                }
                for (int g = 0; winograd != null && g < spec.groups(); g++) {
                    winograd.weightGradient(g, partialWeightGrad, partial + g * groupFilters * rows);
                }
            }
        });
        // grad = the sum of the chunks' partials, chunk by chunk in order. The partials are read in
        // their own order (contiguous), and col's transposed sums written to their place in grad.
        float[] grad = weight.grad();
        int perGroup = groupFilters * rows;
        device.parallelFor(weight.size(), (first, count) -> {
            for (int j = first; j < first + count; j++) {
                float sum = 0f;
                for (int chunk = 0; chunk < chunks; chunk++) {
                    sum += partialWeightGrad[chunk * weight.size() + j];
                }
                int to = j;
                if (fromCol) {
                    int column = j % perGroup / groupFilters;
                    int filter = j % groupFilters;
                    to = j - j % perGroup + filter * rows + column;
                }
                grad[to] = sum;
            }
        });
    }

    /** col[CRS][PQ] of image n, group g. */
    private void im2col(float[] inData, int n, int g, float[] col) {
        HostKernels.im2col(inData, inputOffset(n, g), col, groupChannels, in.height(), in.width(), spec.size(),
                spec.stride(), spec.pad(), out.height(), out.width(), 0, rows);
    }

    /** row[PQ][CRS] (col's transpose) of image n, group g. */
    private void im2row(float[] inData, int n, int g, float[] row) {
        HostKernels.im2row(inData, inputOffset(n, g), row, groupChannels, in.height(), in.width(), spec.size(),
                spec.stride(), spec.pad(), out.height(), out.width(), 0, plane);
    }

    private int inputOffset(int n, int g) {
        return (n * in.channels() + g * groupChannels) * in.height() * in.width();
    }

    private int outputOffset(int n, int g) {
        return (n * spec.kernels() + g * groupFilters) * plane;
    }

    private static int chunks(int batch) {
        return (batch + CHUNK - 1) / CHUNK;
    }
}
