package alexnet.net.train;

import alexnet.data.TrainingStatistics;
import alexnet.net.Net;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A trained net read back from a run folder: the checkpoint's parameters in the net it names,
 * the training set's statistics (mean image, lighting PCA) and the class names, which is all
 * evaluation and classification need.
 */
public final class TrainedModel {

    private final Net net;
    private final NetIdentity identity;
    private final TrainingStatistics statistics;
    private final List<String> wnids = new ArrayList<>();
    private final List<String> classNames = new ArrayList<>();
    private final int epoch;
    private final Path dataRoot;

    private TrainedModel(Net net, NetIdentity identity, TrainingStatistics statistics, int epoch, Path dataRoot) {
        this.net = net;
        this.identity = identity;
        this.statistics = statistics;
        this.epoch = epoch;
        this.dataRoot = dataRoot;
    }

    /** Loads {@code runDir}/checkpoint.bin into a net for batches of up to {@code maxBatch}. */
    public static TrainedModel load(Path runDir, int maxBatch) throws IOException {
        Path checkpoint = runDir.resolve(Trainer.CHECKPOINT);
        Map<String, String> state = Checkpoint.readState(checkpoint);
        NetIdentity identity = NetIdentity.readFrom(state);
        Net net = new Net(identity.spec(), maxBatch, Long.parseLong(state.get("seed")));
        Checkpoint.load(checkpoint, identity.fingerprint(), net.params());
        Path statisticsFile = runDir.resolve(Trainer.STATISTICS);
        if (!Files.exists(statisticsFile)) {
            throw new java.io.FileNotFoundException(statisticsFile + ": missing (it is written by train beside the checkpoint)");
        }
        // run.json names the data set; a run folder of an older build has it in the checkpoint only.
        String data = state.get("data");
        Path dataRoot = RunRecord.dataRoot(runDir).orElse(data != null ? Path.of(data) : null);
        TrainedModel model = new TrainedModel(net, identity, TrainingStatistics.load(statisticsFile),
                Integer.parseInt(state.get("epoch")), dataRoot);
        Path classes = runDir.resolve(Trainer.CLASSES);
        for (String line : Files.readAllLines(classes, StandardCharsets.UTF_8)) {
            String[] fields = line.split("\t", 2);
            model.wnids.add(fields[0]);
            model.classNames.add(fields.length > 1 ? fields[1] : fields[0]);
        }
        if (model.classNames.size() != identity.classes()) {
            throw new IOException(classes + ": " + model.classNames.size() + " classes, the checkpoint's net has "
                    + identity.classes());
        }
        return model;
    }

    public Net net() {
        return net;
    }

    public NetIdentity identity() {
        return identity;
    }

    public TrainingStatistics statistics() {
        return statistics;
    }

    public List<String> wnids() {
        return List.copyOf(wnids);
    }

    public List<String> classNames() {
        return List.copyOf(classNames);
    }

    /** Epochs the checkpoint was trained for. */
    public int epoch() {
        return epoch;
    }

    /** The data set the run was trained on; empty for a checkpoint written before runs recorded it. */
    public Optional<Path> dataRoot() {
        return Optional.ofNullable(dataRoot);
    }
}
