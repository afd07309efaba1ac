package alexnet.net.train;

import alexnet.data.Batch;
import alexnet.data.BatchIterator;
import alexnet.data.EvaluationBatches;
import alexnet.kernels.JvmExecutor;
import alexnet.net.Layer;
import alexnet.net.Network;

/**
 * Top-1 / top-5 error of a net on evaluation batches: one centre crop per image, or the
 * paper's ten views (corners, centre and their reflections) with their softmax outputs
 * averaged. Dropout layers run in test mode (all neurons, outputs times 1 - p).
 */
public final class Evaluator {

    /** Error rates and mean cross-entropy on a set of images. */
    public record Result(long images, double loss, double top1Error, double top5Error) {
    }

    private Evaluator() {
    }

    public static Result evaluate(Network net, EvaluationBatches batches, JvmExecutor device) {
        return result(accuracy(net, batches, 0, batches.batchCount(), device));
    }

    /** The sums over batches {@code first .. first + count - 1} alone: one worker's share of an evaluation. */
    public static Accuracy accuracy(Network net, EvaluationBatches batches, int first, int count, JvmExecutor device) {
        int classes = net.spec().classes();
        int views = batches.viewsPerImage();
        Accuracy accuracy = new Accuracy();
        try (BatchIterator iterator = batches.iterator(first, count)) {
            while (iterator.hasNext()) {
                Batch batch = iterator.next();
                float[] averaged = averagedProbabilities(net, batch, views, classes, device);
                accuracy.add(averaged, batch.labels(), batch.size(), classes);
            }
        }
        return accuracy;
    }

    public static Result result(Accuracy accuracy) {
        return new Result(accuracy.examples(), accuracy.loss(), accuracy.top1Error(), accuracy.top5Error());
    }

    /**
     * Softmax outputs averaged over each image's views: [images][classes]. Views run through the
     * net in chunks of whole images that fit its largest batch.
     */
    static float[] averagedProbabilities(Network net, Batch batch, int views, int classes, JvmExecutor device) {
        int imagesPerChunk = Math.max(1, net.maxBatch() / views);
        if (views > net.maxBatch()) {
            throw new IllegalArgumentException(views + " views per image do not fit a batch of " + net.maxBatch());
        }
        int viewLength = batch.viewLength();
        float[] averaged = new float[batch.size() * classes];
        int[] noLabels = new int[net.maxBatch()];
        for (int first = 0; first < batch.size(); first += imagesPerChunk) {
            int images = Math.min(imagesPerChunk, batch.size() - first);
            int rows = images * views;
            System.arraycopy(batch.images(), first * views * viewLength, net.input().data(), 0, rows * viewLength);
            net.forward(noLabels, rows, new Layer.Pass(false, 0), device);
            float[] probabilities = net.probabilities();
            for (int image = 0; image < images; image++) {
                for (int view = 0; view < views; view++) {
                    int row = (image * views + view) * classes;
                    for (int c = 0; c < classes; c++) {
                        averaged[(first + image) * classes + c] += probabilities[row + c] / views;
                    }
                }
            }
        }
        return averaged;
    }
}
