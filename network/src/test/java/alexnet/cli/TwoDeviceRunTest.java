package alexnet.cli;

import static alexnet.cli.TrainCommandTest.alexnet;
import static org.junit.jupiter.api.Assertions.assertEquals;

import alexnet.data.SyntheticImageNet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run trained with {@code --devices 2} is read by every command that reads a one-device run. */
class TwoDeviceRunTest {

    @TempDir
    static Path root;

    @BeforeAll
    static void train() {
        SyntheticImageNet.generate(root.resolve("data"), 3L, 2, 8, 4, 72);
        TrainCommandTest.Outcome outcome = alexnet("train", "--data", root.resolve("data").toString(), "--net", "small",
                "--cache", root.resolve("cache").toString(), "--run", run().toString(), "--epochs", "1", "--batch", "8",
                "--max-steps-per-epoch", "1", "--threads", "2", "--loader-threads", "1", "--devices", "2");
        assertEquals(0, outcome.exitCode(), outcome.err());
    }

    static Path run() {
        return root.resolve("run");
    }

    @Test
    void evalReadsATwoDeviceRun() {
        TrainCommandTest.Outcome outcome = alexnet("eval", "--run", run().toString(), "--cache",
                root.resolve("cache").toString(), "--threads", "1");
        assertEquals(0, outcome.exitCode(), outcome.err());
    }

    /** Resumed on one device, then on two again: each time the checkpoint is laid out for the net at hand. */
    @Test
    void aTwoDeviceRunResumesOnOneDeviceAndBack() throws IOException {
        Path copy = root.resolve("resumed");
        Files.createDirectories(copy);
        for (String file : new String[] {"checkpoint.bin", "statistics.bin", "classes.tsv", "metrics.csv"}) {
            Files.copy(run().resolve(file), copy.resolve(file));
        }
        for (String[] devicesAndEpochs : new String[][] {{"1", "2"}, {"2", "3"}}) {
            TrainCommandTest.Outcome outcome = alexnet("train", "--data", root.resolve("data").toString(), "--net",
                    "small", "--cache", root.resolve("cache").toString(), "--run", copy.toString(), "--resume",
                    "--epochs", devicesAndEpochs[1], "--max-steps-per-epoch", "1", "--threads", "2",
                    "--loader-threads", "1", "--devices", devicesAndEpochs[0]);
            assertEquals(0, outcome.exitCode(), outcome.err());
        }
        assertEquals(4, Files.readAllLines(copy.resolve("metrics.csv")).size(), "a header and three epochs");
    }

    @Test
    void exportReadsATwoDeviceRun() {
        TrainCommandTest.Outcome outcome = alexnet("export", "--run", run().toString(), "--onnx",
                root.resolve("two-device.onnx").toString());
        assertEquals(0, outcome.exitCode(), outcome.err());
    }

    @Test
    void classifyReadsATwoDeviceRun() throws IOException {
        Path image;
        try (Stream<Path> files = Files.walk(root.resolve("data/train"))) {
            image = files.filter(Files::isRegularFile).findFirst().orElseThrow();
        }
        TrainCommandTest.Outcome outcome = alexnet("classify", "--run", run().toString(), "--centre-only",
                image.toString());
        assertEquals(0, outcome.exitCode(), outcome.err());
    }
}
