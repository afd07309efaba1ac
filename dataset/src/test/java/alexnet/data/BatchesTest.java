package alexnet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchesTest {
    static final int S = PackedDatasetTest.S;
    static final int CROP = 8;
    static PackedDataset data;
    static Path root;

    @BeforeAll
    static void pack(@TempDir Path dir) throws IOException {
        root = dir.resolve("data");
        PackedDatasetTest.writeDataSet(root);
        data = PackedDataset.openOrBuild(ImageNetFolder.open(root), dir.resolve("cache"), S, 2);
    }

    /** The definition, written out: output (c, j, i) = stored (c, y+j, x+i or mirrored) - mean there. */
    static float expected(byte[] chw, float[] mean, int c, int j, int i, int x, int y, boolean reflect) {
        int col = reflect ? x + CROP - 1 - i : x + i;
        int k = (c * S + y + j) * S + col;
        return (chw[k] & 0xff) - mean[k];
    }

    static boolean matches(float[] out, int offset, byte[] chw, int x, int y, boolean reflect, float[] shift) {
        float[] mean = data.statistics().meanImage();
        for (int c = 0; c < 3; c++) {
            for (int j = 0; j < CROP; j++) {
                for (int i = 0; i < CROP; i++) {
                    float want = expected(chw, mean, c, j, i, x, y, reflect) + (shift == null ? 0 : shift[c]);
                    if (Math.abs(out[offset + (c * CROP + j) * CROP + i] - want) > 1e-3) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** A data-parallel worker's part of a batch is the whole batch's examples at those positions, bit for bit. */
    @Test
    void aPartOfABatchIsTheWholeBatchsExamplesThere() {
        TrainingBatches batches = new TrainingBatches(data.train(), data.statistics(), LoaderConfig.of(6, CROP), 11, 3);
        Batch whole = batches.batch(2);
        int length = whole.viewLength();
        for (int[] part : new int[][] {{0, 3}, {3, 3}, {1, 4}, {5, 1}}) {
            Batch piece = batches.batch(2, part[0], part[1]);
            assertEquals(part[1], piece.size());
            for (int k = 0; k < part[1]; k++) {
                assertEquals(whole.labels()[part[0] + k], piece.labels()[k]);
                assertEquals(whole.indices()[part[0] + k], piece.indices()[k]);
            }
            float[] expected = java.util.Arrays.copyOfRange(whole.images(), part[0] * length,
                    (part[0] + part[1]) * length);
            assertArrayEquals(expected, piece.images());
        }
        try (BatchIterator parts = batches.iterator(1, 2, 3, 3)) {
            assertArrayEquals(java.util.Arrays.copyOfRange(batches.batch(1).images(), 3 * length, 6 * length),
                    parts.next().images());
            assertArrayEquals(java.util.Arrays.copyOfRange(batches.batch(2).images(), 3 * length, 6 * length),
                    parts.next().images());
            assertFalse(parts.hasNext());
        }
    }

    @Test
    void trainingViewsAreCropsAndReflectionsMinusTheMeanPixelByPixel() {
        LoaderConfig config = LoaderConfig.of(6, CROP).withLightingSigma(0);
        Set<String> seen = new HashSet<>();
        Set<Integer> images = new HashSet<>();
        byte[] chw = new byte[data.train().imageBytes()];
        for (int epoch = 0; epoch < 5; epoch++) {
            TrainingBatches batches = new TrainingBatches(data.train(), data.statistics(), config, 11, epoch);
            assertEquals(4, batches.batchCount());
            for (int b = 0; b < batches.batchCount(); b++) {
                Batch batch = batches.batch(b);
                for (int k = 0; k < batch.size(); k++) {
                    data.train().read(batch.indices()[k], chw);
                    assertEquals(data.train().label(batch.indices()[k]), batch.labels()[k]);
                    String found = null;
                    for (int y = 0; y <= S - CROP && found == null; y++) {
                        for (int x = 0; x <= S - CROP && found == null; x++) {
                            for (boolean r : new boolean[] {false, true}) {
                                if (matches(batch.images(), k * batch.viewLength(), chw, x, y, r, null)) {
                                    found = x + "," + y + "," + r;
                                }
                            }
                        }
                    }
                    assertTrue(found != null, "view " + k + " of batch " + b + " is no crop of image " + batch.indices()[k]);
                    seen.add(found);
                    images.add(batch.indices()[k]);
                }
            }
        }
        assertTrue(seen.stream().anyMatch(s -> s.endsWith("true")) && seen.stream().anyMatch(s -> s.endsWith("false")));
        assertTrue(seen.size() > 30, "crops vary: " + seen.size() + " distinct of 50");
        assertEquals(24, images.size(), "every image is used over 5 epochs");
    }

    @Test
    void lightingAddsOnePcaOffsetPerImageWithAlphaSigmaPointOne() {
        LoaderConfig plain = LoaderConfig.of(6, CROP).withLightingSigma(0);
        LoaderConfig lit = LoaderConfig.of(6, CROP);
        PcaLighting pca = data.statistics().pca();
        double[][] p = pca.eigenvectors();
        double[] l = pca.eigenvalues();
        List<Double> alphas = new ArrayList<>();
        for (int epoch = 0; epoch < 25; epoch++) {
            for (int b = 0; b < 4; b++) {
                Batch without = new TrainingBatches(data.train(), data.statistics(), plain, 3, epoch).batch(b);
                Batch with = new TrainingBatches(data.train(), data.statistics(), lit, 3, epoch).batch(b);
                int n = with.viewLength();
                int plane = CROP * CROP;
                for (int k = 0; k < with.size(); k++) {
                    double[] d = new double[3];
                    for (int c = 0; c < 3; c++) {
                        d[c] = with.images()[k * n + c * plane] - without.images()[k * n + c * plane];
                        for (int q = 1; q < plane; q++) {
                            float dq = with.images()[k * n + c * plane + q] - without.images()[k * n + c * plane + q];
                            assertEquals(d[c], dq, 1e-3, "one offset per channel over the whole image");
                        }
                    }
                    for (int i = 0; i < 3; i++) { // alpha_i = p_i . d / (255 l_i), p orthonormal
                        alphas.add((p[i][0] * d[0] + p[i][1] * d[1] + p[i][2] * d[2]) / (255 * l[i]));
                    }
                }
            }
        }
        double variance = alphas.stream().mapToDouble(a -> a * a).average().orElseThrow();
        assertEquals(0.1, Math.sqrt(variance), 0.015, "alpha ~ N(0, 0.1) over " + alphas.size() + " draws");
    }

    @Test
    void sameSeedSameBatchesWhateverTheThreadCount() {
        List<Batch> one = collect(LoaderConfig.of(5, CROP).withThreads(1), 7, 2);
        List<Batch> three = collect(LoaderConfig.of(5, CROP).withThreads(3).withPrefetch(2), 7, 2);
        assertEquals(one.size(), three.size());
        TrainingBatches direct = new TrainingBatches(data.train(), data.statistics(), LoaderConfig.of(5, CROP), 7, 2);
        for (int b = 0; b < one.size(); b++) {
            assertArrayEquals(one.get(b).images(), three.get(b).images());
            assertArrayEquals(one.get(b).labels(), three.get(b).labels());
            assertArrayEquals(direct.batch(b).images(), three.get(b).images());
        }
        assertFalse(java.util.Arrays.equals(one.get(0).images(), collect(LoaderConfig.of(5, CROP), 8, 2).get(0).images()));
        assertFalse(java.util.Arrays.equals(one.get(0).indices(), collect(LoaderConfig.of(5, CROP), 7, 3).get(0).indices()));
    }

    private static List<Batch> collect(LoaderConfig config, long seed, int epoch) {
        List<Batch> batches = new ArrayList<>();
        new TrainingBatches(data.train(), data.statistics(), config, seed, epoch).forEach(batches::add);
        return batches;
    }

    @Test
    void centreAndTenViewBatchesFollowThePaper() {
        LoaderConfig config = LoaderConfig.of(5, CROP);
        EvaluationBatches centre = EvaluationBatches.centre(data.train(), data.statistics(), config);
        EvaluationBatches ten = EvaluationBatches.tenViews(data.train(), data.statistics(), config);
        assertEquals(5, centre.batchCount());
        int far = S - CROP;
        int[][] corners = {{0, 0}, {far, 0}, {0, far}, {far, far}, {far / 2, far / 2}};
        byte[] chw = new byte[data.train().imageBytes()];
        int image = 0;
        List<Batch> centres = new ArrayList<>();
        centre.forEach(centres::add);
        int b = 0;
        for (Batch tens : ten) {
            Batch c = centres.get(b++);
            assertEquals(10, tens.views());
            for (int k = 0; k < tens.size(); k++, image++) {
                data.train().read(image, chw);
                assertEquals(image, tens.indices()[k]);
                assertTrue(matches(c.images(), k * c.viewLength(), chw, far / 2, far / 2, false, null));
                for (int v = 0; v < 10; v++) {
                    int[] xy = corners[v % 5];
                    assertTrue(matches(tens.images(), (k * 10 + v) * tens.viewLength(), chw, xy[0], xy[1], v >= 5, null),
                            "view " + v + " of image " + image);
                }
            }
        }
        assertEquals(24, image);
        assertEquals(4, centres.get(4).size(), "the last evaluation batch keeps the remainder");
    }

    @Test
    void singleFilesArePreparedLikeThePackedImages() throws Exception {
        ImagePreprocessor preprocessor = new ImagePreprocessor(data.statistics(), CROP, 0.5f);
        int index = 3;
        Path file = root.resolve(data.train().source(index));
        LoaderConfig config = LoaderConfig.of(24, CROP).withPixelScale(0.5f);
        Batch ten = EvaluationBatches.tenViews(data.train(), data.statistics(), config).batch(0);
        int n = 10 * ten.viewLength();
        assertArrayEquals(java.util.Arrays.copyOfRange(ten.images(), index * n, (index + 1) * n), preprocessor.tenViews(file));
        Batch centre = EvaluationBatches.centre(data.train(), data.statistics(), config).batch(0);
        assertArrayEquals(java.util.Arrays.copyOfRange(centre.images(), index * ten.viewLength(), (index + 1) * ten.viewLength()),
                preprocessor.centreView(file));
        BadImageException e = org.junit.jupiter.api.Assertions.assertThrows(BadImageException.class,
                () -> preprocessor.centreView(root.resolve("train/n02/text.JPEG")));
        assertTrue(e.getMessage().contains("text.JPEG: not an image"), e.getMessage());
    }
}
