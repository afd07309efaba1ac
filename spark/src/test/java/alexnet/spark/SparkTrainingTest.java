package alexnet.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import alexnet.data.SyntheticImageNet;
import alexnet.net.Net;
import alexnet.net.Param;
import alexnet.net.train.DivergedException;
import alexnet.net.train.EpochMetrics;
import alexnet.net.train.PlateauRule;
import alexnet.net.train.Trainer;
import alexnet.net.train.TrainingConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data-parallel training in Spark's local[2] mode against the one-machine trainer: the small net (its dropout
 * included) on 4 synthetic classes, batches of 128, 2 steps per epoch, 2 epochs.
 */
class SparkTrainingTest {

    private static final int EPOCHS = 2;
    private static final long SEED = 5L;

    /**
     * After one step, the velocity is -lr times the batch-mean gradient, which two workers sum from two halves of
     * 64 examples (each times 1/2, exact) where one machine sums 128: the same numbers added in another order.
     * Measured: they agree to 3e-7 of the largest velocity of each tensor, a few float32 roundings.
     */
    private static final double ONE_STEP = 1e-5;
    /**
     * After 4 steps the rounding differences have grown where a ReLU or a pooling window's maximum flipped between
     * the two runs: measured up to 1.1e-3 of what training changed in a tensor (its largest |final - initial|,
     * its largest velocity). A wrong slice, a lost or doubled update or another example's dropout mask differs by
     * the order of the change itself.
     */
    private static final double FOUR_STEPS = 1e-2;

    @TempDir
    static Path root;
    private static JavaSparkContext spark;
    private static Trainer oneMachine;
    private static Trainer twoWorkers;

    @BeforeAll
    static void start() throws Exception {
        SyntheticImageNet.generate(root.resolve("data"), 7L, 4, 64, 8, 72);
        spark = SparkCluster.connect("local[2]", 1);
        oneMachine = local("one-machine", EPOCHS, 0, TrainingConfig.Start.NEW);
        oneMachine.run();
        twoWorkers = onSpark("two-workers", EPOCHS, 0, TrainingConfig.Start.NEW, 2, 3);
        twoWorkers.run();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** One worker computes exactly what one machine does: the same batches, masks, sums and updates. */
    @Test
    void oneWorkerIsTheOneMachineRunBitForBit() throws Exception {
        Trainer oneWorker = onSpark("one-worker", EPOCHS, 0, TrainingConfig.Start.NEW, 1, 1);
        List<EpochMetrics> rows = oneWorker.run();
        assertEquals(EPOCHS, rows.size());
        List<Param> expected = oneMachine.net().params();
        List<Param> actual = oneWorker.net().params();
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i).value(), actual.get(i).value(), 0f, expected.get(i).name());
            assertArrayEquals(expected.get(i).velocity(), actual.get(i).velocity(), 0f, expected.get(i).name());
        }
    }

    @Test
    void twoWorkersOfHalfTheBatchComputeTheOneMachineStep() throws Exception {
        Trainer here = local("one-step", 1, 1, TrainingConfig.Start.NEW);
        here.run();
        Trainer twoWorkers = onSpark("one-step-two-workers", 1, 1, TrainingConfig.Start.NEW, 2, 1);
        twoWorkers.run();
        List<Param> expected = here.net().params();
        List<Param> actual = twoWorkers.net().params();
        for (int i = 0; i < expected.size(); i++) {
            float[] want = expected.get(i).velocity();
            assertArrayEquals(want, actual.get(i).velocity(), (float) (ONE_STEP * largest(want)),
                    expected.get(i).name());
        }
    }

    @Test
    void twoWorkersOfHalfTheBatchTrainAsOneMachine() {
        assertTrainedAlike(twoWorkers.net().params());
    }

    /**
     * Worker 1's task is killed during the second job: Spark runs the job's barrier stage again, from the job's
     * broadcast parameters, and the run ends exactly where the undisturbed one does.
     */
    @Test
    void aKilledWorkerIsRunAgainToTheSameResult() throws Exception {
        KillsWorkerOne killer = new KillsWorkerOne();
        spark.sc().addSparkListener(killer);
        Trainer disturbed = onSpark("killed", EPOCHS, 0, TrainingConfig.Start.NEW, 2, 3);
        try {
            disturbed.run();
        } finally {
            spark.sc().removeSparkListener(killer);
        }
        assertTrue(killer.killed.get() && killer.retried.get() > 0, "a task was killed and its stage run again");
        List<Param> expected = twoWorkers.net().params();
        List<Param> actual = disturbed.net().params();
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i).value(), actual.get(i).value(), 0f, expected.get(i).name());
            assertArrayEquals(expected.get(i).velocity(), actual.get(i).velocity(), 0f, expected.get(i).name());
        }
    }

    /** Kills worker 1's task 20 ms into the first attempt of the second job's barrier stage (its steps take longer). */
    private static final class KillsWorkerOne extends SparkListener {
        final Set<Integer> barrierStages = ConcurrentHashMap.newKeySet();
        final AtomicBoolean killed = new AtomicBoolean();
        final AtomicInteger retried = new AtomicInteger();

        @Override
        public void onStageSubmitted(SparkListenerStageSubmitted submitted) {
            // The workers' stage is the job's only shuffle map stage (see SparkEngine's train).
            if (submitted.stageInfo().shuffleDepId().isDefined()) {
                barrierStages.add(submitted.stageInfo().stageId());
                if (submitted.stageInfo().attemptNumber() > 0) {
                    retried.incrementAndGet();
                }
            }
        }

        @Override
        public void onTaskStart(SparkListenerTaskStart start) {
            if (barrierStages.size() == 2 && barrierStages.contains(start.stageId()) && start.stageAttemptId() == 0
                    && start.taskInfo().index() == 1 && !killed.get()) {
                long task = start.taskInfo().taskId();
                Thread later = new Thread(() -> {
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    killed.set(spark.sc().killTaskAttempt(task, true, "test: worker 1 dies"));
                });
                later.start();
            }
        }
    }

    /** A Spark run goes on from a one-machine checkpoint, and the other way round. */
    @Test
    void checkpointsMoveBetweenSparkAndOneMachine() throws Exception {
        onSpark("spark-then-here", 1, 0, TrainingConfig.Start.NEW, 2, 10).run();
        Trainer resumedHere = local("spark-then-here", EPOCHS, 0, TrainingConfig.Start.RESUME);
        resumedHere.run();
        assertTrainedAlike(resumedHere.net().params());

        local("here-then-spark", 1, 0, TrainingConfig.Start.NEW).run();
        Trainer resumedOnSpark = onSpark("here-then-spark", EPOCHS, 0, TrainingConfig.Start.RESUME, 2, 10);
        resumedOnSpark.run();
        assertTrainedAlike(resumedOnSpark.net().params());
    }

    /**
     * A step whose loss is not finite on some worker is applied by none (they all see every loss), the job ends
     * there for all of them, and the run stops as on one machine, its last checkpoint as it was.
     */
    @Test
    void aDivergingRunStopsAndKeepsTheLastCheckpoint() throws Exception {
        onSpark("diverging", 1, 0, TrainingConfig.Start.NEW, 2, 10).run();
        Path checkpoint = root.resolve("diverging").resolve("checkpoint.bin");
        byte[] good = Files.readAllBytes(checkpoint);
        Trainer tooFast = new Trainer(config("diverging", EPOCHS, 0, TrainingConfig.Start.RESUME, 1e12f), "small",
                List.of(), (spec, c) -> new Net(spec, 1, c.seed()), SparkEngine.factory(spark, 2, 1, 10));
        DivergedException error = assertThrows(DivergedException.class, tooFast::run);
        assertTrue(error.getMessage().contains("loss became"), error.getMessage());
        assertArrayEquals(good, Files.readAllBytes(checkpoint), "the last good checkpoint is kept as it was");
    }

    private static TrainingConfig config(String run, int epochs, int maxSteps, TrainingConfig.Start start) {
        return config(run, epochs, maxSteps, start, 0.01f);
    }

    private static TrainingConfig config(String run, int epochs, int maxSteps, TrainingConfig.Start start,
                                         float learningRate) {
        return new TrainingConfig(root.resolve("data"), root.resolve("cache"), root.resolve(run), 64, epochs, 128,
                learningRate, 0.9f, 0.0005f, new PlateauRule(2, 0.01, 3), SEED, maxSteps, 1, 1, start,
                Set.of("--lr"), false, List.of());
    }

    private static Trainer local(String run, int epochs, int maxSteps, TrainingConfig.Start start) {
        return new Trainer(config(run, epochs, maxSteps, start), "small", List.of());
    }

    private static Trainer onSpark(String run, int epochs, int maxSteps, TrainingConfig.Start start, int workers,
                                   int stepsPerJob) {
        return new Trainer(config(run, epochs, maxSteps, start), "small", List.of(),
                (spec, c) -> new Net(spec, 1, c.seed()), SparkEngine.factory(spark, workers, 1, stepsPerJob));
    }

    /** Values and velocities of the one-machine run after 4 steps, up to {@link #FOUR_STEPS}. */
    private static void assertTrainedAlike(List<Param> actual) {
        List<Param> expected = oneMachine.net().params();
        Net initial = new Net(oneMachine.identity().spec(), 1, SEED);
        initial.initialize(SEED);
        for (int i = 0; i < expected.size(); i++) {
            Param want = expected.get(i);
            float[] start = initial.params().get(i).value();
            double change = 0;
            for (int j = 0; j < start.length; j++) {
                change = Math.max(change, Math.abs(want.value()[j] - start[j]));
            }
            assertArrayEquals(want.value(), actual.get(i).value(), (float) (FOUR_STEPS * change), want.name());
            float speed = (float) (FOUR_STEPS * largest(want.velocity()));
            assertArrayEquals(want.velocity(), actual.get(i).velocity(), speed, want.name() + " velocity");
        }
    }

    private static double largest(float[] values) {
        double largest = 0;
        for (float v : values) {
            largest = Math.max(largest, Math.abs(v));
        }
        assertTrue(largest > 0, "a trained tensor");
        return largest;
    }
}
