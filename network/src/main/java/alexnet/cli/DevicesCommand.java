package alexnet.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;

/**
 * {@code alexnet devices}: where the kernels can run. The JVM (always: cores, largest heap) and, when
 * TORNADO_SDK points at a TornadoVM SDK, its devices with their ids, backend and memory, listed by the
 * SDK's own {@code tornado --devices} in a child process (this JVM has no TornadoVM on its class path).
 */
@Command(name = "devices", mixinStandardHelpOptions = true,
        description = "List the devices: the JVM and, when TORNADO_SDK is set, the TornadoVM devices.")
final class DevicesCommand implements Callable<Integer> {

    @Override
    public Integer call() throws IOException, InterruptedException {
        Runtime runtime = Runtime.getRuntime();
        System.out.println("JVM device (scripts/alexnet train):");
        System.out.printf("  jvm   %d cores, max heap %,d MiB, %s %s%n", runtime.availableProcessors(),
                runtime.maxMemory() >> 20, System.getProperty("java.vm.name"), System.getProperty("java.version"));
        String sdk = System.getenv("TORNADO_SDK");
        if (sdk == null || sdk.isBlank()) {
            System.out.println("TornadoVM: not installed (TORNADO_SDK is not set); see tornado-backend/README.md.");
            return 0;
        }
        Path launcher = Path.of(sdk, "bin", "tornado");
        if (!Files.isExecutable(launcher)) {
            System.out.println("TornadoVM: TORNADO_SDK=" + sdk + " has no bin/tornado: not a TornadoVM SDK.");
            return 0;
        }
        String tornadoJava = System.getenv("TORNADO_JAVA_HOME");
        boolean hasJavaHome = System.getenv("JAVA_HOME") != null && !System.getenv("JAVA_HOME").isBlank();
        if ((tornadoJava == null || tornadoJava.isBlank()) && !hasJavaHome) {
            // The SDK's own launcher refuses to run without it (it exited 1 with its own message).
            System.err.println("devices: TORNADO_SDK is set but JAVA_HOME is not: set JAVA_HOME (or "
                    + "TORNADO_JAVA_HOME) to the JDK the SDK runs on (25 for 5.2.0-jdk25)");
            return 2;
        }
        System.out.println("TornadoVM devices (ids backend:device for scripts/alexnet-tornado --device), from "
                + launcher + " --devices:");
        ProcessBuilder builder = new ProcessBuilder(launcher.toString(), "--devices").redirectErrorStream(true);
        builder.environment().put("TORNADOVM_HOME", sdk);
        if (tornadoJava != null && !tornadoJava.isBlank()) {
            builder.environment().put("JAVA_HOME", tornadoJava);  // the SDK's JDK when this JVM is another one
        }
        Process process = builder.start();
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                System.out.println("  " + line);
            }
        }
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            System.out.println("TornadoVM: `tornado --devices` did not answer within 120 s.");
            return 1;
        }
        if (process.exitValue() != 0) {
            System.out.println("TornadoVM: `tornado --devices` failed (exit code " + process.exitValue()
                    + "); is JAVA_HOME the JDK that SDK was built for?");
            return 1;
        }
        return 0;
    }
}
