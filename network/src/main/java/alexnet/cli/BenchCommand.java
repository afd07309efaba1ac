package alexnet.cli;

import alexnet.kernels.bench.KernelBenchmark;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code alexnet bench}: GFLOP/s of the kernels on AlexNet's shapes, GEMMs beside numpy/OpenBLAS. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmark the kernels on AlexNet's layer shapes (fc6-fc8 GEMMs against OpenBLAS, "
                + "conv1-conv5 forward and backward) and print GFLOP/s.")
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--threads", description = "JVM executor threads, also given to OpenBLAS (default: all cores).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--batch", description = "Batch size (default: ${DEFAULT-VALUE}, the paper's).")
    int batch = 128;

    @Option(names = "--repeats", description = "Timed runs per GEMM, best reported (default: ${DEFAULT-VALUE}).")
    int repeats = 3;

    @Option(names = "--numpy-script", description = "The OpenBLAS script (default: scripts/openblas_gemm.py "
            + "of this checkout).")
    Path numpyScript;

    @Option(names = "--no-openblas", description = "Skip the OpenBLAS comparison.")
    boolean noOpenBlas;

    @Override
    public Integer call() {
        if (threads < 1 || batch < 1 || repeats < 1) {
            System.err.println("bench: --threads, --batch and --repeats must be >= 1");
            return 2;
        }
        KernelBenchmark.run(System.out, threads, batch, repeats, noOpenBlas ? null : script());
        return 0;
    }

    /** The given script, else scripts/openblas_gemm.py under the working directory or this checkout. */
    private Path script() {
        if (numpyScript != null) {
            return numpyScript;
        }
        Path here = Path.of("scripts", "openblas_gemm.py");
        if (Files.isRegularFile(here)) {
            return here;
        }
        try {
            // network/target/classes -> checkout root
            Path classes = Path.of(BenchCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return classes.getParent().getParent().getParent().resolve(here);
        } catch (URISyntaxException | RuntimeException e) {
            return here;
        }
    }
}
