package alexnet.data;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoaderBenchmarkTest {
    @TempDir
    Path dir;

    @Test
    void reportsImagesPerSecond() {
        PackedDataset data = PackedDataset.openOrBuild(SyntheticImageNet.generate(dir.resolve("s"), 3, 3, 20, 2, 40),
                dir.resolve("cache"), 32);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        double rate = LoaderBenchmark.run(data, LoaderConfig.of(16, 28), 0.5, new PrintStream(out, true, StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(rate > 0 && printed.startsWith("loader: ") && printed.contains("images/s"), printed);
    }
}
