package alexnet.spark;

import alexnet.data.LoaderConfig;
import alexnet.data.PackedDataset;
import alexnet.kernels.JvmExecutor;
import alexnet.net.Net;
import alexnet.net.train.NetIdentity;
import alexnet.net.train.TrainingConfig;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * What every worker needs, fixed for the run: the net to replicate, the packed data set's folder (which every
 * worker must see at the same path), the recipe, and how the global batch is split. Worker {@code w} of N takes
 * examples {@code [w B / N, (w + 1) B / N)} of every batch of B, so the batches are those of one machine
 * whatever the number of workers.
 *
 * <p>Replicas and data sets are kept per JVM between jobs ({@link #takeReplica}, {@link #data}): an executor
 * builds its nets and maps the cache once, not at every job.
 */
record ReplicaRecipe(NetIdentity identity, String cacheDir, int storedSize, List<String> wnids,
                     List<String> classNames, long seed, int batchSize, int workers, int threads, int loaderThreads,
                     float momentum, float weightDecay, String runTag) implements Serializable {

    private static final Map<String, PackedDataset> DATA = new ConcurrentHashMap<>();
    private static final Map<String, Queue<Replica>> REPLICAS = new ConcurrentHashMap<>();

    ReplicaRecipe {
        wnids = List.copyOf(wnids);
        classNames = List.copyOf(classNames);
        if (workers < 1 || workers > batchSize) {
            throw new IllegalArgumentException("--workers " + workers + ": must be at least 1 and at most the batch ("
                    + batchSize + "), every worker taking a part of it");
        }
    }

    static ReplicaRecipe of(TrainingConfig config, NetIdentity identity, PackedDataset data, int workers,
                            int threads, String runTag) {
        return new ReplicaRecipe(identity, config.cacheDir().toAbsolutePath().normalize().toString(),
                config.storedSize(), data.wnids(), data.classNames(), config.seed(), config.batchSize(), workers,
                threads, config.loaderThreads(), config.momentum(), config.weightDecay(), runTag);
    }

    /** The first example of worker {@code w}'s part of every batch. */
    int firstExample(int worker) {
        return (int) ((long) batchSize * worker / workers);
    }

    int examples(int worker) {
        return firstExample(worker + 1) - firstExample(worker);
    }

    /** Each replica's gradient weight in the batch mean: its examples over the batch's. */
    float[] shareOfBatch() {
        float[] shares = new float[workers];
        for (int w = 0; w < workers; w++) {
            shares[w] = (float) examples(w) / batchSize;
        }
        return shares;
    }

    /** The loader of the whole batches, whose parts the workers take (the one machine's loader). */
    LoaderConfig loader() {
        return TrainingConfig.loader(batchSize, loaderThreads, identity.spec());
    }

    /** The packed data set, mapped once per JVM. */
    PackedDataset data() {
        return DATA.computeIfAbsent(cacheDir + "@" + storedSize,
                key -> PackedDataset.openPacked(Path.of(cacheDir), storedSize, wnids, classNames));
    }

    /** A replica of the net for worker {@code worker}'s part of a batch, idle in this JVM or new. */
    Replica takeReplica(int worker) {
        Replica idle = replicas(worker).poll();
        return idle != null ? idle
                : new Replica(new Net(identity.spec(), examples(worker), seed), new JvmExecutor(threads), worker);
    }

    /** Gives {@code replica} back for the next job on this JVM. */
    void giveBack(Replica replica) {
        replicas(replica.worker()).add(replica);
    }

    private Queue<Replica> replicas(int worker) {
        return REPLICAS.computeIfAbsent(identity + "/" + examples(worker) + "/" + seed + "/" + threads,
                key -> new ConcurrentLinkedQueue<>());
    }

    /** A worker's net and its kernel threads. */
    record Replica(Net net, JvmExecutor device, int worker) {
    }
}
