package alexnet.kernels.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The numpy/OpenBLAS side of the GEMM comparison: {@code scripts/openblas_gemm.py} kept running in a
 * subprocess with every product's matrices ready, asked for one product's best time at a time. The
 * benchmark asks between its own timings of the same product, so that a machine whose speed moves
 * from one minute to the next (a shared VM) gives both sides the same minutes.
 */
final class OpenBlasSide implements AutoCloseable {

    private final Process process;
    private final BufferedReader answers;
    private final PrintWriter requests;

    private OpenBlasSide(Process process, BufferedReader answers) {
        this.process = process;
        this.answers = answers;
        this.requests = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
    }

    /**
     * Starts the script with the products {@code NAME:M:N:K:FORM} and waits until it is ready; null,
     * with the reason printed to {@code out}, when it cannot run (no script, no python, no numpy).
     */
    static OpenBlasSide start(PrintStream out, Path script, int threads, List<String> products) {
        if (script == null) {
            out.println("OpenBLAS: skipped (no numpy script given)");
            return null;
        }
        if (!Files.isRegularFile(script)) {
            out.println("OpenBLAS: skipped, script not found: " + script);
            return null;
        }
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", script.toString()));
        command.addAll(products);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("OPENBLAS_NUM_THREADS", Integer.toString(threads));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            out.println("OpenBLAS: unavailable, could not run /usr/bin/python3: " + e.getMessage());
            return null;
        }
        BufferedReader answers = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();
        try {
            String coreType = "?";
            for (String line = answers.readLine(); line != null; line = answers.readLine()) {
                if (line.equals("ready")) {
                    out.println("OpenBLAS: numpy via " + script + ", " + threads + " threads, core type " + coreType
                            + ", timed in turn with the JVM");
                    return new OpenBlasSide(process, answers);
                }
                if (line.startsWith("coretype ")) {
                    coreType = line.substring("coretype ".length());
                }
                lines.add(line);
            }
            out.println("OpenBLAS: unavailable (exit " + process.waitFor() + "): " + String.join(" / ", lines));
        } catch (IOException e) {
            out.println("OpenBLAS: unavailable, reading its answers failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.println("OpenBLAS: interrupted");
        }
        process.destroy();
        return null;
    }

    /** The product's GFLOP/s, best of {@code repeats} runs, timed now. */
    double gflops(String product, int repeats) {
        requests.println(product + " " + repeats);
        try {
            String answer = answers.readLine();
            String[] parts = answer == null ? new String[0] : answer.trim().split("\\s+");
            if (parts.length != 2 || !parts[0].equals(product)) {
                throw new IllegalStateException("OpenBLAS script answered '" + answer + "' to '" + product + "'");
            }
            return Double.parseDouble(parts[1]);
        } catch (IOException e) {
            throw new UncheckedIOException("OpenBLAS script stopped answering", e);
        }
    }

    @Override
    public void close() {
        requests.close();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroy();
        }
    }
}
