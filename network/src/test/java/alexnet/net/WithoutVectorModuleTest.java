package alexnet.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The nets build and train in a JVM without the Vector API module (the host paths fall back). */
class WithoutVectorModuleTest {

    @Test
    void theSmallNetTrainsAStepWithoutTheVectorModule() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                WithoutVectorModule.class.getName()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the child JVM did not finish");
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("vector module false, loss "), output);
        float loss = Float.parseFloat(output.substring(output.lastIndexOf("loss ") + 5).trim());
        assertTrue(loss > 0 && Float.isFinite(loss), output);
    }
}
