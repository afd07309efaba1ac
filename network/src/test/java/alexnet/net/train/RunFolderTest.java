package alexnet.net.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import alexnet.data.SyntheticImageNet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run folder is used by one run at a time, and a run cleans up after interrupted ones. */
class RunFolderTest {

    @TempDir
    static Path root;

    @BeforeAll
    static void generate() {
        SyntheticImageNet.generate(root.resolve("data"), 3L, 2, 16, 4, 72);
    }

    private static Trainer trainer(String run, int epochs, TrainingConfig.Start start) {
        return new Trainer(new TrainingConfig(root.resolve("data"), root.resolve("cache"), root.resolve(run), 64, epochs,
                8, 0.01f, 0.9f, 0.0005f, new PlateauRule(2, 0.01, 3), 1L, 1, 1, 1, start, Set.of(), false, List.of()), "small", List.of());
    }

    private static void train(String run, int epochs, TrainingConfig.Start start) throws IOException {
        Trainer trainer = trainer(run, epochs, start);
        try {
            trainer.run();
        } finally {
            trainer.net().close();
        }
    }

    @Test
    void aSecondRunInTheSameFolderIsRefusedWhileTheFirstIsGoing() throws IOException {
        Trainer first = trainer("busy", 1, TrainingConfig.Start.NEW);
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> trainer("busy", 1, TrainingConfig.Start.OVERWRITE));
        assertTrue(refused.getMessage().contains(root.resolve("busy").toString()), refused.getMessage());
        assertTrue(refused.getMessage().contains("another train"), refused.getMessage());
        try {
            first.run();
        } finally {
            first.net().close();
        }
        train("busy", 2, TrainingConfig.Start.RESUME); // the folder is free once the first run is done
    }

    @Test
    void filesLeftByInterruptedSavesAreRemovedAtTheNextStart() throws IOException {
        train("interrupted", 1, TrainingConfig.Start.NEW);
        Path run = root.resolve("interrupted");
        Path orphan = Files.write(run.resolve(Trainer.CHECKPOINT + ".4711829.partial"), new byte[1000]);
        Path chart = Files.write(run.resolve("metrics.png.partial"), new byte[10]);
        Trainer resumed = trainer("interrupted", 2, TrainingConfig.Start.RESUME);
        resumed.net().close();
        assertFalse(Files.exists(orphan));
        assertFalse(Files.exists(chart));
        assertTrue(Files.exists(run.resolve(Trainer.CHECKPOINT)));
        assertEquals("1", Checkpoint.readState(run.resolve(Trainer.CHECKPOINT)).get("epoch"), "the checkpoint kept");
    }

    @Test
    void runFilesAreReplacedWholeNeverRewrittenInPlace() throws IOException {
        // A reader (eval, classify, a copy) sees the old file or the new one, never a part: each is
        // written beside its target and renamed over it, so the target's file changes identity.
        train("replaced", 1, TrainingConfig.Start.NEW);
        Path run = root.resolve("replaced");
        List<String> files = List.of(Trainer.CLASSES, Trainer.STATISTICS, Trainer.CHECKPOINT);
        List<Object> before = new java.util.ArrayList<>();
        for (String file : files) {
            before.add(Files.readAttributes(run.resolve(file), BasicFileAttributes.class).fileKey());
        }
        train("replaced", 2, TrainingConfig.Start.RESUME);
        for (int i = 0; i < files.size(); i++) {
            Object after = Files.readAttributes(run.resolve(files.get(i)), BasicFileAttributes.class).fileKey();
            assertNotEquals(before.get(i), after, files.get(i));
        }
    }
}
