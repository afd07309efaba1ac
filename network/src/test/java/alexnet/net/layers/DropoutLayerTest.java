package alexnet.net.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import alexnet.kernels.JvmExecutor;
import alexnet.net.Blob;
import alexnet.net.Layer;
import alexnet.net.spec.LayerSpec;
import alexnet.net.spec.Shape;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A worker of a data-parallel run that trains examples [first, first + n) of a step's batch drops exactly
 * the neurons the one-machine net drops for those examples, forward and backward.
 */
class DropoutLayerTest {

    @Test
    void aPartOfTheBatchGetsTheWholeBatchsMasks() {
        Shape shape = new Shape(7, 1, 1);
        int batch = 6;
        int first = 4;
        int part = 2;
        int length = shape.size();
        float[] input = new float[batch * length];
        float[] outputGrad = new float[batch * length];
        Random random = new Random(3);
        for (int i = 0; i < input.length; i++) {
            input[i] = random.nextFloat() + 0.5f;
            outputGrad[i] = random.nextFloat() + 0.5f;
        }
        try (JvmExecutor device = new JvmExecutor(2)) {
            float[][] whole = run(shape, input, outputGrad, batch, new Layer.Pass(true, 9), device);
            float[][] piece = run(shape, Arrays.copyOfRange(input, first * length, (first + part) * length),
                    Arrays.copyOfRange(outputGrad, first * length, (first + part) * length), part,
                    new Layer.Pass(true, 9, first), device);
            for (int k = 0; k < 2; k++) {
                assertArrayEquals(Arrays.copyOfRange(whole[k], first * length, (first + part) * length), piece[k]);
            }
        }
    }

    /** The layer's output and input gradient. */
    private static float[][] run(Shape shape, float[] input, float[] outputGrad, int batch, Layer.Pass pass,
                                 JvmExecutor device) {
        DropoutLayer layer = new DropoutLayer(new LayerSpec.Dropout("drop", 0.5f), shape, 5L, 3);
        Blob in = new Blob(shape, batch);
        Blob out = new Blob(shape, batch);
        System.arraycopy(input, 0, in.data(), 0, input.length);
        System.arraycopy(outputGrad, 0, out.grad(), 0, outputGrad.length);
        layer.forward(in, out, batch, pass, device);
        layer.backward(in, out, batch, true, device);
        return new float[][] {out.data().clone(), in.grad().clone()};
    }
}
