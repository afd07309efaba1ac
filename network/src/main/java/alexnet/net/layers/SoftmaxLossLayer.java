package alexnet.net.layers;

import alexnet.kernels.JvmExecutor;
import alexnet.kernels.SoftmaxCrossEntropy;
import alexnet.net.Blob;
import alexnet.net.Layer;
import alexnet.net.spec.Shape;

/**
 * The softmax over the classes with the cross-entropy loss: the output blob holds the
 * probabilities; backward starts the chain with d(mean loss)/d(logits).
 */
public final class SoftmaxLossLayer implements Layer {

    private final String name;
    private final Shape shape;
    private final float[] loss;
    private int[] labels;

    SoftmaxLossLayer(String name, Shape shape, int maxBatch) {
        this.name = name;
        this.shape = shape;
        this.loss = new float[maxBatch];
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Shape outputShape() {
        return shape;
    }

    /** The labels of the next forward's batch; an array of at least batch entries, 0..classes-1. */
    public void setLabels(int[] labels) {
        this.labels = labels;
    }

    @Override
    public void forward(Blob in, Blob out, int batch, Pass pass, JvmExecutor device) {
        int classes = shape.size();
        for (int n = 0; n < batch; n++) {
            if (labels[n] < 0 || labels[n] >= classes) {
                throw new IllegalArgumentException("label " + labels[n] + " of example " + n + " outside 0.." + (classes - 1));
            }
        }
        device.parallelFor(batch, (first, count) ->
                SoftmaxCrossEntropy.forward(in.data(), labels, out.data(), loss, classes, first, count));
    }

    /** Mean cross-entropy of the last forward, summed in example order. */
    public float meanLoss(int batch) {
        double sum = 0;
        for (int n = 0; n < batch; n++) {
            sum += loss[n];
        }
        return (float) (sum / batch);
    }

    @Override
    public void backward(Blob in, Blob out, int batch, boolean propagateDown, JvmExecutor device) {
        device.parallelFor(batch, (first, count) ->
                SoftmaxCrossEntropy.backward(out.data(), labels, in.grad(), batch, shape.size(), first, count));
    }
}
