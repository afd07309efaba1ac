package alexnet.kernels.device;

import uk.ac.manchester.tornado.api.annotations.Parallel;
import uk.ac.manchester.tornado.api.math.TornadoMath;

/**
 * Softmax with cross-entropy ({@link alexnet.kernels.SoftmaxCrossEntropy}'s arithmetic) in three launches:
 * one work-item per example for the row's maximum, sum and loss (a reduction over the classes: only
 * {@code batch} outputs), then one per element for the probabilities and one per element for the
 * gradient. Single precision throughout ({@link TornadoMath#exp(float)}, {@link TornadoMath#log(float)}).
 * <pre>
 * logits, probs, logitGrad: [batch][classes]    labels, loss, rowMax, rowSum: [batch]
 * </pre>
 */
public final class Softmax {

    private Softmax() {
    }

    /**
     * rowMax[n] = max of the row, rowSum[n] = sum of exp(z - max), loss[n] = log(rowSum) - (z_label - max).
     * <pre>
     * parallel: batch
     * </pre>
     */
    public static void rows(float[] logits, int[] labels, float[] rowMax, float[] rowSum, float[] loss, int batch,
                            int classes) {
        for (@Parallel int n = 0; n < batch; n++) {
            int row = n * classes;
            float max = logits[row];
            for (int j = 1; j < classes; j++) {
                max = Math.max(max, logits[row + j]);
            }
            float sum = 0f;
            for (int j = 0; j < classes; j++) {
                sum += TornadoMath.exp(logits[row + j] - max);
            }
            rowMax[n] = max;
            rowSum[n] = sum;
            loss[n] = TornadoMath.log(sum) - (logits[row + labels[n]] - max);
        }
    }

    /** probs = exp(z - max) / sum. parallel: every element. */
    public static void probabilities(float[] logits, float[] rowMax, float[] rowSum, float[] probs, int batch,
                                     int classes) {
        int total = batch * classes;
        for (@Parallel int e = 0; e < total; e++) {
            int n = e / classes;
            probs[e] = TornadoMath.exp(logits[e] - rowMax[n]) * (1f / rowSum[n]);
        }
    }

    /** logitGrad = (probs - onehot(labels)) / batch. parallel: every element. */
    public static void backward(float[] probs, int[] labels, float[] logitGrad, int batch, int classes) {
        int total = batch * classes;
        float inverseBatch = 1f / batch;
        for (@Parallel int e = 0; e < total; e++) {
            int n = e / classes;
            int j = e % classes;
            logitGrad[e] = (probs[e] - (j == labels[n] ? 1f : 0f)) * inverseBatch;
        }
    }
}
