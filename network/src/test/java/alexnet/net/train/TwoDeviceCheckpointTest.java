package alexnet.net.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import alexnet.kernels.JvmExecutor;
import alexnet.net.Layer;
import alexnet.net.Net;
import alexnet.net.Param;
import alexnet.net.parallel.TwoDeviceNet;
import alexnet.net.spec.Architectures;
import alexnet.net.spec.NetSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A two-device run's checkpoint gathered into the one-device net that eval, classify and export use (and
 * a run resumed on one device), and a one-device checkpoint scattered over two devices.
 */
class TwoDeviceCheckpointTest {

    /** The small net for 5 classes: fc8 splits unevenly (2 + 3), as a real run's may. */
    private static final NetSpec SPEC = Architectures.small(5);
    private static final String FINGERPRINT = new NetIdentity("small", List.of(), 5).fingerprint();

    @TempDir
    Path dir;

    @Test
    void theGatheredNetGivesTheTwoDeviceNetsOutputs() throws IOException {
        int batch = 2;
        Random random = new Random(3L);
        try (TwoDeviceNet two = new TwoDeviceNet(SPEC, batch, 42L, 1);
             JvmExecutor executor = new JvmExecutor(1)) {
            two.initialize(7L);
            for (Param param : two.params()) {
                for (int i = 0; i < param.size(); i++) {
                    param.velocity()[i] = (float) random.nextGaussian();
                }
            }
            Path file = dir.resolve("checkpoint.bin");
            Checkpoint.save(file, FINGERPRINT, Map.of(), two.params());

            Net one = new Net(SPEC, batch, 42L);
            ParameterLayout.load(Checkpoint.read(file, FINGERPRINT), one);

            Net expected = new Net(SPEC, 1, 42L);
            two.storeInto(expected.params());
            for (int p = 0; p < one.params().size(); p++) {
                assertArrayEquals(expected.params().get(p).value(), one.params().get(p).value(), 0f,
                        one.params().get(p).name());
                assertArrayEquals(expected.params().get(p).velocity(), one.params().get(p).velocity(), 0f,
                        one.params().get(p).name() + " velocity");
            }
            for (int i = 0; i < batch * SPEC.input().size(); i++) {
                float x = (float) random.nextGaussian();
                one.input().data()[i] = x;
                two.input().data()[i] = x;
            }
            Layer.Pass test = new Layer.Pass(false, 0);
            one.forward(new int[batch], batch, test, executor);
            two.forward(new int[batch], batch, test, executor);
            // Exact: each device computes its outputs with the same kernels and summation order as one device.
            float[] logits = one.blob(one.layers().size() - 1).data();
            assertTrue(Math.abs(logits[0]) + Math.abs(logits[1]) > 0, "zero logits would prove nothing");
            assertArrayEquals(java.util.Arrays.copyOf(two.probabilities(), batch * 5),
                    java.util.Arrays.copyOf(one.probabilities(), batch * 5), 0f);
        }
    }

    @Test
    void aOneDeviceCheckpointIsScatteredOverTwoDevices() throws IOException {
        Net one = new Net(SPEC, 1, 42L);
        one.initialize(7L);
        Random random = new Random(4L);
        for (Param param : one.params()) {
            for (int i = 0; i < param.size(); i++) {
                param.velocity()[i] = (float) random.nextGaussian();
            }
        }
        Path file = dir.resolve("checkpoint.bin");
        Checkpoint.save(file, FINGERPRINT, Map.of(), one.params());
        try (TwoDeviceNet two = new TwoDeviceNet(SPEC, 1, 42L, 1)) {
            ParameterLayout.load(Checkpoint.read(file, FINGERPRINT), two);
            Net gathered = new Net(SPEC, 1, 42L);
            two.storeInto(gathered.params());
            for (int p = 0; p < one.params().size(); p++) {
                assertArrayEquals(one.params().get(p).value(), gathered.params().get(p).value(), 0f);
                assertArrayEquals(one.params().get(p).velocity(), gathered.params().get(p).velocity(), 0f);
            }
        }
    }

    @Test
    void aTwoDeviceCheckpointWithoutATensorIsRefusedNamingIt() throws IOException {
        try (TwoDeviceNet two = new TwoDeviceNet(SPEC, 1, 42L, 1)) {
            List<Param> params = two.params();
            Path file = dir.resolve("checkpoint.bin");
            Checkpoint.save(file, FINGERPRINT, Map.of(), params.subList(0, params.size() - 1));
            Checkpoint.CheckpointException e = assertThrows(Checkpoint.CheckpointException.class,
                    () -> ParameterLayout.load(Checkpoint.read(file, FINGERPRINT), new Net(SPEC, 1, 42L)));
            assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("jvm1/fc8.bias"),
                    e.getMessage());
        }
    }
}
