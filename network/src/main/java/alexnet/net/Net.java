package alexnet.net;

import alexnet.kernels.JvmExecutor;
import alexnet.net.layers.Layers;
import alexnet.net.layers.SoftmaxLossLayer;
import alexnet.net.spec.LayerSpec;
import alexnet.net.spec.NetSpec;
import alexnet.net.spec.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A network built from its description: the layers in order, with a blob between each pair,
 * all sized for the largest batch once, so a training step allocates nothing. The blobs' gradients
 * share two arrays (see the constructor): after {@link #backward} only the parameters' gradients
 * are all there.
 */
public final class Net implements Network {

    private final NetSpec spec;
    private final int maxBatch;
    private final List<Layer> layers = new ArrayList<>();
    private final List<Blob> blobs = new ArrayList<>();
    private final SoftmaxLossLayer loss;

    /** Builds the layers of {@code spec}; {@code seed} drives the dropout masks. */
    public Net(NetSpec spec, int maxBatch, long seed) {
        this.spec = spec;
        this.maxBatch = maxBatch;
        // Every blob's length in long arithmetic before anything is allocated: a batch too large for
        // a Java array is refused here, not by a NegativeArraySizeException deep in a layer.
        Blob.size(spec.input(), maxBatch);
        spec.describe().forEach(layer -> Blob.size(layer.output(), maxBatch));
        Shape shape = spec.input();
        List<Shape> shapes = new ArrayList<>();
        List<Boolean> inPlace = new ArrayList<>();
        int index = 0;
        for (LayerSpec layerSpec : spec.layers()) {
            Layer layer = Layers.create(layerSpec, shape, maxBatch, spec.init(), seed, index++);
            layers.add(layer);
            shape = layer.outputShape();
            shapes.add(shape);
            // ReLU and tanh run in place, as in Caffe: their backward needs only their output, and
            // the layer below never reads its own output, so the two can share one blob (a quarter
            // of AlexNet's activation memory).
            inPlace.add(layerSpec instanceof LayerSpec.Relu || layerSpec instanceof LayerSpec.Tanh);
        }
        // Gradients: layer i's backward reads blob i+1's and writes blob i's, and blob i+1's is dead
        // after it; so two arrays, taken in turn by the blobs, hold every gradient. The input's
        // gradient is never computed (the first layer does not propagate down): it has none.
        int[] largest = new int[2];
        int turn = 0;
        for (int i = 0; i < shapes.size(); i++) {
            if (!inPlace.get(i)) {
                largest[turn] = Math.max(largest[turn], Blob.size(shapes.get(i), maxBatch));
                turn = 1 - turn;
            }
        }
        float[][] gradients = {new float[largest[0]], new float[largest[1]]};
        blobs.add(new Blob(spec.input(), maxBatch, new float[0]));
        turn = 0;
        for (int i = 0; i < shapes.size(); i++) {
            if (inPlace.get(i)) {
                blobs.add(blobs.get(blobs.size() - 1));
            } else {
                blobs.add(new Blob(shapes.get(i), maxBatch, gradients[turn]));
                turn = 1 - turn;
            }
        }
        this.loss = (SoftmaxLossLayer) layers.get(layers.size() - 1);
    }

    @Override
    public NetSpec spec() {
        return spec;
    }

    @Override
    public int maxBatch() {
        return maxBatch;
    }

    public List<Layer> layers() {
        return List.copyOf(layers);
    }

    /**
     * The blob layer {@code i} reads (blob {@code i + 1} is what it writes; the same blob for the
     * in-place activations); blob 0 is the input.
     */
    public Blob blob(int i) {
        return blobs.get(i);
    }

    /**
     * What layer {@code name} wrote in the last {@link #forward}, e.g. "relu7": the paper's last hidden
     * layer, whose activations Figure 4 compares. Activations run in place, in the blob of the layer
     * below: after the forward "fc7"'s blob holds relu7's output, so ask for the activation by name.
     */
    public Blob output(String name) {
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i).name().equals(name)) {
                return blobs.get(i + 1);
            }
        }
        throw new IllegalArgumentException(spec.name() + " has no layer " + name);
    }

    /** The input blob: write a batch of images (NCHW) into its data before {@link #forward}. */
    @Override
    public Blob input() {
        return blobs.get(0);
    }

    /** Every parameter of the net, layer by layer, weights before biases. */
    @Override
    public List<Param> params() {
        List<Param> all = new ArrayList<>();
        layers.forEach(layer -> all.addAll(layer.params()));
        return all;
    }

    /** Initialises every parameter as the description says, reproducibly from {@code seed}. */
    @Override
    public void initialize(long seed) {
        Random random = new Random(seed);
        layers.forEach(layer -> layer.initialize(random));
    }

    /**
     * Runs the batch in {@link #input()} through the net; returns the mean cross-entropy loss for
     * {@code labels} (the probabilities are then in {@link #probabilities()}).
     */
    @Override
    public float forward(int[] labels, int batch, Layer.Pass pass, JvmExecutor device) {
        checkBatch(batch);
        loss.setLabels(labels);
        for (int i = 0; i < layers.size(); i++) {
            layers.get(i).forward(blobs.get(i), blobs.get(i + 1), batch, pass, device);
        }
        return loss.meanLoss(batch);
    }

    /** Gradients of the last forward's mean loss with respect to every parameter. */
    @Override
    public void backward(int batch, JvmExecutor device) {
        checkBatch(batch);
        for (int i = layers.size() - 1; i >= 0; i--) {
            layers.get(i).backward(blobs.get(i), blobs.get(i + 1), batch, i > 0, device);
        }
    }

    /** Softmax output of the last forward: [batch][classes]. */
    @Override
    public float[] probabilities() {
        return blobs.get(blobs.size() - 1).data();
    }

    private void checkBatch(int batch) {
        if (batch < 1 || batch > maxBatch) {
            throw new IllegalArgumentException("batch " + batch + " outside 1.." + maxBatch);
        }
    }
}
