package alexnet.net.onnx;

import alexnet.net.spec.LayerSpec;
import alexnet.net.spec.Shape;
import java.util.Locale;

/**
 * One layer as an ONNX graph has it, read off its nodes and their constant inputs: what it computes and,
 * for conv and fc layers, its weights in the project's layout. {@link #matches} compares it with a
 * layer of a description; import accepts a graph whose layers all match one description.
 */
sealed interface GraphLayer {

    /** The node (or the first of the nodes) it was read from, for messages: "node 'conv2' (Conv)". */
    String node();

    /** What it computes, for messages. */
    String describe();

    /** Whether this computes what {@code expected} computes on an input of shape {@code in}. */
    boolean matches(LayerSpec expected, Shape in);

    /** Weights [K][C/groups][R][S] and biases [K], as ONNX's Conv and the project's layer both hold them. */
    record Conv(String node, int kernels, int mapsPerGroup, int size, int stride, int pad, int groups, float[] weight,
                float[] bias) implements GraphLayer {
        @Override
        public String describe() {
            return String.format(Locale.ROOT, "Conv %dx%d/%d pad %d, %d kernels over %d maps, group %d", size, size,
                    stride, pad, kernels, mapsPerGroup * groups, groups);
        }

        @Override
        public boolean matches(LayerSpec expected, Shape in) {
            return expected instanceof LayerSpec.Conv conv && conv.kernels() == kernels && conv.size() == size
                    && conv.stride() == stride && conv.pad() == pad && conv.groups() == groups
                    && in.channels() / groups == mapsPerGroup;
        }
    }

    record Activation(String node, boolean tanh) implements GraphLayer {
        @Override
        public String describe() {
            return tanh ? "Tanh" : "Relu";
        }

        @Override
        public boolean matches(LayerSpec expected, Shape in) {
            return tanh ? expected instanceof LayerSpec.Tanh : expected instanceof LayerSpec.Relu;
        }
    }

    /** {@code alpha} is the paper's (ONNX's divided by size); {@code groups} &gt; 1 when read from Split/LRN/Concat. */
    record Lrn(String node, int size, float k, float alpha, float beta, int groups) implements GraphLayer {
        @Override
        public String describe() {
            return String.format(Locale.ROOT, "LRN size %d, bias %s, alpha %s (ONNX's, %s in the paper's formula), "
                    + "beta %s%s", size, k, alpha * size, alpha, beta, groups > 1 ? ", in " + groups + " groups" : "");
        }

        @Override
        public boolean matches(LayerSpec expected, Shape in) {
            return expected instanceof LayerSpec.Lrn lrn && lrn.n() == size && lrn.groups() == groups
                    && close(lrn.k(), k) && close(lrn.alpha(), alpha) && close(lrn.beta(), beta);
        }

        /** ONNX's alpha is the paper's times size, in float: back again it may be an ulp away. */
        private static boolean close(float a, float b) {
            return Math.abs(a - b) <= 1e-5f * Math.max(Math.abs(a), Math.abs(b));
        }
    }

    /**
     * Max-pooling; {@code endPad} and {@code ceil} as ONNX allows them (Caffe's models round up, which
     * converters write as padding at the end). They leave the output as the project's pooling computes it
     * when no window reaches past the maps, which {@link #matches} checks at the input's size.
     */
    record MaxPool(String node, int size, int stride, int endPad, boolean ceil) implements GraphLayer {
        @Override
        public String describe() {
            return "MaxPool " + size + "/" + stride + (endPad > 0 ? ", " + endPad + " padding at the end" : "")
                    + (ceil ? ", ceil_mode" : "");
        }

        @Override
        public boolean matches(LayerSpec expected, Shape in) {
            if (!(expected instanceof LayerSpec.MaxPool pool) || pool.size() != size || pool.stride() != stride) {
                return false;
            }
            int span = in.height() + endPad - size;
            int outputs = (ceil ? (span + stride - 1) / stride : span / stride) + 1;
            return outputs == (in.height() - size) / stride + 1;
        }
    }

    /** Weights [inputs][outputs] (the project's layout, whatever the graph's) and biases [outputs]. */
    record FullyConnected(String node, int inputs, int outputs, float[] weight, float[] bias) implements GraphLayer {
        @Override
        public String describe() {
            return "fully connected, " + inputs + " -> " + outputs;
        }

        @Override
        public boolean matches(LayerSpec expected, Shape in) {
            return expected instanceof LayerSpec.FullyConnected fc && fc.outputs() == outputs && in.size() == inputs
                   ;
        }
    }

    /**
     * Dropout at test time: ONNX's Dropout keeps everything unscaled ({@code scale} 1: it scales while
     * training instead); a Mul by a constant (this project's export) scales by it.
     */
    record Dropout(String node, float scale) implements GraphLayer {
        @Override
        public String describe() {
            return scale == 1f ? "Dropout (the identity at inference)" : "Mul by " + scale;
        }

        @Override
        public boolean matches(LayerSpec expected, Shape in) {
            return expected instanceof LayerSpec.Dropout;
        }
    }

    record Softmax(String node) implements GraphLayer {
        @Override
        public String describe() {
            return "Softmax";
        }

        @Override
        public boolean matches(LayerSpec expected, Shape in) {
            return expected instanceof LayerSpec.Softmax;
        }
    }
}
