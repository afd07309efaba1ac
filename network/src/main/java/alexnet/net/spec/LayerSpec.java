package alexnet.net.spec;

/**
 * One entry of a network description: what the paper's Figure 2 draws, nothing about how it
 * runs. A description is a list of these, read top to bottom like the figure. Each entry knows
 * what it does to the shape of one example's activations and what it costs.
 */
public sealed interface LayerSpec
        permits LayerSpec.Conv, LayerSpec.Relu, LayerSpec.Tanh, LayerSpec.Lrn, LayerSpec.MaxPool,
                LayerSpec.FullyConnected, LayerSpec.Dropout, LayerSpec.Softmax {

    /** Name shown in tables and used for parameters in checkpoints ("conv1", "relu1", ...). */
    String name();

    /** Short description for the layer table, e.g. "conv 11x11/4". */
    String type();

    /** Output shape for one example; throws when the layer cannot take {@code in}. */
    default Shape output(Shape in) {
        return in;
    }

    /** Learned parameters (weights and biases). */
    default long parameters(Shape in) {
        return 0;
    }

    /** Neurons as the paper counts them: the outputs of conv and fully connected layers. */
    default long neurons(Shape in) {
        return 0;
    }

    /** Forward FLOPs for one example, 2 per multiply-add; only conv and fc layers are counted. */
    default long forwardFlops(Shape in) {
        return 0;
    }

    /**
     * Convolution. {@code groups} = 2 is the paper's "connects only to the kernel maps on the
     * same GPU" (conv2, conv4, conv5); {@code biasInit} is the paper's 0 or 1.
     */
    record Conv(String name, int kernels, int size, int stride, int pad, int groups, float biasInit)
            implements LayerSpec {

        @Override
        public String type() {
            return "conv " + size + "x" + size + "/" + stride + (pad > 0 ? " pad " + pad : "")
                    + (groups > 1 ? " groups " + groups : "");
        }

        @Override
        public Shape output(Shape in) {
            if (in.channels() % groups != 0 || kernels % groups != 0) {
                throw new IllegalArgumentException(name + ": " + in.channels() + " input maps and "
                        + kernels + " kernels do not split into " + groups + " groups");
            }
            return new Shape(kernels, outputSize(in.height()), outputSize(in.width()));
        }

        /** Input maps each kernel reads: all of its group's. */
        public int inputsPerKernel(Shape in) {
            return in.channels() / groups * size * size;
        }

        @Override
        public long parameters(Shape in) {
            return (long) inputsPerKernel(in) * kernels + kernels;
        }

        @Override
        public long neurons(Shape in) {
            return output(in).size();
        }

        @Override
        public long forwardFlops(Shape in) {
            return 2L * inputsPerKernel(in) * output(in).size();
        }

        private int outputSize(int in) {
            int span = in + 2 * pad - size;
            if (span < 0) {
                throw new IllegalArgumentException(name + ": input " + in + " is smaller than kernel " + size);
            }
            return span / stride + 1;
        }
    }

    record Relu(String name) implements LayerSpec {
        @Override
        public String type() {
            return "ReLU";
        }
    }

    record Tanh(String name) implements LayerSpec {
        @Override
        public String type() {
            return "tanh";
        }
    }

    /**
     * Local response normalization, the paper's formula: alpha is NOT divided by n. With
     * {@code groups} = 2 the sum over adjacent maps stops at the GPU boundary, as on the paper's
     * two GPUs, where each normalized only the maps it held.
     */
    record Lrn(String name, int n, float k, float alpha, float beta, int groups) implements LayerSpec {
        public static Lrn paper(String name, int groups) {
            return new Lrn(name, 5, 2f, 1e-4f, 0.75f, groups);
        }

        @Override
        public String type() {
            return "LRN n=" + n + " k=" + k + " a=" + alpha + " b=" + beta + (groups > 1 ? " groups " + groups : "");
        }

        @Override
        public Shape output(Shape in) {
            if (in.channels() % groups != 0) {
                throw new IllegalArgumentException(name + ": " + in.channels() + " maps do not split into "
                        + groups + " groups");
            }
            return in;
        }
    }

    /** Max-pooling with window {@code size} and {@code stride}; 3/2 overlaps, 2/2 does not. */
    record MaxPool(String name, int size, int stride) implements LayerSpec {
        @Override
        public String type() {
            return "max-pool " + size + "/" + stride;
        }

        @Override
        public Shape output(Shape in) {
            if (in.height() < size || in.width() < size) {
                throw new IllegalArgumentException(name + ": input " + in + " is smaller than window " + size);
            }
            return new Shape(in.channels(), (in.height() - size) / stride + 1, (in.width() - size) / stride + 1);
        }
    }

    record FullyConnected(String name, int outputs, float biasInit) implements LayerSpec {
        @Override
        public String type() {
            return "fully connected";
        }

        @Override
        public Shape output(Shape in) {
            return new Shape(outputs, 1, 1);
        }

        @Override
        public long parameters(Shape in) {
            return (long) outputs * in.size() + outputs;
        }

        @Override
        public long neurons(Shape in) {
            return outputs;
        }

        @Override
        public long forwardFlops(Shape in) {
            return 2L * outputs * in.size();
        }
    }

    /** Dropout of fc outputs while training; at test time all neurons, outputs times (1 - p). */
    record Dropout(String name, float dropProbability) implements LayerSpec {
        @Override
        public String type() {
            return "dropout " + dropProbability;
        }
    }

    /** The softmax with cross-entropy loss that ends the net. */
    record Softmax(String name) implements LayerSpec {
        @Override
        public String type() {
            return "softmax";
        }
    }
}
