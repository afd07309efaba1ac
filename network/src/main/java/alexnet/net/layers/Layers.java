package alexnet.net.layers;

import alexnet.net.Layer;
import alexnet.net.spec.LayerSpec;
import alexnet.net.spec.Shape;
import alexnet.net.spec.WeightInit;
import java.util.Random;

/** Builds the layer that runs a description entry. */
public final class Layers {

    private Layers() {
    }

    public static Layer create(LayerSpec spec, Shape in, int maxBatch, WeightInit init, long runSeed, int index) {
        if (spec instanceof LayerSpec.Conv conv) {
            return new ConvolutionLayer(conv, in, maxBatch, init);
        } else if (spec instanceof LayerSpec.FullyConnected fc) {
            return new FullyConnectedLayer(fc, in, maxBatch, init);
        } else if (spec instanceof LayerSpec.Relu relu) {
            return new ActivationLayer(relu.name(), in, ActivationLayer.Function.RELU);
        } else if (spec instanceof LayerSpec.Tanh tanh) {
            return new ActivationLayer(tanh.name(), in, ActivationLayer.Function.TANH);
        } else if (spec instanceof LayerSpec.Lrn lrn) {
            return new LrnLayer(lrn, in, maxBatch);
        } else if (spec instanceof LayerSpec.MaxPool pool) {
            return new MaxPoolLayer(pool, in, maxBatch);
        } else if (spec instanceof LayerSpec.Dropout dropout) {
            return new DropoutLayer(dropout, in, runSeed, index);
        } else if (spec instanceof LayerSpec.Softmax softmax) {
            return new SoftmaxLossLayer(softmax.name(), in, maxBatch);
        }
        throw new IllegalArgumentException("no layer for " + spec);
    }

    static void gaussian(float[] values, double stddev, Random random) {
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextGaussian() * stddev);
        }
    }
}
