package alexnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import alexnet.data.CacheLocation;
import alexnet.data.SyntheticImageNet;
import alexnet.net.spec.Architectures;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a run folder records of the runs that trained in it, and the defaults that keep runs apart. */
class RunRecordTest {

    @TempDir
    static Path root;

    @BeforeAll
    static void generate() {
        SyntheticImageNet.generate(root.resolve("data"), 3L, 2, 16, 4, 72);
    }

    private static TrainCommandTest.Outcome train(Path run, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--data", root.resolve("data").toString(), "--net", "small",
                "--cache", root.resolve("cache").toString(), "--run", run.toString(), "--batch", "8",
                "--max-steps-per-epoch", "1", "--threads", "1", "--loader-threads", "1"));
        args.addAll(List.of(more));
        return TrainCommandTest.alexnet(args.toArray(String[]::new));
    }

    @Test
    void runJsonRecordsEachStartWithItsCommandOptionsDataAndCode(@TempDir Path dir) throws IOException {
        Path run = dir.resolve("run");
        assertEquals(0, train(run, "--epochs", "1", "--lr", "0.004").exitCode());
        assertEquals(0, train(run, "--epochs", "2", "--resume").exitCode());

        JsonNode starts = new ObjectMapper().readTree(run.resolve("run.json").toFile()).path("starts");
        assertEquals(2, starts.size());
        JsonNode first = starts.get(0);
        List<String> command = new ArrayList<>();
        first.path("arguments").forEach(word -> command.add(word.asText()));
        assertEquals("train", command.get(0));
        assertTrue(command.containsAll(List.of("--lr", "0.004", "--run", run.toString())), command.toString());
        assertEquals(0.004, first.path("options").path("lr").asDouble(), 1e-9);
        assertEquals("small", first.path("options").path("net").asText());
        assertEquals(2, first.path("options").path("lr_patience").asInt(), "a tenth of 1 epoch, at least 2");
        assertEquals(CacheLocation.identity(root.resolve("data")).toString(),
                first.path("data").path("path").asText());
        assertEquals(2, first.path("data").path("classes").asInt());
        assertTrue(first.path("code").path("commit").asText().matches("[0-9a-f]{40}|unknown"),
                first.path("code").toString());
        assertEquals(1, first.path("jvm").path("kernel_threads").asInt());

        JsonNode resumed = starts.get(1);
        assertTrue(resumed.path("arguments").toString().contains("--resume"));
        assertEquals("resume", resumed.path("options").path("start").asText());
        assertEquals(0.004, resumed.path("options").path("lr").asDouble(), 1e-9, "the checkpoint's rate");
    }

    @Test
    void evalFindsTheDataSetInRunJson(@TempDir Path dir) throws IOException {
        Path run = dir.resolve("run");
        assertEquals(0, train(run, "--epochs", "1").exitCode());
        Path json = run.resolve("run.json");
        // Point the record at a folder that is not there: eval must follow it, not the checkpoint's copy.
        Path elsewhere = dir.resolve("moved-data");
        Files.writeString(json, Files.readString(json).replace(
                CacheLocation.identity(root.resolve("data")).toString(), elsewhere.toString()));
        TrainCommandTest.Outcome outcome = TrainCommandTest.alexnet("eval", "--run", run.toString(), "--threads", "1");
        assertEquals(2, outcome.exitCode(), outcome.err());
        assertTrue(outcome.err().contains(elsewhere.toString()), outcome.err());
    }

    @Test
    void theDefaultRunFolderNamesTheDataSetAndTheNet() {
        assertEquals(Path.of("runs", "synthetic-small"),
                TrainCommand.defaultRun(Path.of("data", "synthetic"), "small", List.of()));
        assertEquals(Path.of("runs", "ILSVRC2012-alexnet-no-lrn-tanh"), TrainCommand.defaultRun(
                Path.of("/data/ILSVRC2012"), "alexnet", List.of(Architectures.Ablation.NO_LRN, Architectures.Ablation.TANH)));
    }

    @Test
    void infoOnTheSmallNetSaysWhatDiffersFromThePaper() {
        String text = stdout(() -> TrainCommandTest.alexnet("info", "--net", "small"));
        assertTrue(text.contains("10 classes"), text);
        assertTrue(text.contains("He et al."), text);
        assertTrue(text.contains("scaled by 1/64"), text);
        String paper = stdout(() -> TrainCommandTest.alexnet("info"));
        assertTrue(paper.contains("1000 classes") && paper.contains("0.01 (the paper)"), paper);
        assertTrue(!paper.contains("scaled by"), paper);
    }

    private static String stdout(Runnable command) {
        PrintStream original = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            command.run();
        } finally {
            System.setOut(original);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
