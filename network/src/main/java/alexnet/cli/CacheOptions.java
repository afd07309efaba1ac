package alexnet.cli;

import alexnet.data.CacheLocation;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the packed image cache lives and at what size, shared by train and eval. */
final class CacheOptions {

    @Option(names = "--cache", description = "Packed image cache folder. Default: one per data set, "
            + "<cache root>/<data folder name>-<hash of its path>, the root being $ALEXNET_CACHE, else "
            + "$XDG_CACHE_HOME/alexnet, else ~/.cache/alexnet.")
    Path cache;

    @Option(names = "--stored-size", description = "Side of the stored images. Default: 256 for alexnet (the paper), "
            + "64 for small.")
    Integer storedSize;

    Path cacheFor(Path data) {
        return cache != null ? cache : CacheLocation.defaultFor(data);
    }

    int storedSizeFor(String baseNet) {
        return storedSize != null ? storedSize : defaultStoredSize(baseNet);
    }

    static int defaultStoredSize(String baseNet) {
        return baseNet.equals("alexnet") ? 256 : 64;
    }
}
