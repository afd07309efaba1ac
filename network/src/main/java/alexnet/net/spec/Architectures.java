package alexnet.net.spec;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * The paper's net and the nets derived from it. Every variant is a transformation of a
 * description, so an ablation reads as the one thing it changes.
 */
public final class Architectures {

    private Architectures() {
    }

    /**
     * Figure 2 of the paper: 60,965,224 parameters. Input 227x227 (not the 224 the paper
     * writes), the size for which conv1's 11x11 stride-4 kernels give exactly 55x55 maps.
     * {@code groups 2} is the two-GPU split: conv2, conv4, conv5 read only their own half, and
     * LRN normalizes each GPU's maps on their own.
     */
    public static NetSpec alexnet(int classes) {
        return NetSpec.input("alexnet", 3, 227, classes)
                .conv("conv1", 96, 11, 4, 0, 1, 0f).relu("relu1").lrn("norm1", 2).maxPool("pool1", 3, 2)
                .conv("conv2", 256, 5, 1, 2, 2, 1f).relu("relu2").lrn("norm2", 2).maxPool("pool2", 3, 2)
                .conv("conv3", 384, 3, 1, 1, 1, 0f).relu("relu3")
                .conv("conv4", 384, 3, 1, 1, 2, 1f).relu("relu4")
                .conv("conv5", 256, 3, 1, 1, 2, 1f).relu("relu5").maxPool("pool5", 3, 2)
                .fc("fc6", 4096, 1f).relu("relu6").dropout("drop6", 0.5f)
                .fc("fc7", 4096, 1f).relu("relu7").dropout("drop7", 0.5f)
                .fc("fc8", classes, 0f).softmax("prob");
    }

    /**
     * The same eight-layer shape scaled down for small images (57x57 crops of 64x64 images)
     * and few classes: what the default run and the tests train on a 2-core machine. Its weights
     * start as He et al.'s, not the paper's 0.01 (see {@link WeightInit#HE}), and so its input
     * pixels are scaled by 1/64 to about unit variance, which He's initialisation assumes.
     */
    public static NetSpec small(int classes) {
        return NetSpec.input("small", 3, 57, classes)
                .conv("conv1", 48, 5, 2, 0, 1, 0f).relu("relu1").lrn("norm1", 2).maxPool("pool1", 3, 2)
                .conv("conv2", 64, 5, 1, 2, 2, 1f).relu("relu2").lrn("norm2", 2).maxPool("pool2", 3, 2)
                .conv("conv3", 96, 3, 1, 1, 1, 0f).relu("relu3")
                .conv("conv4", 96, 3, 1, 1, 2, 1f).relu("relu4")
                .conv("conv5", 64, 3, 1, 1, 2, 1f).relu("relu5").maxPool("pool5", 3, 2)
                .fc("fc6", 256, 1f).relu("relu6").dropout("drop6", 0.5f)
                .fc("fc7", 256, 1f).relu("relu7").dropout("drop7", 0.5f)
                .fc("fc8", classes, 0f).softmax("prob")
                .withInit(WeightInit.HE).withInputScale(1f / 64);
    }

    /** A base net by name: "alexnet" or "small". */
    public static NetSpec base(String name, int classes) {
        return switch (name) {
            case "alexnet" -> alexnet(classes);
            case "small" -> small(classes);
            default -> throw new IllegalArgumentException("unknown net '" + name + "' (expected alexnet or small)");
        };
    }

    /** The paper's ablations, each a change to a description. */
    public enum Ablation {
        /** No local response normalization (the paper: +1.4% top-1 error). */
        NO_LRN(layer -> layer instanceof LayerSpec.Lrn ? null : layer),
        /** Pooling 2/2 instead of the overlapping 3/2 (the paper: +0.4% top-1); same map sizes. */
        NO_OVERLAP(layer -> layer instanceof LayerSpec.MaxPool pool
                ? new LayerSpec.MaxPool(pool.name(), 2, 2) : layer),
        /** No dropout in fc6 and fc7 (the paper: overfits badly). */
        NO_DROPOUT(layer -> layer instanceof LayerSpec.Dropout ? null : layer),
        /** tanh instead of ReLU everywhere (the paper: six times slower to reach 25% on CIFAR-10). */
        TANH(layer -> layer instanceof LayerSpec.Relu relu ? new LayerSpec.Tanh(relu.name()) : layer),
        /**
         * The paper's one-GPU comparison: half the kernels in conv1..conv4, each reading all
         * maps below it; conv5 and the fc layers keep their size, as the paper's footnote says,
         * so that both nets have about as many parameters.
         */
        ONE_GPU(layer -> {
            if (layer instanceof LayerSpec.Conv conv) {
                int kernels = conv.name().equals("conv5") ? conv.kernels() : conv.kernels() / 2;
                return new LayerSpec.Conv(conv.name(), kernels, conv.size(), conv.stride(), conv.pad(), 1, conv.biasInit());
            }
            if (layer instanceof LayerSpec.Lrn lrn) {
                return LayerSpec.Lrn.paper(lrn.name(), 1);
            }
            return layer;
        }),
        /**
         * Not the paper's: LRN as Caffe's reference model (bvlc_alexnet) has it, k = 1 and alpha 1e-4
         * divided by the window's 5 maps (Caffe's formula divides, the paper's does not), over all the maps of
         * a layer rather than each GPU's. The net that model and the ONNX files converted from it are.
         */
        CAFFE_LRN(layer -> layer instanceof LayerSpec.Lrn lrn
                ? new LayerSpec.Lrn(lrn.name(), lrn.n(), 1f, 1e-4f / lrn.n(), lrn.beta(), 1) : layer);

        private final UnaryOperator<LayerSpec> change;

        Ablation(UnaryOperator<LayerSpec> change) {
            this.change = change;
        }

        /** Command-line spelling: no-lrn, no-overlap, no-dropout, tanh, one-gpu, caffe-lrn. */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Ablation parse(String label) {
            return Arrays.stream(values()).filter(a -> a.label().equals(label)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown ablation '" + label + "' (expected one of "
                            + Arrays.stream(values()).map(Ablation::label).toList() + ")"));
        }

        public NetSpec applyTo(NetSpec net) {
            return net.mapLayers(net.name() + "-" + label(), change);
        }
    }

    /** {@code base} with each ablation applied in turn. */
    public static NetSpec variant(String base, int classes, List<Ablation> ablations) {
        NetSpec net = base(base, classes);
        for (Ablation ablation : ablations) {
            net = ablation.applyTo(net);
        }
        return net;
    }
}
