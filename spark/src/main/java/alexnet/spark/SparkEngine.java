package alexnet.spark;

import alexnet.data.PackedDataset;
import alexnet.data.TrainingBatches;
import alexnet.net.Network;
import alexnet.net.Param;
import alexnet.net.train.Accuracy;
import alexnet.net.train.EpochSteps;
import alexnet.net.train.Evaluator;
import alexnet.net.train.NetIdentity;
import alexnet.net.train.TrainingConfig;
import alexnet.net.train.TrainingEngine;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.RDD;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.reflect.ClassTag$;

/**
 * Data-parallel training on a Spark cluster, driven from here: N workers, each a replica of the net, train
 * their parts of every global batch and keep their parameters in step with {@link ShardedAllReduce}. An epoch
 * runs as Spark jobs of a few steps each, every job one barrier stage of N tasks (the workers must run together:
 * they wait for each other at every step). A job starts from the parameters of the driver's net, broadcast,
 * and ends by bringing every worker's slice back into it; so between jobs the driver's net is the run's state,
 * which the trainer checkpoints as on one machine.
 *
 * <p>Faults: when a task or its executor dies, Spark fails the barrier stage and runs all its tasks again (up
 * to {@code spark.stage.maxConsecutiveAttempts} times); they start again from the job's broadcast parameters,
 * and the steps are deterministic, so the job ends with the result it would have had. The driver takes a job's
 * slices only from a job that succeeded: no partial update is ever kept. A job that fails for good stops the
 * run ({@link WorkerFailureException}), the checkpoint of the last epoch kept.
 */
public final class SparkEngine implements TrainingEngine {

    private static final Logger log = LoggerFactory.getLogger(SparkEngine.class);

    private final JavaSparkContext spark;
    private final TrainingConfig config;
    private final PackedDataset data;
    private final Network net;
    private final ReplicaRecipe recipe;
    private final int stepsPerJob;
    private final RecoveryLog recovery = new RecoveryLog();

    private SparkEngine(JavaSparkContext spark, TrainingConfig config, PackedDataset data, Network net,
                        ReplicaRecipe recipe, int stepsPerJob) {
        this.spark = spark;
        this.config = config;
        this.data = data;
        this.net = net;
        this.recipe = recipe;
        this.stepsPerJob = stepsPerJob;
        spark.sc().addSparkListener(recovery);
    }

    /**
     * The engines of runs on {@code spark}'s cluster: {@code workers} replicas of {@code threads} kernel threads
     * each, jobs of {@code stepsPerJob} steps.
     */
    public static TrainingEngine.Factory factory(JavaSparkContext spark, int workers, int threads, int stepsPerJob) {
        return (TrainingConfig config, NetIdentity identity, PackedDataset data, Network net) -> new SparkEngine(
                spark, config, data, net, ReplicaRecipe.of(config, identity, data, workers, threads,
                UUID.randomUUID().toString().substring(0, 8)), stepsPerJob);
    }

    @Override
    public EpochSteps epoch(int epoch, long firstStep, float learningRate) {
        // Built here for its checks (a batch larger than the data set) and its count; the workers build their own.
        TrainingBatches batches = new TrainingBatches(data.train(), data.statistics(), config.loader(net.spec()),
                config.seed(), epoch);
        return new Steps(epoch, config.stepsPerEpoch(batches.batchCount()), firstStep, learningRate);
    }

    @Override
    public Evaluator.Result validate() {
        List<Accuracy> parts = guarded("the validation", () -> {
            Broadcast<ParamState> state = spark.broadcast(ParamState.of(net.params()));
            try {
                recovery.running("the validation");
                return spark.parallelize(workerIndices(), recipe.workers())
                        .mapPartitionsWithIndex(new WorkerValidation(recipe, state), false).collect();
            } finally {
                release(state);
            }
        });
        Accuracy total = new Accuracy();
        parts.forEach(total::add);
        return Evaluator.result(total);
    }

    @Override
    public String describe() {
        return String.format("%d workers of %d kernel threads on Spark %s, %d steps per job", recipe.workers(),
                recipe.threads(), spark.master(), stepsPerJob);
    }

    @Override
    public void close() {
        spark.sc().removeSparkListener(recovery);
    }

    private List<Integer> workerIndices() {
        return IntStream.range(0, recipe.workers()).boxed().toList();
    }

    /**
     * After a job: its broadcast parameters go, and the blocks that failed attempts left on executors (their
     * tasks were killed before removing them). Nothing to do once the context has stopped (the cluster is gone).
     */
    private void release(Broadcast<ParamState> state) {
        if (!spark.sc().isStopped()) {
            state.destroy();
            BlockExchange.removeAll(recipe.runTag());
        }
    }

    /** Runs {@code job}; a Spark failure becomes a {@link WorkerFailureException} that says what was lost. */
    private <T> T guarded(String what, java.util.function.Supplier<T> job) {
        try {
            return job.get();
        } catch (Exception e) {
            if (e instanceof SparkException || spark.sc().isStopped()) {
                String reason = spark.sc().isStopped() ? "the application was stopped: its master is gone or never "
                        + "answered" : String.valueOf(e.getMessage()).lines().findFirst().orElse("");
                throw new WorkerFailureException(String.format("Spark gave up on %s (%s); no update of it was kept; "
                        + "the run folder's checkpoint is the last finished epoch's (go on with --resume)", what,
                        reason), e);
            }
            throw e;
        }
    }

    /** The steps of one epoch, trained a job at a time and handed out one by one. */
    private final class Steps implements EpochSteps {
        private final int epoch;
        private final int count;
        private final long firstStep;
        private final float rate;
        private final Deque<Accuracy> trained = new ArrayDeque<>();
        private final SyncStats stats = new SyncStats();
        private long jobNanos;
        private int jobs;
        private int started;
        private int handed;

        Steps(int epoch, int count, long firstStep, float rate) {
            this.epoch = epoch;
            this.count = count;
            this.firstStep = firstStep;
            this.rate = rate;
        }

        @Override
        public int count() {
            return count;
        }

        @Override
        public boolean hasNext() {
            return handed < count;
        }

        @Override
        public Accuracy next() {
            if (trained.isEmpty()) {
                runJob(Math.min(stepsPerJob, count - started));
            }
            handed++;
            return trained.poll();
        }

        @Override
        public void close() {
            if (!stats.isEmpty()) {
                double outside = (jobNanos - started * stats.meanStepNanos()) / jobs / 1e9;
                log.info(String.format("epoch %d, mean per worker and step: %s; per job of up to %d steps, %.2f s "
                        + "besides the steps (broadcast, collecting the slices, scheduling, replicas and data "
                        + "prepared)", epoch, stats.describe(), stepsPerJob, outside));
            }
        }

        /** Trains steps {@code started ..} of the epoch, then takes the workers' slices into the driver's net. */
        private void runJob(int steps) {
            String what = String.format("epoch %d, steps %d..%d", epoch, firstStep + started,
                    firstStep + started + steps - 1);
            long start = System.nanoTime();
            guarded(what, () -> {
                Broadcast<ParamState> state = spark.broadcast(ParamState.of(net.params()));
                try {
                    spark.setJobDescription(what);
                    recovery.running(what);
                    List<WorkerResult> results = new ArrayList<>(
                            train(new JobPlan(recipe, epoch, started, firstStep + started, steps, rate, state)));
                    results.sort(Comparator.comparingInt(WorkerResult::worker));
                    take(what, results);
                    return results;
                } finally {
                    release(state);
                }
            });
            started += steps;
            jobNanos += System.nanoTime() - start;
            jobs++;
        }

        /**
         * The job: the workers' barrier stage, then a shuffle of their results into one partition that the driver
         * collects. The shuffle is what makes a failure recoverable: Spark runs a failed barrier stage again only
         * when it is a shuffle map stage (a barrier result stage may have handed out part of its output, so it is
         * aborted instead).
         */
        private List<WorkerResult> train(JobPlan plan) {
            RDD<Integer> workers = spark.parallelize(workerIndices(), recipe.workers()).rdd();
            return workers.barrier().mapPartitions(new WorkerTraining(plan), false,
                    ClassTag$.MODULE$.<WorkerResult>apply(WorkerResult.class)).toJavaRDD().repartition(1).collect();
        }

        /**
         * The workers' slices, read from the blocks they left, into the driver's net; each step's loss and errors,
         * summed over the workers.
         */
        private void take(String what, List<WorkerResult> results) {
            List<Param> params = net.params();
            Slices slices = new Slices(FlatParams.length(params), recipe.workers());
            int stepsTrained = results.get(0).steps().size();
            for (WorkerResult result : results) {
                if (result.steps().size() != stepsTrained) {
                    throw new IllegalStateException("workers 0 and " + result.worker() + " trained " + stepsTrained
                            + " and " + result.steps().size() + " steps");
                }
                int from = slices.from(result.worker());
                int to = slices.to(result.worker());
                BlockExchange blocks = new BlockExchange(result.scope());
                for (String field : List.of(WorkerResult.VALUES, WorkerResult.VELOCITIES)) {
                    long read = blocks.read(WorkerResult.block(field, result.worker()), block -> FlatParams.scatter(
                            block.asFloatBuffer(), from, to, params,
                            field.equals(WorkerResult.VALUES) ? Param::value : Param::velocity));
                    if (read < 0) {
                        throw new WorkerFailureException(what + ": worker " + result.worker() + "'s parameters were "
                                + "lost with its executor after the job; no update of it was kept; the run folder's "
                                + "checkpoint is the last finished epoch's (go on with --resume)", null);
                    }
                }
                stats.add(result.stats());
            }
            for (int k = 0; k < stepsTrained; k++) {
                Accuracy step = new Accuracy();
                for (WorkerResult result : results) {
                    step.add(result.steps().get(k));
                }
                trained.add(step);
            }
        }
    }
}
