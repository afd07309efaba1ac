package alexnet.net.train;

import alexnet.net.spec.Architectures;
import alexnet.net.spec.NetSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How a run names its net, so that a checkpoint can rebuild it: the base net, the ablations and
 * the class count; and a fingerprint of the full description that a checkpoint must match. Serializable:
 * the workers of a cluster build their replicas of the net from it.
 */
public record NetIdentity(String base, List<Architectures.Ablation> ablations, int classes)
        implements java.io.Serializable {

    public NetSpec spec() {
        return Architectures.variant(base, classes, ablations);
    }

    /** "small-no-lrn/3f9c0a..." : the name, and a hash of every layer's description. */
    public String fingerprint() {
        NetSpec spec = spec();
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(spec.toString().getBytes(StandardCharsets.UTF_8));
            return spec.name() + "/" + spec.classes() + "/" + HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    void writeTo(Map<String, String> state) {
        state.put("net.base", base);
        state.put("net.ablations", ablations.stream().map(Architectures.Ablation::label).collect(Collectors.joining(",")));
        state.put("net.classes", Integer.toString(classes));
    }

    static NetIdentity readFrom(Map<String, String> state) {
        String labels = state.getOrDefault("net.ablations", "");
        List<Architectures.Ablation> ablations = labels.isEmpty() ? List.of()
                : Arrays.stream(labels.split(",")).map(Architectures.Ablation::parse).toList();
        return new NetIdentity(state.get("net.base"), ablations, Integer.parseInt(state.get("net.classes")));
    }
}
