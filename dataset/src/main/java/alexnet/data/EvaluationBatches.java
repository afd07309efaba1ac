package alexnet.data;

import java.util.List;

/**
 * Test-time batches over a split in stored order, without augmentation: either the centre crop of each
 * image, or the paper's 10 views (see {@link CropView#tenViews}) of each image one after the other, whose
 * softmax outputs the caller averages. The last batch may be smaller. The lighting setting of the config
 * is ignored, and reflection only happens as part of the 10 views.
 */
public final class EvaluationBatches implements Iterable<Batch> {
    private final PackedImages images;
    private final TrainingStatistics statistics;
    private final LoaderConfig config;
    private final List<CropView> views;

    private EvaluationBatches(PackedImages images, TrainingStatistics statistics, LoaderConfig config,
                              List<CropView> views) {
        if (images.storedSize() != statistics.storedSize()) {
            throw new IllegalArgumentException("images are stored at " + images.storedSize()
                    + " px but the statistics at " + statistics.storedSize() + " px");
        }
        this.images = images;
        this.statistics = statistics;
        this.config = config;
        this.views = views;
    }

    /** One centre crop per image. */
    public static EvaluationBatches centre(PackedImages images, TrainingStatistics statistics, LoaderConfig config) {
        return new EvaluationBatches(images, statistics, config,
                List.of(CropView.centre(images.storedSize(), config.cropSize())));
    }

    /** Ten views per image: {@code batch.images()} holds {@code size() x 10} views. */
    public static EvaluationBatches tenViews(PackedImages images, TrainingStatistics statistics, LoaderConfig config) {
        return new EvaluationBatches(images, statistics, config, CropView.tenViews(images.storedSize(), config.cropSize()));
    }

    public int batchCount() {
        return (images.count() + config.batchSize() - 1) / config.batchSize();
    }

    /** Views per image: 1 or 10. */
    public int viewsPerImage() {
        return views.size();
    }

    public Batch batch(int index) {
        int first = index * config.batchSize();
        int n = Math.min(config.batchSize(), images.count() - first);
        int crop = config.cropSize();
        int viewLength = 3 * crop * crop;
        float[] out = new float[n * views.size() * viewLength];
        int[] labels = new int[n];
        int[] indices = new int[n];
        byte[] chw = new byte[images.imageBytes()];
        for (int k = 0; k < n; k++) {
            images.read(first + k, chw);
            for (int v = 0; v < views.size(); v++) {
                views.get(v).write(chw, images.storedSize(), statistics.meanImage(), null, config.pixelScale(), out,
                        (k * views.size() + v) * viewLength);
            }
            labels[k] = images.label(first + k);
            indices[k] = first + k;
        }
        return new Batch(out, labels, indices, views.size(), crop);
    }

    @Override
    public BatchIterator iterator() {
        return iterator(0, batchCount());
    }

    /** Batches {@code first, first + 1, ...} ({@code count} of them): one worker's share of an evaluation. */
    public BatchIterator iterator(int first, int count) {
        return new BatchIterator("eval-batches", count, b -> batch(first + b), config.threads(), config.prefetch());
    }
}
