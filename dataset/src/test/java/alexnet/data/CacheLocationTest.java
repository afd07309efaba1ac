package alexnet.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheLocationTest {

    @TempDir
    Path root;

    @Test
    void twoDataFoldersOfOneNameGetTwoCaches() throws IOException {
        Path a = Files.createDirectories(root.resolve("a/data"));
        Path b = Files.createDirectories(root.resolve("b/data"));
        Path cacheA = CacheLocation.defaultFor(a, Map.of(), root.resolve("home"));
        Path cacheB = CacheLocation.defaultFor(b, Map.of(), root.resolve("home"));
        assertNotEquals(cacheA, cacheB);
        assertTrue(cacheA.getFileName().toString().startsWith("data-"), cacheA.toString());
        assertEquals(root.resolve("home/.cache/alexnet"), cacheA.getParent());
    }

    @Test
    void oneDataSetHasOneCacheHoweverItIsNamed() throws IOException {
        Path data = Files.createDirectories(root.resolve("sets/imagenet"));
        Path link = Files.createSymbolicLink(root.resolve("link"), root.resolve("sets"));
        Map<String, String> env = Map.of("ALEXNET_CACHE", root.resolve("caches").toString());
        Path direct = CacheLocation.defaultFor(data, env, root);
        assertEquals(direct, CacheLocation.defaultFor(root.resolve("sets/../sets/imagenet"), env, root));
        assertEquals(direct, CacheLocation.defaultFor(link.resolve("imagenet"), env, root));
        assertEquals(root.resolve("caches"), direct.getParent());
    }

    @Test
    void theCacheRootFollowsXdgWhenAlexnetCacheIsUnset() {
        Path cache = CacheLocation.defaultFor(root.resolve("data"), Map.of("XDG_CACHE_HOME", root.resolve("xdg").toString()),
                root.resolve("home"));
        assertEquals(root.resolve("xdg/alexnet"), cache.getParent());
    }
}
