package alexnet.spark;

import alexnet.net.Param;
import java.io.Serializable;
import java.nio.FloatBuffer;
import java.util.List;

/**
 * The run's state at the start of a Spark job, broadcast from the driver: every parameter's values (each
 * worker's replica starts from them) and velocities (each worker keeps the slice it updates), as flat vectors
 * in the order of {@link FlatParams}. Held as bytes: Java serializes a byte array as one copy, a float array
 * float by float (the paper's net: 0.5 GB a job).
 */
record ParamState(byte[] valueBytes, byte[] velocityBytes) implements Serializable {

    static ParamState of(List<Param> params) {
        int length = FlatParams.length(params);
        return new ParamState(FlatParams.bytes(params, Param::value, 0, length),
                FlatParams.bytes(params, Param::velocity, 0, length));
    }

    int length() {
        return valueBytes.length / Float.BYTES;
    }

    FloatBuffer values() {
        return FlatParams.floats(valueBytes);
    }

    FloatBuffer velocities() {
        return FlatParams.floats(velocityBytes);
    }
}
