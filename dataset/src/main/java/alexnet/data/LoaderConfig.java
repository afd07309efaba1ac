package alexnet.data;

/**
 * Settings of a batch loader.
 *
 * @param batchSize      images per batch
 * @param cropSize       side of the square crops fed to the network (paper: 224, or 227 for exact 55x55 conv1 maps)
 * @param threads        background worker threads
 * @param prefetch       batches prepared ahead of the consumer (the bounded queue's capacity)
 * @param pixelScale     multiplies {@code pixel - mean}; 1 = the paper's centred raw 0..255 values
 * @param lightingSigma  standard deviation of the PCA lighting alphas (paper: 0.1; 0 turns lighting off)
 * @param reflect        whether training crops are mirrored left-right with probability 1/2
 */
public record LoaderConfig(int batchSize, int cropSize, int threads, int prefetch, float pixelScale,
                           double lightingSigma, boolean reflect) {

    public LoaderConfig {
        // The parameters themselves in the messages: in a compact constructor the fields (and so
        // toString) are still all 0.
        if (batchSize < 1 || cropSize < 1 || threads < 1 || prefetch < 1) {
            throw new IllegalArgumentException("loader: batch size " + batchSize + ", crop size " + cropSize
                    + ", threads " + threads + " and prefetch " + prefetch + " must all be positive");
        }
        if (lightingSigma < 0 || !(pixelScale > 0)) {
            throw new IllegalArgumentException("loader: lighting sigma " + lightingSigma + " must be >= 0 and pixel "
                    + "scale " + pixelScale + " > 0");
        }
    }

    /** The paper's augmentation at the given sizes: one worker per core, 2 batches per worker ahead, scale 1. */
    public static LoaderConfig of(int batchSize, int cropSize) {
        int cores = Runtime.getRuntime().availableProcessors();
        return new LoaderConfig(batchSize, cropSize, cores, 2 * cores, 1f, PcaLighting.PAPER_SIGMA, true);
    }

    public LoaderConfig withThreads(int n) {
        return new LoaderConfig(batchSize, cropSize, n, Math.max(prefetch, n), pixelScale, lightingSigma, reflect);
    }

    public LoaderConfig withPrefetch(int n) {
        return new LoaderConfig(batchSize, cropSize, threads, n, pixelScale, lightingSigma, reflect);
    }

    public LoaderConfig withPixelScale(float scale) {
        return new LoaderConfig(batchSize, cropSize, threads, prefetch, scale, lightingSigma, reflect);
    }

    public LoaderConfig withLightingSigma(double sigma) {
        return new LoaderConfig(batchSize, cropSize, threads, prefetch, pixelScale, sigma, reflect);
    }

    public LoaderConfig withReflect(boolean on) {
        return new LoaderConfig(batchSize, cropSize, threads, prefetch, pixelScale, lightingSigma, on);
    }
}
