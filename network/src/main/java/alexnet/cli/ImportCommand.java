package alexnet.cli;

import alexnet.data.PcaLighting;
import alexnet.data.TrainingStatistics;
import alexnet.net.onnx.ClassList;
import alexnet.net.onnx.OnnxImport;
import alexnet.net.train.NetIdentity;
import alexnet.net.train.TrainedModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code alexnet import --onnx FILE --run DIR}: a run folder from an ONNX AlexNet (this project's export,
 * or a model of the paper's architecture from elsewhere, such as Caffe's bvlc_alexnet converted to ONNX).
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Make a run folder (checkpoint, statistics, class names) from an ONNX AlexNet, for eval, "
                + "classify and export. The graph must be one of the nets this project describes (alexnet or small, "
                + "with any ablations; caffe-lrn for Caffe's bvlc_alexnet); another is refused, naming where it "
                + "differs. What the model's metadata does not state (this project's export states everything) is "
                + "assumed as Caffe's models have it: BGR input, and the mean pixel of --mean."})
final class ImportCommand implements Callable<Integer> {

    /** Caffe's ImageNet mean (python/caffe/imagenet/ilsvrc_2012_mean.npy averaged per channel), here in RGB order. */
    private static final List<Float> CAFFE_MEAN_RGB = List.of(122.679f, 116.669f, 104.007f);

    @Option(names = "--onnx", required = true, paramLabel = "FILE", description = "The ONNX model.")
    Path onnx;

    @Option(names = "--run", required = true, paramLabel = "DIR", description = "The run folder to make; it must "
            + "not hold a checkpoint.")
    Path run;

    @Option(names = "--classes", paramLabel = "FILE", description = "The class of each output, one a line: "
            + "'wnid<TAB>name' (a run's classes.tsv), 'wnid name' (Caffe's synset_words.txt) or a name. "
            + "Default: the model's metadata.")
    Path classes;

    @Option(names = "--channel-order", paramLabel = "RGB|BGR", description = "The colour order the model's first "
            + "layer takes; BGR is turned into the RGB of every run. Default: the model's metadata, else BGR "
            + "(Caffe's models).")
    String channelOrder;

    @Option(names = "--mean", split = ",", paramLabel = "R,G,B", hideParamSyntax = true, description = "The mean pixel (0..255, RGB order) "
            + "subtracted from every pixel, when the model's metadata has no mean image. Default: Caffe's ImageNet "
            + "mean, 122.679,116.669,104.007 (its 104, 117, 123 in BGR).")
    List<Float> meanPixel;

    @Override
    public Integer call() throws Exception {
        if (meanPixel != null && meanPixel.size() != 3) {
            throw new IllegalArgumentException("--mean takes 3 values (R,G,B), not " + meanPixel.size());
        }
        if (channelOrder != null) {
            channelOrder = channelOrder.toUpperCase(Locale.ROOT);
            if (!channelOrder.equals("RGB") && !channelOrder.equals("BGR")) {
                throw new IllegalArgumentException("--channel-order " + channelOrder + ": expected RGB or BGR");
            }
        }
        OnnxImport.Imported imported = OnnxImport.read(onnx, channelOrder);
        NetIdentity identity = imported.identity();
        List<String[]> classList = classList(imported, identity.classes());
        Mean mean = mean(imported, identity.base());
        TrainedModel.create(run, identity, imported.net(), Map.of("epoch", Integer.toString(imported.epochs()),
                "seed", "1", "imported_from", onnx.toAbsolutePath().normalize().toString()), mean.statistics(),
                classList.stream().map(c -> c[0]).toList(), classList.stream().map(c -> c[1]).toList());
        System.out.printf("imported %s into %s: %s, %d classes%n", onnx, run, identity.fingerprint(),
                identity.classes());
        System.out.printf("  colour order: %s%n", imported.channelOrder().equals("RGB") ? "RGB"
                : "BGR, conv1's input channels reversed to take RGB");
        System.out.printf("  mean: %s%n", mean.source());
        return 0;
    }

    private List<String[]> classList(OnnxImport.Imported imported, int count) throws IOException {
        List<String[]> list;
        String source;
        if (classes != null) {
            if (!Files.isRegularFile(classes)) {
                throw new IllegalArgumentException("--classes " + classes + ": no such file");
            }
            list = ClassList.parse(Files.readString(classes, StandardCharsets.UTF_8));
            source = "--classes " + classes;
        } else {
            list = imported.classes().orElseThrow(() -> new IllegalArgumentException(onnx
                    + ": its metadata names no classes; give them with --classes FILE (one a line, in the order of "
                    + "its outputs)"));
            source = onnx + "'s metadata";
        }
        if (list.size() != count) {
            throw new IllegalArgumentException(source + ": " + list.size() + " classes, the model has " + count
                    + " outputs");
        }
        return list;
    }

    /** The statistics of the run (mean image, lighting) and, for the report, where its mean came from. */
    private record Mean(TrainingStatistics statistics, String source) {
    }

    /** The model's mean image and lighting, or else a mean pixel: --mean's or Caffe's. */
    private Mean mean(OnnxImport.Imported imported, String base) {
        if (meanPixel == null && imported.statistics().isPresent()) {
            return new Mean(imported.statistics().get(), "the model's mean image");
        }
        List<Float> pixel = meanPixel != null ? meanPixel : CAFFE_MEAN_RGB;
        int size = CacheOptions.defaultStoredSize(base);
        float[] image = new float[3 * size * size];
        for (int c = 0; c < 3; c++) {
            Arrays.fill(image, c * size * size, (c + 1) * size * size, pixel.get(c));
        }
        return new Mean(new TrainingStatistics(size, 0, image, PcaLighting.fromCovariance(new double[3][3])),
                "the pixel " + pixel + " (RGB, 0..255" + (meanPixel != null ? ")" : "), Caffe's ImageNet mean"));
    }
}
