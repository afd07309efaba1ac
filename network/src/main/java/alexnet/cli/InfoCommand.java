package alexnet.cli;

import alexnet.net.spec.LayerInfo;
import alexnet.net.spec.NetSpec;
import alexnet.net.spec.WeightInit;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code alexnet info}: the layer table of a net (shapes, parameters, neurons, FLOPs). */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Print the layer table of a net: output shapes, parameters, neurons, forward FLOPs.")
final class InfoCommand implements Callable<Integer> {

    @Mixin
    NetOptions netOptions = new NetOptions();

    @Override
    public Integer call() {
        NetSpec net = netOptions.spec();
        print(net, System.out);
        return 0;
    }

    static void print(NetSpec net, PrintStream out) {
        List<LayerInfo> table = net.describe();
        out.printf("%s: input %s, %d classes%n", net.name(), net.input(), net.classes());
        out.printf("weights: %s; input: mean-subtracted pixels (0-255)%s%n", initialisation(net.init()),
                net.inputScale() == 1f ? "" : String.format(" scaled by %s", scale(net.inputScale())));
        out.printf("%-7s %-34s %-12s %12s %10s %14s%n", "layer", "type", "output", "parameters", "neurons", "forward FLOPs");
        long parameters = 0;
        long neurons = 0;
        long flops = 0;
        for (LayerInfo row : table) {
            out.printf("%-7s %-34s %-12s %,12d %,10d %,14d%n", row.spec().name(), row.spec().type(),
                    row.output(), row.parameters(), row.neurons(), row.forwardFlops());
            parameters += row.parameters();
            neurons += row.neurons();
            flops += row.forwardFlops();
        }
        out.printf("%-7s %-34s %-12s %,12d %,10d %,14d%n", "total", "", "", parameters, neurons, flops);
        out.printf("A training step costs about 3x the forward FLOPs: %.2f GFLOP per image.%n", 3 * flops / 1e9);
    }

    private static String initialisation(WeightInit init) {
        return switch (init) {
            case PAPER -> "Gaussian, standard deviation 0.01 (the paper)";
            case HE -> "Gaussian, standard deviation sqrt(2 / fan-in) (He et al. 2015; with the paper's 0.01 this net "
                    + "stays at chance)";
        };
    }

    /** 0.015625 as 1/64. */
    private static String scale(float factor) {
        float inverse = 1f / factor;
        return inverse == Math.rint(inverse) ? "1/" + (int) inverse : Float.toString(factor);
    }
}
