package alexnet.spark;

import alexnet.net.train.Accuracy;
import java.io.Serializable;
import java.util.List;

/**
 * What worker {@code worker} hands the driver at the end of a job: the loss and errors of its examples at each
 * step it trained, where its time went, and the scope of the blocks ({@link BlockExchange}) in which it left
 * its slice of the parameters after the last step applied, {@link #VALUES} and {@link #VELOCITIES}. The slices
 * stay out of the job's output: the driver reads them in place (a job's output is copied at every turn, into
 * the shuffle and out of it, into the result and out of it: 0.46 GB each time for the paper's net).
 */
record WorkerResult(int worker, String scope, List<Accuracy> steps, SyncStats stats) implements Serializable {

    static final String VALUES = "values";
    static final String VELOCITIES = "velocities";

    static String block(String what, int worker) {
        return "result-" + what + "-" + worker;
    }
}
