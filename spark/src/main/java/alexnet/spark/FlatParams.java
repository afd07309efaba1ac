package alexnet.spark;

import alexnet.net.Param;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.function.Function;

/**
 * A net's parameters seen as one vector: every tensor in checkpoint order ({@code Network.params()}), each
 * tensor's floats in place. Copies ranges of it between the tensors (values, velocities or gradients) and
 * flat buffers, without building the whole vector.
 */
final class FlatParams {

    private FlatParams() {
    }

    static int length(List<Param> params) {
        long length = 0;
        for (Param param : params) {
            length += param.size();
        }
        if (length > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(length + " parameters: more than one Java array holds");
        }
        return (int) length;
    }

    /** Puts elements {@code [from, to)} of the vector of {@code field} into {@code out}. */
    static void gather(List<Param> params, Function<Param, float[]> field, int from, int to, FloatBuffer out) {
        forEachPiece(params, field, from, to, out::put);
    }

    /** Writes the next {@code to - from} floats of {@code in} into elements {@code [from, to)} of {@code field}. */
    static void scatter(FloatBuffer in, int from, int to, List<Param> params, Function<Param, float[]> field) {
        forEachPiece(params, field, from, to, in::get);
    }

    /** A stretch of one parameter's array: {@code length} floats from {@code offset}. */
    private interface Piece {
        void take(float[] array, int offset, int length);
    }

    /** The stretches of the parameters' arrays that elements {@code [from, to)} of the vector cover, in order. */
    private static void forEachPiece(List<Param> params, Function<Param, float[]> field, int from, int to,
                                     Piece piece) {
        int start = 0;
        for (Param param : params) {
            int end = start + param.size();
            int first = Math.max(from, start);
            int last = Math.min(to, end);
            if (first < last) {
                piece.take(field.apply(param), first - start, last - first);
            }
            start = end;
        }
    }

    static void scatter(float[] in, int from, List<Param> params, Function<Param, float[]> field) {
        scatter(FloatBuffer.wrap(in), from, from + in.length, params, field);
    }

    /** Elements {@code [from, to)} of the vector of {@code field} as bytes, in the byte order of every block. */
    static byte[] bytes(List<Param> params, Function<Param, float[]> field, int from, int to) {
        ByteBuffer bytes = BlockExchange.allocate(to - from);
        gather(params, field, from, to, bytes.asFloatBuffer());
        return bytes.array();
    }

    static byte[] bytes(float[] values) {
        ByteBuffer bytes = BlockExchange.allocate(values.length);
        bytes.asFloatBuffer().put(values);
        return bytes.array();
    }

    /** The floats of {@code bytes} (written by {@link #bytes}), read in place. */
    static FloatBuffer floats(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    }
}
