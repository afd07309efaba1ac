package alexnet.spark;

import java.io.Serializable;

/**
 * The parameter vector of {@code length} floats cut into {@code count} contiguous slices of nearly equal
 * length, one per worker: slice {@code i} is {@code [from(i), to(i))}. A slice may start or end inside a
 * tensor: the SGD update is element-wise, so where the cuts fall changes nothing.
 */
record Slices(int length, int count) implements Serializable {

    Slices {
        if (count < 1 || count > Math.max(1, length)) {
            throw new IllegalArgumentException(count + " slices of " + length + " parameters");
        }
    }

    int from(int slice) {
        return (int) ((long) length * slice / count);
    }

    int to(int slice) {
        return from(slice + 1);
    }

    int size(int slice) {
        return to(slice) - from(slice);
    }
}
