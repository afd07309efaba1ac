package alexnet.net;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import alexnet.net.spec.Architectures;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetSizeTest {

    @Test
    void aBatchTooLargeForAJavaArrayIsRefusedBeforeAnythingIsAllocated() {
        // 38,000 x 3x227x227 input floats: more than an int counts.
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> new Net(Architectures.variant("alexnet", 1000, List.of()), 38_000, 1L));
        assertTrue(refused.getMessage().contains("38000"), refused.getMessage());
    }
}
