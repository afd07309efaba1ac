package alexnet.spark;

import alexnet.cli.TrainCommand;
import alexnet.net.Net;
import alexnet.net.spec.Architectures;
import alexnet.net.train.Trainer;
import alexnet.net.train.TrainingConfig;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code alexnet train --spark MASTER_URL}: {@code alexnet train} (every option, the paper's recipe and
 * schedule, checkpoints, metrics, {@code --resume}) with the steps and the validation on the workers of a Spark
 * cluster ({@link SparkEngine}); the driver, this JVM, keeps the run folder.
 */
@Command(name = "train",
        description = {"Train as `alexnet train` does, data-parallel on a Spark cluster: --workers replicas of the net "
                + "each train their part of every batch (worker w of N: examples [wB/N, (w+1)B/N)) and keep their "
                + "parameters in step with BigDL's sharded synchronisation; the update is the one-machine update of "
                + "the same batch. The driver (this program) writes the run folder.",
                "--data and --cache must name folders every worker sees at the same path (a shared folder).",
                "Without --data: generates the embedded synthetic data set under data/synthetic and trains the small "
                        + "net on it."})
public class SparkTrainCommand extends TrainCommand {

    @Spec
    CommandSpec sparkSpec;

    @Option(names = "--spark", paramLabel = "MASTER_URL",
            description = "Spark master: local[N] (N task slots in this JVM), spark://host:7077 (a standalone "
                    + "cluster), ... Default: the master spark-submit was given.")
    String master;

    @Option(names = "--workers",
            description = "Replicas of the net, each a task of --threads cores. Default: N of local[N]; required with "
                    + "a cluster's URL.")
    Integer workers;

    @Option(names = "--steps-per-job", defaultValue = "10",
            description = "Training steps per Spark job: the driver takes the workers' parameters back after each "
                    + "job, a failure is repeated from the job's start, and the progress bar moves by as many. "
                    + "Default: ${DEFAULT-VALUE}.")
    int stepsPerJob;

    private JavaSparkContext spark;

    @Override
    public Integer call() throws Exception {
        try {
            return super.call();
        } finally {
            if (spark != null) {
                spark.stop();
            }
        }
    }

    @Override
    protected Trainer trainer(TrainingConfig config, String base, List<Architectures.Ablation> ablations,
                              int devices) {
        if (devices != 1) {
            throw new IllegalArgumentException("--devices " + devices + " splits the net over devices of one machine; "
                    + "with --spark every worker holds the whole net: leave --devices out");
        }
        String url = SparkCluster.master(master);
        if (url == null) {
            throw new IllegalArgumentException("--spark MASTER_URL is missing: local[2], spark://host:7077, ... (or "
                    + "run under spark-submit, which gives the master)");
        }
        int slots = SparkCluster.localSlots(url);
        int replicas = workers != null ? workers : slots;
        if (replicas < 1) {
            throw new IllegalArgumentException("--workers is missing: how many replicas of the net to train on "
                    + url + " (each a task of --threads cores)");
        }
        int threads = sparkSpec.commandLine().getParseResult().hasMatchedOption("--threads") ? config.threads()
                : defaultThreads(slots, replicas);
        TrainingConfig workerConfig = config.withThreads(threads);
        check(url, slots, replicas, threads, workerConfig.batchSize());
        spark = SparkCluster.connect(url, threads);
        // The driver's net holds the run's state between jobs and computes nothing: a batch of 1 costs no memory.
        return new Trainer(workerConfig, base, ablations, (spec, c) -> new Net(spec, 1, c.seed()),
                SparkEngine.factory(spark, replicas, threads, stepsPerJob));
    }

    /** Refuses, before any cluster is reached, what the workers could never run. */
    private void check(String url, int localSlots, int replicas, int threads, int batch) {
        if (stepsPerJob < 1) {
            throw new IllegalArgumentException("--steps-per-job must be at least 1, not " + stepsPerJob);
        }
        if (replicas > batch) {
            throw new IllegalArgumentException("--workers " + replicas + ": more workers than examples in a batch ("
                    + batch + ")");
        }
        // The workers of a step wait for each other: they must all run at once, each on --threads cores.
        if (localSlots > 0 && replicas * threads > localSlots) {
            throw new IllegalArgumentException(String.format("--workers %d of --threads %d need %d cores at once; %s "
                    + "has %d", replicas, threads, replicas * threads, url, localSlots));
        }
    }

    /**
     * Kernel threads per worker when --threads is not given: spark-submit's --executor-cores, else the local
     * master's slots shared among the workers, else 1.
     */
    private static int defaultThreads(int localSlots, int replicas) {
        String executorCores = System.getProperty("spark.executor.cores");
        if (executorCores != null) {
            return Integer.parseInt(executorCores);
        }
        return localSlots > 0 ? Math.max(1, localSlots / replicas) : 1;
    }
}
