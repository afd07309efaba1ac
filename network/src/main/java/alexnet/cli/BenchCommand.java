package alexnet.cli;

import alexnet.kernels.bench.KernelBenchmark;
import alexnet.net.bench.LayerBenchmark;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code alexnet bench}: GFLOP/s of the kernels on AlexNet's shapes, GEMMs beside numpy/OpenBLAS. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmark AlexNet on the JVM: the fc6-fc8 GEMMs beside numpy/OpenBLAS, then every layer of the "
                + "net forward and backward (ms, GFLOP/s, share of the training step)."})
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--threads", description = "JVM executor threads, also given to OpenBLAS (default: all cores).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--batch", description = "Batch size (default: ${DEFAULT-VALUE}, the paper's).")
    int batch = 128;

    @Option(names = "--repeats", description = "Timed runs per GEMM, best reported (default: ${DEFAULT-VALUE}).")
    int repeats = 3;

    @Option(names = "--rounds", description = "Turns of the JVM's and OpenBLAS's timings of each GEMM, taken one "
            + "after the other so that both sides see the machine in the same state; best of all kept (default: "
            + "${DEFAULT-VALUE}).")
    int rounds = 5;

    @Option(names = "--warmup", description = "Untimed training steps before the layer timings (default: "
            + "${DEFAULT-VALUE}: with two cores the JIT compiles some of the Vector API paths only during the second).")
    int warmup = 2;

    @Option(names = "--numpy-script", description = "The OpenBLAS script (default: scripts/openblas_gemm.py "
            + "of this checkout).")
    Path numpyScript;

    @Option(names = "--no-openblas", description = "Skip the OpenBLAS comparison.")
    boolean noOpenBlas;

    @Option(names = "--direct-conv", description = "Also time the direct convolution kernels (slow on a CPU).")
    boolean directConvolution;

    @Option(names = "--layers-only", description = "Skip the GEMM table.")
    boolean layersOnly;

    @Mixin
    NetOptions netOptions = new NetOptions();

    @Override
    public Integer call() {
        if (threads < 1 || batch < 1 || repeats < 1 || rounds < 1 || warmup < 0) {
            System.err.println("bench: --threads, --batch, --repeats and --rounds must be >= 1, --warmup >= 0");
            return 2;
        }
        if (!layersOnly) {
            KernelBenchmark.run(System.out, threads, batch, repeats, rounds, noOpenBlas ? null : script(),
                    directConvolution);
            System.out.println();
        }
        LayerBenchmark.run(System.out, netOptions.spec(), batch, threads, warmup, repeats);
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
