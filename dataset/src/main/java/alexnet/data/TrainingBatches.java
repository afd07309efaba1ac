package alexnet.data;

import java.util.SplittableRandom;

/**
 * One epoch of training batches, as in the paper: the images in a random order, each as a random
 * {@code crop x crop} window of the stored image, mirrored with probability 1/2, with PCA lighting noise
 * drawn afresh, minus the mean image at the same window.
 *
 * <p>Determinism: the order depends only on (seed, epoch); the crop, reflection and lighting of the image
 * at position p of the epoch only on (seed, epoch, p). So batch b is the same for any thread count and
 * whether or not earlier batches were computed. The last {@code count % batchSize} images of the shuffled
 * order are left out of the epoch (every batch is full); a different epoch leaves out different images.
 */
public final class TrainingBatches implements Iterable<Batch> {
    private final PackedImages images;
    private final TrainingStatistics statistics;
    private final LoaderConfig config;
    private final long seed;
    private final int epoch;
    private final int[] order;

    public TrainingBatches(PackedImages images, TrainingStatistics statistics, LoaderConfig config, long seed, int epoch) {
        if (images.storedSize() != statistics.storedSize()) {
            throw new IllegalArgumentException("images are stored at " + images.storedSize()
                    + " px but the statistics at " + statistics.storedSize() + " px");
        }
        if (config.cropSize() > images.storedSize()) {
            throw new IllegalArgumentException("crop size " + config.cropSize() + " exceeds stored size " + images.storedSize());
        }
        if (images.count() < config.batchSize()) {
            throw new IllegalArgumentException("batch size " + config.batchSize() + " exceeds the "
                    + images.count() + " training images");
        }
        this.images = images;
        this.statistics = statistics;
        this.config = config;
        this.seed = seed;
        this.epoch = epoch;
        this.order = shuffledOrder(images.count(), new SplittableRandom(Seeds.mix(seed, epoch)));
    }

    private static int[] shuffledOrder(int n, SplittableRandom random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    public int batchCount() {
        return images.count() / config.batchSize();
    }

    public LoaderConfig config() {
        return config;
    }

    /** Computes batch {@code index} on the calling thread. */
    public Batch batch(int index) {
        return batch(index, 0, config.batchSize());
    }

    /**
     * Computes examples {@code [first, first + n)} of batch {@code index} on the calling thread: what one
     * worker of a data-parallel run trains on, the very examples (image, crop, reflection, lighting) the
     * whole batch holds at those positions.
     */
    public Batch batch(int index, int first, int n) {
        if (first < 0 || n < 1 || first + n > config.batchSize()) {
            throw new IllegalArgumentException("examples " + first + ".." + (first + n) + " of a batch of "
                    + config.batchSize());
        }
        int crop = config.cropSize();
        int stored = images.storedSize();
        int viewLength = 3 * crop * crop;
        float[] out = new float[n * viewLength];
        int[] labels = new int[n];
        int[] indices = new int[n];
        byte[] chw = new byte[images.imageBytes()];
        for (int k = 0; k < n; k++) {
            int position = index * config.batchSize() + first + k;
            int image = order[position];
            SplittableRandom random = new SplittableRandom(Seeds.mix(seed, epoch, position));
            int x = random.nextInt(stored - crop + 1);
            int y = random.nextInt(stored - crop + 1);
            boolean reflect = config.reflect() && random.nextBoolean();
            float[] lighting = config.lightingSigma() > 0
                    ? statistics.pca().randomOffset(random, config.lightingSigma()) : null;
            images.read(image, chw);
            new CropView(x, y, crop, reflect).write(chw, stored, statistics.meanImage(), lighting,
                    config.pixelScale(), out, k * viewLength);
            labels[k] = images.label(image);
            indices[k] = image;
        }
        return new Batch(out, labels, indices, 1, crop);
    }

    /** All batches of the epoch, prepared in the background by {@code config.threads()} workers. */
    @Override
    public BatchIterator iterator() {
        return new BatchIterator("train-batches", batchCount(), this::batch, config.threads(), config.prefetch());
    }

    /**
     * Examples {@code [first, first + n)} of batches {@code fromBatch, fromBatch + 1, ...} ({@code batches} of
     * them), prepared in the background as {@link #iterator()} does.
     */
    public BatchIterator iterator(int fromBatch, int batches, int first, int n) {
        return new BatchIterator("train-batch-parts", batches, b -> batch(fromBatch + b, first, n), config.threads(),
                config.prefetch());
    }
}
