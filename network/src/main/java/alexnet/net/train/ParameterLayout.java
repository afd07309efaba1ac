package alexnet.net.train;

import alexnet.net.Network;
import alexnet.net.Param;
import alexnet.net.parallel.TowerParameters;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A checkpoint's parameters into a net, whichever of the two layouts each has: one device's
 * ("conv1.weight", ...) or a two-device run's, each device's half of every layer ("jvm0/conv1.weight",
 * ...). So eval, classify and export read a two-device run as they read a one-device one, and a run
 * resumes on either number of devices.
 */
final class ParameterLayout {

    private ParameterLayout() {
    }

    static void load(Checkpoint.Contents contents, Network net) throws Checkpoint.CheckpointException {
        List<Param> params = net.params();
        boolean storedInTowers = TowerParameters.areTowers(contents.params().keySet());
        if (storedInTowers == TowerParameters.areTowers(params.stream().map(Param::name).toList())) {
            contents.copyInto(params);
            return;
        }
        Map<String, float[]> values = new HashMap<>();
        Map<String, float[]> velocities = new HashMap<>();
        contents.params().forEach((name, stored) -> {
            values.put(name, stored.value());
            velocities.put(name, stored.velocity());
        });
        try {
            if (storedInTowers) {
                TowerParameters.gather(net.spec(), values, byName(params, Param::value));
                TowerParameters.gather(net.spec(), velocities, byName(params, Param::velocity));
            } else {
                TowerParameters.scatter(net.spec(), values, byName(params, Param::value));
                TowerParameters.scatter(net.spec(), velocities, byName(params, Param::velocity));
            }
        } catch (IllegalArgumentException e) {
            throw new Checkpoint.CheckpointException(contents.file(), (storedInTowers ? "a two-device" : "a one-device")
                    + " checkpoint: " + e.getMessage());
        }
    }

    private static Map<String, float[]> byName(List<Param> params, Function<Param, float[]> tensor) {
        Map<String, float[]> tensors = new HashMap<>();
        params.forEach(param -> tensors.put(param.name(), tensor.apply(param)));
        return tensors;
    }
}
