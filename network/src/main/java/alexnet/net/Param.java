package alexnet.net;

/**
 * One learned tensor (a layer's weights or biases) with what SGD keeps beside it: the gradient
 * of the current batch and the momentum "velocity" of the paper's update rule.
 */
public final class Param {

    private final String name;
    private final float[] value;
    private final float[] grad;
    private final float[] velocity;

    public Param(String name, int size) {
        this.name = name;
        this.value = new float[size];
        this.grad = new float[size];
        this.velocity = new float[size];
    }

    /** "conv1.weight", "fc8.bias", ...: the key in checkpoints. */
    public String name() {
        return name;
    }

    public float[] value() {
        return value;
    }

    public float[] grad() {
        return grad;
    }

    public float[] velocity() {
        return velocity;
    }

    public int size() {
        return value.length;
    }
}
