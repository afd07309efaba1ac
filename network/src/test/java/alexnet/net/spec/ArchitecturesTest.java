package alexnet.net.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ArchitecturesTest {

    private static Map<String, LayerInfo> byName(NetSpec net) {
        return net.describe().stream().collect(Collectors.toMap(row -> row.spec().name(), row -> row));
    }

    @Test
    void paperNetHasThePapersParameterCount() {
        assertEquals(60_965_224L, Architectures.alexnet(1000).parameterCount());
    }

    @Test
    void paperNetHasThePapersNeuronCounts() {
        Map<String, LayerInfo> rows = byName(Architectures.alexnet(1000));
        // The paper lists 253,440 for conv1, which no conv1 geometry of Figure 2 gives: 96 maps of
        // 55x55 (the size the paper states for 227x227 input) are 290,400. Every other count matches.
        assertEquals(96 * 55 * 55, rows.get("conv1").neurons());
        assertEquals(186_624, rows.get("conv2").neurons());
        assertEquals(64_896, rows.get("conv3").neurons());
        assertEquals(64_896, rows.get("conv4").neurons());
        assertEquals(43_264, rows.get("conv5").neurons());
        assertEquals(4096, rows.get("fc6").neurons());
        assertEquals(4096, rows.get("fc7").neurons());
        assertEquals(1000, rows.get("fc8").neurons());
        assertEquals(new Shape(256, 6, 6), rows.get("pool5").output());
    }

    @Test
    void paperNetConvGeometry() {
        Map<String, LayerInfo> rows = byName(Architectures.alexnet(1000));
        assertEquals(new Shape(96, 55, 55), rows.get("conv1").output());
        assertEquals(new Shape(96, 27, 27), rows.get("pool1").output());
        assertEquals(new Shape(256, 27, 27), rows.get("conv2").output());
        assertEquals(new Shape(256, 13, 13), rows.get("pool2").output());
        // conv2 reads 48 maps (its GPU's half of conv1), conv3 all 256, conv4/conv5 192.
        assertEquals(5 * 5 * 48, ((LayerSpec.Conv) rows.get("conv2").spec()).inputsPerKernel(rows.get("conv2").input()));
        assertEquals(3 * 3 * 256, ((LayerSpec.Conv) rows.get("conv3").spec()).inputsPerKernel(rows.get("conv3").input()));
        assertEquals(3 * 3 * 192, ((LayerSpec.Conv) rows.get("conv4").spec()).inputsPerKernel(rows.get("conv4").input()));
        assertEquals(3 * 3 * 192, ((LayerSpec.Conv) rows.get("conv5").spec()).inputsPerKernel(rows.get("conv5").input()));
    }

    @Test
    void ablationsChangeOnlyWhatTheySay() {
        NetSpec paper = Architectures.alexnet(1000);
        NetSpec noLrn = Architectures.Ablation.NO_LRN.applyTo(paper);
        assertEquals(paper.layers().size() - 2, noLrn.layers().size());
        assertEquals(paper.parameterCount(), noLrn.parameterCount());

        NetSpec noOverlap = Architectures.Ablation.NO_OVERLAP.applyTo(paper);
        assertEquals(byName(paper).get("pool5").output(), byName(noOverlap).get("pool5").output());
        assertTrue(noOverlap.layers().stream().filter(l -> l instanceof LayerSpec.MaxPool)
                .allMatch(l -> ((LayerSpec.MaxPool) l).size() == 2 && ((LayerSpec.MaxPool) l).stride() == 2));

        NetSpec tanh = Architectures.Ablation.TANH.applyTo(paper);
        assertTrue(tanh.layers().stream().noneMatch(l -> l instanceof LayerSpec.Relu));
        assertEquals(7, tanh.layers().stream().filter(l -> l instanceof LayerSpec.Tanh).count());

        NetSpec noDropout = Architectures.Ablation.NO_DROPOUT.applyTo(paper);
        assertTrue(noDropout.layers().stream().noneMatch(l -> l instanceof LayerSpec.Dropout));
    }

    @Test
    void oneGpuNetHalvesConv1To4AndKeepsConv5AndFc() {
        Map<String, LayerInfo> rows = byName(Architectures.Ablation.ONE_GPU.applyTo(Architectures.alexnet(1000)));
        assertEquals(48, rows.get("conv1").output().channels());
        assertEquals(128, rows.get("conv2").output().channels());
        assertEquals(192, rows.get("conv3").output().channels());
        assertEquals(192, rows.get("conv4").output().channels());
        assertEquals(256, rows.get("conv5").output().channels());
        assertEquals(4096, rows.get("fc6").output().channels());
        assertEquals(List.of(1, 1, 1, 1, 1), rows.values().stream().filter(r -> r.spec() instanceof LayerSpec.Conv)
                .map(r -> ((LayerSpec.Conv) r.spec()).groups()).toList());
    }

    @Test
    void mismatchedDescriptionsAreRefusedWithTheLayerName() {
        NetSpec tooSmall = NetSpec.input("bad", 3, 8, 10).conv("conv1", 4, 11, 4, 0, 1, 0f).fc("fc", 10, 0f).softmax("prob");
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, tooSmall::describe);
        assertTrue(error.getMessage().contains("conv1"), error.getMessage());

        NetSpec badGroups = NetSpec.input("bad", 3, 16, 10).conv("conv1", 4, 3, 1, 0, 2, 0f).fc("fc", 10, 0f).softmax("prob");
        assertThrows(IllegalArgumentException.class, badGroups::describe);
    }

    @Test
    void unknownNamesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Architectures.base("vgg", 10));
        assertThrows(IllegalArgumentException.class, () -> Architectures.Ablation.parse("no-relu"));
    }
}
