package alexnet.net;

import static org.junit.jupiter.api.Assertions.assertTrue;

import alexnet.kernels.JvmExecutor;
import alexnet.net.spec.Architectures;
import alexnet.net.spec.NetSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole net's backward pass against central finite differences of its loss: every layer
 * type of the paper (grouped convolutions, LRN with groups, overlapping pooling, dropout with a
 * fixed mask, fc, softmax) in one small net of the same shape as AlexNet.
 */
class NetGradientTest {

    private static final int BATCH = 3;
    private static JvmExecutor device;

    @BeforeAll
    static void start() {
        device = new JvmExecutor(2);
    }

    @AfterAll
    static void stop() {
        device.close();
    }

    /** AlexNet's eight layers in miniature: 3x15x15 input, 5 classes. */
    static NetSpec tiny() {
        return NetSpec.input("tiny", 3, 15, 5)
                .conv("conv1", 4, 3, 2, 0, 1, 0f).relu("relu1").lrn("norm1", 2).maxPool("pool1", 3, 2)
                .conv("conv2", 6, 3, 1, 1, 2, 1f).relu("relu2").lrn("norm2", 2).maxPool("pool2", 2, 1)
                .conv("conv3", 4, 3, 1, 1, 1, 0f).relu("relu3")
                .conv("conv4", 4, 3, 1, 1, 2, 1f).relu("relu4")
                .conv("conv5", 4, 3, 1, 1, 2, 1f).relu("relu5").maxPool("pool5", 2, 1)
                .fc("fc6", 8, 1f).relu("relu6").dropout("drop6", 0.5f)
                .fc("fc7", 8, 1f).relu("relu7").dropout("drop7", 0.5f)
                .fc("fc8", 5, 0f).softmax("prob");
    }

    @Test
    void smoothNetMatchesFiniteDifferencesEverywhere() {
        // tanh everywhere: no kinks, so one step size serves every entry.
        check(Architectures.Ablation.TANH.applyTo(tiny()), new double[] {1e-2});
    }

    @Test
    void reluNetMatchesFiniteDifferences() {
        // ReLU and max-pool have kinks: a step may cross one (then a smaller step agrees), and in
        // float32 too small a step drowns in rounding (then a larger one agrees). An entry passes
        // when some step agrees; a wrong gradient agrees with none.
        check(tiny(), new double[] {1e-2, 3e-3, 1e-3, 3e-4, 1e-4});
    }

    private static void check(NetSpec spec, double[] steps) {
        Net net = new Net(spec, BATCH, 42L);
        net.initialize(7L);
        Random random = new Random(11L);
        for (Param param : net.params()) {
            float[] w = param.value();
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) (random.nextGaussian() * 0.4);
            }
        }
        float[] input = net.input().data();
        for (int i = 0; i < BATCH * spec.input().size(); i++) {
            input[i] = (float) random.nextGaussian();
        }
        int[] labels = {1, 4, 0};
        Layer.Pass pass = new Layer.Pass(true, 5L);
        net.forward(labels, BATCH, pass, device);
        net.backward(BATCH, device);
        List<String> failures = new ArrayList<>();
        for (Param param : net.params()) {
            float[] analytic = param.grad().clone();
            int checks = Math.min(12, param.size());
            for (int c = 0; c < checks; c++) {
                int i = random.nextInt(param.size());
                StringBuilder tried = new StringBuilder();
                boolean agrees = false;
                for (double step : steps) {
                    double numeric = centralDifference(net, param, i, step, labels, pass);
                    double error = Math.abs(numeric - analytic[i])
                            / Math.max(1e-2, Math.abs(numeric) + Math.abs(analytic[i]));
                    agrees |= error < 2e-2;
                    tried.append(String.format(" h=%.0e: %.6g", step, numeric));
                }
                if (!agrees) {
                    failures.add(param.name() + "[" + i + "] analytic " + analytic[i] + ", numeric" + tried);
                }
            }
        }
        assertTrue(failures.isEmpty(), "finite differences disagree: " + failures);
    }

    private static double centralDifference(Net net, Param param, int i, double step, int[] labels, Layer.Pass pass) {
        float saved = param.value()[i];
        param.value()[i] = (float) (saved + step);
        double plus = net.forward(labels, BATCH, pass, device);
        param.value()[i] = (float) (saved - step);
        double minus = net.forward(labels, BATCH, pass, device);
        param.value()[i] = saved;
        return (plus - minus) / (2 * step);
    }
}
