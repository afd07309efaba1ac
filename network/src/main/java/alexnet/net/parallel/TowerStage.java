package alexnet.net.parallel;

import alexnet.net.Blob;
import alexnet.net.Layer;
import alexnet.net.spec.LayerSpec;
import java.util.List;

/**
 * One entry of a device's program in {@link TwoDeviceNet#tower}, as another executor (TornadoVM)
 * needs to see it: a layer of the tower, or this device's end of an exchange.
 */
public sealed interface TowerStage {

    /**
     * A layer of the tower, {@code name} as in the description: {@code spec} is the tower's own description (a split conv or fc layer has
     * the device's share of the outputs and groups 1), {@code layer} holds its parameters.
     */
    record Compute(String name, LayerSpec spec, Layer layer, Blob in, Blob out, boolean propagateDown)
            implements TowerStage {
    }

    /**
     * This device's end of an exchange: forward, its {@code own} blob holds channels of every example
     * that go to {@code offset .. offset + length} of every example of both devices' {@code received}
     * blobs (per example: {@code received} holds {@code received.shape().size()} floats, {@code own}
     * holds {@code length}); backward, {@code own.grad()} is the sum of both devices' received gradients
     * at that place when {@code reduce}, else this device's own received gradient there.
     */
    record Transfer(String point, Blob own, Blob received, int offset, int length, boolean reduce)
            implements TowerStage {

        /**
         * Forward, on the host, for every device's end of one exchange at once: each device's slice
         * of every example goes into its place in every device's {@code received} blob.
         */
        public static void gather(List<Transfer> ends, int batch) {
            for (Transfer from : ends) {
                int whole = from.received.shape().size();
                for (Transfer to : ends) {
                    for (int n = 0; n < batch; n++) {
                        System.arraycopy(from.own.data(), n * from.length, to.received.data(), n * whole + from.offset,
                                from.length);
                    }
                }
            }
        }

        /**
         * Backward, on the host, for both devices' ends of one exchange at once: each device's
         * {@code own.grad()} becomes device 0's received gradient at its place plus device 1's (in
         * that order, as the JVM devices add them), or, without {@code reduce}, its own.
         */
        public static void scatterGradients(List<Transfer> ends, int batch) {
            float[] first = ends.get(0).received.grad();
            float[] second = ends.get(1).received.grad();
            for (Transfer to : ends) {
                int whole = to.received.shape().size();
                float[] mine = to.own.grad();
                for (int n = 0; n < batch; n++) {
                    int from = n * whole + to.offset;
                    int at = n * to.length;
                    if (!to.reduce) {
                        System.arraycopy(to.received.grad(), from, mine, at, to.length);
                        continue;
                    }
                    for (int j = 0; j < to.length; j++) {
                        mine[at + j] = first[from + j] + second[from + j];
                    }
                }
            }
        }
    }
}
