package alexnet.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns IDX image and label files (MNIST, Fashion-MNIST) into the ILSVRC folder layout that
 * {@link ImageNetFolder} reads, so that such a data set trains, evaluates and draws figures through
 * exactly the path ImageNet does:
 * <pre>
 * out/train/n00000003/n00000003_00042.png     image 42 of the training file, label 3
 * out/val/n00000003/n00000003_00007.png       image 7 of the test file, label 3
 * out/synset_words.txt                        "n00000003 Dress" per class
 * </pre>
 * Wnids are {@code n} and the label in 8 digits, so their sorted order (the label order of the loaders)
 * is the files' label order. Grey images are written as 3-channel PNG (lossless; the nets read RGB).
 * The folder is written beside {@code out} and renamed into place when complete.
 */
public final class IdxImport {
    private static final Logger log = LoggerFactory.getLogger(IdxImport.class);

    /** An image file and the label file that goes with it. */
    public record Split(Path images, Path labels) {
    }

    /**
     * @param classNames    one name per label, in label order; empty: the labels themselves ("0", "1", ...)
     * @param size          side of the written images; 0: the files' own size
     * @param trainPerClass the first this many training images of each class; 0: all
     * @param valPerClass   likewise for the validation images
     */
    public record Settings(List<String> classNames, int size, int trainPerClass, int valPerClass) {
        public Settings {
            classNames = List.copyOf(classNames);
            if (size < 0 || trainPerClass < 0 || valPerClass < 0) {
                throw new IllegalArgumentException("size and images per class must not be negative");
            }
            // synset_words.txt gives a class without a name its wnid, silently: refuse "a,,b" here instead.
            for (int c = 0; c < classNames.size(); c++) {
                if (classNames.get(c).isBlank()) {
                    throw new IllegalArgumentException("class name " + c + " is empty (names: " + classNames + ")");
                }
            }
        }
    }

    private IdxImport() {
    }

    public static String wnid(int label) {
        return String.format(Locale.ROOT, "n%08d", label);
    }

    /**
     * Writes the data set of {@code train} and, when not null, {@code val} (the validation split) to
     * {@code out}, which must not exist or be empty, and opens it.
     *
     * @throws DatasetException naming the file when an input is unusable, or {@code out} when it is taken
     */
    public static ImageNetFolder write(Path out, Split train, Split val, Settings settings) {
        requireEmpty(out);
        IdxFile[] trainFiles = readPair(train);
        IdxFile[] valFiles = val == null ? null : readPair(val);
        List<String> names = classNames(trainFiles[1], valFiles == null ? null : valFiles[1], settings.classNames());
        Path partial = out.toAbsolutePath().resolveSibling("." + out.getFileName() + ".partial");
        try {
            AtomicFiles.deleteRecursively(partial);
            List<String> words = new ArrayList<>();
            for (int c = 0; c < names.size(); c++) {
                words.add(wnid(c) + " " + names.get(c));
            }
            Files.createDirectories(partial);
            Files.write(partial.resolve("synset_words.txt"), words, StandardCharsets.UTF_8);
            int written = writeSplit(partial.resolve("train"), "train", trainFiles, names.size(), settings.size(),
                    settings.trainPerClass());
            int validation = valFiles == null ? 0 : writeSplit(partial.resolve("val"), "val", valFiles, names.size(),
                    settings.size(), settings.valPerClass());
            Files.deleteIfExists(out); // an empty folder, checked above
            Files.move(partial, out, StandardCopyOption.ATOMIC_MOVE);
            log.info("{}: {} classes, {} training and {} validation images from {}", out, names.size(), written,
                    validation, train.images());
        } catch (IOException | UncheckedIOException e) {
            throw new DatasetException(out + ": cannot write the data set (" + e.getMessage() + ")", e);
        }
        return ImageNetFolder.open(out);
    }

    private static void requireEmpty(Path out) {
        if (!Files.exists(out)) {
            return;
        }
        try (Stream<Path> entries = Files.isDirectory(out) ? Files.list(out) : Stream.of(out)) {
            if (entries.findAny().isPresent()) {
                throw new DatasetException(out + ": exists and is not an empty folder; choose another output folder "
                        + "or delete it");
            }
        } catch (IOException e) {
            throw new DatasetException(out + ": cannot list folder (" + e.getMessage() + ")", e);
        }
    }

    private static IdxFile[] readPair(Split split) {
        IdxFile images = IdxFile.images(split.images());
        IdxFile labels = IdxFile.labels(split.labels());
        if (images.count() != labels.count()) {
            throw new DatasetException(split.images() + " holds " + images.count() + " images, but "
                    + split.labels() + " holds " + labels.count() + " labels");
        }
        return new IdxFile[] {images, labels};
    }

    /** The class names in label order; every label must have one, and every class a training image. */
    private static List<String> classNames(IdxFile trainLabels, IdxFile valLabels, List<String> given) {
        int classes = 1 + Math.max(maxLabel(trainLabels), valLabels == null ? -1 : maxLabel(valLabels));
        if (!given.isEmpty()) {
            for (IdxFile labels : valLabels == null ? List.of(trainLabels) : List.of(trainLabels, valLabels)) {
                int max = maxLabel(labels);
                if (max >= given.size()) {
                    throw new DatasetException(labels.file() + ": holds label " + max + ", but " + given.size()
                            + " class names were given (labels 0.." + (given.size() - 1) + ")");
                }
            }
            classes = given.size();
        }
        boolean[] seen = new boolean[classes];
        for (int i = 0; i < trainLabels.count(); i++) {
            seen[trainLabels.label(i)] = true;
        }
        for (int c = 0; c < classes; c++) {
            if (!seen[c]) {
                throw new DatasetException(trainLabels.file() + ": no image has label " + c
                        + (given.isEmpty() ? "" : " (" + given.get(c) + ")") + "; every class needs training images");
            }
        }
        return given.isEmpty() ? IntStream.range(0, classes).mapToObj(Integer::toString).toList() : given;
    }

    private static int maxLabel(IdxFile labels) {
        int max = -1;
        for (int i = 0; i < labels.count(); i++) {
            max = Math.max(max, labels.label(i));
        }
        return max;
    }

    /** Writes the images of one split, the first {@code perClass} of each class (0: all); returns how many. */
    private static int writeSplit(Path dir, String split, IdxFile[] files, int classes, int size, int perClass)
            throws IOException {
        IdxFile images = files[0];
        IdxFile labels = files[1];
        List<Integer> chosen = new ArrayList<>();
        int[] taken = new int[classes];
        for (int i = 0; i < images.count(); i++) {
            int label = labels.label(i);
            if (perClass == 0 || taken[label] < perClass) {
                taken[label]++;
                chosen.add(i);
            }
        }
        for (int c = 0; c < classes; c++) {
            if (taken[c] > 0) {
                Files.createDirectories(dir.resolve(wnid(c)));
            }
        }
        int digits = Math.max(5, Integer.toString(images.count() - 1).length());
        try (ConsoleProgressBar bar = new ConsoleProgressBar("import " + split, chosen.size(), "images")) {
            chosen.parallelStream().forEach(i -> {
                String wnid = wnid(labels.label(i));
                Path file = dir.resolve(wnid).resolve(String.format(Locale.ROOT, "%s_%0" + digits + "d.png", wnid, i));
                writePng(rgb(images.image(i), images.rows(), images.cols(), size), file);
                bar.advance(1);
            });
        }
        return chosen.size();
    }

    /** A grey image as RGB, rescaled (Lanczos, as the packer rescales) when {@code size} asks for another size. */
    static BufferedImage rgb(byte[] grey, int rows, int cols, int size) {
        BufferedImage image = new BufferedImage(cols, rows, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < cols; x++) {
                int v = grey[y * cols + x] & 0xff;
                image.setRGB(x, y, v << 16 | v << 8 | v);
            }
        }
        if (size == 0 || size == rows && size == cols) {
            return image;
        }
        byte[] chw = SquareRescaler.rescaleAndCentreCrop(image, size);
        BufferedImage scaled = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        int plane = size * size;
        for (int p = 0; p < plane; p++) {
            scaled.setRGB(p % size, p / size,
                    (chw[p] & 0xff) << 16 | (chw[plane + p] & 0xff) << 8 | chw[2 * plane + p] & 0xff);
        }
        return scaled;
    }

    private static void writePng(BufferedImage image, Path file) {
        try {
            ImageIO.write(image, "png", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write PNG", e);
        }
    }

}
