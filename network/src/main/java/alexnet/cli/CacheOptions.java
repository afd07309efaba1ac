package alexnet.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the packed image cache lives and at what size, shared by train and eval. */
final class CacheOptions {

    @Option(names = "--cache", description = "Packed image cache folder. Default: cache/<data folder name>.")
    Path cache;

    @Option(names = "--stored-size", description = "Side of the stored images. Default: 256 for alexnet (the paper), "
            + "64 for small.")
    Integer storedSize;

    Path cacheFor(Path data) {
        return cache != null ? cache : Path.of("cache", data.toAbsolutePath().normalize().getFileName().toString());
    }

    int storedSizeFor(String baseNet) {
        return storedSize != null ? storedSize : defaultStoredSize(baseNet);
    }

    static int defaultStoredSize(String baseNet) {
        return baseNet.equals("alexnet") ? 256 : 64;
    }
}
