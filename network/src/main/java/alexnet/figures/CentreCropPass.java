package alexnet.figures;

import alexnet.data.CropView;
import alexnet.data.PackedImages;
import alexnet.data.TrainingStatistics;
import alexnet.kernels.JvmExecutor;
import alexnet.net.Blob;
import alexnet.net.Layer;
import alexnet.net.Net;
import alexnet.net.spec.LayerSpec;
import java.util.Arrays;
import java.util.List;

/**
 * Runs chosen images of a packed split through a trained net, centre crop, test mode, and keeps
 * what Figure 4 shows: the softmax output and the last hidden layer's activations.
 */
public final class CentreCropPass {

    /** For image {@code i} of the indices given: {@code probabilities[i]} and {@code hidden[i]}. */
    public record Output(float[][] probabilities, float[][] hidden, String hiddenLayer) {
    }

    private CentreCropPass() {
    }

    /**
     * The last hidden layer of {@code net}: the activation after the fully connected layer that feeds
     * the classifier ("relu7" in the paper's net, 4096 numbers per image).
     */
    public static String lastHiddenLayer(List<LayerSpec> layers) {
        int classifier = -1;
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) instanceof LayerSpec.FullyConnected) {
                classifier = i;
            }
        }
        for (int i = classifier - 1; i >= 0; i--) {
            if (layers.get(i) instanceof LayerSpec.FullyConnected || layers.get(i) instanceof LayerSpec.Conv) {
                LayerSpec next = layers.get(i + 1);
                boolean activation = next instanceof LayerSpec.Relu || next instanceof LayerSpec.Tanh;
                return activation ? next.name() : layers.get(i).name();
            }
        }
        throw new IllegalArgumentException("no hidden layer below the classifier");
    }

    /** What one image gave: its softmax output and its last hidden layer's activations (copies). */
    @FunctionalInterface
    public interface Sink {
        void accept(int position, float[] probabilities, float[] hidden);
    }

    /** All of {@link #stream}'s output, kept: for a few images (the hidden layers of many fill the heap). */
    public static Output run(Net net, PackedImages images, TrainingStatistics statistics, int[] indices,
                             JvmExecutor device) {
        float[][] probabilities = new float[indices.length][];
        float[][] hidden = new float[indices.length][];
        stream(net, images, statistics, indices, device, (position, p, h) -> {
            probabilities[position] = p;
            hidden[position] = h;
        });
        return new Output(probabilities, hidden, lastHiddenLayer(net.spec().layers()));
    }

    /**
     * Runs images {@code indices} of {@code images} in batches of the net's largest, handing each
     * image's outputs to {@code sink} with its position in {@code indices}.
     */
    public static void stream(Net net, PackedImages images, TrainingStatistics statistics, int[] indices,
                              JvmExecutor device, Sink sink) {
        if (images.storedSize() != statistics.storedSize()) {
            throw new IllegalArgumentException("the images are stored at " + images.storedSize() + " px, the run's mean "
                    + "image at " + statistics.storedSize() + " px: give --stored-size " + statistics.storedSize());
        }
        int crop = net.spec().input().height();
        int classes = net.spec().classes();
        String hiddenLayer = lastHiddenLayer(net.spec().layers());
        CropView centre = CropView.centre(images.storedSize(), crop);
        int viewLength = 3 * crop * crop;
        byte[] chw = new byte[images.imageBytes()];
        int[] noLabels = new int[net.maxBatch()];
        for (int first = 0; first < indices.length; first += net.maxBatch()) {
            int batch = Math.min(net.maxBatch(), indices.length - first);
            for (int b = 0; b < batch; b++) {
                images.read(indices[first + b], chw);
                centre.write(chw, images.storedSize(), statistics.meanImage(), null, net.spec().inputScale(),
                        net.input().data(), b * viewLength);
            }
            net.forward(noLabels, batch, new Layer.Pass(false, 0), device);
            Blob activations = net.output(hiddenLayer);
            int width = activations.shape().size();
            for (int b = 0; b < batch; b++) {
                sink.accept(first + b, Arrays.copyOfRange(net.probabilities(), b * classes, (b + 1) * classes),
                        Arrays.copyOfRange(activations.data(), b * width, (b + 1) * width));
            }
        }
    }
}
