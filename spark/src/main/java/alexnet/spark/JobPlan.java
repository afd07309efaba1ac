package alexnet.spark;

import java.io.Serializable;
import org.apache.spark.broadcast.Broadcast;

/**
 * One Spark job of the run: {@code steps} steps of epoch {@code epoch} from its batch {@code firstBatch}, the
 * first being global step {@code firstStep}, at learning rate {@code rate}, from the parameters in
 * {@code state}.
 */
record JobPlan(ReplicaRecipe recipe, int epoch, int firstBatch, long firstStep, int steps, float rate,
               Broadcast<ParamState> state) implements Serializable {
}
