package alexnet.kernels;

/**
 * One slice of a kernel's parallel dimension: iterations {@code first .. first+count-1}. Every kernel
 * in this package takes {@code first, count} as its two last parameters, so a lambda that forwards
 * them is all {@link JvmExecutor#parallelFor} needs.
 */
@FunctionalInterface
public interface RangeKernel {
    void run(int first, int count);
}
