package alexnet.cli;

import alexnet.net.spec.Architectures;
import alexnet.net.spec.NetSpec;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options that choose a network description, shared by the subcommands. */
final class NetOptions {

    @Option(names = "--net", defaultValue = "alexnet",
            description = "Base net: alexnet (the paper's, 227x227 input) or small (57x57). Default: ${DEFAULT-VALUE}.")
    String net;

    @Option(names = "--classes", description = "Number of classes. Default: 1000 for alexnet (ImageNet), 10 for small "
            + "(the synthetic data set).")
    Integer classes;

    @Option(names = "--ablation", split = ",", converter = AblationConverter.class,
            description = "The paper's ablations, comma-separated: no-lrn, no-overlap, no-dropout, tanh, one-gpu; and "
                    + "caffe-lrn, LRN as Caffe's bvlc_alexnet has it.")
    List<Architectures.Ablation> ablations = new ArrayList<>();

    NetSpec spec() {
        int count = classes != null ? classes : net.equals("small") ? 10 : 1000;
        if (count < 1) {
            throw new IllegalArgumentException("--classes " + count + ": a net needs at least one class");
        }
        return Architectures.variant(net, count, ablations);
    }

    static final class AblationConverter implements picocli.CommandLine.ITypeConverter<Architectures.Ablation> {
        @Override
        public Architectures.Ablation convert(String value) {
            return Architectures.Ablation.parse(value);
        }
    }
}
