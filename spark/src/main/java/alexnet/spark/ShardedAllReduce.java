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
 * whether the step is applied: a step with a non-finite loss anywhere changes no slice anywhere. A worker's own
 * slices never go through the block manager.
 *
 * <p>A block goes as soon as this worker knows every reader has it: its gradient slices of a step once it has
 * the step's N updated slices (each published after its owner read its gradient slices), its updated slice of a
 * step once it has the next step's gradient slices (each published after their replica read the updated slices).
 * Their buffers are then reused, so a step allocates nothing (the paper's net moves 0.2 GB a step per worker).
 * The last blocks of a job are swept by the driver after the job.
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
    /** The batch-mean gradient of this worker's slice, and one replica's part of it. */
    private final float[] sum;
    private final float[] part;
    /** The gradient slices for the others (this worker's own slot unused); two updated slices, in turns. */
    private final ByteBuffer[] gradientBlocks;
    private final ByteBuffer[] weightBlocks = new ByteBuffer[2];
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
        this.sum = new float[slices.size(worker)];
        this.part = new float[slices.size(worker)];
        this.gradientBlocks = new ByteBuffer[slices.count()];
        for (int i = 0; i < slices.count(); i++) {
            if (i != worker) {
                gradientBlocks[i] = BlockExchange.allocate(1 + slices.size(i));
            }
        }
        if (slices.count() > 1) {
            weightBlocks[0] = BlockExchange.allocate(slices.size(worker));
            weightBlocks[1] = BlockExchange.allocate(slices.size(worker));
        }
    }

    /**
     * Step {@code step}: from this replica's gradients (in {@code params}) and its mean {@code loss}, the
     * updated parameters, written into {@code params}' values. Returns false, and changes nothing, when some
     * replica's loss is not finite.
     */
    boolean step(long step, float loss, List<Param> params, float rate, float momentum, float weightDecay,
                 JvmExecutor device) {
        for (int i = 0; i < slices.count(); i++) {
            if (i != worker) {
                ByteBuffer block = gradientBlocks[i].clear();
                FloatBuffer floats = block.asFloatBuffer();
                floats.put(loss);
                FlatParams.gather(params, Param::grad, slices.from(i), slices.to(i), floats);
                blocks.put(gradient(step, i, worker), block);
                stats.sent(block.capacity());
            }
        }
        java.util.Arrays.fill(sum, 0f);
        boolean finite = true;
        for (int v = 0; v < slices.count(); v++) {
            if (v == worker) {
                finite &= Float.isFinite(loss);
                FlatParams.gather(params, Param::grad, slices.from(worker), slices.to(worker), FloatBuffer.wrap(part));
            } else {
                float[] replicaLoss = new float[1];
                receive(gradient(step, worker, v), block -> {
                    FloatBuffer floats = block.asFloatBuffer();
                    replicaLoss[0] = floats.get();
                    floats.get(part);
                });
                finite &= Float.isFinite(replicaLoss[0]);
            }
            float share = shareOfBatch[v];
            for (int j = 0; j < part.length; j++) {
                sum[j] += share * part[j];
            }
        }
        if (!finite) {
            return false;
        }
        device.parallelFor(sum.length, (first, count) -> Sgd.update(weights, velocity, sum, rate, momentum,
                weightDecay, first, count));
        FlatParams.scatter(weights, slices.from(worker), params, Param::value);
        if (slices.count() > 1) {
            publishWeights(step);
            for (int i = 0; i < slices.count(); i++) {
                if (i != worker) {
                    int from = slices.from(i);
                    int to = slices.to(i);
                    receive(weight(step, i), block -> FlatParams.scatter(block.asFloatBuffer(), from, to, params,
                            Param::value));
                }
            }
            for (int i = 0; i < slices.count(); i++) {
                if (i != worker) {
                    blocks.remove(gradient(step, i, worker));
                }
            }
        }
        return true;
    }

    /** Publishes this worker's updated slice in the buffer its last-but-one used; that block has gone. */
    private void publishWeights(long step) {
        if (publishedWeights != null) {
            blocks.remove(publishedWeights);
        }
        ByteBuffer block = weightBlocks[(int) (step & 1)].clear();
        block.asFloatBuffer().put(weights);
        publishedWeights = weight(step, worker);
        blocks.put(publishedWeights, block);
        stats.sent((long) block.capacity() * (slices.count() - 1));
    }

    private void receive(String name, java.util.function.Consumer<ByteBuffer> reader) {
        long start = System.nanoTime();
        stats.received(blocks.fetch(name, reader));
        stats.waited(System.nanoTime() - start);
    }

    private static String gradient(long step, int slice, int replica) {
        return "g" + step + "-" + slice + "-" + replica;
    }

    private static String weight(long step, int slice) {
        return "w" + step + "-" + slice;
    }
}
