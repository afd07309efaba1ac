package alexnet.net.parallel;

import alexnet.net.spec.LayerSpec;
import alexnet.net.spec.NetSpec;
import alexnet.net.spec.Shape;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A two-device run's parameters as its checkpoint holds them (device 0's tower, then device 1's:
 * "jvm0/conv1.weight", ...), gathered into the one-device net's layout without building the towers,
 * so that everything that reads a one-device checkpoint (eval, classify, export) reads theirs too.
 * The slices are {@link TwoDeviceNet}'s own ({@link OutputSlices}).
 */
public final class TowerParameters {

    private TowerParameters() {
    }

    /** Whether {@code names} are a two-device net's parameters: each belongs to one of the devices. */
    public static boolean areTowers(Collection<String> names) {
        return !names.isEmpty() && names.stream().allMatch(name -> deviceOf(name) >= 0);
    }

    private static int deviceOf(String name) {
        for (int d = 0; d < TwoDeviceNet.DEVICES; d++) {
            if (name.startsWith(JvmDevice.name(d) + "/")) {
                return d;
            }
        }
        return -1;
    }

    /**
     * Fills {@code oneDevice}, the tensors of {@code Net.params()} of {@code spec} (values, or
     * velocities) in their order, from the towers' tensors by name; refuses, naming the tensor, one
     * that is missing or of the wrong size, and tensors that no layer of {@code spec} has.
     */
    public static void gather(NetSpec spec, Map<String, float[]> tower, List<float[]> oneDevice) {
        Shape shape = spec.input();
        int next = 0;
        int used = 0;
        for (LayerSpec layer : spec.layers()) {
            Shape out = layer.output(shape);
            if (layer instanceof LayerSpec.Conv || layer instanceof LayerSpec.FullyConnected) {
                OutputSlices slices = new OutputSlices(layer instanceof LayerSpec.FullyConnected, out.channels());
                float[] weight = oneDevice.get(next++);
                float[] bias = oneDevice.get(next++);
                for (int d = 0; d < TwoDeviceNet.DEVICES; d++) {
                    int width = slices.hi(d) - slices.lo(d);
                    slices.copy(d, true, weight, part(tower, d, layer, "weight", weight.length / out.channels() * width),
                            false);
                    slices.copy(d, false, bias, part(tower, d, layer, "bias", width), false);
                    used += 2;
                }
            }
            shape = out;
        }
        if (used != tower.size()) {
            throw new IllegalArgumentException("it holds " + tower.size() + " parameters, a two-device "
                    + spec.name() + " has " + used);
        }
    }

    private static float[] part(Map<String, float[]> tower, int d, LayerSpec layer, String kind, int size) {
        String name = JvmDevice.name(d) + "/" + layer.name() + "." + kind;
        float[] values = tower.get(name);
        if (values == null) {
            throw new IllegalArgumentException("parameter " + name + " is missing");
        }
        if (values.length != size) {
            throw new IllegalArgumentException("parameter " + name + "[" + values.length + "] where a two-device "
                    + "net has " + size + " values");
        }
        return values;
    }
}
