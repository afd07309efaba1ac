package alexnet.net.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import alexnet.net.Param;
import java.io.IOException;
import java.io.UTFDataFormatException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {

    @TempDir
    Path dir;

    private static List<Param> params(long seed) {
        Random random = new Random(seed);
        List<Param> params = List.of(new Param("conv1.weight", 1000), new Param("conv1.bias", 7), new Param("fc.weight", 70_001));
        for (Param p : params) {
            for (int i = 0; i < p.size(); i++) {
                p.value()[i] = (float) random.nextGaussian();
                p.velocity()[i] = (float) random.nextGaussian();
            }
        }
        return params;
    }

    private Path saved() throws IOException {
        Path file = dir.resolve("checkpoint.bin");
        Checkpoint.save(file, "net/1", Map.of("epoch", "3", "step", "120"), params(1));
        return file;
    }

    @Test
    void roundTripRestoresValuesVelocitiesAndState() throws IOException {
        Path file = saved();
        List<Param> restored = params(2);
        Map<String, String> state = Checkpoint.load(file, "net/1", restored);
        assertEquals(Map.of("epoch", "3", "step", "120"), state);
        assertEquals(state, Checkpoint.readState(file));
        List<Param> original = params(1);
        for (int i = 0; i < original.size(); i++) {
            assertArrayEquals(original.get(i).value(), restored.get(i).value(), 0f);
            assertArrayEquals(original.get(i).velocity(), restored.get(i).velocity(), 0f);
        }
    }

    @Test
    void truncatedFileIsRefusedWithItsNameAndNothingIsOverwritten() throws IOException {
        Path file = saved();
        byte[] bytes = Files.readAllBytes(file);
        for (int length : new int[] {0, 5, 40, bytes.length / 2, bytes.length - 1}) {
            Files.write(file, java.util.Arrays.copyOf(bytes, length));
            List<Param> target = params(2);
            IOException error = assertThrows(IOException.class, () -> Checkpoint.load(file, "net/1", target));
            assertTrue(error.getMessage().contains(file.toString()), error.getMessage());
            assertTrue(error.getMessage().contains("truncated") || error.getMessage().contains("magic"), error.getMessage());
            assertArrayEquals(params(2).get(2).value(), target.get(2).value(), 0f, "parameters untouched");
        }
    }

    @Test
    void flippedByteFailsTheChecksum() throws IOException {
        Path file = saved();
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(file, bytes);
        IOException error = assertThrows(IOException.class, () -> Checkpoint.load(file, "net/1", params(2)));
        assertTrue(error.getMessage().contains("checksum"), error.getMessage());
    }

    @Test
    void damageInTheHeaderOrStateIsRefusedAsDamageBeforeAnythingIsRead() throws IOException {
        Path file = saved();
        byte[] original = Files.readAllBytes(file);
        // Bytes 12-40 hold the net's name and the state map: a flip there used to be read as another net,
        // another epoch or "malformed input around byte 1", with no file named.
        for (int at = 12; at < 40; at += 3) {
            byte[] bytes = original.clone();
            bytes[at] ^= 0x41;
            Files.write(file, bytes);
            for (IOException error : List.of(
                    assertThrows(IOException.class, () -> Checkpoint.load(file, "net/1", params(2))),
                    assertThrows(IOException.class, () -> Checkpoint.readState(file)))) {
                assertTrue(error.getMessage().contains(file.toString()) && error.getMessage().contains("checksum"),
                        "byte " + at + ": " + error.getMessage());
            }
        }
    }

    @Test
    void checkpointOfAnotherNetIsRefused() throws IOException {
        Path file = saved();
        IOException error = assertThrows(IOException.class, () -> Checkpoint.load(file, "other/2", params(2)));
        assertTrue(error.getMessage().contains("net/1"), error.getMessage());
        Files.writeString(file, "not a checkpoint at all, just text");
        error = assertThrows(IOException.class, () -> Checkpoint.load(file, "net/1", params(2)));
        assertTrue(error.getMessage().contains("not an alexnet checkpoint"), error.getMessage());
    }

    @Test
    void failedSaveKeepsThePreviousCheckpointAndLeavesNoTemporaryFile() throws IOException {
        Path file = saved();
        byte[] before = Files.readAllBytes(file);
        // A state value writeUTF cannot encode fails the save halfway through writing.
        Map<String, String> unwritable = Map.of("note", "x".repeat(70_000));
        IOException error = assertThrows(IOException.class, () -> Checkpoint.save(file, "net/1", unwritable, params(3)));
        assertTrue(error.getCause() instanceof UTFDataFormatException, error.toString());
        assertArrayEquals(before, Files.readAllBytes(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void aFailedSaveNamesTheFileAndTheReason() throws IOException {
        Path file = saved();
        Path blocked = file.resolveSibling("not-a-folder");
        Files.writeString(blocked, "a file where the run folder should be");
        Path target = blocked.resolve("checkpoint.bin");
        IOException error = assertThrows(IOException.class,
                () -> Checkpoint.save(target, "net/1", Map.of("epoch", "4"), params(1)));
        assertEquals(target + ": cannot save the checkpoint (" + blocked + ": already exists); the previous one, if "
                + "any, is unchanged", error.getMessage());
    }
}
