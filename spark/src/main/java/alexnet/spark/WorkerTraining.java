package alexnet.spark;

import alexnet.data.Batch;
import alexnet.data.BatchIterator;
import alexnet.data.PackedDataset;
import alexnet.data.TrainingBatches;
import alexnet.net.Layer;
import alexnet.net.Net;
import alexnet.net.Param;
import alexnet.net.train.Accuracy;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.BarrierTaskContext;
import scala.collection.Iterator;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.AbstractFunction1;

/**
 * The task of worker {@code w} (the barrier stage's partition {@code w}) in a job, a Scala function because
 * that is what a barrier stage runs ({@code RDDBarrier.mapPartitions}): its replica starts from the
 * job's broadcast parameters; at each step it reads its part of the global batch from the shared packed data
 * set, runs forward and backward (dropout masks of its examples' positions in the whole batch), and
 * synchronises through {@link ShardedAllReduce}; at the end it returns its slice of the parameters.
 */
final class WorkerTraining extends AbstractFunction1<Iterator<Integer>, Iterator<WorkerResult>>
        implements Serializable {

    private static final long serialVersionUID = 1L;

    private final JobPlan plan;

    WorkerTraining(JobPlan plan) {
        this.plan = plan;
    }

    @Override
    public Iterator<WorkerResult> apply(Iterator<Integer> ignored) {
        BarrierTaskContext context = BarrierTaskContext.get();
        return CollectionConverters.asScala(List.of(train(context, context.partitionId())).iterator());
    }

    private WorkerResult train(BarrierTaskContext context, int worker) {
        ReplicaRecipe recipe = plan.recipe();
        ReplicaRecipe.Replica replica = recipe.takeReplica(worker);
        try {
            Net net = replica.net();
            List<Param> params = net.params();
            ParamState state = plan.state().value();
            Slices slices = new Slices(state.length(), recipe.workers());
            int from = slices.from(worker);
            FlatParams.scatter(state.values(), 0, state.length(), params, Param::value);
            float[] weights = new float[slices.size(worker)];
            float[] velocity = new float[slices.size(worker)];
            state.values().get(from, weights);
            state.velocities().get(from, velocity);
            SyncStats stats = new SyncStats();
            // Scoped by the stage attempt: a retried attempt never reads a block of the failed one.
            BlockExchange blocks = new BlockExchange(recipe.runTag() + "-" + context.stageId() + "."
                    + context.stageAttemptNumber());
            ShardedAllReduce allReduce = new ShardedAllReduce(blocks, slices, worker, recipe.shareOfBatch(), weights,
                    velocity, stats);
            List<Accuracy> steps = trainSteps(worker, net, replica, allReduce, stats);
            blocks.put(WorkerResult.block(WorkerResult.VALUES, worker), ByteBuffer.wrap(FlatParams.bytes(weights)));
            blocks.put(WorkerResult.block(WorkerResult.VELOCITIES, worker),
                    ByteBuffer.wrap(FlatParams.bytes(velocity)));
            return new WorkerResult(worker, blocks.scope(), steps, stats);
        } finally {
            recipe.giveBack(replica);
        }
    }

    private List<Accuracy> trainSteps(int worker, Net net, ReplicaRecipe.Replica replica, ShardedAllReduce allReduce,
                                      SyncStats stats) {
        ReplicaRecipe recipe = plan.recipe();
        PackedDataset data = recipe.data();
        int first = recipe.firstExample(worker);
        int n = recipe.examples(worker);
        int classes = net.spec().classes();
        TrainingBatches batches = new TrainingBatches(data.train(), data.statistics(), recipe.loader(), recipe.seed(),
                plan.epoch());
        List<Accuracy> steps = new ArrayList<>();
        try (BatchIterator parts = batches.iterator(plan.firstBatch(), plan.steps(), first, n)) {
            for (int k = 0; k < plan.steps(); k++) {
                long step = plan.firstStep() + k;
                long start = System.nanoTime();
                Batch part = parts.next();
                System.arraycopy(part.images(), 0, net.input().data(), 0, n * part.viewLength());
                float loss = net.forward(part.labels(), n, new Layer.Pass(true, step, first), replica.device());
                Accuracy accuracy = new Accuracy();
                accuracy.addWithLoss(net.probabilities(), part.labels(), n, classes, loss);
                steps.add(accuracy);
                // As on one machine: no backward after a non-finite loss (the step is skipped everywhere).
                if (Float.isFinite(loss)) {
                    net.backward(n, replica.device());
                }
                long computed = System.nanoTime();
                boolean applied = allReduce.step(step, loss, net.params(), plan.rate(), recipe.momentum(),
                        recipe.weightDecay(), replica.device());
                stats.step(computed - start, System.nanoTime() - computed);
                if (!applied) {
                    break;
                }
            }
        }
        return steps;
    }
}
