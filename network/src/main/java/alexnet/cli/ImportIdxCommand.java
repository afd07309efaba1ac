package alexnet.cli;

import alexnet.data.IdxImport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code alexnet import-idx}: MNIST-format files (Fashion-MNIST, MNIST) into the ILSVRC layout that
 * {@code train --data} reads.
 */
@Command(name = "import-idx", mixinStandardHelpOptions = true,
        description = {"Write IDX image and label files (MNIST, Fashion-MNIST; gzipped or not) as a data set in the "
                + "ILSVRC layout: train/<wnid>/*.png, val/<wnid>/*.png, synset_words.txt.",
                "Grey images become 3-channel PNG. Wnids are n00000000, n00000001, ... (the labels)."})
final class ImportIdxCommand implements Callable<Integer> {

    @Option(names = "--images", required = true, description = "Training images (e.g. train-images-idx3-ubyte.gz).")
    Path images;

    @Option(names = "--labels", required = true, description = "Training labels (e.g. train-labels-idx1-ubyte.gz).")
    Path labels;

    @Option(names = "--test-images", description = "Images of the validation split (e.g. t10k-images-idx3-ubyte.gz).")
    Path testImages;

    @Option(names = "--test-labels", description = "Labels of the validation split.")
    Path testLabels;

    @Option(names = "--names", split = ",", description = "Class names in label order, comma-separated. "
            + "Default: the labels (0, 1, ...).")
    List<String> names = new ArrayList<>();

    @Option(names = "--size", defaultValue = "0", description = "Side of the written images (Lanczos rescaling). "
            + "Default: the files' own size; training needs no rescaling here, packing rescales to --stored-size.")
    int size;

    @Option(names = "--train-per-class", defaultValue = "0",
            description = "Keep only the first N training images of each class (0: all). Default: ${DEFAULT-VALUE}.")
    int trainPerClass;

    @Option(names = "--val-per-class", defaultValue = "0",
            description = "Likewise for the validation images. Default: ${DEFAULT-VALUE}.")
    int valPerClass;

    @Option(names = "--out", required = true, description = "Folder to write; must not exist or be empty.")
    Path out;

    @Override
    public Integer call() {
        if ((testImages == null) != (testLabels == null)) {
            throw new IllegalArgumentException("--test-images and --test-labels go together: give both or neither");
        }
        if (size < 0 || trainPerClass < 0 || valPerClass < 0) {
            throw new IllegalArgumentException("--size, --train-per-class and --val-per-class must not be negative");
        }
        IdxImport.write(out, new IdxImport.Split(images, labels),
                testImages == null ? null : new IdxImport.Split(testImages, testLabels),
                new IdxImport.Settings(names.stream().map(String::trim).toList(), size, trainPerClass, valPerClass));
        return 0;
    }
}
