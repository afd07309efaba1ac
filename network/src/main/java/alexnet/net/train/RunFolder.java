package alexnet.net.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The folder a training run writes (checkpoint, metrics, data statistics, class names), prepared
 * before anything in it is touched: a run never replaces an earlier run's checkpoint unless told to.
 */
final class RunFolder {

    private static final Logger log = LoggerFactory.getLogger(RunFolder.class);

    private RunFolder() {
    }

    /** Refuses a {@code start} that does not fit what {@code dir} holds, then creates it. */
    static void prepare(Path dir, TrainingConfig.Start start) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + ": not a folder; --run names the folder of a run");
        }
        Path checkpoint = dir.resolve(Trainer.CHECKPOINT);
        boolean earlierRun = Files.exists(checkpoint);
        if (start == TrainingConfig.Start.NEW && earlierRun) {
            throw new IllegalArgumentException(dir + ": holds the checkpoint of an earlier run; go on with it with "
                    + "--resume, or start afresh with --overwrite (which deletes it), or choose another --run");
        }
        if (start == TrainingConfig.Start.RESUME && !earlierRun) {
            throw new IllegalArgumentException(dir + ": no checkpoint to resume (" + Trainer.CHECKPOINT
                    + " is missing); check --run, or leave out --resume to start a new run");
        }
        Files.createDirectories(dir);
        if (start == TrainingConfig.Start.OVERWRITE && earlierRun) {
            Files.delete(checkpoint);
            log.info("--overwrite: deleted the earlier run's {}", checkpoint);
        }
    }
}
