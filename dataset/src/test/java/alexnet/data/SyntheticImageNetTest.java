package alexnet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticImageNetTest {
    @TempDir
    Path dir;

    @Test
    void writesTheImageNetLayoutThatTheReaderReads() throws Exception {
        ImageNetFolder folder = SyntheticImageNet.generate(dir.resolve("s"), 1, 4, 6, 3, 40);
        assertEquals(List.of("n00000001", "n00000002", "n00000003", "n00000004"), folder.wnids());
        assertEquals(List.of("disk", "horizontal stripes", "square", "checkerboard"), folder.classNames());
        assertEquals(24, folder.train().size());
        assertEquals(12, folder.val().size());
        for (int c = 0; c < 4; c++) {
            int label = c;
            assertEquals(3, folder.val().stream().filter(f -> f.label() == label).count());
        }
        assertTrue(Files.isRegularFile(dir.resolve("s/train/n00000002/n00000002_6.JPEG")));
        for (LabelledFile f : folder.train()) {
            byte[] head = Files.readAllBytes(f.file());
            assertEquals(0xFF, head[0] & 0xff, "real JPEG files");
            assertEquals(0xD8, head[1] & 0xff);
            var image = ImageDecoder.decode(f.file());
            assertEquals(40, Math.min(image.getWidth(), image.getHeight()));
            assertTrue(Math.max(image.getWidth(), image.getHeight()) <= 54);
        }
    }

    @Test
    void sameSeedSameFilesOtherSeedOtherFiles() throws IOException {
        ImageNetFolder a = SyntheticImageNet.generate(dir.resolve("a"), 5, 3, 4, 2, 24);
        ImageNetFolder b = SyntheticImageNet.generate(dir.resolve("b"), 5, 3, 4, 2, 24);
        ImageNetFolder c = SyntheticImageNet.generate(dir.resolve("c"), 6, 3, 4, 2, 24);
        for (int i = 0; i < a.train().size(); i++) {
            assertArrayEquals(Files.readAllBytes(a.train().get(i).file()), Files.readAllBytes(b.train().get(i).file()));
        }
        assertArrayEquals(Files.readAllBytes(dir.resolve("a/val_labels.csv")), Files.readAllBytes(dir.resolve("b/val_labels.csv")));
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(a.train().get(0).file()), Files.readAllBytes(c.train().get(0).file())));
    }

    @Test
    void reusesItsOwnOutputAndRefusesToOverwriteOtherData() throws IOException {
        Path root = dir.resolve("s");
        SyntheticImageNet.generate(root, 1, 2, 2, 1, 16);
        Path file = root.resolve("train/n00000001/n00000001_1.JPEG");
        long modified = Files.getLastModifiedTime(file).toMillis();
        SyntheticImageNet.generate(root, 1, 2, 2, 1, 16);
        assertEquals(modified, Files.getLastModifiedTime(file).toMillis(), "same arguments: reused");
        DatasetException e = assertThrows(DatasetException.class, () -> SyntheticImageNet.generate(root, 2, 2, 2, 1, 16));
        assertTrue(e.getMessage().startsWith(root.toString()), e.getMessage());
        assertTrue(Files.isRegularFile(file), "nothing was deleted");
    }

    @Test
    void twoRunsGeneratingTheSameFolderAtOnceBothGetTheCompleteSet() {
        // Two first `train` runs in a fresh clone: both find no data set and generate it.
        Path root = dir.resolve("s");
        CyclicBarrier start = new CyclicBarrier(2);
        List<CompletableFuture<ImageNetFolder>> runs = List.of(1, 2).stream().map(i -> CompletableFuture.supplyAsync(() -> {
            try {
                start.await();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return SyntheticImageNet.generate(root, 1, 3, 20, 5, 32);
        })).toList();
        for (CompletableFuture<ImageNetFolder> run : runs) {
            ImageNetFolder folder = run.join();
            assertEquals(60, folder.train().size());
            assertEquals(15, folder.val().size());
        }
    }

    @Test
    void theDefaultSizedSetIsQuickAndItsMeanColourDoesNotGiveTheClassAway() {
        long start = System.nanoTime();
        ImageNetFolder folder = SyntheticImageNet.generate(dir.resolve("s"), 42, 10, 300, 50, 72);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(seconds < 60, "generating 3500 images took " + seconds + " s");
        PackedDataset data = PackedDataset.openOrBuild(folder, dir.resolve("cache"), 16);
        // Nearest class-mean colour, fitted on train, scored on val: near chance (10%) if colour is no cue.
        double[][] centroids = new double[10][3];
        int[] counts = new int[10];
        byte[] chw = new byte[data.train().imageBytes()];
        for (int i = 0; i < data.train().count(); i++) {
            data.train().read(i, chw);
            double[] rgb = meanColour(chw);
            int label = data.train().label(i);
            counts[label]++;
            for (int c = 0; c < 3; c++) {
                centroids[label][c] += rgb[c];
            }
        }
        int correct = 0;
        for (int i = 0; i < data.val().count(); i++) {
            data.val().read(i, chw);
            double[] rgb = meanColour(chw);
            int best = 0;
            double bestDistance = Double.MAX_VALUE;
            for (int k = 0; k < 10; k++) {
                double d = 0;
                for (int c = 0; c < 3; c++) {
                    double diff = rgb[c] - centroids[k][c] / counts[k];
                    d += diff * diff;
                }
                if (d < bestDistance) {
                    bestDistance = d;
                    best = k;
                }
            }
            correct += best == data.val().label(i) ? 1 : 0;
        }
        double accuracy = correct / (double) data.val().count();
        assertTrue(accuracy < 0.25, "mean colour predicts the class with accuracy " + accuracy);
    }

    private static double[] meanColour(byte[] chw) {
        int plane = chw.length / 3;
        double[] rgb = new double[3];
        for (int c = 0; c < 3; c++) {
            for (int p = 0; p < plane; p++) {
                rgb[c] += (chw[c * plane + p] & 0xff) / (double) plane;
            }
        }
        return rgb;
    }
}
