package alexnet.net.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import alexnet.data.SyntheticImageNet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DivergenceTest {

    @TempDir
    Path root;

    private TrainingConfig config(int epochs, float learningRate, TrainingConfig.Start start) {
        return new TrainingConfig(root.resolve("data"), root.resolve("cache"), root.resolve("run"), 64, epochs, 8,
                learningRate, 0.9f, 0.0005f, new PlateauRule(2, 0.01, 3), 1L, 0, 2, 1, start, Set.of("--lr"), false, List.of());
    }

    @Test
    void divergingRunStopsWithAClearMessageAndKeepsTheLastGoodCheckpoint() throws Exception {
        SyntheticImageNet.generate(root.resolve("data"), 3L, 2, 16, 4, 72);
        new Trainer(config(1, 0.01f, TrainingConfig.Start.NEW), "small", List.of()).run();
        Path checkpoint = root.resolve("run").resolve(Trainer.CHECKPOINT);
        byte[] good = Files.readAllBytes(checkpoint);

        // The second epoch, resumed at a rate far too high.
        DivergedException error = assertThrows(DivergedException.class,
                () -> new Trainer(config(2, 1e12f, TrainingConfig.Start.RESUME), "small", List.of()).run());
        assertTrue(error.getMessage().contains("loss became"), error.getMessage());
        assertTrue(error.getMessage().contains(checkpoint.toString()), error.getMessage());
        assertArrayEquals(good, Files.readAllBytes(checkpoint), "the last good checkpoint is kept as it was");
    }
}
