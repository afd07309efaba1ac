package alexnet.spark;

import alexnet.kernels.JvmExecutor;
import alexnet.kernels.Sgd;
import alexnet.net.Param;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.List;

/**
 * One worker's part in BigDL's sharded parameter synchronisation, over {@link BlockExchange}. Worker {@code w}
 * of N owns slice {@code w} of the parameters: its values and velocity live here between steps. Each step:
 * <ol>
 * <li>the worker cuts its replica's gradient into N slices and publishes slice {@code i} for worker {@code i};
 *     it sums slice {@code w} of every replica, in worker order, each weighted by that replica's share of the
 *     batch (the batch-mean gradient, as one machine computes it up to the order of summation), applies the
 *     paper's update (momentum, weight decay) to its slice and publishes it;</li>
 * <li>it fetches the other N - 1 updated slices into its replica.</li>
 * </ol>
 * Every gradient block starts with its replica's loss, so each worker sees every replica's loss and all agree
 * whether the step is applied: a step with a non-finite loss anywhere changes no slice anywhere.
 *
 * <p>A block goes as soon as this worker knows every reader has it: its gradient slices of a step once it has
 * the step's N updated slices (each published after its owner read its gradient slices), its updated slice of a
 * step once it has the next step's gradient slices (each published after their replica read the updated slices).
 * The last ones of a job are swept by the driver after the job.
 */
final class ShardedAllReduce {

    private final BlockExchange blocks;
    private final Slices slices;
    private final int worker;
    /** Replica v's gradient is the mean over its examples; times its examples / the batch's, summed: the batch mean. */
    private final float[] shareOfBatch;
    private final float[] weights;
    private final float[] velocity;
    private final SyncStats stats;
    /** This worker's updated slice of its last step in this job, until every worker has it. */
    private String publishedWeights;

    /**
     * Worker {@code worker}'s synchronisation, owning {@code weights} and {@code velocity}: its slice of the
     * parameters at the job's start, updated in place.
     */
    ShardedAllReduce(BlockExchange blocks, Slices slices, int worker, float[] shareOfBatch, float[] weights,
                     float[] velocity, SyncStats stats) {
        this.blocks = blocks;
        this.slices = slices;
        this.worker = worker;
        this.shareOfBatch = shareOfBatch;
        this.weights = weights;
        this.velocity = velocity;
        this.stats = stats;
    }

    /**
     * Step {@code step}: from this replica's gradients (in {@code params}) and its mean {@code loss}, the
     * updated parameters, written into {@code params}' values. Returns false, and changes nothing, when some
     * replica's loss is not finite.
     */
    boolean step(long step, float loss, List<Param> params, float rate, float momentum, float weightDecay,
                 JvmExecutor device) {
        for (int i = 0; i < slices.count(); i++) {
            ByteBuffer block = BlockExchange.allocate(1 + slices.size(i));
            FloatBuffer floats = block.asFloatBuffer();
            floats.put(loss);
            FlatParams.gather(params, Param::grad, slices.from(i), slices.to(i), floats);
            blocks.put(gradient(step, i, worker), block);
            if (i != worker) {
                stats.sent(block.capacity());
            }
        }
        int size = slices.size(worker);
        float[] sum = new float[size];
        float[] part = new float[size];
        boolean finite = true;
        for (int v = 0; v < slices.count(); v++) {
            FloatBuffer in = receive(gradient(step, worker, v), v).asFloatBuffer();
            finite &= Float.isFinite(in.get());
            in.get(part);
            float share = shareOfBatch[v];
            for (int j = 0; j < size; j++) {
                sum[j] += share * part[j];
            }
        }
        if (!finite) {
            return false;
        }
        device.parallelFor(size, (first, count) -> Sgd.update(weights, velocity, sum, rate, momentum, weightDecay,
                first, count));
        ByteBuffer block = BlockExchange.allocate(size);
        block.asFloatBuffer().put(weights);
        if (publishedWeights != null) {
            blocks.remove(publishedWeights);
        }
        publishedWeights = weight(step, worker);
        blocks.put(publishedWeights, block);
        stats.sent((long) block.capacity() * (slices.count() - 1));
        for (int i = 0; i < slices.count(); i++) {
            if (i == worker) {
                FlatParams.scatter(weights, slices.from(i), params, Param::value);
            } else {
                FlatParams.scatter(receive(weight(step, i), i).asFloatBuffer(), slices.from(i), slices.to(i), params,
                        Param::value);
            }
        }
        for (int i = 0; i < slices.count(); i++) {
            blocks.remove(gradient(step, i, worker));
        }
        return true;
    }

    private ByteBuffer receive(String name, int writer) {
        long start = System.nanoTime();
        ByteBuffer block = blocks.fetch(name);
        stats.waited(System.nanoTime() - start);
        if (writer != worker) {
            stats.received(block.capacity());
        }
        return block;
    }

    private static String gradient(long step, int slice, int replica) {
        return "g" + step + "-" + slice + "-" + replica;
    }

    private static String weight(long step, int slice) {
        return "w" + step + "-" + slice;
    }
}
