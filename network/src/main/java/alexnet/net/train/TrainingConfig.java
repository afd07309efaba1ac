package alexnet.net.train;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Everything a training run is told. The defaults of the command line are the paper's recipe:
 * batch 128, momentum 0.9, weight decay 0.0005, learning rate 0.01 divided by 10 when the
 * validation error stops improving (as {@link PlateauRule} judges it), at most three times.
 *
 * @param runDir          where checkpoint, metrics, chart and the data statistics go
 * @param cacheDir        where the packed image cache lives
 * @param storedSize      side of the stored square images (paper: 256)
 * @param plateau         when the learning rate drops (see {@link PlateauRule})
 * @param maxStepsPerEpoch 0 for whole epochs; else an epoch ends after this many batches
 * @param threads         kernel threads (cores used by the JVM device)
 * @param loaderThreads   background threads preparing batches
 * @param start           a new run, a resumed one, or a new one replacing the run folder's earlier one
 * @param explicitOptions the recipe options the user gave ("--lr", "--momentum", "--weight-decay",
 *                        "--lr-patience", "--lr-min-improvement", "--lr-drops", "--batch", "--seed"): on
 *                        resume they replace the
 *                        checkpoint's values, the others are the checkpoint's
 * @param commandLine     the arguments the run was started with, for run.json
 */
public record TrainingConfig(Path dataRoot, Path cacheDir, Path runDir, int storedSize, int epochs, int batchSize,
                             float learningRate, float momentum, float weightDecay, PlateauRule plateau,
                             long seed, int maxStepsPerEpoch, int threads, int loaderThreads, Start start,
                             Set<String> explicitOptions, boolean tenViewEval, List<String> commandLine) {

    /** How a run treats the checkpoint in its run folder. */
    public enum Start {
        /** A new run; refused when the folder holds a checkpoint, so that no finished work is replaced by mistake. */
        NEW,
        /** Goes on from the folder's checkpoint; refused when there is none. */
        RESUME,
        /** A new run that deletes the folder's checkpoint first: the earlier run is given up on purpose. */
        OVERWRITE
    }

    public TrainingConfig {
        explicitOptions = Set.copyOf(explicitOptions);
        commandLine = List.copyOf(commandLine);
        atLeast("--epochs", epochs, 1);
        atLeast("--batch", batchSize, 1);
        atLeast("--threads", threads, 1);
        atLeast("--loader-threads", loaderThreads, 1);
        atLeast("--stored-size", storedSize, 1);
        atLeast("--max-steps-per-epoch", maxStepsPerEpoch, 0);
        // Written so that NaN, which fails every comparison, fails each check.
        if (!(learningRate > 0 && learningRate < Float.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("--lr must be a positive finite number, not " + learningRate);
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("--momentum must be at least 0 and below 1, not " + momentum);
        }
        if (!(weightDecay >= 0 && weightDecay < Float.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("--weight-decay must be a finite number >= 0, not " + weightDecay);
        }
    }

    private static void atLeast(String option, int value, int least) {
        if (value < least) {
            throw new IllegalArgumentException(option + " must be at least " + least + ", not " + value);
        }
    }
}
