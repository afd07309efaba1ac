package alexnet.net.train;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import alexnet.data.SyntheticImageNet;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeapTest {

    @TempDir
    Path root;

    @Test
    void aNetTooLargeForTheHeapIsRefusedWithAdviceAndTheRunFolderIsFreedAgain() throws Exception {
        SyntheticImageNet.generate(root.resolve("data"), 3L, 2, 16, 4, 72);
        TrainingConfig config = new TrainingConfig(root.resolve("data"), root.resolve("cache"), root.resolve("run"), 64,
                1, 3000, 0.01f, 0.9f, 0.0005f, new PlateauRule(2, 0.01, 3), 1L, 1, 1, 1, TrainingConfig.Start.NEW, Set.of(), false, List.of());
        Trainer.NetworkFactory tooLarge = (spec, c) -> {
            throw new OutOfMemoryError("Java heap space");
        };
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(config, "small", List.of(), tooLarge));
        assertTrue(refused.getMessage().contains("--batch 3000") && refused.getMessage().contains("heap"),
                refused.getMessage());
        RunFolder.open(config.runDir(), TrainingConfig.Start.NEW).close(); // not held by the refused trainer
    }
}
