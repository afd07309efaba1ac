package alexnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import alexnet.data.SyntheticImageNet;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code alexnet train} as a user runs it: exit codes and the one-line messages of bad input. */
class TrainCommandTest {

    @TempDir
    static Path root;

    @BeforeAll
    static void generate() {
        SyntheticImageNet.generate(root.resolve("data"), 3L, 2, 16, 4, 72);
    }

    /** Exit code and standard error of the command line. */
    @Test
    void resumingAFinishedRunWithoutItsMetricsEndsCleanly(@TempDir Path dir) throws IOException {
        Path run = dir.resolve("run");
        assertEquals(0, train(run, "--epochs", "1").exitCode());
        Files.delete(run.resolve("metrics.csv"));
        Outcome outcome = train(run, "--epochs", "1", "--resume");
        assertEquals(0, outcome.exitCode(), outcome.err());
        assertEquals("", outcome.err());
    }

    @Test
    void aNetWithoutClassesIsRefusedInOneLine() {
        Outcome outcome = alexnet("info", "--classes", "0");
        assertEquals(2, outcome.exitCode(), outcome.err());
        assertEquals(List.of("alexnet: --classes 0: a net needs at least one class"), outcome.errLines());
    }

    record Outcome(int exitCode, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    static Outcome alexnet(String... args) {
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.commandLine();
        commandLine.setErr(new PrintWriter(err, true));
        return new Outcome(commandLine.execute(args), err.toString());
    }

    /** A one-step-per-epoch run of the small net on the two-class data set, in {@code run}. */
    static Outcome train(Path run, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--data", root.resolve("data").toString(), "--net", "small",
                "--cache", root.resolve("cache").toString(), "--run", run.toString(), "--batch", "8",
                "--max-steps-per-epoch", "1", "--threads", "1", "--loader-threads", "1"));
        args.addAll(List.of(more));
        return alexnet(args.toArray(String[]::new));
    }

    /** The learning rate of each epoch in {@code run}'s metrics.csv. */
    static List<Float> learningRates(Path run) throws IOException {
        return Files.readAllLines(run.resolve("metrics.csv")).stream().skip(1)
                .map(line -> Float.parseFloat(line.split(",")[2])).toList();
    }

    /** Every file of {@code folder} with its content. */
    static Map<Path, String> contents(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.collect(Collectors.toMap(Path::getFileName, file -> {
                try {
                    return new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }));
        }
    }

    private static void assertRefused(Outcome outcome, String... mentions) {
        assertEquals(2, outcome.exitCode(), outcome.err());
        assertEquals(1, outcome.errLines().size(), "one line: " + outcome.err());
        for (String mention : mentions) {
            assertTrue(outcome.err().contains(mention), "mentions " + mention + ": " + outcome.err());
        }
    }

    @Test
    void learningRateMustBeAPositiveFiniteNumber() {
        for (String lr : List.of("Infinity", "-Infinity", "NaN", "0", "-0.01")) {
            // A missing --data: without the check, the run would get that far and be refused for it instead.
            assertRefused(alexnet("train", "--data", root.resolve("missing").toString(), "--lr", lr), "--lr", lr);
        }
        assertRefused(alexnet("train", "--data", root.resolve("missing").toString(), "--momentum", "NaN"), "--momentum");
        assertRefused(alexnet("train", "--data", root.resolve("missing").toString(), "--weight-decay", "Infinity"),
                "--weight-decay");
    }

    @Test
    void optionsGivenOnResumeWinAndTheOthersComeFromTheCheckpoint() throws IOException {
        Path run = root.resolve("recipe");
        assertEquals(0, train(run, "--epochs", "1", "--lr", "0.004").exitCode());
        // The advice after a divergence: resume with a lower --lr.
        assertEquals(0, train(run, "--epochs", "2", "--resume", "--lr", "0.002").exitCode());
        // No --lr: the checkpoint's rate, not the default 0.01.
        assertEquals(0, train(run, "--epochs", "3", "--resume").exitCode());
        assertEquals(List.of(0.004f, 0.002f, 0.002f), learningRates(run));
    }

    @Test
    void aNewRunInAFolderWithACheckpointIsRefusedAndTouchesNothing() throws IOException {
        Path run = root.resolve("again");
        assertEquals(0, train(run, "--epochs", "1").exitCode());
        Map<Path, String> finished = contents(run);
        assertRefused(train(run, "--epochs", "1"), run.toString(), "--resume", "--overwrite");
        assertEquals(finished, contents(run), "metrics, checkpoint and every other file as they were");

        assertRefused(train(run, "--epochs", "1", "--resume", "--overwrite"), "--resume", "--overwrite");
        assertEquals(0, train(run, "--epochs", "1", "--overwrite").exitCode(), "afresh, on purpose");
        assertEquals(0, train(run, "--epochs", "2", "--resume").exitCode());
        assertEquals(2, learningRates(run).size());
    }

    @Test
    void resumingAFolderWithoutACheckpointIsRefused() {
        Path run = root.resolve("typo");
        assertRefused(train(run, "--epochs", "1", "--resume"), run.toString(), "no checkpoint");
        assertFalse(Files.exists(run), "nothing created");
    }

    @Test
    void aRunFolderThatIsAFileIsRefused() throws IOException {
        Path run = Files.writeString(root.resolve("file"), "not a folder");
        assertRefused(train(run, "--epochs", "1"), run.toString(), "not a folder");
    }

    @Test
    void eachSizeOptionIsRefusedByNameBeforeAnyWork() {
        Path missing = root.resolve("missing");
        assertEquals(List.of("alexnet: --epochs must be at least 1, not 0"),
                alexnet("train", "--data", missing.toString(), "--epochs", "0").errLines());
        assertEquals(List.of("alexnet: --max-steps-per-epoch must be at least 0, not -1"),
                alexnet("train", "--data", missing.toString(), "--max-steps-per-epoch", "-1").errLines());
        assertEquals(List.of("alexnet: --loader-threads must be at least 1, not 0"),
                alexnet("train", "--data", missing.toString(), "--loader-threads", "0").errLines());
        assertRefused(alexnet("train", "--data", missing.toString(), "--net", "small", "--stored-size", "10"),
                "--stored-size 10", "57x57");
        assertEquals(List.of("alexnet: --batch must be at least 1, not 0"),
                alexnet("eval", "--run", missing.toString(), "--batch", "0").errLines());
    }

    @Test
    void classifyNamesAnUnreadableImageClassifiesTheOthersAndExitsWith2(@TempDir Path dir) throws IOException {
        Path run = dir.resolve("run");
        assertEquals(0, train(run, "--epochs", "1").exitCode());
        Path good;
        try (Stream<Path> images = Files.walk(root.resolve("data/val"))) {
            good = images.filter(Files::isRegularFile).findFirst().orElseThrow();
        }
        Path missing = dir.resolve("missing.jpg");
        java.io.PrintStream original = System.out;
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(out, true));
        Outcome outcome;
        try {
            outcome = alexnet("classify", "--run", run.toString(), missing.toString(), good.toString());
        } finally {
            System.setOut(original);
        }
        assertEquals(2, outcome.exitCode(), outcome.err());
        assertEquals(1, outcome.errLines().size(), outcome.err());
        assertTrue(outcome.err().contains(missing.toString()), outcome.err());
        assertTrue(out.toString().startsWith(good + "\n"), out.toString());
    }
}
