package alexnet.data;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;

/**
 * Measures how many training images per second the background loader delivers (random crop, reflection,
 * PCA lighting, mean subtraction, float conversion), to check that it keeps ahead of training.
 *
 * <p>{@code java alexnet.data.LoaderBenchmark [--data DIR] [--cache DIR] [--stored 256] [--crop 227]
 * [--batch 128] [--threads N] [--seconds 10]}. Without {@code --data} it generates a synthetic data set at
 * the stored size in a temporary folder (and also reports how fast the cache was packed, which bounds the
 * first run on new data).
 */
public final class LoaderBenchmark {
    /** What training consumes on a 2-core CPU at 227x227 (the figure); the loader must beat it. */
    static final double TRAINING_IMAGES_PER_SECOND = 35;

    private LoaderBenchmark() {
    }

    /**
     * Pulls training batches from {@code data} for about {@code seconds} (whole epochs, new epoch each time
     * the last one ends), prints and returns the images per second delivered to the consumer.
     */
    public static double run(PackedDataset data, LoaderConfig config, double seconds, PrintStream out) {
        // One untimed batch first: class loading and JIT compilation are not the loader's steady state.
        new TrainingBatches(data.train(), data.statistics(), config, 1, -1).batch(0);
        long start = System.nanoTime();
        long deadline = start + (long) (seconds * 1e9);
        long images = 0;
        double checksum = 0; // consuming the pixels keeps the JIT from discarding the work
        for (int epoch = 0; System.nanoTime() < deadline; epoch++) {
            try (BatchIterator batches = new TrainingBatches(data.train(), data.statistics(), config, 1, epoch).iterator()) {
                while (batches.hasNext() && System.nanoTime() < deadline) {
                    Batch b = batches.next();
                    checksum += b.images()[b.images().length - 1];
                    images += b.size();
                }
            }
        }
        double rate = images / ((System.nanoTime() - start) / 1e9);
        out.printf(Locale.ROOT, "loader: %.0f images/s (%d images of %dx%d from %dx%d, batch %d, %d threads, "
                        + "lighting sigma %.2f; %.1fx the ~%.0f images/s training consumes) [checksum %.1f]%n", rate,
                images, config.cropSize(), config.cropSize(), data.storedSize(), data.storedSize(), config.batchSize(),
                config.threads(), config.lightingSigma(), rate / TRAINING_IMAGES_PER_SECOND, TRAINING_IMAGES_PER_SECOND,
                checksum);
        return rate;
    }

    public static void main(String[] args) throws IOException {
        Path data = null;
        Path cache = null;
        int stored = 256;
        int crop = 227;
        int batch = 128;
        int threads = Runtime.getRuntime().availableProcessors();
        double seconds = 10;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            if (value == null) {
                usage("missing value after " + args[i]);
            }
            switch (args[i]) {
                case "--data" -> data = Paths.get(value);
                case "--cache" -> cache = Paths.get(value);
                case "--stored" -> stored = Integer.parseInt(value);
                case "--crop" -> crop = Integer.parseInt(value);
                case "--batch" -> batch = Integer.parseInt(value);
                case "--threads" -> threads = Integer.parseInt(value);
                case "--seconds" -> seconds = Double.parseDouble(value);
                default -> usage("unknown option " + args[i]);
            }
            i++;
        }
        benchmark(data, cache, stored, crop, batch, threads, seconds, System.out);
    }

    /**
     * Packs {@code data} (or, when null, a generated synthetic set) at {@code stored} pixels, then
     * prints the loader's training images/s at {@code crop} for {@code seconds}.
     */
    public static void benchmark(Path data, Path cache, int stored, int crop, int batch, int threads, double seconds,
                                 PrintStream out) throws IOException {
        Path scratch = Files.createTempDirectory("alexnet-loader-bench");
        ImageNetFolder folder = data != null ? ImageNetFolder.open(data)
                : SyntheticImageNet.generate(scratch.resolve("synthetic"), 42, 10, 60, 10, stored);
        long packStart = System.nanoTime();
        PackedDataset packed = PackedDataset.openOrBuild(folder, cache != null ? cache : scratch.resolve("cache"), stored, threads);
        double packSeconds = (System.nanoTime() - packStart) / 1e9;
        if (data == null || cache == null) {
            out.printf(Locale.ROOT, "packing (decode + rescale + write): %.0f images/s on %d threads%n",
                    (folder.train().size() + folder.val().size()) / packSeconds, threads);
        }
        LoaderConfig config = LoaderConfig.of(batch, crop).withThreads(threads);
        run(packed, config, seconds, out);
        AtomicFiles.deleteRecursively(scratch); // the generated images and cache are hundreds of MB at 256 px
    }

    private static void usage(String problem) {
        System.err.println("LoaderBenchmark: " + problem + "\nusage: [--data DIR] [--cache DIR] [--stored 256] "
                + "[--crop 227] [--batch 128] [--threads N] [--seconds 10]");
        System.exit(2);
    }
}
