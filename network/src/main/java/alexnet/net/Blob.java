package alexnet.net;

import alexnet.net.spec.Shape;

/**
 * A batch of activations between two layers, NCHW, and the gradient of the loss with respect
 * to them (Caffe's "blob"): {@code data} and {@code grad} both hold {@code capacity} examples
 * of {@code shape}; a batch uses the first {@code batch * shape.size()} elements.
 */
public final class Blob {

    private final Shape shape;
    private final int capacity;
    private final float[] data;
    private final float[] grad;

    public Blob(Shape shape, int capacity) {
        this.shape = shape;
        this.capacity = capacity;
        long size = (long) shape.size() * capacity;
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a batch of " + capacity + " x " + shape + " does not fit one array");
        }
        this.data = new float[(int) size];
        this.grad = new float[(int) size];
    }

    public Shape shape() {
        return shape;
    }

    public int capacity() {
        return capacity;
    }

    public float[] data() {
        return data;
    }

    public float[] grad() {
        return grad;
    }
}
