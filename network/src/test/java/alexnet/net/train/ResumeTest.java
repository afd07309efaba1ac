package alexnet.net.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import alexnet.data.SyntheticImageNet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a resumed run takes from its checkpoint and what from its config. */
class ResumeTest {

    @TempDir
    static Path root;

    @BeforeAll
    static void generate() {
        SyntheticImageNet.generate(root.resolve("data"), 3L, 2, 16, 4, 72);
    }

    private static TrainingConfig config(int epochs, boolean resume, int batch, float lr, float momentum, long seed,
                                         Set<String> explicit) {
        return new TrainingConfig(root.resolve("data"), root.resolve("cache"), root.resolve("run"), 64, epochs, batch,
                lr, momentum, 0.0005f, new PlateauRule(2, 0.01, 3), seed, 1, 1, 1, resume ? TrainingConfig.Start.RESUME : TrainingConfig.Start.NEW, explicit, false, List.of());
    }

    @Test
    void theCheckpointsRecipeButForTheOptionsGivenExplicitly() throws IOException {
        Trainer first = new Trainer(config(1, false, 8, 0.004f, 0.8f, 7L, Set.of()), "small", List.of());
        first.run();
        first.net().close();

        Trainer resumed = new Trainer(config(2, true, 16, 0.01f, 0.5f, 1L, Set.of("--momentum")), "small", List.of());
        resumed.net().close();
        TrainingConfig recipe = resumed.config();
        assertEquals(8, recipe.batchSize());
        assertEquals(0.004f, recipe.learningRate());
        assertEquals(7L, recipe.seed());
        assertEquals(0.5f, recipe.momentum(), "given explicitly");
        assertEquals(2, recipe.epochs(), "not part of the recipe: how far to go");
    }
}
