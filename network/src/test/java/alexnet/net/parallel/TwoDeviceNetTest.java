package alexnet.net.parallel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import alexnet.kernels.JvmExecutor;
import alexnet.net.Layer;
import alexnet.net.Net;
import alexnet.net.Param;
import alexnet.net.spec.Architectures;
import alexnet.net.spec.NetSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The two-device net against the same net on one device, same initial weights, same inputs and
 * same dropout masks.
 *
 * <p>Exact (bit for bit): every forward output (probabilities, loss; training and test pass) and
 * the fc8 gradients. A device's share of a conv or fc layer computes each of its outputs with the
 * same kernel, the same operands and the same summation order as the one-device layer (the GEMM
 * sums over depth 0..k-1 for every tiling; the conv weight gradient sums over the batch in fixed
 * chunks), and the exchanges only copy; so nothing can differ. fc8's gradients come from the
 * softmax's, computed alike on both devices from identical logits.
 *
 * <p>Within tolerance: every gradient below fc8's input. The input gradient of a layer whose
 * outputs are split (conv3, fc6, fc7, fc8) is a sum over its K kernels; the one-device net adds all
 * K terms in one running sum, the two devices add K/2 each and then the two partial sums: a
 * different association, so the result differs by rounding, a few ulps of the larger partial sums
 * (float32 ulp = 2^-23 = 1.2e-7 relative; a sum of K terms in any order is within K * 2^-24 * sum|terms|
 * of the exact value, and in practice within about sqrt(K) ulps). Those differences then travel down
 * through the chain rule, where they neither grow nor shrink much relative to the gradients. We
 * require, per tensor, max |two - one| <= 1e-5 * max |one|: about 100 ulps of the tensor's scale,
 * about twenty times the largest difference measured (5.5e-7, small net) (a wrong slice, mask or missing partial sum is off by
 * the size of the gradient itself, 1e5 times more).
 */
class TwoDeviceNetTest {

    static final double TOLERANCE = 1e-5;
    private static JvmExecutor executor;

    @BeforeAll
    static void start() {
        executor = new JvmExecutor(2);
    }

    @AfterAll
    static void stop() {
        executor.close();
    }

    /** AlexNet's structure in miniature; 5 classes, so fc8 splits unevenly (2 + 3). */
    static NetSpec tiny() {
        return NetSpec.input("tiny", 3, 15, 5)
                .conv("conv1", 4, 3, 2, 0, 1, 0f).relu("relu1").lrn("norm1", 2).maxPool("pool1", 3, 2)
                .conv("conv2", 6, 3, 1, 1, 2, 1f).relu("relu2").lrn("norm2", 2).maxPool("pool2", 2, 1)
                .conv("conv3", 8, 3, 1, 1, 1, 0f).relu("relu3")
                .conv("conv4", 8, 3, 1, 1, 2, 1f).relu("relu4")
                .conv("conv5", 4, 3, 1, 1, 2, 1f).relu("relu5").maxPool("pool5", 2, 1)
                .fc("fc6", 8, 1f).relu("relu6").dropout("drop6", 0.5f)
                .fc("fc7", 8, 1f).relu("relu7").dropout("drop7", 0.5f)
                .fc("fc8", 5, 0f).softmax("prob");
    }

    @Test
    void tinyNetEqualsOneDevice() {
        compare(tiny(), 3, 0.4);
    }

    @Test
    void smallNetEqualsOneDevice() {
        // Batch 10: more than one chunk of the conv weight gradient.
        compare(Architectures.small(10), 10, 0);
    }

    @Test
    void tanhNetWithoutLrnEqualsOneDevice() {
        NetSpec spec = Architectures.Ablation.NO_LRN.applyTo(Architectures.Ablation.TANH.applyTo(tiny()));
        compare(spec, 4, 0.4);
    }

    @Test
    void oneGpuAblationIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                new TwoDeviceNet(Architectures.Ablation.ONE_GPU.applyTo(tiny()), 2, 1L, 1).close());
        assertTrue(e.getMessage().contains("norm1"), e.getMessage());
    }

    /** One forward and backward on both nets; {@code stddev} > 0 redraws every weight that large. */
    private static void compare(NetSpec spec, int batch, double stddev) {
        Net one = new Net(spec, batch, 42L);
        one.initialize(7L);
        Random random = new Random(11L);
        if (stddev > 0) {
            for (Param param : one.params()) {
                float[] w = param.value();
                for (int i = 0; i < w.length; i++) {
                    w[i] = (float) (random.nextGaussian() * stddev);
                }
            }
        }
        try (TwoDeviceNet two = new TwoDeviceNet(spec, batch, 42L, 1)) {
            if (stddev > 0) {
                two.loadFrom(one.params());
            } else {
                two.initialize(7L);
                Net check = new Net(spec, 1, 42L);
                two.storeInto(check.params());
                for (int p = 0; p < one.params().size(); p++) {
                    assertArrayEquals(one.params().get(p).value(), check.params().get(p).value(),
                            "initial " + one.params().get(p).name());
                }
            }
            int size = spec.input().size();
            for (int i = 0; i < batch * size; i++) {
                float x = (float) random.nextGaussian();
                one.input().data()[i] = x;
                two.input().data()[i] = x;
            }
            int[] labels = new int[batch];
            for (int n = 0; n < batch; n++) {
                labels[n] = random.nextInt(spec.classes());
            }
            int classes = spec.classes();

            Layer.Pass test = new Layer.Pass(false, 0);
            one.forward(labels, batch, test, executor);
            two.forward(labels, batch, test, executor);
            assertBits(one.probabilities(), two.probabilities(), batch * classes, "test-pass probabilities");

            Layer.Pass train = new Layer.Pass(true, 3L);
            float lossOne = one.forward(labels, batch, train, executor);
            float lossTwo = two.forward(labels, batch, train, executor);
            assertEquals(Float.floatToIntBits(lossOne), Float.floatToIntBits(lossTwo), "loss " + lossOne + " vs " + lossTwo);
            assertBits(one.probabilities(), two.probabilities(), batch * classes, "probabilities");
            assertBits(one.probabilities(), two.probabilities(1), batch * classes, "device 1's probabilities");
            one.backward(batch, executor);
            two.backward(batch, executor);

            Net reassembled = new Net(spec, 1, 42L);
            two.storeInto(reassembled.params());
            List<String> failures = new ArrayList<>();
            for (int p = 0; p < one.params().size(); p++) {
                Param expected = one.params().get(p);
                Param actual = reassembled.params().get(p);
                assertArrayEquals(expected.value(), actual.value(), expected.name());
                double scale = 0;
                double worst = 0;
                for (int i = 0; i < expected.size(); i++) {
                    scale = Math.max(scale, Math.abs(expected.grad()[i]));
                    worst = Math.max(worst, Math.abs(expected.grad()[i] - actual.grad()[i]));
                }
                assertTrue(scale > 0, expected.name() + " has no gradient: the test would prove nothing");
                if (expected.name().startsWith("fc8.")) {
                    assertArrayEquals(expected.grad(), actual.grad(), expected.name() + " gradient (exact)");
                } else if (worst > TOLERANCE * scale) {
                    failures.add(String.format("%s: max difference %.3g, %.3g of max |grad| %.3g", expected.name(),
                            worst, worst / scale, scale));
                }
                System.out.printf("%s %s grad: max |diff| / max |grad| = %.3g%n", spec.name(), expected.name(),
                        worst / scale);
            }
            assertTrue(failures.isEmpty(), String.join("\n", failures));
        }
    }

    /**
     * The read-only tower view that other executors (TornadoVM) run: exchanges exactly at the paper's
     * points, each device's conv/fc layers with its share of the outputs, and host-side exchanges
     * ({@link TowerStage.Transfer#gather}, {@link TowerStage.Transfer#scatterGradients}) that reproduce,
     * bit for bit, what the JVM devices' exchanges wrote in a real step.
     */
    @Test
    void towerViewAndHostExchangesReproduceTheDevicesExchanges() {
        int batch = 3;
        NetSpec spec = tiny();
        Random random = new Random(5L);
        try (TwoDeviceNet two = new TwoDeviceNet(spec, batch, 42L, 1)) {
            two.initialize(9L);
            for (int i = 0; i < batch * spec.input().size(); i++) {
                two.input().data()[i] = (float) random.nextGaussian();
            }
            two.forward(new int[] {0, 4, 2}, batch, new Layer.Pass(true, 1L), executor);
            two.backward(batch, executor);

            List<TowerStage> first = two.tower(0);
            List<TowerStage> second = two.tower(1);
            List<String> points = new ArrayList<>();
            for (int i = 0; i < first.size(); i++) {
                if (first.get(i) instanceof TowerStage.Compute a && a.name().equals("conv3")) {
                    TowerStage.Compute b = (TowerStage.Compute) second.get(i);
                    assertEquals(4, ((alexnet.net.spec.LayerSpec.Conv) a.spec()).kernels(), "device 0's conv3 kernels");
                    assertEquals(4, ((alexnet.net.spec.LayerSpec.Conv) b.spec()).kernels(), "device 1's conv3 kernels");
                }
                if (!(first.get(i) instanceof TowerStage.Transfer a)) {
                    continue;
                }
                TowerStage.Transfer b = (TowerStage.Transfer) second.get(i);
                points.add(a.point());
                List<TowerStage.Transfer> ends = List.of(a, b);
                float[][] received = {a.received().data().clone(), b.received().data().clone()};
                float[][] grads = {a.own().grad().clone(), b.own().grad().clone()};
                for (TowerStage.Transfer end : ends) {
                    java.util.Arrays.fill(end.received().data(), Float.NaN);
                    java.util.Arrays.fill(end.own().grad(), Float.NaN);
                }
                TowerStage.Transfer.gather(ends, batch);
                TowerStage.Transfer.scatterGradients(ends, batch);
                for (int d = 0; d < 2; d++) {
                    assertBits(received[d], ends.get(d).received().data(), received[d].length,
                            "device " + d + "'s received data at " + a.point());
                    assertBits(grads[d], ends.get(d).own().grad(), grads[d].length,
                            "device " + d + "'s gradient at " + a.point());
                }
            }
            assertEquals(List.of("pool2 -> conv3", "pool5 -> fc6", "drop6 -> fc7", "drop7 -> fc8", "fc8 -> prob"), points);
        }
    }

    static void assertBits(float[] expected, float[] actual, int length, String what) {
        for (int i = 0; i < length; i++) {
            if (Float.floatToIntBits(expected[i]) != Float.floatToIntBits(actual[i])) {
                throw new AssertionError(what + " differ at " + i + ": " + expected[i] + " vs " + actual[i]);
            }
        }
    }

    @Test
    void failingDeviceStopsTheStepCleanly() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            NetSpec spec = tiny();
            int batch = 3;
            try (TwoDeviceNet two = new TwoDeviceNet(spec, batch, 42L, 1)) {
                two.initialize(7L);
                Random random = new Random(5L);
                for (int i = 0; i < batch * spec.input().size(); i++) {
                    two.input().data()[i] = (float) random.nextGaussian();
                }
                int[] labels = {0, 3, 4};
                Layer.Pass pass = new Layer.Pass(true, 1L);
                float clean = two.forward(labels, batch, pass, executor);
                List<float[]> before = snapshot(two.params());

                // Forward: jvm1 fails in conv3; jvm0 is stopped at its next exchange (before fc6) or layer.
                two.injectFaults((device, layer, backward) -> {
                    if (device.equals("jvm1") && layer.equals("conv3") && !backward) {
                        throw new IllegalStateException("injected fault");
                    }
                });
                DeviceFailureException forward = assertThrows(DeviceFailureException.class,
                        () -> two.forward(labels, batch, pass, executor));
                assertEquals("jvm1", forward.device());
                assertEquals("conv3", forward.layer());
                assertTrue(forward.getMessage().contains("device jvm1 failed in layer conv3 (forward, step 1)"),
                        forward.getMessage());
                assertTrue(forward.getMessage().contains("injected fault"), forward.getMessage());

                // Backward: jvm0 fails in fc6 (below the fc6 exchange jvm1 then waits at).
                two.injectFaults((device, layer, backward) -> {
                    if (device.equals("jvm0") && layer.equals("fc6") && backward) {
                        throw new ArithmeticException("injected backward fault");
                    }
                });
                two.forward(labels, batch, pass, executor);
                DeviceFailureException backward = assertThrows(DeviceFailureException.class,
                        () -> two.backward(batch, executor));
                assertEquals("jvm0", backward.device());
                assertEquals("fc6", backward.layer());
                assertTrue(backward.getMessage().contains("backward"), backward.getMessage());

                // Both devices failing at once: one is reported, the other attached.
                two.injectFaults((device, layer, bw) -> {
                    if (layer.equals("relu4")) {
                        throw new IllegalStateException("both fail on " + device);
                    }
                });
                DeviceFailureException both = assertThrows(DeviceFailureException.class,
                        () -> two.forward(labels, batch, pass, executor));
                assertTrue(both.layer().equals("relu4"));

                // The trainer updates only after a backward that succeeded: nothing changed.
                List<float[]> after = snapshot(two.params());
                for (int p = 0; p < before.size(); p++) {
                    assertArrayEquals(before.get(p), after.get(p), two.params().get(p).name());
                }
                // And the net still works: the same loss as before the failures.
                two.injectFaults(null);
                assertEquals(clean, two.forward(labels, batch, pass, executor));
                two.backward(batch, executor);
            }
        });
    }

    private static List<float[]> snapshot(List<Param> params) {
        List<float[]> copies = new ArrayList<>();
        for (Param param : params) {
            copies.add(param.value().clone());
        }
        return copies;
    }
}
