package alexnet.spark;

import alexnet.net.Param;
import java.io.Serializable;
import java.util.List;

/**
 * The run's state at the start of a Spark job, broadcast from the driver: every parameter's values (each
 * worker's replica starts from them) and velocities (each worker keeps the slice it updates), as flat
 * vectors in the order of {@link FlatParams}.
 */
record ParamState(float[] values, float[] velocities) implements Serializable {

    static ParamState of(List<Param> params) {
        int length = FlatParams.length(params);
        return new ParamState(FlatParams.gather(params, Param::value, 0, length),
                FlatParams.gather(params, Param::velocity, 0, length));
    }
}
