package alexnet.spark;

import alexnet.net.train.Accuracy;
import java.io.Serializable;
import java.util.List;

/**
 * What worker {@code worker} hands the driver at the end of a job: its slice of the parameters (values and
 * velocities) after the last step applied, the loss and errors of its examples at each step it trained, and
 * where its time went.
 */
record WorkerResult(int worker, float[] values, float[] velocities, List<Accuracy> steps, SyncStats stats)
        implements Serializable {
}
