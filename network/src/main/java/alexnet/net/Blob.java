package alexnet.net;

import alexnet.net.spec.Shape;

/**
 * A batch of activations between two layers, NCHW, and the gradient of the loss with respect
 * to them (Caffe's "blob"): {@code data} and {@code grad} both hold {@code capacity} examples
 * of {@code shape}; a batch uses the first {@code batch * shape.size()} elements. The gradient
 * array may be longer and shared with other blobs whose gradients are never alive at the same
 * time ({@link Net} does that), or empty for a blob whose gradient nobody computes.
 */
public final class Blob {

    private final Shape shape;
    private final int capacity;
    private final float[] data;
    private final float[] grad;

    public Blob(Shape shape, int capacity) {
        this(shape, capacity, new float[size(shape, capacity)]);
    }

    /** A blob whose gradient lives in {@code grad}: at least {@link #size} floats, or none at all. */
    public Blob(Shape shape, int capacity, float[] grad) {
        this.shape = shape;
        this.capacity = capacity;
        this.data = new float[size(shape, capacity)];
        if (grad.length != 0 && grad.length < data.length) {
            throw new IllegalArgumentException("a gradient of " + grad.length + " floats for a blob of " + data.length);
        }
        this.grad = grad;
    }

    /** Floats of {@code capacity} examples of {@code shape}. */
    public static int size(Shape shape, int capacity) {
        return arrayLength((long) shape.size() * capacity, "a batch of " + capacity + " x " + shape);
    }

    /** {@code length}, computed in long arithmetic, as an array length; refused, naming {@code what}, when too long. */
    private static int arrayLength(long length, String what) {
        if (length > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(what + " is " + length + " floats, more than one Java array holds ("
                    + Integer.MAX_VALUE + ")");
        }
        return (int) length;
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
