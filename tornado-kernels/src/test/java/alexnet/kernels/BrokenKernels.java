package alexnet.kernels;

import uk.ac.manchester.tornado.api.annotations.Parallel;

/** Kernels that break TornadoVM's rules, one way each: KernelBytecodeTest proves the rules catch them. */
final class BrokenKernels {

    private BrokenKernels() {
    }

    public static void allocates(float[] out, int first, int count) {
        for (@Parallel int t = 0; t < count; t++) {
            float[] scratch = new float[1];
            out[first + t] = scratch[0];
        }
    }

    public static void noParallelAnnotation(float[] out, int first, int count) {
        for (int t = 0; t < count; t++) {
            out[first + t] = 0f;
        }
    }

    public static void throwsException(float[] out, int first, int count) {
        for (@Parallel int t = 0; t < count; t++) {
            if (out[first + t] < 0) {
                throw new IllegalArgumentException();
            }
        }
    }

    public static void callsObjectMethod(float[] out, int first, int count) {
        for (@Parallel int t = 0; t < count; t++) {
            out[first + t] = String.valueOf(t).length();
        }
    }

    public static void recursive(float[] out, int first, int count) {
        for (@Parallel int t = 0; t < count; t++) {
            out[first + t] = 1f;
        }
        if (count > 1) {
            recursive(out, first, count - 1);
        }
    }

    public static void objectParameter(Object[] out, int first, int count) {
        for (@Parallel int t = 0; t < count; t++) {
            out[first + t] = null;
        }
    }

    public static void noSliceParameters(float[] out, int size) {
        for (@Parallel int t = 0; t < size; t++) {
            out[t] = 0f;
        }
    }

    public static void booleanParameter(float[] out, boolean reset, int first, int count) {
        for (@Parallel int t = 0; t < count; t++) {
            out[first + t] = reset ? 0f : out[first + t];
        }
    }

    public static void unsignedShift(int[] out, int first, int count) {
        for (@Parallel int t = 0; t < count; t++) {
            out[first + t] = out[first + t] >>> 3;
        }
    }
}
