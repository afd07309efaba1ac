package alexnet.kernels;

import static alexnet.kernels.TestSupport.assertClose;
import static alexnet.kernels.TestSupport.assertGradient;
import static alexnet.kernels.TestSupport.gaussian;
import static alexnet.kernels.TestSupport.poisoned;

import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class SoftmaxCrossEntropyTest {

    private static final JvmExecutor EXEC = new JvmExecutor(2);

    @AfterAll
    static void close() {
        EXEC.close();
    }

    @Test
    void forwardMatchesReferenceEvenForHugeLogits() {
        Random random = new Random(15);
        int batch = 5;
        int classes = 11;
        float[] logits = gaussian(random, batch * classes, 3);
        logits[3] = 1000f; // exp would overflow without the max subtracted
        logits[classes + 2] = -1000f;
        int[] labels = new int[batch];
        for (int n = 0; n < batch; n++) {
            labels[n] = random.nextInt(classes);
        }
        labels[0] = 4; // a label far below the huge logit: loss ~ 1000
        float[] probs = poisoned(logits.length);
        float[] loss = poisoned(batch);
        EXEC.parallelFor(batch, (f, c) -> SoftmaxCrossEntropy.forward(logits, labels, probs, loss, classes, f, c));
        double[] expectedP = new double[logits.length];
        double[] expectedLoss = new double[batch];
        for (int n = 0; n < batch; n++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < classes; j++) {
                max = Math.max(max, logits[n * classes + j]);
            }
            double sum = 0;
            for (int j = 0; j < classes; j++) {
                sum += Math.exp(logits[n * classes + j] - max);
            }
            for (int j = 0; j < classes; j++) {
                expectedP[n * classes + j] = Math.exp(logits[n * classes + j] - max) / sum;
            }
            expectedLoss[n] = -(logits[n * classes + labels[n]] - max - Math.log(sum));
        }
        assertClose(expectedP, probs, 1e-5, 1e-7, "probs");
        assertClose(expectedLoss, loss, 1e-5, 1e-5, "loss");
    }

    @Test
    void backwardMatchesFiniteDifferencesOfMeanLoss() {
        Random random = new Random(16);
        int batch = 4;
        int classes = 6;
        float[] logits = gaussian(random, batch * classes, 2);
        int[] labels = new int[batch];
        for (int n = 0; n < batch; n++) {
            labels[n] = random.nextInt(classes);
        }
        float[] probs = new float[logits.length];
        float[] loss = new float[batch];
        SoftmaxCrossEntropy.forward(logits, labels, probs, loss, classes, 0, batch);
        float[] grad = poisoned(logits.length);
        EXEC.parallelFor(batch, (f, c) -> SoftmaxCrossEntropy.backward(probs, labels, grad, batch, classes, f, c));
        float[] probe = new float[logits.length];
        float[] probeLoss = new float[batch];
        assertGradient(logits, grad, () -> {
            SoftmaxCrossEntropy.forward(logits, labels, probe, probeLoss, classes, 0, batch);
            double mean = 0;
            for (float l : probeLoss) {
                mean += l;
            }
            return mean / batch;
        }, 1e-2f, 2e-3, "softmax cross-entropy");
    }
}
