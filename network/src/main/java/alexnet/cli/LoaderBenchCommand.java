package alexnet.cli;

import alexnet.data.LoaderBenchmark;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code alexnet bench-loader}: how many augmented training images/s the data pipeline delivers. */
@Command(name = "bench-loader", mixinStandardHelpOptions = true,
        description = "Benchmark the data pipeline: packing rate, then augmented training images/s "
                + "(random crop, reflection, PCA lighting, mean subtraction) from background threads.")
final class LoaderBenchCommand implements Callable<Integer> {

    @Option(names = "--data", description = "ImageNet-layout folder. Default: a generated synthetic set.")
    Path data;

    @Option(names = "--cache", description = "Packed image cache folder. Default: a temporary one.")
    Path cache;

    @Option(names = "--stored-size", defaultValue = "256", description = "Default: ${DEFAULT-VALUE}.")
    int storedSize;

    @Option(names = "--crop", defaultValue = "227", description = "Default: ${DEFAULT-VALUE}.")
    int crop;

    @Option(names = "--batch", defaultValue = "128", description = "Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--threads", description = "Loader threads. Default: all cores.")
    Integer threads;

    @Option(names = "--seconds", defaultValue = "10", description = "How long to load. Default: ${DEFAULT-VALUE}.")
    double seconds;

    @Override
    public Integer call() throws Exception {
        if (crop < 1 || crop > storedSize) {
            throw new IllegalArgumentException("--crop " + crop + ": must be from 1 to --stored-size (" + storedSize + ")");
        }
        if (batch < 1) {
            throw new IllegalArgumentException("--batch must be at least 1, not " + batch);
        }
        if (threads != null && threads < 1) {
            throw new IllegalArgumentException("--threads must be at least 1, not " + threads);
        }
        if (!(seconds > 0 && seconds < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("--seconds must be a positive number, not " + seconds);
        }
        LoaderBenchmark.benchmark(data, cache, storedSize, crop, batch,
                threads != null ? threads : Runtime.getRuntime().availableProcessors(), seconds, System.out);
        return 0;
    }
}
