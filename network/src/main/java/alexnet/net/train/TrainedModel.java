package alexnet.net.train;

import alexnet.data.AtomicFiles;
import alexnet.data.TrainingStatistics;
import alexnet.net.Net;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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

    /**
     * Loads {@code runDir}/checkpoint.bin into a one-device net for batches of up to {@code maxBatch}; a
     * two-device run's checkpoint (each device's half of every layer) is gathered into the same net.
     */
    public static TrainedModel load(Path runDir, int maxBatch) throws IOException {
        Path checkpoint = runDir.resolve(Trainer.CHECKPOINT);
        Map<String, String> state = Checkpoint.readState(checkpoint);
        NetIdentity identity = NetIdentity.readFrom(state);
        Net net = new Net(identity.spec(), maxBatch, Long.parseLong(state.get("seed")));
        ParameterLayout.load(Checkpoint.read(checkpoint, identity.fingerprint()), net);
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

    /**
     * Makes {@code runDir} a run folder that {@link #load} reads, for a net trained elsewhere (an imported
     * model): its checkpoint (the parameters of {@code net}, no momentum; epoch and seed from {@code state},
     * with anything else worth keeping), the statistics its preprocessing uses, its class names. Refuses a
     * folder that holds a checkpoint; the checkpoint is written last, so a failed call leaves no run behind.
     */
    public static void create(Path runDir, NetIdentity identity, Net net, Map<String, String> state,
                              TrainingStatistics statistics, List<String> wnids, List<String> classNames)
            throws IOException {
        Path checkpoint = runDir.resolve(Trainer.CHECKPOINT);
        if (Files.exists(runDir) && !Files.isDirectory(runDir)) {
            throw new IllegalArgumentException(runDir + ": not a folder; --run names the folder of a run");
        }
        if (Files.exists(checkpoint)) {
            throw new IllegalArgumentException(runDir + ": holds a run's checkpoint already; choose another --run");
        }
        if (!identity.spec().equals(net.spec()) || wnids.size() != identity.classes()
                || classNames.size() != identity.classes()) {
            throw new IllegalArgumentException("a run of " + identity.fingerprint() + " needs its net and "
                    + identity.classes() + " classes");
        }
        Files.createDirectories(runDir);
        statistics.save(runDir.resolve(Trainer.STATISTICS));
        writeClasses(runDir, wnids, classNames);
        Map<String, String> all = new LinkedHashMap<>();
        identity.writeTo(all);
        all.putAll(state);
        Checkpoint.save(checkpoint, identity.fingerprint(), all, net.params());
    }

    /** classes.tsv: "wnid TAB name", one class a line, in the net's output order. */
    static void writeClasses(Path runDir, List<String> wnids, List<String> classNames) throws IOException {
        StringBuilder lines = new StringBuilder();
        for (int c = 0; c < wnids.size(); c++) {
            lines.append(wnids.get(c)).append('\t').append(classNames.get(c)).append('\n');
        }
        byte[] bytes = lines.toString().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(runDir.resolve(Trainer.CLASSES), out -> out.write(bytes));
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
