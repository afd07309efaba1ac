package alexnet.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ConsoleProgressBarTest {
    @Test
    void rendersCountPercentRateAndEta() {
        ConsoleProgressBar bar = new ConsoleProgressBar("packing", 200, "images",
                new PrintStream(new ByteArrayOutputStream()), false);
        bar.advance(50);
        String line = bar.render();
        assertTrue(line.startsWith("packing [######"), line);
        assertTrue(line.contains(" 50/200 "), line);
        assertTrue(line.contains(" 25%"), line);
        assertTrue(line.contains("images/s"), line);
        assertTrue(line.contains("ETA "), line);
    }

    @Test
    void logModePrintsWholeLinesAndTerminalModeRedrawsInPlace() {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (ConsoleProgressBar bar = new ConsoleProgressBar("x", 10, "it", new PrintStream(log, true, StandardCharsets.UTF_8), false)) {
            bar.advance(10);
        }
        String logged = log.toString(StandardCharsets.UTF_8);
        assertFalse(logged.contains("\r"));
        assertEquals(1, logged.lines().count(), "a fast job logs only its final line: " + logged);
        assertTrue(logged.contains("10/10 100%"), logged);

        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        try (ConsoleProgressBar bar = new ConsoleProgressBar("x", 10, "it", new PrintStream(terminal, true, StandardCharsets.UTF_8), true)) {
            bar.advance(3);
        }
        assertTrue(terminal.toString(StandardCharsets.UTF_8).startsWith("\r"));
    }
}
