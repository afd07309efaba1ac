package alexnet.cli;

import static alexnet.cli.TrainCommandTest.alexnet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import alexnet.data.ImageNetFolder;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code alexnet import-idx} as a user runs it: a data set train reads, or one line and exit code 2. */
class ImportIdxCommandTest {

    @TempDir
    Path dir;

    private Path idx(String name, int magic, int[] dimensions, int bytes) throws IOException {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(content);
        out.writeInt(magic);
        for (int d : dimensions) {
            out.writeInt(d);
        }
        for (int i = 0; i < bytes; i++) {
            out.writeByte(i % 2);
        }
        return Files.write(dir.resolve(name), content.toByteArray());
    }

    @Test
    void writesADataSetWithTheNamesGiven() throws IOException {
        Path images = idx("images", 0x803, new int[] {4, 5, 5}, 100);
        Path labels = idx("labels", 0x801, new int[] {4}, 4);
        TrainCommandTest.Outcome outcome = alexnet("import-idx", "--images", images.toString(), "--labels",
                labels.toString(), "--test-images", images.toString(), "--test-labels", labels.toString(), "--names",
                "T-shirt/top, Ankle boot", "--out", dir.resolve("out").toString());
        assertEquals(0, outcome.exitCode(), outcome.err());
        ImageNetFolder folder = ImageNetFolder.open(dir.resolve("out"));
        assertEquals(List.of("T-shirt/top", "Ankle boot"), folder.classNames());
        assertEquals(4, folder.train().size());
        assertEquals(4, folder.val().size());
    }

    @Test
    void badInputIsOneLineNamingTheFile() throws IOException {
        Path images = idx("images", 0x803, new int[] {4, 5, 5}, 100);
        Path labels = idx("labels", 0x801, new int[] {3}, 3);
        Path out = dir.resolve("out");
        for (String[] args : List.of(
                new String[] {"--images", images.toString(), "--labels", labels.toString()},
                new String[] {"--images", labels.toString(), "--labels", labels.toString()},
                new String[] {"--images", images.toString(), "--labels", labels.toString(), "--test-images", images.toString()})) {
            String[] all = new String[args.length + 3];
            all[0] = "import-idx";
            System.arraycopy(args, 0, all, 1, args.length);
            all[args.length + 1] = "--out";
            all[args.length + 2] = out.toString();
            TrainCommandTest.Outcome outcome = alexnet(all);
            assertEquals(2, outcome.exitCode(), outcome.err());
            assertEquals(1, outcome.errLines().size(), outcome.err());
            assertTrue(outcome.err().contains(args[args.length - 1]) || outcome.err().contains("--test-labels"),
                    outcome.err());
        }
    }
}
