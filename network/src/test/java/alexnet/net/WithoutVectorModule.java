package alexnet.net;

import alexnet.kernels.JvmExecutor;
import alexnet.kernels.host.HostGemm;
import alexnet.net.spec.Architectures;
import java.util.Random;

/**
 * A program using the jars as a library, started without {@code --add-modules jdk.incubator.vector}:
 * builds the small net (whose conv2-5 take Winograd's path when the module is there) and trains a step.
 * Run by {@link WithoutVectorModuleTest} in a JVM of its own.
 */
public final class WithoutVectorModule {

    private WithoutVectorModule() {
    }

    public static void main(String[] args) {
        Net net = new Net(Architectures.small(10), 2, 1);
        Random random = new Random(3);
        float[] input = net.input().data();
        for (int i = 0; i < input.length; i++) {
            input[i] = (float) random.nextGaussian();
        }
        try (JvmExecutor jvm = new JvmExecutor(1)) {
            float loss = net.trainStep(new int[] {1, 7}, 2, 0, 0.01f, 0.9f, 0.0005f, jvm);
            System.out.println("vector module " + HostGemm.VECTORIZED + ", loss " + loss);
        }
    }
}
