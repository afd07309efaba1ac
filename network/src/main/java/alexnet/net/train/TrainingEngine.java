package alexnet.net.train;

import alexnet.data.PackedDataset;
import alexnet.net.Network;

/**
 * Where a run's training steps and its validation are computed: on this JVM's net ({@link LocalEngine}), or
 * on replicas of it elsewhere (module spark: the workers of a cluster). The {@link Trainer} keeps the rest
 * (run folder, learning-rate schedule, checkpoints, metrics) and the net whose parameters, values and
 * velocities, are the run's state between epochs.
 */
public interface TrainingEngine extends AutoCloseable {

    /**
     * The training steps of epoch {@code epoch} (from 1), the first of them global step {@code firstStep}, at
     * {@code learningRate}. Once the last step is handed out, or a step whose loss is not finite, the net's
     * parameters are those after the last update applied.
     */
    EpochSteps epoch(int epoch, long firstStep, float learningRate);

    /** Loss and top-1/top-5 errors of the net's parameters on the validation split, one centre crop per image. */
    Evaluator.Result validate();

    /** Where the steps run, for the log and run.json: "2 kernel threads", "2 workers on Spark local[2]...". */
    String describe();

    @Override
    void close();

    /** Builds the engine of a run once its net and data are there. */
    @FunctionalInterface
    interface Factory {
        TrainingEngine create(TrainingConfig config, NetIdentity identity, PackedDataset data, Network net);
    }
}
