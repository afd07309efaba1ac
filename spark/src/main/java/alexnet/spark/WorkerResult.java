package alexnet.spark;

import alexnet.net.train.Accuracy;
import java.io.Serializable;
import java.nio.FloatBuffer;
import java.util.List;

/**
 * What worker {@code worker} hands the driver at the end of a job: its slice of the parameters (values and
 * velocities, as bytes for the reason of {@link ParamState}) after the last step applied, the loss and errors of
 * its examples at each step it trained, and where its time went.
 */
record WorkerResult(int worker, byte[] valueBytes, byte[] velocityBytes, List<Accuracy> steps, SyncStats stats)
        implements Serializable {

    static WorkerResult of(int worker, float[] values, float[] velocities, List<Accuracy> steps, SyncStats stats) {
        return new WorkerResult(worker, FlatParams.bytes(values), FlatParams.bytes(velocities), steps, stats);
    }

    FloatBuffer values() {
        return FlatParams.floats(valueBytes);
    }

    FloatBuffer velocities() {
        return FlatParams.floats(velocityBytes);
    }
}
