package uk.ac.manchester.tornado.api.math;

/**
 * Compile-time and JVM look-alike of the single-precision functions of TornadoVM's {@code TornadoMath}
 * that the device kernels call, with the same bodies as the real class. On the JVM these run as written;
 * under TornadoVM the real class (from the SDK's module path) is the one loaded, and TornadoVM compiles
 * each call to the device's float built-in. {@code Math.sqrt/exp/log} take doubles, which TornadoVM
 * compiles to double built-ins: slow or absent on many GPUs, and {@code native_sqrt(double)} is not
 * OpenCL C at all.
 */
public final class TornadoMath {

    private TornadoMath() {
    }

    public static float sqrt(float value) {
        return (float) Math.sqrt(value);
    }

    public static float exp(float value) {
        return (float) Math.exp(value);
    }

    public static float log(float value) {
        return (float) Math.log(value);
    }

    public static float pow(float a, float b) {
        return (float) Math.pow(a, b);
    }

    public static float max(float a, float b) {
        return Math.max(a, b);
    }
}
