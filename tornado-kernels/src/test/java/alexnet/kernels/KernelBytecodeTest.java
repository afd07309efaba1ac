package alexnet.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.ClassNode;

class KernelBytecodeTest {

    /** Every class of alexnet.kernels that holds kernels (not the executor, not the benchmark). */
    static final List<Class<?>> KERNEL_CLASSES = List.of(Convolution.class, LocalResponseNorm.class, MaxPool.class,
            Gemm.class, Bias.class, Activations.class, Dropout.class, SoftmaxCrossEntropy.class, Sgd.class,
            Im2col.class);

    /** The device kernels: one work-item per output, no (first, count) slices. */
    static final List<Class<?>> DEVICE_KERNEL_CLASSES = List.of(alexnet.kernels.device.Lowering.class,
            alexnet.kernels.device.MatrixProducts.class, alexnet.kernels.device.Normalization.class,
            alexnet.kernels.device.Pooling.class, alexnet.kernels.device.Softmax.class,
            alexnet.kernels.device.Sums.class);

    static ClassNode read(Class<?> type, int flags) {
        String resource = "/" + type.getName().replace('.', '/') + ".class";
        try (InputStream in = type.getResourceAsStream(resource)) {
            ClassNode node = new ClassNode();
            new ClassReader(in).accept(node, flags);
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void kernelsStayInsideWhatTornadoVmCompiles() {
        List<ClassNode> classes = new ArrayList<>();
        for (Class<?> type : KERNEL_CLASSES) {
            classes.add(read(type, 0));
        }
        assertEquals(List.of(), KernelRules.violations(classes));
    }

    @Test
    void deviceKernelsStayInsideWhatTornadoVmCompiles() {
        List<ClassNode> classes = new ArrayList<>();
        for (Class<?> type : DEVICE_KERNEL_CLASSES) {
            classes.add(read(type, 0));
        }
        assertEquals(List.of(), KernelRules.violations(classes, false));
    }

    @Test
    void everyDeviceKernelClassIsListed() throws IOException, java.net.URISyntaxException {
        java.nio.file.Path dir = java.nio.file.Path.of(
                alexnet.kernels.device.Sums.class.getResource("Sums.class").toURI()).getParent();
        List<String> listed = new ArrayList<>();
        DEVICE_KERNEL_CLASSES.forEach(c -> listed.add(c.getSimpleName()));
        try (var files = java.nio.file.Files.list(dir)) {
            files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".class") && !n.contains("$") && !n.equals("Product.class"))
                    .map(n -> n.substring(0, n.length() - ".class".length()))
                    .forEach(n -> assertTrue(listed.contains(n), n + " is not in DEVICE_KERNEL_CLASSES"));
        }
    }

    @Test
    void everyKernelClassIsListed() throws IOException {
        // A new kernel class must be added to KERNEL_CLASSES, or it would escape the check.
        Set<String> notKernels = Set.of("JvmExecutor", "RangeKernel");
        List<String> listed = new ArrayList<>();
        KERNEL_CLASSES.forEach(c -> listed.add(c.getSimpleName()));
        java.nio.file.Path dir;
        try {
            dir = java.nio.file.Path.of(Gemm.class.getResource("Gemm.class").toURI()).getParent();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        try (var files = java.nio.file.Files.list(dir)) {
            files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".class") && !n.contains("$"))
                    .map(n -> n.substring(0, n.length() - ".class".length()))
                    .filter(n -> !notKernels.contains(n))
                    .filter(n -> !n.endsWith("Test") && !n.equals("TestSupport") && !n.equals("KernelRules")
                            && !n.equals("BrokenKernels"))
                    .forEach(n -> assertTrue(listed.contains(n), n + " is not in KERNEL_CLASSES"));
        }
    }

    @Test
    void rulesCatchEveryKindOfBrokenKernel() {
        List<String> found = KernelRules.violations(List.of(read(BrokenKernels.class, 0)));
        String all = String.join("\n", found);
        for (String expected : new String[] {"allocates: allocation", "noParallelAnnotation: no @Parallel",
                "throwsException: throws", "callsObjectMethod: calls", "recursive" + "(", "objectParameter: parameter",
                "noSliceParameters: last two parameters", "unsignedShift: unsigned shift >>>", "booleanParameter: boolean parameter"}) {
            assertTrue(all.contains(expected.replace("(", "")), "not caught: " + expected + "\n" + all);
        }
        assertTrue(found.stream().anyMatch(v -> v.contains("recursive") && v.endsWith("recursion")), all);
    }

    @Test
    void rulesCatchMissingLocalVariableTable() {
        // SKIP_DEBUG drops the LocalVariableTable as compiling without -g would.
        List<String> found = KernelRules.violations(List.of(read(Gemm.class, ClassReader.SKIP_DEBUG)));
        assertTrue(found.stream().anyMatch(v -> v.contains("Gemm.nn: no local variable table")), found.toString());
    }
}
