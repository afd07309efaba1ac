package alexnet.cli;

import static alexnet.cli.TrainCommandTest.alexnet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import alexnet.data.SyntheticImageNet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code alexnet eval} on the data set a run was trained on, and refusing any other. */
class EvalCommandTest {

    @TempDir
    static Path root;

    /** A run of one step on a generated data set of {@code classes} classes, in root/run{classes}. */
    @BeforeAll
    static void train() {
        for (int classes : new int[] {2, 3}) {
            SyntheticImageNet.generate(data(classes), 3L, classes, 8, 4, 72);
            assertEquals(0, alexnet("train", "--data", data(classes).toString(), "--net", "small", "--cache",
                    cache(classes).toString(), "--run", run(classes).toString(), "--epochs", "1", "--batch", "8",
                    "--max-steps-per-epoch", "1", "--threads", "1", "--loader-threads", "1").exitCode());
        }
    }

    private static Path data(int classes) {
        return root.resolve("data" + classes);
    }

    private static Path cache(int classes) {
        return root.resolve("cache" + classes);
    }

    private static Path run(int classes) {
        return root.resolve("run" + classes);
    }

    private static TrainCommandTest.Outcome eval(int runClasses, int dataClasses) {
        return alexnet("eval", "--run", run(runClasses).toString(), "--data", data(dataClasses).toString(),
                "--cache", cache(dataClasses).toString(), "--threads", "1");
    }

    @Test
    void aRunIsRefusedOnADataSetOfOtherClasses() {
        for (int[] pair : new int[][] {{2, 3}, {3, 2}}) {
            TrainCommandTest.Outcome outcome = eval(pair[0], pair[1]);
            assertEquals(2, outcome.exitCode(), outcome.err());
            assertEquals(1, outcome.errLines().size(), outcome.err());
            assertTrue(outcome.err().contains(run(pair[0]).toString()), outcome.err());
            assertTrue(outcome.err().contains(data(pair[1]).toString()), outcome.err());
            assertTrue(outcome.err().contains(pair[0] + " classes") && outcome.err().contains(pair[1] + " classes"),
                    outcome.err());
        }
    }

    @Test
    void theDataSetDefaultsToTheOneTheRunWasTrainedOn() {
        TrainCommandTest.Outcome outcome = alexnet("eval", "--run", run(3).toString(), "--cache", cache(3).toString(),
                "--threads", "1");
        assertEquals(0, outcome.exitCode(), outcome.err());
    }

    @Test
    void aRunIsRefusedOnADataSetWithAsManyClassesButOtherOnes() throws IOException {
        Path other = root.resolve("other");
        SyntheticImageNet.generate(other, 3L, 2, 8, 4, 72);
        Files.move(other.resolve("train/n00000002"), other.resolve("train/n00000007"));
        Path labels = other.resolve("val_labels.csv");
        Files.writeString(labels, Files.readString(labels).replace("n00000002", "n00000007"));
        TrainCommandTest.Outcome outcome = alexnet("eval", "--run", run(2).toString(), "--data", other.toString(),
                "--cache", root.resolve("cache-other").toString(), "--threads", "1");
        assertEquals(2, outcome.exitCode(), outcome.err());
        assertTrue(outcome.err().contains("n00000002") && outcome.err().contains("n00000007"), outcome.err());
    }
}
