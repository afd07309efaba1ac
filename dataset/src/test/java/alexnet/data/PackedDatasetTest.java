package alexnet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackedDatasetTest {
    static final int S = 12;

    @TempDir
    Path root;
    @TempDir
    Path cache;

    /** Random S x S PNGs (kept exactly by the rescaler) plus one bad file of every kind. */
    static void writeDataSet(Path root) throws IOException {
        for (String wnid : new String[] {"n01", "n02"}) {
            Files.createDirectories(root.resolve("train").resolve(wnid));
            Files.createDirectories(root.resolve("val").resolve(wnid));
            for (int i = 0; i < 12; i++) {
                TestImages.png(root.resolve("train/" + wnid + "/" + i + ".JPEG"), TestImages.random(S, S, wnid.hashCode() * 100L + i));
            }
            TestImages.png(root.resolve("val/" + wnid + "/v.JPEG"), TestImages.random(S, S, wnid.hashCode()));
        }
        Files.createFile(root.resolve("train/n01/zero.JPEG"));
        TestImages.truncate(TestImages.jpeg(root.resolve("train/n01/cut.JPEG"), TestImages.random(60, 40, 9), false), 0.4);
        Files.writeString(root.resolve("train/n02/text.JPEG"), "<html>404</html>");
        Files.createFile(root.resolve("val/n02/zero.JPEG"));
    }

    @Test
    void packsGoodFilesExactlyAndReportsEveryBadOne() throws IOException {
        writeDataSet(root);
        PackedDataset data = PackedDataset.openOrBuild(ImageNetFolder.open(root), cache, S, 2);
        assertEquals(24, data.train().count());
        assertEquals(2, data.val().count());
        Map<String, String> skipped = data.skipped().stream()
                .collect(Collectors.toMap(f -> root.relativize(f.file()).toString(), SkippedFile::problem));
        assertEquals(4, skipped.size(), skipped.toString());
        assertEquals("file is empty (0 bytes)", skipped.get("train/n01/zero.JPEG"));
        assertTrue(skipped.get("train/n01/cut.JPEG").contains("truncated"), skipped.toString());
        assertTrue(skipped.get("train/n02/text.JPEG").startsWith("not an image"), skipped.toString());
        assertTrue(skipped.containsKey("val/n02/zero.JPEG"));
        assertTrue(Files.readString(data.train().directory().resolve(PackedImages.SKIPPED)).contains("cut.JPEG\ttruncated"));

        ImagePreprocessor preprocessor = new ImagePreprocessor(data.statistics(), S, 1f);
        byte[] chw = new byte[data.train().imageBytes()];
        for (int i = 0; i < data.train().count(); i++) {
            data.train().read(i, chw);
            Path source = root.resolve(data.train().source(i));
            assertArrayEquals(preprocessor.stored(source), chw, source.toString());
            assertEquals(source.getParent().getFileName().toString().equals("n01") ? 0 : 1, data.train().label(i));
        }
    }

    @Test
    void meanImageAndCovarianceMatchTheirDefinitions() throws IOException {
        writeDataSet(root);
        PackedDataset data = PackedDataset.openOrBuild(ImageNetFolder.open(root), cache, S, 2);
        PackedImages train = data.train();
        double[] mean = new double[train.imageBytes()];
        double[] sum = new double[3];
        double[][] products = new double[3][3];
        byte[] chw = new byte[train.imageBytes()];
        int plane = S * S;
        for (int i = 0; i < train.count(); i++) {
            train.read(i, chw);
            for (int k = 0; k < chw.length; k++) {
                mean[k] += (chw[k] & 0xff) / (double) train.count();
            }
            for (int p = 0; p < plane; p++) {
                for (int a = 0; a < 3; a++) {
                    double va = (chw[a * plane + p] & 0xff) / 255.0;
                    sum[a] += va;
                    for (int b = 0; b < 3; b++) {
                        products[a][b] += va * (chw[b * plane + p] & 0xff) / 255.0;
                    }
                }
            }
        }
        float[] packedMean = data.statistics().meanImage();
        for (int k = 0; k < mean.length; k++) {
            assertEquals(mean[k], packedMean[k], 1e-4);
        }
        double n = (double) train.count() * plane;
        double[][] cov = data.statistics().pca().covariance();
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                assertEquals(products[a][b] / n - sum[a] / n * sum[b] / n, cov[a][b], 1e-9);
            }
        }
    }

    @Test
    void reusesAFinishedCacheAndRebuildsWhenTheSourceChanges() throws IOException {
        writeDataSet(root);
        PackedDataset.openOrBuild(ImageNetFolder.open(root), cache, S, 2);
        Path images = cache.resolve("train-" + S + "px").resolve(PackedImages.IMAGES);
        Files.setLastModifiedTime(images, java.nio.file.attribute.FileTime.fromMillis(1000));
        PackedDataset.openOrBuild(ImageNetFolder.open(root), cache, S, 2);
        assertEquals(1000, Files.getLastModifiedTime(images).toMillis(), "a finished cache is not rewritten");

        TestImages.png(root.resolve("train/n02/new.png"), TestImages.random(S, S, 99));
        assertEquals(25, PackedDataset.openOrBuild(ImageNetFolder.open(root), cache, S, 2).train().count());
        Files.delete(root.resolve("train/n01/0.JPEG"));
        assertEquals(24, PackedDataset.openOrBuild(ImageNetFolder.open(root), cache, S, 2).train().count());
    }

    @Test
    void anInterruptedBuildIsNeverTakenForAFinishedOne() throws IOException {
        writeDataSet(root);
        PackedDataset.openOrBuild(ImageNetFolder.open(root), cache, S, 2);
        Path split = cache.resolve("train-" + S + "px");
        // What a build killed halfway leaves: no manifest, a short image file, a partial file.
        Files.delete(split.resolve(PackedImages.MANIFEST));
        Files.write(split.resolve(PackedImages.IMAGES), new byte[100]);
        Files.write(split.resolve(PackedImages.IMAGES + ".partial"), new byte[7]);
        PackedDataset data = PackedDataset.openOrBuild(ImageNetFolder.open(root), cache, S, 2);
        assertEquals(24, data.train().count());
        assertEquals(24L * 3 * S * S, Files.size(split.resolve(PackedImages.IMAGES)));
        assertTrue(Files.notExists(split.resolve(PackedImages.IMAGES + ".partial")));
    }

    @Test
    void statisticsSurviveSaveAndLoad() throws IOException {
        writeDataSet(root);
        TrainingStatistics stats = PackedDataset.openOrBuild(ImageNetFolder.open(root), cache, S, 1).statistics();
        Path file = root.resolve("stats.bin");
        stats.save(file);
        TrainingStatistics loaded = TrainingStatistics.load(file);
        assertArrayEquals(stats.meanImage(), loaded.meanImage());
        assertArrayEquals(stats.pca().eigenvalues(), loaded.pca().eigenvalues());
        assertEquals(stats.imageCount(), loaded.imageCount());
    }

    @Test
    void statisticsWithADamagedSizeFieldAreRefusedNamingTheFile() throws IOException {
        writeDataSet(root);
        TrainingStatistics stats = PackedDataset.openOrBuild(ImageNetFolder.open(root), cache, S, 1).statistics();
        Path file = root.resolve("stats.bin");
        stats.save(file);
        byte[] bytes = Files.readAllBytes(file);
        for (int value : new int[] {-7, 0, S + 1, 1 << 20}) {
            java.nio.ByteBuffer.wrap(bytes).putInt(8, value); // the image size, after magic and version
            Files.write(file, bytes);
            IOException error = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                    () -> TrainingStatistics.load(file));
            assertTrue(error.getMessage().startsWith(file + ": corrupt training statistics"), error.getMessage());
        }
    }

    @Test
    void aLabelOutsideTheClassesIsRefusedBeforeAnEpochStarts() throws IOException {
        writeDataSet(root);
        PackedDataset.openOrBuild(ImageNetFolder.open(root), cache, S, 1);
        Path labels = cache.resolve("val-" + S + "px").resolve(PackedImages.LABELS);
        byte[] bytes = Files.readAllBytes(labels);
        java.nio.ByteBuffer.wrap(bytes).putInt(4, 9999); // the second image's label
        Files.write(labels, bytes);
        DatasetException error = org.junit.jupiter.api.Assertions.assertThrows(DatasetException.class,
                () -> PackedDataset.openOrBuild(ImageNetFolder.open(root), cache, S, 1));
        assertTrue(error.getMessage().contains(labels + ": label 9999 of image 1 is not one of the"),
                error.getMessage());
        assertTrue(error.getMessage().contains("delete it to have it packed again"), error.getMessage());
    }

    @Test
    void aManifestWithANonNumericCountIsRefusedNamingIt() throws IOException {
        writeDataSet(root);
        PackedDataset.openOrBuild(ImageNetFolder.open(root), cache, S, 1);
        Path manifest = cache.resolve("train-" + S + "px").resolve(PackedImages.MANIFEST);
        Files.writeString(manifest, Files.readString(manifest).replaceAll("(?m)^count=.*$", "count=twelve"));
        DatasetException error = org.junit.jupiter.api.Assertions.assertThrows(DatasetException.class,
                () -> PackedDataset.openOrBuild(ImageNetFolder.open(root), cache, S, 1));
        assertTrue(error.getMessage().contains(manifest + ": count is 'twelve', not a count"), error.getMessage());
    }

    @Test
    void packingThatCannotFitTheDiskIsRefusedBeforeItStarts() {
        Path dir = root.resolve("cache/train-256px");
        // 1,000 images of 3 x 256 x 256 bytes: 196.6 MB.
        DatasetException error = org.junit.jupiter.api.Assertions.assertThrows(DatasetException.class,
                () -> PackedSplitBuilder.requireSpace(dir, "train", 1000, 256, 196_000_000L));
        assertTrue(error.getMessage().startsWith(dir + ": packing 1000 train images at 256x256 needs 0.20 GB, the disk "
                + "has 0.20 GB free"), error.getMessage());
        PackedSplitBuilder.requireSpace(dir, "train", 1000, 256, 196_608_000L);
    }

    /** A shared cache on a read-only mount: its lock can't be created (here: ".lock" is a folder). */
    @Test
    void aCompleteCacheWhoseLockCannotBeTakenIsUsedAsItIs() throws IOException {
        writeDataSet(root);
        PackedDataset packed = PackedDataset.openOrBuild(ImageNetFolder.open(root), cache, S, 1);
        byte[] firstImage = new byte[packed.train().imageBytes()];
        packed.train().read(0, firstImage);
        Files.delete(cache.resolve(".lock"));
        Files.createDirectory(cache.resolve(".lock"));

        PackedDataset reopened = PackedDataset.openOrBuild(ImageNetFolder.open(root), cache, S, 1);
        assertEquals(packed.train().count(), reopened.train().count());
        byte[] again = new byte[firstImage.length];
        reopened.train().read(0, again);
        assertArrayEquals(firstImage, again);
    }

    @Test
    void anIncompleteCacheWhoseLockCannotBeTakenIsRefusedWithTheReason() throws IOException {
        writeDataSet(root);
        PackedDataset.openOrBuild(ImageNetFolder.open(root), cache, S, 1);
        Files.delete(cache.resolve(".lock"));
        Files.createDirectory(cache.resolve(".lock"));
        Files.delete(cache.resolve("val-" + S + "px").resolve(PackedImages.MANIFEST)); // as if interrupted

        DatasetException error = org.junit.jupiter.api.Assertions.assertThrows(DatasetException.class,
                () -> PackedDataset.openOrBuild(ImageNetFolder.open(root), cache, S, 1));
        assertTrue(error.getMessage().startsWith(cache + ": cannot take the cache's lock (" + cache.resolve(".lock")
                + ": Is a directory) to pack"), error.getMessage());
    }
}
