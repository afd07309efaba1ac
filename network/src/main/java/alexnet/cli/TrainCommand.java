package alexnet.cli;

import alexnet.data.SyntheticImageNet;
import alexnet.net.spec.Architectures;
import alexnet.net.train.EpochMetrics;
import alexnet.net.train.PlateauRule;
import alexnet.net.train.Trainer;
import alexnet.net.train.TrainingConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code alexnet train}: the paper's recipe on a user's ImageNet folder, or, without
 * {@code --data}, a few-minute run of the small net on the embedded synthetic data set.
 *
 * <p>Public and open for launchers that train the same way on other devices
 * ({@code alexnet.tornado.TornadoMain}'s {@code train}): they inherit every option and override
 * {@link #trainer}.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a net with the paper's SGD recipe: batch 128, momentum 0.9, weight decay 0.0005, "
                + "learning rate 0.01 divided by 10 when the validation error stops improving (its average over the "
                + "last 3 epochs has not improved by 1%% for --lr-patience epochs), at most 3 times.",
                "Without --data: generates the embedded synthetic data set (10 classes of JPEG images) under "
                        + "data/synthetic and trains the small net on it for a few minutes."})
public class TrainCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(TrainCommand.class);

    /** The options of the recipe that a checkpoint keeps; given explicitly on resume, they replace its values. */
    private static final List<String> RECIPE_OPTIONS = List.of("--lr", "--momentum", "--weight-decay", "--lr-patience",
            "--lr-min-improvement", "--lr-drops", "--batch", "--seed");

    @Spec
    CommandSpec spec;

    @Option(names = "--data", description = "ImageNet-layout folder (train/<wnid>/*.JPEG, val/ ...). "
            + "Default: the synthetic data set.")
    Path data;

    @Option(names = "--net", description = "alexnet or small. Default: alexnet with --data, small without.")
    String net;

    @Option(names = "--ablation", split = ",", converter = NetOptions.AblationConverter.class,
            description = "The paper's ablations, comma-separated: no-lrn, no-overlap, no-dropout, tanh, one-gpu; and "
                    + "caffe-lrn, LRN as Caffe's bvlc_alexnet has it.")
    List<Architectures.Ablation> ablations = new ArrayList<>();

    @Option(names = "--epochs", description = "Epochs. Default: 90 with --data (the paper), 6 without.")
    Integer epochs;

    @Option(names = "--batch", description = "Batch size. Default: 128 with --data (the paper), 64 without.")
    Integer batch;

    @Option(names = "--lr", defaultValue = "0.01",
            description = "Initial learning rate; with --resume, the rate to go on with. Default: ${DEFAULT-VALUE} "
                    + "(with --resume: the rate the checkpoint reached).")
    float learningRate;

    @Option(names = "--momentum", defaultValue = "0.9", description = "Default: ${DEFAULT-VALUE}.")
    float momentum;

    @Option(names = "--weight-decay", defaultValue = "0.0005", description = "Default: ${DEFAULT-VALUE}.")
    float weightDecay;

    @Option(names = "--lr-patience",
            description = "Epochs without an improvement of the validation error (averaged over the last 3 epochs) "
                    + "before the rate is divided by 10; after a drop, epochs to wait before judging again. "
                    + "Default: a tenth of --epochs, at least 2.")
    Integer lrPatience;

    @Option(names = "--lr-min-improvement", defaultValue = "0.01",
            description = "The fraction of the best averaged validation error by which an epoch's average must beat "
                    + "it to count as an improvement. Default: ${DEFAULT-VALUE}.")
    double lrMinImprovement;

    @Option(names = "--lr-drops", defaultValue = "3",
            description = "How often the rate may be divided by 10 (the paper: 3). Default: ${DEFAULT-VALUE}.")
    int lrDrops;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of weights, batches and dropout. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--threads", description = "Kernel threads. Default: all cores.")
    Integer threads;

    @Option(names = "--devices", defaultValue = "1",
            description = "JVM devices: 1, or 2 for the paper's two-GPU split (half of every layer's kernels on each "
                    + "device, exchanges only into conv3 and the fc layers; --threads are shared between them; "
                    + "bytes moved per step are logged). Default: ${DEFAULT-VALUE}.")
    protected int devices;

    @Option(names = "--loader-threads", description = "Threads preparing batches. Default: all cores.")
    Integer loaderThreads;

    @Option(names = "--run", description = "Run folder (checkpoint, metrics.csv, metrics.png, run.json). "
            + "Default: runs/<data folder name>-<net>[-<ablation>...], e.g. runs/synthetic-small.")
    Path run;

    @Mixin
    CacheOptions cacheOptions = new CacheOptions();

    @Option(names = "--resume", description = "Continue from the run folder's checkpoint, with its recipe (batch, "
            + "learning rate reached, momentum, weight decay, schedule, seed); an option of these given explicitly "
            + "replaces the checkpoint's value, e.g. a lower --lr after a divergence.")
    boolean resume;

    @Option(names = "--overwrite", description = "Start afresh in a run folder that holds an earlier run's checkpoint, "
            + "deleting it (without --resume or --overwrite, train refuses such a folder).")
    boolean overwrite;

    @Option(names = "--max-steps-per-epoch", defaultValue = "0",
            description = "End each epoch after this many batches (0: whole epochs).")
    int maxStepsPerEpoch;

    @Option(names = "--synthetic-train-per-class", defaultValue = "240", hidden = true)
    int syntheticTrainPerClass;

    @Option(names = "--synthetic-val-per-class", defaultValue = "50", hidden = true)
    int syntheticValPerClass;

    @Override
    public Integer call() throws Exception {
        if (resume && overwrite) {
            throw new IllegalArgumentException("--resume goes on with the run folder's checkpoint, --overwrite "
                    + "deletes it: give one of them");
        }
        boolean synthetic = data == null;
        Path dataRoot = synthetic ? Path.of("data", "synthetic") : data;
        String base = net != null ? net : synthetic ? "small" : "alexnet";
        int crop = Architectures.variant(base, 2, ablations).input().height(); // a wrong net is refused before any work
        if (cacheOptions.storedSizeFor(base) < crop) {
            throw new IllegalArgumentException("--stored-size " + cacheOptions.storedSizeFor(base) + ": smaller than the "
                    + base + " net's " + crop + "x" + crop + " crops");
        }
        int cores = Runtime.getRuntime().availableProcessors();
        TrainingConfig.Start start = resume ? TrainingConfig.Start.RESUME
                : overwrite ? TrainingConfig.Start.OVERWRITE : TrainingConfig.Start.NEW;
        int epochCount = epochs != null ? epochs : synthetic ? 6 : 90;
        TrainingConfig config = new TrainingConfig(dataRoot,
                cacheOptions.cacheFor(dataRoot),
                run != null ? run : defaultRun(dataRoot, base, ablations),
                cacheOptions.storedSizeFor(base),
                epochCount, batch != null ? batch : synthetic ? 64 : 128, learningRate, momentum, weightDecay,
                new PlateauRule(lrPatience != null ? lrPatience : PlateauRule.defaultPatience(epochCount),
                        lrMinImprovement, lrDrops), seed, maxStepsPerEpoch, threads != null ? threads : cores,
                loaderThreads != null ? loaderThreads : cores, start,
                RECIPE_OPTIONS.stream().filter(spec.commandLine().getParseResult()::hasMatchedOption)
                        .collect(Collectors.toSet()), true, spec.commandLine().getParseResult().originalArgs());
        if (synthetic) {
            SyntheticImageNet.generate(dataRoot, 2012L, 10, syntheticTrainPerClass, syntheticValPerClass, 72);
        }
        Trainer trainer = trainer(config, base, ablations, devices);
        List<EpochMetrics> rows;
        try {
            rows = trainer.run();
        } finally {
            trainer.net().close();
        }
        if (rows.isEmpty()) {
            // A resumed run that had already finished, whose metrics.csv is gone: nothing ran, nothing to show.
            log.info("done: no epoch left to train, and the run folder's metrics.csv holds no rows to report; run "
                    + "folder {}", config.runDir().toAbsolutePath());
            return 0;
        }
        EpochMetrics last = rows.get(rows.size() - 1);
        log.info(String.format("done: validation top-1 error %.2f%%, top-5 %.2f%% (centre crop); run folder %s",
                100 * last.valTop1Error(), 100 * last.valTop5Error(), config.runDir().toAbsolutePath()));
        return 0;
    }

    /**
     * runs/&lt;data folder name&gt;-&lt;net&gt;[-&lt;ablation&gt;...]: the synthetic demo and a real experiment, or
     * two nets on one data set, never share a folder.
     */
    static Path defaultRun(Path dataRoot, String base, List<Architectures.Ablation> ablations) {
        Path name = dataRoot.toAbsolutePath().normalize().getFileName();
        return Path.of("runs", (name != null ? name + "-" : "") + base
                + ablations.stream().map(a -> "-" + a.label()).collect(Collectors.joining()));
    }

    /** The trainer of this run: on {@code devices} JVM devices here; a subclass may build its net elsewhere. */
    protected Trainer trainer(TrainingConfig config, String base, List<Architectures.Ablation> ablations, int devices) {
        return new Trainer(config, base, ablations, devices);
    }
}
