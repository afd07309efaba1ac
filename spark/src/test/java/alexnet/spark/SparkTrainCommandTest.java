package alexnet.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code alexnet train --spark} as a user runs it: what no cluster could run is refused in one line with exit
 * code 2, before a cluster is reached or the data read.
 */
class SparkTrainCommandTest {

    @TempDir
    static Path root;

    @Test
    void refusesWhatTheWorkersCouldNotRun() {
        assertRefused("alexnet: --spark foo://x: not a Spark master URL (local[N], spark://host:7077, yarn, "
                + "k8s://https://host:443)", "--spark", "foo://x", "--workers", "2");
        assertRefused("alexnet: --workers is missing: how many replicas of the net to train on spark://host:7077 "
                + "(each a task of --threads cores)", "--spark", "spark://host:7077");
        assertRefused("alexnet: --workers 3 of --threads 1 need 3 cores at once; local[2] has 2",
                "--spark", "local[2]", "--workers", "3");
        assertRefused("alexnet: --workers 2 of --threads 2 need 4 cores at once; local[2] has 2",
                "--spark", "local[2]", "--threads", "2");
        assertRefused("alexnet: --workers 200: more workers than examples in a batch (128)",
                "--spark", "spark://host:7077", "--workers", "200");
        assertRefused("alexnet: --steps-per-job must be at least 1, not 0", "--spark", "local[2]",
                "--steps-per-job", "0");
        assertRefused("alexnet: --devices 2 splits the net over devices of one machine; with --spark every worker "
                + "holds the whole net: leave --devices out", "--spark", "local[2]", "--devices", "2");
    }

    @Test
    void theMasterComesFromTheOptionOrSparkSubmit() {
        assertEquals(2, SparkCluster.localSlots("local[2]"));
        assertEquals(1, SparkCluster.localSlots("local"));
        assertEquals(3, SparkCluster.localSlots("local[3,4]"));
        assertEquals(Runtime.getRuntime().availableProcessors(), SparkCluster.localSlots("local[*]"));
        assertEquals(0, SparkCluster.localSlots("spark://host:7077"));
        assertEquals("local[2]", SparkCluster.master("local[2]"));
    }

    private static void assertRefused(String message, String... options) {
        List<String> args = new ArrayList<>(List.of("train", "--data", root.resolve("none").toString(), "--run",
                root.resolve("run").toString()));
        args.addAll(List.of(options));
        StringWriter err = new StringWriter();
        CommandLine commandLine = SparkMain.commandLine();
        commandLine.setErr(new PrintWriter(err));
        int exitCode = commandLine.execute(args.toArray(String[]::new));
        assertEquals(2, exitCode, err.toString());
        assertEquals(List.of(message), err.toString().lines().toList());
    }
}
