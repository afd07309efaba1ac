package alexnet.net.spec;

import java.util.Locale;

/** How a net's weights are drawn: zero-mean Gaussians whose standard deviation this chooses. */
public enum WeightInit {
    /** The paper: standard deviation 0.01 in every layer. */
    PAPER {
        @Override
        public double stddev(int fanIn) {
            return 0.01;
        }
    },
    /**
     * He et al. (2015): sqrt(2 / fan-in), which keeps ReLU activations at a constant scale
     * from layer to layer. The small net uses it: with 0.01 its activations shrink layer by layer
     * until the biases of 1 drown them, and it stays at chance for epochs (measured).
     */
    HE {
        @Override
        public double stddev(int fanIn) {
            return Math.sqrt(2.0 / fanIn);
        }
    };

    /** Standard deviation for a layer whose every output reads {@code fanIn} inputs. */
    public abstract double stddev(int fanIn);

    /** Command-line spelling: paper, he. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static WeightInit parse(String label) {
        for (WeightInit init : values()) {
            if (init.label().equals(label)) {
                return init;
            }
        }
        throw new IllegalArgumentException("unknown weight initialisation '" + label + "' (expected paper or he)");
    }
}
