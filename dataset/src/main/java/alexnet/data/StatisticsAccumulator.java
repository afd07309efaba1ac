package alexnet.data;

/**
 * Sums for the mean image and the RGB covariance, in exact integer arithmetic: the result is the same
 * whatever the order images are added in, and a sum over ImageNet (8e10 pixels, products up to 65025)
 * stays far below Long.MAX_VALUE.
 */
final class StatisticsAccumulator {
    private final int size;
    private final long[] pixelSums;
    private final long[] rgbSums = new long[3];
    private final long[] rgbProducts = new long[6]; // rr, gg, bb, rg, rb, gb
    private long images;

    StatisticsAccumulator(int size) {
        this.size = size;
        this.pixelSums = new long[3 * size * size];
    }

    /** Adds one image, 8-bit CHW. */
    void add(byte[] chw) {
        for (int i = 0; i < chw.length; i++) {
            pixelSums[i] += chw[i] & 0xff;
        }
        int plane = size * size;
        long r = 0, g = 0, b = 0, rr = 0, gg = 0, bb = 0, rg = 0, rb = 0, gb = 0;
        for (int i = 0; i < plane; i++) {
            int vr = chw[i] & 0xff;
            int vg = chw[plane + i] & 0xff;
            int vb = chw[2 * plane + i] & 0xff;
            r += vr;
            g += vg;
            b += vb;
            rr += vr * vr;
            gg += vg * vg;
            bb += vb * vb;
            rg += vr * vg;
            rb += vr * vb;
            gb += vg * vb;
        }
        rgbSums[0] += r;
        rgbSums[1] += g;
        rgbSums[2] += b;
        rgbProducts[0] += rr;
        rgbProducts[1] += gg;
        rgbProducts[2] += bb;
        rgbProducts[3] += rg;
        rgbProducts[4] += rb;
        rgbProducts[5] += gb;
        images++;
    }

    TrainingStatistics result() {
        if (images == 0) {
            throw new IllegalStateException("no images to compute statistics over");
        }
        float[] mean = new float[pixelSums.length];
        for (int i = 0; i < mean.length; i++) {
            mean[i] = (float) ((double) pixelSums[i] / images);
        }
        double n = (double) images * size * size;
        double[] m = new double[3];
        for (int c = 0; c < 3; c++) {
            m[c] = rgbSums[c] / n / 255.0;
        }
        double[][] cov = new double[3][3];
        int[][] productIndex = {{0, 3, 4}, {3, 1, 5}, {4, 5, 2}};
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                cov[a][b] = rgbProducts[productIndex[a][b]] / n / (255.0 * 255.0) - m[a] * m[b];
            }
        }
        return new TrainingStatistics(size, images, mean, PcaLighting.fromCovariance(cov));
    }
}
