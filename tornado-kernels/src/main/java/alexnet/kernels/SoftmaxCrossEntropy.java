package alexnet.kernels;

import uk.ac.manchester.tornado.api.annotations.Parallel;

/**
 * Softmax over classes followed by cross-entropy against integer labels; the loss of the batch is
 * the mean of the per-example losses (so backward divides by batch).
 * <pre>
 * logits, probs, logitGrad: [batch][classes]    labels: [batch]    loss: [batch]
 * parallel: batch (one example each)
 * </pre>
 */
public final class SoftmaxCrossEntropy {

    private SoftmaxCrossEntropy() {
    }

    /**
     * probs = softmax(logits), loss[n] = -log probs[n][labels[n]], both from max-subtracted logits:
     * loss = log(sum exp(z - max)) - (z_label - max), which neither overflows nor takes log(0).
     */
    public static void forward(float[] logits, int[] labels, float[] probs, float[] loss, int classes,
                               int first, int count) {
        for (@Parallel int t = 0; t < count; t++) {
            int n = first + t;
            int row = n * classes;
            float max = logits[row];
            for (int j = 1; j < classes; j++) {
                max = Math.max(max, logits[row + j]);
            }
            float sum = 0f;
            for (int j = 0; j < classes; j++) {
                float e = (float) Math.exp(logits[row + j] - max);
                probs[row + j] = e;
                sum += e;
            }
            float inverse = 1f / sum;
            for (int j = 0; j < classes; j++) {
                probs[row + j] *= inverse;
            }
            loss[n] = (float) Math.log(sum) - (logits[row + labels[n]] - max);
        }
    }

    /** logitGrad = (probs - onehot(labels)) / batch: the gradient of the mean loss. */
    public static void backward(float[] probs, int[] labels, float[] logitGrad, int batch, int classes,
                                int first, int count) {
        float inverseBatch = 1f / batch;
        for (@Parallel int t = 0; t < count; t++) {
            int n = first + t;
            int row = n * classes;
            for (int j = 0; j < classes; j++) {
                logitGrad[row + j] = (probs[row + j] - (j == labels[n] ? 1f : 0f)) * inverseBatch;
            }
        }
    }
}
