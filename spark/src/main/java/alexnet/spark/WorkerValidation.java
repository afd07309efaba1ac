package alexnet.spark;

import alexnet.data.EvaluationBatches;
import alexnet.data.PackedDataset;
import alexnet.net.Param;
import alexnet.net.train.Accuracy;
import alexnet.net.train.Evaluator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;

/**
 * Worker {@code w}'s share of a validation: the centre crops of the validation batches
 * {@code [w V / N, (w + 1) V / N)} of the V batches, through its replica with the broadcast parameters. The
 * driver adds up the workers' sums: the errors are those of one machine, the loss up to the order of summation.
 */
final class WorkerValidation implements Function2<Integer, Iterator<Integer>, Iterator<Accuracy>> {

    private static final long serialVersionUID = 1L;

    private final ReplicaRecipe recipe;
    private final Broadcast<ParamState> state;

    WorkerValidation(ReplicaRecipe recipe, Broadcast<ParamState> state) {
        this.recipe = recipe;
        this.state = state;
    }

    @Override
    public Iterator<Accuracy> call(Integer worker, Iterator<Integer> ignored) {
        ReplicaRecipe.Replica replica = recipe.takeReplica(worker);
        try {
            List<Param> params = replica.net().params();
            ParamState parameters = state.value();
            FlatParams.scatter(parameters.values(), 0, parameters.length(), params, Param::value);
            PackedDataset data = recipe.data();
            EvaluationBatches batches = EvaluationBatches.centre(data.val(), data.statistics(), recipe.loader());
            int total = batches.batchCount();
            int first = (int) ((long) total * worker / recipe.workers());
            int end = (int) ((long) total * (worker + 1) / recipe.workers());
            return List.of(Evaluator.accuracy(replica.net(), batches, first, end - first, replica.device())).iterator();
        } finally {
            recipe.giveBack(replica);
        }
    }
}
