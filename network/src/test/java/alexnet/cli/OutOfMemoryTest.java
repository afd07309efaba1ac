package alexnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A command that runs out of heap ends with one line and exit code 2, in a JVM of its own with 48 MiB. */
class OutOfMemoryTest {

    @Test
    void aBatchTooLargeForTheHeapIsOneLineAndExitCode2() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Xmx48m", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "bench", "--layers-only", "--batch", "512", "--threads", "1")
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the child JVM did not finish");
        assertEquals(2, process.exitValue(), output);
        assertTrue(output.contains("alexnet: out of memory (the heap is "), output);
        assertFalse(output.contains("\tat "), "a stack trace reached the user:\n" + output);
    }
}
