package alexnet.net.onnx;

import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * ONNX tensors to and from Java arrays. ONNX stores a tensor's values either in {@code raw_data}
 * (little-endian bytes) or in the typed repeated fields ({@code float_data}, {@code int64_data});
 * writers choose, so a reader takes both.
 */
final class OnnxTensors {

    private OnnxTensors() {
    }

    /** A float tensor of {@code dims} holding {@code values} (row-major), as raw little-endian bytes. */
    static TensorProto floats(String name, long[] dims, float[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        TensorProto.Builder tensor = TensorProto.newBuilder().setName(name)
                .setDataType(TensorProto.DataType.FLOAT.getNumber()).setRawData(ByteString.copyFrom(bytes));
        for (long dim : dims) {
            tensor.addDims(dim);
        }
        return tensor.build();
    }

    /** The number of values {@code tensor}'s dims make (1 for a scalar). */
    static long elements(TensorProto tensor) {
        long count = 1;
        for (long dim : tensor.getDimsList()) {
            count *= dim;
        }
        return count;
    }

    /** The values of a float tensor, refused (naming it) when it is of another type or stored elsewhere. */
    static float[] floatValues(TensorProto tensor) {
        requireInline(tensor);
        if (tensor.getDataType() != TensorProto.DataType.FLOAT.getNumber()) {
            throw new IllegalArgumentException("tensor " + tensor.getName() + " is of ONNX data type "
                    + tensor.getDataType() + ", not float32");
        }
        long count = elements(tensor);
        if (count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("tensor " + tensor.getName() + " has " + count + " values");
        }
        float[] values = new float[(int) count];
        if (!tensor.getRawData().isEmpty()) {
            checkLength(tensor, tensor.getRawData().size(), 4L * count);
            tensor.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        } else {
            checkLength(tensor, tensor.getFloatDataCount(), count);
            for (int i = 0; i < values.length; i++) {
                values[i] = tensor.getFloatData(i);
            }
        }
        return values;
    }

    /** The values of an int64 tensor (shapes, split sizes). */
    static long[] longValues(TensorProto tensor) {
        requireInline(tensor);
        if (tensor.getDataType() != TensorProto.DataType.INT64.getNumber()) {
            throw new IllegalArgumentException("tensor " + tensor.getName() + " is of ONNX data type "
                    + tensor.getDataType() + ", not int64");
        }
        long count = elements(tensor);
        long[] values = new long[(int) count];
        if (!tensor.getRawData().isEmpty()) {
            checkLength(tensor, tensor.getRawData().size(), 8L * count);
            tensor.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(values);
        } else {
            checkLength(tensor, tensor.getInt64DataCount(), count);
            for (int i = 0; i < values.length; i++) {
                values[i] = tensor.getInt64Data(i);
            }
        }
        return values;
    }

    private static void requireInline(TensorProto tensor) {
        if (tensor.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
            throw new IllegalArgumentException("tensor " + tensor.getName() + " is stored in an external file; "
                    + "this reads models that hold their weights inline");
        }
    }

    private static void checkLength(TensorProto tensor, long found, long expected) {
        if (found != expected) {
            throw new IllegalArgumentException("tensor " + tensor.getName() + " holds " + found + " where its dims "
                    + tensor.getDimsList() + " need " + expected);
        }
    }
}
