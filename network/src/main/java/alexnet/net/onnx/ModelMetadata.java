package alexnet.net.onnx;

import alexnet.data.PcaLighting;
import alexnet.data.TrainingStatistics;
import alexnet.net.spec.Architectures;
import alexnet.net.spec.LayerSpec;
import alexnet.net.train.NetIdentity;
import alexnet.net.train.TrainedModel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What an exported model states beside its graph, in ONNX's metadata_props: which net it is, how an
 * image becomes its input, what its output means, and the class names. Import reads the same keys
 * back; a model from elsewhere has none of them, and import then assumes what its options say.
 */
final class ModelMetadata {

    static final String NET = "net";
    static final String ABLATIONS = "ablations";
    static final String CHANNEL_ORDER = "channel_order";
    static final String STORED_SIZE = "stored_size";
    static final String CROP_SIZE = "crop_size";
    static final String INPUT_SCALE = "input_scale";
    static final String MEAN_IMAGE = "mean_image";
    static final String MEAN_RGB = "mean_rgb";
    static final String LIGHTING_COVARIANCE = "lighting_covariance";
    static final String CLASS_NAMES = "class_names";
    static final String PREPROCESSING = "preprocessing";
    static final String OUTPUT = "output";
    static final String TEST_TIME_DROPOUT = "test_time_dropout";
    static final String TRAINED_EPOCHS = "trained_epochs";

    private ModelMetadata() {
    }

    /** The metadata of {@code model}'s export. */
    static Map<String, String> of(TrainedModel model) {
        TrainingStatistics statistics = model.statistics();
        int stored = statistics.storedSize();
        int crop = model.net().spec().input().height();
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(NET, model.identity().base());
        properties.put(ABLATIONS, model.identity().ablations().stream().map(Architectures.Ablation::label)
                .collect(Collectors.joining(",")));
        properties.put(TRAINED_EPOCHS, Integer.toString(model.epoch()));
        properties.put(PREPROCESSING, String.format(Locale.ROOT, "Decode to 8-bit RGB; rescale so that the shorter "
                + "side is %d and keep the central %dx%d square; take a %dx%d crop (the centre, or the paper's 10 "
                + "views: the 4 corners, the centre and their mirror images, softmax averaged); subtract %s (the "
                + "training set's mean image, 3x%dx%d, CHW, RGB, 0..255) at the crop's position; multiply by %s; "
                + "feed as NCHW float32.", stored, stored, stored, crop, crop, MEAN_IMAGE, stored, stored,
                INPUT_SCALE));
        properties.put(CHANNEL_ORDER, "RGB");
        properties.put(STORED_SIZE, Integer.toString(stored));
        properties.put(CROP_SIZE, Integer.toString(crop));
        properties.put(INPUT_SCALE, Float.toString(model.net().spec().inputScale()));
        properties.put(MEAN_IMAGE, encode(statistics.meanImage()));
        properties.put(MEAN_RGB, Arrays.stream(meanPerChannel(statistics.meanImage()))
                .mapToObj(v -> String.format(Locale.ROOT, "%.3f", v)).collect(Collectors.joining(",")));
        properties.put(LIGHTING_COVARIANCE, Arrays.stream(statistics.pca().covariance()).flatMapToDouble(Arrays::stream)
                .mapToObj(Double::toString).collect(Collectors.joining(",")));
        properties.put(OUTPUT, "logits: fc8's outputs, one row per image, in the order of " + CLASS_NAMES
                + "; no softmax is applied (softmax of the logits gives the probabilities the net was trained on)");
        boolean dropout = model.net().spec().layers().stream().anyMatch(LayerSpec.Dropout.class::isInstance);
        properties.put(TEST_TIME_DROPOUT, dropout ? "the paper's: at test time every neuron is kept and its output "
                + "multiplied by 1 - p = 0.5, the Mul nodes after fc6's and fc7's ReLU" : "none (no dropout layers)");
        StringBuilder classes = new StringBuilder();
        for (int c = 0; c < model.wnids().size(); c++) {
            classes.append(model.wnids().get(c)).append('\t').append(model.classNames().get(c)).append('\n');
        }
        properties.put(CLASS_NAMES, classes.toString());
        return properties;
    }

    /** The net {@code properties} name, if they name one. */
    static Optional<NetIdentity> identity(Map<String, String> properties, int classes) {
        String base = properties.get(NET);
        if (base == null) {
            return Optional.empty();
        }
        String labels = properties.getOrDefault(ABLATIONS, "");
        List<Architectures.Ablation> ablations = labels.isEmpty() ? List.of()
                : Arrays.stream(labels.split(",")).map(Architectures.Ablation::parse).toList();
        Architectures.base(base, classes); // refuses an unknown base by name
        return Optional.of(new NetIdentity(base, ablations, classes));
    }

    /** The training statistics {@code properties} carry (mean image, lighting), if they carry a mean image. */
    static Optional<TrainingStatistics> statistics(Map<String, String> properties) {
        String mean = properties.get(MEAN_IMAGE);
        if (mean == null) {
            return Optional.empty();
        }
        int stored = Integer.parseInt(required(properties, STORED_SIZE));
        double[][] covariance = new double[3][3];
        String lighting = properties.get(LIGHTING_COVARIANCE);
        if (lighting != null) {
            String[] values = lighting.split(",");
            if (values.length != 9) {
                throw new IllegalArgumentException(LIGHTING_COVARIANCE + " has " + values.length + " values, not 9");
            }
            for (int i = 0; i < 9; i++) {
                covariance[i / 3][i % 3] = Double.parseDouble(values[i]);
            }
        }
        return Optional.of(new TrainingStatistics(stored, 0, decode(mean), PcaLighting.fromCovariance(covariance)));
    }

    /** The classes {@code properties} list, each as {wnid, name}, in the output's order. */
    static Optional<List<String[]>> classes(Map<String, String> properties) {
        String lines = properties.get(CLASS_NAMES);
        return lines == null ? Optional.empty() : Optional.of(ClassList.parse(lines));
    }

    static int trainedEpochs(Map<String, String> properties) {
        return Integer.parseInt(properties.getOrDefault(TRAINED_EPOCHS, "0"));
    }

    static Optional<String> channelOrder(Map<String, String> properties) {
        return Optional.ofNullable(properties.get(CHANNEL_ORDER));
    }

    static Optional<Float> inputScale(Map<String, String> properties) {
        return Optional.ofNullable(properties.get(INPUT_SCALE)).map(Float::parseFloat);
    }

    private static String required(Map<String, String> properties, String key) {
        String value = properties.get(key);
        if (value == null) {
            throw new IllegalArgumentException("its metadata has " + MEAN_IMAGE + " but no " + key);
        }
        return value;
    }

    /** The mean of each channel of a CHW mean image. */
    static double[] meanPerChannel(float[] meanImage) {
        int plane = meanImage.length / 3;
        double[] means = new double[3];
        for (int i = 0; i < meanImage.length; i++) {
            means[i / plane] += meanImage[i] / (double) plane;
        }
        return means;
    }

    /** Float32 values as base64 of their little-endian bytes: a metadata value is a string. */
    private static String encode(float[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        return Base64.getEncoder().encodeToString(bytes.array());
    }

    private static float[] decode(String base64) {
        byte[] bytes = Base64.getDecoder().decode(base64);
        float[] values = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return values;
    }
}
