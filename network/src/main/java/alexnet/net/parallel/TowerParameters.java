package alexnet.net.parallel;

import alexnet.net.spec.LayerSpec;
import alexnet.net.spec.NetSpec;
import alexnet.net.spec.Shape;
import java.util.Collection;
import java.util.Map;

/**
 * A two-device net's parameters ("jvm0/conv1.weight", ...: each device's half of every conv and fc
 * layer, as its checkpoints hold them) gathered into the one-device layout ("conv1.weight", ...) and
 * scattered back, by name, without building the towers: so that everything that reads a one-device
 * checkpoint reads a two-device one, and a run resumes on either number of devices. The slices are
 * {@link TwoDeviceNet}'s own ({@link OutputSlices}).
 */
public final class TowerParameters {

    private TowerParameters() {
    }

    /** Whether {@code names} are a two-device net's parameters: each belongs to one of the devices. */
    public static boolean areTowers(Collection<String> names) {
        return !names.isEmpty() && names.stream().allMatch(TowerParameters::isTower);
    }

    private static boolean isTower(String name) {
        for (int d = 0; d < TwoDeviceNet.DEVICES; d++) {
            if (name.startsWith(JvmDevice.name(d) + "/")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Fills the one-device tensors {@code whole} (values, or velocities, by name) from the towers'
     * {@code towers}; refuses, naming the tensor, one of {@code towers} that is missing or of the wrong
     * size, and tensors in {@code towers} that no layer of {@code spec} has.
     */
    public static void gather(NetSpec spec, Map<String, float[]> towers, Map<String, float[]> whole) {
        copy(spec, whole, towers, false);
    }

    /** The other way: fills the towers' tensors {@code towers} from the one-device {@code whole}, checked alike. */
    public static void scatter(NetSpec spec, Map<String, float[]> whole, Map<String, float[]> towers) {
        copy(spec, whole, towers, true);
    }

    private static void copy(NetSpec spec, Map<String, float[]> whole, Map<String, float[]> towers, boolean toDevice) {
        Map<String, float[]> source = toDevice ? whole : towers;
        Shape shape = spec.input();
        int used = 0;
        for (LayerSpec layer : spec.layers()) {
            Shape out = layer.output(shape);
            if (layer instanceof LayerSpec.Conv || layer instanceof LayerSpec.FullyConnected) {
                OutputSlices slices = new OutputSlices(layer instanceof LayerSpec.FullyConnected, out.channels());
                int perOutput = (int) (layer.parameters(shape) / out.channels() - 1);
                float[] weight = tensor(whole, layer.name() + ".weight", perOutput * out.channels());
                float[] bias = tensor(whole, layer.name() + ".bias", out.channels());
                for (int d = 0; d < TwoDeviceNet.DEVICES; d++) {
                    int width = slices.hi(d) - slices.lo(d);
                    String prefix = JvmDevice.name(d) + "/" + layer.name();
                    slices.copy(d, true, weight, tensor(towers, prefix + ".weight", perOutput * width), toDevice);
                    slices.copy(d, false, bias, tensor(towers, prefix + ".bias", width), toDevice);
                }
                used += toDevice ? 2 : 2 * TwoDeviceNet.DEVICES;
            }
            shape = out;
        }
        if (used != source.size()) {
            throw new IllegalArgumentException("it holds " + source.size() + " parameters, "
                    + (toDevice ? "a one-device " : "a two-device ") + spec.name() + " has " + used);
        }
    }

    private static float[] tensor(Map<String, float[]> tensors, String name, int size) {
        float[] values = tensors.get(name);
        if (values == null) {
            throw new IllegalArgumentException("parameter " + name + " is missing");
        }
        if (values.length != size) {
            throw new IllegalArgumentException("parameter " + name + "[" + values.length + "] where the net has "
                    + size + " values");
        }
        return values;
    }
}
