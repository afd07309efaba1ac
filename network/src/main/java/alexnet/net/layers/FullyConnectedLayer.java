package alexnet.net.layers;

import alexnet.kernels.Bias;
import alexnet.kernels.Gemm;
import alexnet.kernels.host.HostGemm;
import alexnet.kernels.host.HostKernels;
import alexnet.kernels.JvmExecutor;
import alexnet.net.Blob;
import alexnet.net.Layer;
import alexnet.net.Param;
import alexnet.net.spec.LayerSpec;
import alexnet.net.spec.Shape;
import alexnet.net.spec.WeightInit;
import java.util.List;
import java.util.Random;

/**
 * Fully connected layer, weights stored input-major so that every product is a GEMM the
 * kernels run with contiguous inner loops.
 * <pre>
 * in: [batch][I]   weight: [I][O]   bias: [O]   out: [batch][O]
 * out = in * weight + bias;  dWeight = in^T * dOut;  dIn^T = weight * dOut^T
 * </pre>
 */
public final class FullyConnectedLayer implements Layer {

    private final LayerSpec.FullyConnected spec;
    private final int inputs;
    private final int outputs;
    private final Param weight;
    private final Param bias;
    private final WeightInit init;
    /** dOut^T [O][batch] and dIn^T [I][batch]: the two small transposes of the input gradient. */
    private final float[] outGradTransposed;
    private final float[] inGradTransposed;

    FullyConnectedLayer(LayerSpec.FullyConnected spec, Shape in, int maxBatch, WeightInit init) {
        this.init = init;
        this.spec = spec;
        this.inputs = in.size();
        this.outputs = spec.outputs();
        this.weight = new Param(spec.name() + ".weight", inputs * outputs);
        this.bias = new Param(spec.name() + ".bias", outputs);
        this.outGradTransposed = new float[outputs * maxBatch];
        this.inGradTransposed = new float[inputs * maxBatch];
    }

    @Override
    public String name() {
        return spec.name();
    }

    @Override
    public Shape outputShape() {
        return new Shape(outputs, 1, 1);
    }

    @Override
    public List<Param> params() {
        return List.of(weight, bias);
    }

    @Override
    public void initialize(Random random) {
        Layers.gaussian(weight.value(), init.stddev(weight.size() / outputs), random);
        java.util.Arrays.fill(bias.value(), spec.biasInit());
    }

    @Override
    public void forward(Blob input, Blob output, int batch, Pass pass, JvmExecutor device) {
        device.parallelFor(Gemm.tiles(batch, outputs), (first, count) -> HostGemm.nn(
                input.data(), 0, weight.value(), 0, output.data(), 0, batch, outputs, inputs, 0f, first, count));
        device.parallelFor(batch * outputs, (first, count) -> Bias.forward(output.data(), bias.value(), outputs, 1,
                first, count));
    }

    @Override
    public void backward(Blob input, Blob output, int batch, boolean propagateDown, JvmExecutor device) {
        float[] outGrad = output.grad();
        device.parallelFor(Gemm.tiles(inputs, outputs), (first, count) -> HostGemm.tn(
                input.data(), 0, outGrad, 0, weight.grad(), 0, inputs, outputs, batch, 0f, first, count));
        device.parallelFor(outputs, (first, count) -> HostKernels.biasBackward(outGrad, bias.grad(), batch, outputs, 1,
                first, count));
        if (propagateDown) {
            device.parallelFor(outputs, (first, count) -> HostKernels.transpose(
                    outGrad, 0, outGradTransposed, 0, batch, outputs, first, count));
            device.parallelFor(Gemm.tiles(inputs, batch), (first, count) -> HostGemm.nn(
                    weight.value(), 0, outGradTransposed, 0, inGradTransposed, 0, inputs, batch, outputs, 0f,
                    first, count));
            device.parallelFor(batch, (first, count) -> HostKernels.transpose(
                    inGradTransposed, 0, input.grad(), 0, inputs, batch, first, count));
        }
    }
}
