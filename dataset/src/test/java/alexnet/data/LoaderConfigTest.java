package alexnet.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LoaderConfigTest {

    @Test
    void aBadSettingIsNamedWithItsValue() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new LoaderConfig(0, 227, 2, 4, 1f, 0.1, true));
        assertEquals("loader: batch size 0, crop size 227, threads 2 and prefetch 4 must all be positive",
                error.getMessage());
        error = assertThrows(IllegalArgumentException.class, () -> new LoaderConfig(8, 57, 1, 1, 0f, 0.1, true));
        assertEquals("loader: lighting sigma 0.1 must be >= 0 and pixel scale 0.0 > 0", error.getMessage());
    }
}
