package alexnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code alexnet train} as a user runs it: exit codes and the one-line messages of bad input. */
class TrainCommandTest {

    @TempDir
    static Path root;

    /** Exit code and standard error of the command line. */
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
}
