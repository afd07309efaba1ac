package alexnet.kernels;

import uk.ac.manchester.tornado.api.annotations.Parallel;

/**
 * The paper's update, element-wise over one parameter tensor:
 * <pre>
 * v = momentum v - weightDecay * learningRate * w - learningRate * grad;    w = w + v
 * w, velocity, grad: flat, same length
 * parallel: elements
 * </pre>
 * grad is the gradient of the batch-MEAN loss (what SoftmaxCrossEntropy.backward produces).
 */
public final class Sgd {

    public static final float MOMENTUM = 0.9f;
    public static final float WEIGHT_DECAY = 0.0005f;

    private Sgd() {
    }

    public static void update(float[] weights, float[] velocity, float[] grad, float learningRate,
                              float momentum, float weightDecay, int first, int count) {
        float decay = weightDecay * learningRate;
        for (@Parallel int t = 0; t < count; t++) {
            int i = first + t;
            float v = momentum * velocity[i] - decay * weights[i] - learningRate * grad[i];
            velocity[i] = v;
            weights[i] += v;
        }
    }
}
