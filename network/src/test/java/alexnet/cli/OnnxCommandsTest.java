package alexnet.cli;

import static alexnet.cli.TrainCommandTest.alexnet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import alexnet.data.SyntheticImageNet;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code alexnet export} and {@code alexnet import} as a user runs them, and their one-line refusals. */
class OnnxCommandsTest {

    @TempDir
    static Path root;

    @BeforeAll
    static void trainAndExport() {
        SyntheticImageNet.generate(data(), 3L, 3, 8, 4, 72);
        assertEquals(0, alexnet("train", "--data", data().toString(), "--net", "small", "--cache", cache().toString(),
                "--run", root.resolve("run").toString(), "--epochs", "1", "--batch", "8", "--max-steps-per-epoch", "1",
                "--threads", "1", "--loader-threads", "1").exitCode());
        TrainCommandTest.Outcome outcome = alexnet("export", "--run", root.resolve("run").toString(), "--onnx",
                exported().toString());
        assertEquals(0, outcome.exitCode(), outcome.err());
    }

    private static Path data() {
        return root.resolve("data");
    }

    private static Path cache() {
        return root.resolve("cache");
    }

    private static Path exported() {
        return root.resolve("small.onnx");
    }

    @Test
    void anExportedRunImportedEvaluatesAsTheRunDid() throws IOException {
        Path imported = root.resolve("imported");
        assertEquals(0, alexnet("import", "--onnx", exported().toString(), "--run", imported.toString()).exitCode());
        List<String> original = evalTable(root.resolve("run"));
        assertEquals(2, original.size(), "centre crop and 10 views");
        assertEquals(original, evalTable(imported));
        assertEquals(Files.readString(root.resolve("run/classes.tsv")), Files.readString(imported.resolve("classes.tsv")));
    }

    /** A model without metadata: the classes from --classes, the mean from --mean. */
    @Test
    void aModelWithoutMetadataTakesItsClassesAndMeanFromTheOptions() throws IOException {
        Path bare = root.resolve("bare.onnx");
        Files.write(bare, model().toBuilder().clearMetadataProps().build().toByteArray());
        Path run = root.resolve("bare");
        refused(alexnet("import", "--onnx", bare.toString(), "--run", run.toString()), bare.toString(), "--classes");
        Path classes = Files.writeString(root.resolve("synset_words.txt"), "n00000001 one\nn00000002 two\nn00000003 three\n");
        TrainCommandTest.Outcome outcome = alexnet("import", "--onnx", bare.toString(), "--run", run.toString(),
                "--classes", classes.toString(), "--mean", "120,110,100", "--channel-order", "rgb");
        assertEquals(0, outcome.exitCode(), outcome.err());
        assertEquals(2, evalTable(run).size());
    }

    @Test
    void badInputIsRefusedInOneLine() throws IOException {
        Path missing = root.resolve("missing.onnx");
        refused(alexnet("import", "--onnx", missing.toString(), "--run", root.resolve("r1").toString()), missing.toString());
        Path text = Files.writeString(root.resolve("text.onnx"), "not a model");
        refused(alexnet("import", "--onnx", text.toString(), "--run", root.resolve("r2").toString()), text.toString(),
                "not an ONNX model");
        refused(alexnet("import", "--onnx", exported().toString(), "--run", root.resolve("run").toString()),
                root.resolve("run").toString(), "checkpoint");
        refused(alexnet("import", "--onnx", exported().toString(), "--run", root.resolve("r3").toString(), "--mean", "1,2"),
                "--mean");
        Path imported = root.resolve("r5");
        assertEquals(0, alexnet("import", "--onnx", exported().toString(), "--run", imported.toString()).exitCode());
        refused(alexnet("train", "--data", data().toString(), "--net", "small", "--cache", cache().toString(), "--run",
                imported.toString(), "--resume", "--epochs", "2", "--batch", "8", "--threads", "1", "--loader-threads",
                "1"), imported.toString(), "imported");
        Path noFolder = root.resolve("no/such/folder/x.onnx");
        refused(alexnet("export", "--run", root.resolve("run").toString(), "--onnx", noFolder.toString()), "--onnx");

        ModelProto model = model();
        ModelProto ungrouped = model.toBuilder().setGraph(model.getGraph().toBuilder().clearNode().addAllNode(
                model.getGraph().getNodeList().stream().map(node -> !node.getName().equals("conv4") ? node
                        : node.toBuilder().clearAttribute().addAllAttribute(node.getAttributeList().stream()
                                .filter(a -> !a.getName().equals("group")).toList()).build()).toList())).build();
        Path other = root.resolve("ungrouped.onnx");
        Files.write(other, ungrouped.toByteArray());
        Path run = root.resolve("r4");
        refused(alexnet("import", "--onnx", other.toString(), "--run", run.toString()), other.toString(), "conv4",
                "group 1");
        assertFalse(Files.exists(run.resolve("checkpoint.bin")));
    }

    private static ModelProto model() throws IOException {
        return ModelProto.parseFrom(Files.readAllBytes(exported()));
    }

    private static void refused(TrainCommandTest.Outcome outcome, String... mentions) {
        assertEquals(2, outcome.exitCode(), outcome.err());
        assertEquals(1, outcome.errLines().size(), "one line: " + outcome.err());
        for (String mention : mentions) {
            assertTrue(outcome.err().contains(mention), "mentions " + mention + ": " + outcome.err());
        }
    }

    /** The rows of eval's table of {@code run} on the data set: views, loss, top-1, top-5. */
    private static List<String> evalTable(Path run) {
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            TrainCommandTest.Outcome outcome = alexnet("eval", "--run", run.toString(), "--data", data().toString(),
                    "--cache", cache().toString(), "--threads", "1");
            assertEquals(0, outcome.exitCode(), outcome.err());
        } finally {
            System.setOut(out);
        }
        return captured.toString(StandardCharsets.UTF_8).lines()
                .filter(line -> line.startsWith("centre crop") || line.startsWith("10 views")).toList();
    }
}
