package alexnet.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @Test
    void aFullDiskIsNamedWithTheFileAndLeavesTheOldContent(@TempDir Path dir) throws IOException {
        Path full = Path.of("/dev/full"); // every write: "No space left on device"
        assumeTrue(Files.exists(full), "a Linux /dev/full");
        Path target = Files.writeString(dir.resolve("classes.tsv"), "old\n");
        Files.createSymbolicLink(dir.resolve("classes.tsv.partial"), full);

        IOException error = assertThrows(IOException.class, () -> AtomicFiles.write(target,
                out -> out.write("new\n".repeat(100_000).getBytes(StandardCharsets.UTF_8))));
        assertEquals(target + ": cannot write (No space left on device)", error.getMessage());
        assertEquals("old\n", Files.readString(target));
    }
}
