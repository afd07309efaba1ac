package alexnet.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The project's own small data set, written in the ImageNet layout as real JPEG files, so that tests and
 * the default training run go through exactly the reader real ImageNet does.
 *
 * <p>Up to 10 classes, five shapes and five textures: disk, horizontal stripes, square, checkerboard,
 * triangle, vertical stripes, ring, polka dots, cross, diagonal stripes. Every image draws its own
 * foreground and background colours (so the mean colour says nothing about the class), position, size,
 * rotation, stripe period and phase, background gradient and blotches, pixel noise, aspect ratio
 * (shorter side = {@code imageSize}, longer side up to 4/3 of it, either orientation) and JPEG quality.
 * Telling the classes apart needs shape and orientation, i.e. convolutional features.
 *
 * <p>Layout written: {@code root/train/<wnid>/<wnid>_<i>.JPEG}, a flat {@code root/val/ILSVRC2012_val_<n>.JPEG}
 * labelled by {@code root/val_labels.csv} ("file,wnid"), and {@code root/synset_words.txt}
 * ("n00000001 disk"). Wnids are {@code n00000001, n00000002, ...}.
 *
 * <p>Deterministic: each image is rendered from its own seed derived from (seed, split, class, index), so
 * the same arguments give the same pixels whatever the thread count. The data set is built in a temporary
 * folder and renamed into place when complete; calling again with the same arguments reuses it, and
 * concurrent calls (other processes included) wait for the one generating.
 */
public final class SyntheticImageNet {
    private static final Logger log = LoggerFactory.getLogger(SyntheticImageNet.class);
    static final List<String> CLASS_NAMES = List.of("disk", "horizontal stripes", "square", "checkerboard",
            "triangle", "vertical stripes", "ring", "polka dots", "cross", "diagonal stripes");
    private static final String MARKER = ".synthetic-imagenet.properties";
    private static final int VERSION = 1;

    private SyntheticImageNet() {
    }

    public static String wnid(int label) {
        return String.format(Locale.ROOT, "n%08d", label + 1);
    }

    /**
     * Writes the data set to {@code root} (or reuses it when already generated with the same arguments)
     * and opens it.
     *
     * @param imageSize shorter side of the generated images, in pixels
     * @throws DatasetException if {@code root} holds something else, or writing fails
     */
    public static ImageNetFolder generate(Path root, long seed, int classes, int trainPerClass, int valPerClass,
                                         int imageSize) {
        if (classes < 2 || classes > CLASS_NAMES.size()) {
            throw new IllegalArgumentException("classes must be between 2 and " + CLASS_NAMES.size() + ": " + classes);
        }
        if (trainPerClass < 1 || valPerClass < 0 || imageSize < 8) {
            throw new IllegalArgumentException("need trainPerClass >= 1, valPerClass >= 0, imageSize >= 8");
        }
        Properties wanted = new Properties();
        wanted.setProperty("version", Integer.toString(VERSION));
        wanted.setProperty("seed", Long.toString(seed));
        wanted.setProperty("classes", Integer.toString(classes));
        wanted.setProperty("trainPerClass", Integer.toString(trainPerClass));
        wanted.setProperty("valPerClass", Integer.toString(valPerClass));
        wanted.setProperty("imageSize", Integer.toString(imageSize));
        // Two runs started at once (two first `train`s in a fresh clone) would both write the partial folder:
        // the lock makes one generate while the other waits, then reuses the result. A file lock belongs to
        // the whole process, so the threads of one JVM queue on the class first.
        Path lock = root.toAbsolutePath().resolveSibling("." + root.getFileName() + ".lock");
        try {
            Files.createDirectories(lock.getParent());
            synchronized (SyntheticImageNet.class) {
                try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                     FileLock ignored = channel.lock()) {
                    return generateLocked(root, wanted, seed, classes, trainPerClass, valPerClass, imageSize);
                }
            }
        } catch (IOException e) {
            throw new DatasetException(root + ": cannot write the synthetic data set (" + IoProblems.describe(e) + ")", e);
        } catch (UncheckedIOException e) {
            throw new DatasetException(root + ": cannot write the synthetic data set (" + IoProblems.describe(e.getCause())
                    + ")", e);
        }
    }

    private static ImageNetFolder generateLocked(Path root, Properties wanted, long seed, int classes,
                                                 int trainPerClass, int valPerClass, int imageSize) throws IOException {
        if (Files.exists(root)) {
            if (wanted.equals(readMarker(root))) {
                log.info("{}: synthetic data set already generated", root);
                return ImageNetFolder.open(root);
            }
            if (!isEmptyFolder(root)) {
                throw new DatasetException(root + ": exists and is not a synthetic data set generated with "
                        + wanted + "; delete it or choose another folder");
            }
            Files.delete(root);
        }
        Path partial = root.toAbsolutePath().resolveSibling("." + root.getFileName() + ".partial");
        AtomicFiles.deleteRecursively(partial);
        long start = System.nanoTime();
        write(partial, seed, classes, trainPerClass, valPerClass, imageSize);
        writeProperties(partial.resolve(MARKER), wanted);
        Files.move(partial, root, StandardCopyOption.ATOMIC_MOVE);
        log.info("{}: generated {} classes x ({} train + {} val) images at {} px in {} ms", root, classes,
                trainPerClass, valPerClass, imageSize, (System.nanoTime() - start) / 1_000_000);
        return ImageNetFolder.open(root);
    }

    private static void write(Path dir, long seed, int classes, int trainPerClass, int valPerClass, int size)
            throws IOException {
        Files.createDirectories(dir.resolve("val"));
        List<String> words = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            Files.createDirectories(dir.resolve("train").resolve(wnid(c)));
            words.add(wnid(c) + " " + CLASS_NAMES.get(c));
        }
        Files.write(dir.resolve("synset_words.txt"), words, StandardCharsets.UTF_8);
        IntStream.range(0, classes * trainPerClass).parallel().forEach(i -> {
            int c = i / trainPerClass;
            int k = i % trainPerClass;
            Path file = dir.resolve("train").resolve(wnid(c)).resolve(String.format(Locale.ROOT, "%s_%d.JPEG", wnid(c), k + 1));
            render(file, c, size, new SplittableRandom(Seeds.mix(seed, 0, c, k)));
        });
        // Validation images are shuffled across classes, like ILSVRC2012_val_*.JPEG.
        int[] classOf = new int[classes * valPerClass];
        for (int i = 0; i < classOf.length; i++) {
            classOf[i] = i % classes;
        }
        SplittableRandom shuffle = new SplittableRandom(Seeds.mix(seed, 2));
        for (int i = classOf.length - 1; i > 0; i--) {
            int j = shuffle.nextInt(i + 1);
            int t = classOf[i];
            classOf[i] = classOf[j];
            classOf[j] = t;
        }
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < classOf.length; i++) {
            labels.add(valName(i) + "," + wnid(classOf[i]));
        }
        IntStream.range(0, classOf.length).parallel().forEach(i ->
                render(dir.resolve("val").resolve(valName(i)), classOf[i], size, new SplittableRandom(Seeds.mix(seed, 1, i))));
        Files.write(dir.resolve("val_labels.csv"), labels, StandardCharsets.UTF_8);
    }

    private static String valName(int i) {
        return String.format(Locale.ROOT, "ILSVRC2012_val_%08d.JPEG", i + 1);
    }

    private static void render(Path file, int label, int size, SplittableRandom random) {
        int longSide = (int) Math.round(size * (1 + random.nextDouble() / 3));
        boolean landscape = random.nextDouble() < 0.7;
        BufferedImage image = SyntheticPainter.paint(label, landscape ? longSide : size, landscape ? size : longSide, random);
        writeJpeg(image, file, (float) (0.7 + 0.25 * random.nextDouble()));
    }

    private static void writeJpeg(BufferedImage image, Path file, float quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write JPEG", e);
        } finally {
            writer.dispose();
        }
    }

    private static Properties readMarker(Path root) throws IOException {
        Path marker = root.resolve(MARKER);
        if (!Files.isRegularFile(marker)) {
            return null;
        }
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(marker, StandardCharsets.UTF_8)) {
            p.load(in);
        }
        return p;
    }

    private static void writeProperties(Path file, Properties p) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(w, "written last: the data set is complete");
        }
    }

    private static boolean isEmptyFolder(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

}
