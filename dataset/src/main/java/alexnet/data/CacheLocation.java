package alexnet.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * Where a data set's packed cache lives by default: {@code <cache root>/<folder name>-<8 hex digits>}, the
 * digits from the data folder's absolute real path. So one data set finds its cache from any working
 * directory, and two data sets in folders of the same name (two {@code data/}) get a cache each. A data set
 * whose files change keeps its folder: {@link PackedDataset} sees the change in its fingerprint and re-packs.
 * The cache root is {@code $ALEXNET_CACHE}, else {@code $XDG_CACHE_HOME/alexnet}, else
 * {@code ~/.cache/alexnet}.
 */
public final class CacheLocation {

    private CacheLocation() {
    }

    /** The default cache folder of {@code dataRoot} in this process's environment. */
    public static Path defaultFor(Path dataRoot) {
        return defaultFor(dataRoot, System.getenv(), Path.of(System.getProperty("user.home")));
    }

    static Path defaultFor(Path dataRoot, Map<String, String> env, Path home) {
        Path root = env.containsKey("ALEXNET_CACHE") ? Path.of(env.get("ALEXNET_CACHE"))
                : env.containsKey("XDG_CACHE_HOME") ? Path.of(env.get("XDG_CACHE_HOME"), "alexnet")
                : home.resolve(".cache").resolve("alexnet");
        Path data = identity(dataRoot);
        Path name = data.getFileName();
        return root.resolve((name != null ? name.toString() : "root") + "-" + shortHash(data.toString()));
    }

    /** The data folder as one path wherever it is named from: real (links resolved) when it exists. */
    public static Path identity(Path dataRoot) {
        Path absolute = dataRoot.toAbsolutePath().normalize();
        try {
            return Files.exists(absolute) ? absolute.toRealPath() : absolute;
        } catch (IOException e) {
            return absolute;
        }
    }

    private static String shortHash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
