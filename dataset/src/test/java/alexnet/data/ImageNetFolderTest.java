package alexnet.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageNetFolderTest {
    @TempDir
    Path root;

    private Path image(String relative) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        return TestImages.jpeg(file, TestImages.uniform(8, 8, 0x808080), false);
    }

    @BeforeEach
    void trainSplit() throws IOException {
        image("train/n02/n02_1.JPEG");
        image("train/n01/n01_1.JPEG");
        image("train/n01/n01_2.JPEG");
        Files.writeString(root.resolve("train/n01/readme.txt"), "ignored: not an image name");
    }

    @Test
    void readsClassFoldersInSortedOrderWithNamesAndPerClassValidation() throws IOException {
        image("val/n02/v1.JPEG");
        Files.writeString(root.resolve("synset_words.txt"), "n01 tench, Tinca tinca\nn02 goldfish\n");
        ImageNetFolder folder = ImageNetFolder.open(root);
        assertEquals(List.of("n01", "n02"), folder.wnids());
        assertEquals(List.of("tench, Tinca tinca", "goldfish"), folder.classNames());
        assertEquals(3, folder.train().size());
        assertEquals(List.of(0, 0, 1), folder.train().stream().map(LabelledFile::label).toList());
        assertEquals(List.of(new LabelledFile(root.resolve("val/n02/v1.JPEG"), 1)), folder.val());
    }

    @Test
    void readsFlatValidationWithCsvLabels() throws IOException {
        Path a = image("val/ILSVRC2012_val_00000001.JPEG");
        Path b = image("val/ILSVRC2012_val_00000002.JPEG");
        Files.writeString(root.resolve("LOC_val_solution.csv"),
                "ImageId,PredictionString\nILSVRC2012_val_00000001,n02 1 2 3 4\nILSVRC2012_val_00000002,n01 5 6 7 8\n");
        ImageNetFolder folder = ImageNetFolder.open(root);
        assertEquals(List.of(new LabelledFile(a, 1), new LabelledFile(b, 0)), folder.val());
        assertEquals(List.of("n01", "n02"), folder.classNames(), "no synset file: names are the wnids");
    }

    @Test
    void readsFlatValidationWithDevkitGroundTruth() throws IOException {
        Path a = image("val/ILSVRC2012_val_00000001.JPEG");
        Path b = image("val/ILSVRC2012_val_00000002.JPEG");
        Files.writeString(root.resolve("ILSVRC2012_validation_ground_truth.txt"), "7\n3\n");
        Files.writeString(root.resolve("ILSVRC2012_id_to_wnid.txt"), "3 n01\n7 n02\n");
        assertEquals(List.of(new LabelledFile(a, 1), new LabelledFile(b, 0)), ImageNetFolder.open(root).val());
    }

    @Test
    void devkitGroundTruthWithoutMappingIsAClearError() throws IOException {
        image("val/ILSVRC2012_val_00000001.JPEG");
        Files.writeString(root.resolve("ILSVRC2012_validation_ground_truth.txt"), "7\n");
        DatasetException e = assertThrows(DatasetException.class, () -> ImageNetFolder.open(root));
        assertTrue(e.getMessage().contains("ILSVRC2012_id_to_wnid.txt"), e.getMessage());
    }

    @Test
    void flatValidationWithoutLabelsOrWithAnUnlabelledImageIsAnError() throws IOException {
        Path v = image("val/x.JPEG");
        assertTrue(assertThrows(DatasetException.class, () -> ImageNetFolder.open(root)).getMessage().contains("no label file"));
        Files.writeString(root.resolve("val_labels.csv"), "y.JPEG,n01\n");
        DatasetException e = assertThrows(DatasetException.class, () -> ImageNetFolder.open(root));
        assertTrue(e.getMessage().startsWith(v.toString()) && e.getMessage().contains("no entry"), e.getMessage());
    }

    @Test
    void missingFoldersAndEmptyClassesAreClearErrors() throws IOException {
        Files.createDirectories(root.resolve("train/n03"));
        DatasetException empty = assertThrows(DatasetException.class, () -> ImageNetFolder.open(root));
        assertTrue(empty.getMessage().contains("n03") && empty.getMessage().contains("no image files"), empty.getMessage());

        DatasetException noRoot = assertThrows(DatasetException.class, () -> ImageNetFolder.open(root.resolve("absent")));
        assertTrue(noRoot.getMessage().contains("does not exist"), noRoot.getMessage());

        Path other = Files.createDirectories(root.resolve("other"));
        DatasetException noTrain = assertThrows(DatasetException.class, () -> ImageNetFolder.open(other));
        assertTrue(noTrain.getMessage().contains("train") && noTrain.getMessage().startsWith(other.toString()), noTrain.getMessage());
    }

    @Test
    void noValidationFolderGivesAnEmptySplit() {
        assertEquals(0, ImageNetFolder.open(root).val().size());
    }

    @Test
    void aClassLinkToAMissingFolderIsRefusedNotDropped() throws IOException {
        Path link = Files.createSymbolicLink(root.resolve("train/n03"), root.resolve("elsewhere/n03"));
        DatasetException error = assertThrows(DatasetException.class, () -> ImageNetFolder.open(root));
        assertEquals(link + ": a link to " + root.resolve("elsewhere/n03") + ", which does not exist; remove it or "
                + "point it at a class folder", error.getMessage());
    }

    @Test
    void fileProblemsAreSaidInWordsNotAsTheirPath() {
        assertEquals("permission denied", IoProblems.reason(new java.nio.file.AccessDeniedException("/data/train/n01")));
        assertEquals("/c/images.u8.partial: No space left on device", IoProblems.describe(
                new java.nio.file.FileSystemException("/c/images.u8.partial", null, "No space left on device")));
        assertEquals("No space left on device", IoProblems.describe(new IOException("No space left on device")));
    }
}
