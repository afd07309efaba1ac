package alexnet.net.layers;

import alexnet.kernels.Convolution;
import alexnet.kernels.JvmExecutor;
import alexnet.net.Blob;
import alexnet.net.Layer;
import alexnet.net.Param;
import alexnet.net.spec.LayerSpec;
import alexnet.net.spec.Shape;
import java.util.List;
import java.util.Random;

/**
 * Convolution with stride, padding and groups.
 * <pre>
 * in: [batch][C][H][W]   weight: [K][C/groups][size][size]   bias: [K]   out: [batch][K][P][Q]
 * </pre>
 */
public final class ConvolutionLayer implements Layer {

    private final LayerSpec.Conv spec;
    private final Shape in;
    private final Shape out;
    private final Param weight;
    private final Param bias;

    ConvolutionLayer(LayerSpec.Conv spec, Shape in) {
        this.spec = spec;
        this.in = in;
        this.out = spec.output(in);
        this.weight = new Param(spec.name() + ".weight", spec.inputsPerKernel(in) * spec.kernels());
        this.bias = new Param(spec.name() + ".bias", spec.kernels());
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
        Layers.gaussian(weight.value(), random);
        java.util.Arrays.fill(bias.value(), spec.biasInit());
    }

    @Override
    public void forward(Blob input, Blob output, int batch, Pass pass, JvmExecutor device) {
        device.parallelFor(batch * spec.kernels(), (first, count) -> Convolution.forward(
                input.data(), weight.value(), bias.value(), output.data(), batch,
                in.channels(), in.height(), in.width(), spec.kernels(), spec.size(), spec.stride(), spec.pad(),
                spec.groups(), out.height(), out.width(), first, count));
    }

    @Override
    public void backward(Blob input, Blob output, int batch, boolean propagateDown, JvmExecutor device) {
        device.parallelFor(spec.kernels(), (first, count) -> Convolution.backwardWeights(
                input.data(), output.grad(), weight.grad(), bias.grad(), batch,
                in.channels(), in.height(), in.width(), spec.kernels(), spec.size(), spec.stride(), spec.pad(),
                spec.groups(), out.height(), out.width(), first, count));
        if (propagateDown) {
            device.parallelFor(batch * in.channels(), (first, count) -> Convolution.backwardInput(
                    output.grad(), weight.value(), input.grad(), batch,
                    in.channels(), in.height(), in.width(), spec.kernels(), spec.size(), spec.stride(), spec.pad(),
                    spec.groups(), out.height(), out.width(), first, count));
        }
    }
}
