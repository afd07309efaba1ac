package alexnet.net.onnx;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import alexnet.kernels.JvmExecutor;
import alexnet.net.Layer;
import alexnet.net.Net;
import alexnet.net.Param;
import alexnet.net.spec.NetSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** The tests' shared pieces: nets with weights that carry a signal, their logits, and ONNX Runtime's. */
final class OnnxRuntimeCheck {

    static final double TOLERANCE = 1e-4;

    private OnnxRuntimeCheck() {
    }

    /**
     * A net of {@code spec} with He-scaled random weights and random biases: activations keep their scale
     * through all eight layers (the paper's N(0, 0.01) lets them fade, and with them what a comparison
     * could see), and LRN works in its nonlinear range.
     */
    static Net randomNet(NetSpec spec, int batch, long seed) {
        Net net = new Net(spec, batch, 1L);
        SplittableRandom random = new SplittableRandom(seed);
        List<Param> params = net.params();
        for (int p = 0; p < params.size(); p += 2) {
            Param weight = params.get(p);
            Param bias = params.get(p + 1);
            double stddev = Math.sqrt(2.0 / (weight.size() / bias.size()));
            fill(weight.value(), stddev, random);
            fill(bias.value(), 0.1, random);
        }
        return net;
    }

    /** Images as the preprocessing leaves them: centred pixels (about +-60 of 0..255) times the input scale. */
    static float[] randomImages(NetSpec spec, int batch, long seed) {
        float[] images = new float[batch * spec.input().size()];
        fill(images, 60 * spec.inputScale(), new SplittableRandom(seed));
        return images;
    }

    /** Uniform values of standard deviation {@code stddev}: AlexNet's 58 million drawn in a fraction of a second. */
    private static void fill(float[] values, double stddev, SplittableRandom random) {
        double half = Math.sqrt(3) * stddev;
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextDouble(-half, half);
        }
    }

    /** The net's own test-time logits (fc8's outputs) for {@code images}; the logits blob is poisoned first. */
    static float[] logits(Net net, float[] images, int batch) {
        System.arraycopy(images, 0, net.input().data(), 0, images.length);
        float[] logits = net.blob(net.layers().size() - 1).data();
        Arrays.fill(logits, Float.NaN);
        try (JvmExecutor executor = new JvmExecutor(2)) {
            net.forward(new int[batch], batch, new Layer.Pass(false, 0), executor);
        }
        return Arrays.copyOf(logits, batch * net.spec().classes());
    }

    /**
     * ONNX Runtime's output [batch][classes] for {@code images}, written into a buffer of ours (a pinned
     * output) that is poisoned with NaN first: every value read back is one ONNX Runtime wrote.
     */
    static float[] onnxRuntime(ModelProto model, NetSpec spec, float[] images, int batch) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        FloatBuffer output = ByteBuffer.allocateDirect(4 * batch * spec.classes()).order(ByteOrder.nativeOrder())
                .asFloatBuffer();
        while (output.hasRemaining()) {
            output.put(Float.NaN);
        }
        output.rewind();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(2);
            try (OrtSession runtime = env.createSession(model.toByteArray(), options);
                 OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(images),
                         new long[] {batch, spec.input().channels(), spec.input().height(), spec.input().width()});
                 OnnxTensor pinned = OnnxTensor.createTensor(env, output, new long[] {batch, spec.classes()});
                 OrtSession.Result result = runtime.run(Map.of(OnnxExport.INPUT, input),
                         Map.of(runtime.getOutputNames().iterator().next(), pinned))) {
                float[] values = new float[batch * spec.classes()];
                output.get(values);
                return values;
            }
        }
    }

    /**
     * Each image's logits within {@link #TOLERANCE} of its largest |expected| logit; and the expected logits
     * must differ between classes, or agreeing on them would prove little.
     */
    static void assertClose(float[] expected, float[] actual, int classes, String what) {
        for (int n = 0; n < expected.length / classes; n++) {
            double scale = 0;
            double spread = 0;
            double worst = 0;
            for (int c = 0; c < classes; c++) {
                int i = n * classes + c;
                scale = Math.max(scale, Math.abs(expected[i]));
                spread = Math.max(spread, Math.abs(expected[i] - expected[n * classes]));
                worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
                assertTrue(Float.isFinite(actual[i]), what + ": image " + n + " class " + c + " is " + actual[i]);
            }
            assertTrue(spread > 1e-3 * scale, what + ": image " + n + "'s logits hardly differ: " + spread);
            assertTrue(worst <= TOLERANCE * scale, String.format("%s: image %d differs by %.3g, %.3g of its largest "
                    + "logit %.3g", what, n, worst, worst / scale, scale));
        }
    }
}
