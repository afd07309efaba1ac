package alexnet.net.train;

import alexnet.data.ConsoleProgressBar;
import alexnet.data.ImageNetFolder;
import alexnet.data.PackedDataset;
import alexnet.net.Net;
import alexnet.net.Network;
import alexnet.net.parallel.TwoDeviceNet;
import alexnet.net.spec.NetSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The paper's training loop: SGD with momentum and weight decay over augmented batches,
 * evaluation on the validation set after every epoch, the learning rate divided by 10 when the
 * validation error stops improving ({@link PlateauRule}), a checkpoint after every epoch.
 *
 * <p>Reproducible: the batches depend only on (seed, epoch), the dropout masks on (seed, step),
 * and the parameters are initialised from the seed; so a run resumed from the checkpoint of
 * epoch e ends with the same weights as the run that never stopped.
 */
public final class Trainer {

    private static final Logger log = LoggerFactory.getLogger(Trainer.class);
    static final String CHECKPOINT = "checkpoint.bin";
    static final String STATISTICS = "statistics.bin";
    static final String CLASSES = "classes.tsv";

    private final TrainingConfig config;
    private final NetIdentity identity;
    private final PackedDataset data;
    private final Network net;
    private final int devices;
    private final TrainingEngine.Factory engines;
    /** Held from construction until {@link #run} returns. */
    private final RunFolder folder;

    /** State that a checkpoint carries beside the parameters. */
    private int epoch;
    private long step;
    private float learningRate;
    private PlateauSchedule schedule;

    /**
     * Opens (or builds) the packed cache of {@code config.dataRoot()} and builds the net
     * {@code base} + {@code ablations} for its classes.
     */
    public Trainer(TrainingConfig config, String base, List<alexnet.net.spec.Architectures.Ablation> ablations) {
        this(config, base, ablations, 1);
    }

    /**
     * As above, on {@code devices} JVM devices: 1 is the one-device {@link Net}; 2 is the paper's
     * two-GPU split ({@link TwoDeviceNet}), each device with half of {@code config.threads()}
     * kernel threads, the same initial weights and dropout masks as on one device. A two-device
     * checkpoint holds each device's parameters ("jvm0/conv1.weight", ...); a run resumes on either
     * number of devices ({@link ParameterLayout}).
     */
    public Trainer(TrainingConfig config, String base, List<alexnet.net.spec.Architectures.Ablation> ablations,
                   int devices) {
        this(config, base, ablations, devices, null);
    }

    /** As above, with the net of {@code factory} (null: the JVM net) spread over {@code devices} devices. */
    public Trainer(TrainingConfig config, String base, List<alexnet.net.spec.Architectures.Ablation> ablations,
                   int devices, NetworkFactory factory) {
        this(config, base, ablations, devices, factory, null);
    }

    /**
     * As the first constructor, with the net of {@code factory} (null: the JVM net) trained by the engines of
     * {@code engines}: the steps and the validation run there (on a cluster's workers), the rest here.
     */
    public Trainer(TrainingConfig config, String base, List<alexnet.net.spec.Architectures.Ablation> ablations,
                   NetworkFactory factory, TrainingEngine.Factory engines) {
        this(config, base, ablations, 1, factory, engines);
    }

    private Trainer(TrainingConfig config, String base, List<alexnet.net.spec.Architectures.Ablation> ablations,
                    int devices, NetworkFactory factory, TrainingEngine.Factory engines) {
        if (devices != 1 && devices != TwoDeviceNet.DEVICES) {
            throw new IllegalArgumentException("--devices must be 1 or 2, got " + devices);
        }
        // First of all, so that a refusal costs no time (cache, net) and leaves the folder as it was.
        try {
            this.folder = RunFolder.open(config.runDir(), config.start());
        } catch (IOException e) {
            throw new UncheckedIOException(config.runDir() + ": cannot prepare the run folder (" + e + ")", e);
        }
        try {
            this.config = config.start() == TrainingConfig.Start.RESUME
                    ? resumedRecipe(config, config.runDir().resolve(CHECKPOINT)) : config;
            this.devices = devices;
            this.engines = engines != null ? engines
                    : (trainerConfig, identity, data, net) -> new LocalEngine(trainerConfig, data, net, devices);
            this.data = PackedDataset.openOrBuild(ImageNetFolder.open(this.config.dataRoot()), this.config.cacheDir(),
                    this.config.storedSize(), this.config.loaderThreads());
            this.identity = new NetIdentity(base, ablations, data.classCount());
            this.net = newNet(identity.spec(), factory);
            this.learningRate = this.config.learningRate();
            this.schedule = new PlateauSchedule(this.config.plateau());
            if (!data.skipped().isEmpty()) {
                log.warn("{} unreadable image files were skipped; see the report in {}", data.skipped().size(),
                        this.config.cacheDir());
            }
        } catch (RuntimeException | Error e) {
            folder.close();
            throw e;
        }
    }

    /** The net of this run, refused with advice where it does not fit the heap. */
    private Network newNet(NetSpec spec, NetworkFactory factory) {
        try {
            return factory != null ? factory.create(spec, config)
                    : devices == 1 ? new Net(spec, config.batchSize(), config.seed())
                    : new TwoDeviceNet(spec, config.batchSize(), config.seed(),
                            Math.max(1, config.threads() / devices));
        } catch (OutOfMemoryError e) {
            // The partly built net is garbage now: the heap is free again for the message and the exit.
            throw new IllegalArgumentException(String.format("--batch %d: the net does not fit the Java heap (%.1f GiB "
                    + "at most); use a smaller --batch, or more heap (-Xmx; for scripts/alexnet in ALEXNET_JAVA_OPTS)",
                    config.batchSize(), Runtime.getRuntime().maxMemory() / (double) (1L << 30)), e);
        }
    }

    /** Builds the net a trainer runs: {@code spec} for a maximal batch of {@code config.batchSize()}. */
    @FunctionalInterface
    public interface NetworkFactory {
        Network create(NetSpec spec, TrainingConfig config);
    }

    /**
     * As the first constructor, with a net of the caller's making (a net on another device, e.g. a
     * TornadoVM device): {@code factory} gets the spec of {@code base} + {@code ablations} for the data
     * set's classes. Its checkpoints hold the same parameters as a JVM {@link Net}'s when it exposes
     * the same {@link Network#params()}.
     */
    public Trainer(TrainingConfig config, String base, List<alexnet.net.spec.Architectures.Ablation> ablations,
                   NetworkFactory factory) {
        this(config, base, ablations, 1, factory);
    }

    public Network net() {
        return net;
    }

    /** What this run is told; on resume, with the checkpoint's recipe but for the options given explicitly. */
    public TrainingConfig config() {
        return config;
    }

    public NetIdentity identity() {
        return identity;
    }

    /**
     * Trains until {@code config.epochs()} epochs are done, then releases the run folder; returns the
     * metrics of every epoch.
     */
    public List<EpochMetrics> run() throws IOException {
        try {
            return trainEpochs();
        } finally {
            folder.close();
        }
    }

    private List<EpochMetrics> trainEpochs() throws IOException {
        Path checkpoint = config.runDir().resolve(CHECKPOINT);
        if (config.start() == TrainingConfig.Start.RESUME) {
            restore(checkpoint);
            log.info("resumed {} at epoch {} (step {}, learning rate {})", checkpoint, epoch, step, learningRate);
        } else {
            net.initialize(config.seed());
        }
        try (TrainingEngine engine = engines.create(config, identity, data, net)) {
            writeRunFiles(engine);
            MetricsLog metrics = new MetricsLog(config.runDir(), epoch);
            log.info("training {} on {} images of {} classes ({} validation), batch {}, {}", identity.fingerprint(),
                    data.train().count(), data.classCount(), data.val().count(), config.batchSize(), engine.describe());
            while (epoch < config.epochs()) {
                EpochMetrics row = trainEpoch(epoch + 1, engine);
                epoch++;
                metrics.append(row);
                boolean drop = schedule.record(row.valTop1Error());
                if (drop) {
                    learningRate /= 10;
                }
                save(checkpoint);
                log.info(String.format("epoch %d: train loss %.4f, top-1 error %.2f%% | val loss %.4f, top-1 %.2f%%, "
                                + "top-5 %.2f%% | %.1f img/s | lr %.3g", row.epoch(), row.trainLoss(),
                        100 * row.trainTop1Error(), row.valLoss(), 100 * row.valTop1Error(), 100 * row.valTop5Error(),
                        row.imagesPerSecond(), row.learningRate()));
                if (drop) {
                    log.info(String.format("%s: learning rate divided by 10, %.3g from epoch %d on (drop %d of %d)",
                            schedule.reason(), learningRate, epoch + 1, schedule.drops(), config.plateau().maxDrops()));
                }
            }
            return metrics.rows();
        }
    }

    private EpochMetrics trainEpoch(int epochNumber, TrainingEngine engine) {
        Accuracy accuracy = new Accuracy();
        long start = System.nanoTime();
        float rate = learningRate;
        try (EpochSteps steps = engine.epoch(epochNumber, step, rate);
             ConsoleProgressBar bar = new ConsoleProgressBar("epoch " + epochNumber,
                     (long) steps.count() * config.batchSize(), "img")) {
            while (steps.hasNext()) {
                Accuracy stepAccuracy = steps.next();
                if (!Double.isFinite(stepAccuracy.loss())) {
                    throw new DivergedException(String.format("the loss became %s at step %d (epoch %d, learning "
                            + "rate %.3g); the last good checkpoint, if any, is %s; try a lower --lr",
                            (float) stepAccuracy.loss(), step, epoch + 1, learningRate,
                            config.runDir().resolve(CHECKPOINT)));
                }
                accuracy.add(stepAccuracy);
                bar.advance(stepAccuracy.examples());
                step++;
            }
        }
        long trained = System.nanoTime();
        double seconds = (trained - start) / 1e9;
        Evaluator.Result val = data.val().count() == 0 ? new Evaluator.Result(0, Double.NaN, Double.NaN, Double.NaN)
                : engine.validate();
        return new EpochMetrics(epochNumber, step, rate, accuracy.loss(), accuracy.top1Error(), val.loss(),
                val.top1Error(), val.top5Error(), accuracy.examples() / seconds, seconds,
                (System.nanoTime() - trained) / 1e9);
    }

    private void save(Path checkpoint) throws IOException {
        Map<String, String> state = new LinkedHashMap<>();
        identity.writeTo(state);
        state.put("epoch", Integer.toString(epoch));
        state.put("step", Long.toString(step));
        state.put("learning_rate", Float.toString(learningRate));
        schedule.writeTo(state);
        state.put("seed", Long.toString(config.seed()));
        state.put("data", config.dataRoot().toAbsolutePath().normalize().toString());
        state.put("batch_size", Integer.toString(config.batchSize()));
        state.put("momentum", Float.toString(config.momentum()));
        state.put("weight_decay", Float.toString(config.weightDecay()));
        state.put("lr_patience", Integer.toString(config.plateau().patience()));
        state.put("lr_min_improvement", Double.toString(config.plateau().minImprovement()));
        state.put("max_lr_drops", Integer.toString(config.plateau().maxDrops()));
        Checkpoint.save(checkpoint, identity.fingerprint(), state, net.params());
    }

    /**
     * The recipe a resumed run goes on with: the checkpoint's (its learning rate is the one reached,
     * drops included), except for the options given explicitly, which win.
     */
    private static TrainingConfig resumedRecipe(TrainingConfig config, Path checkpoint) {
        Map<String, String> state;
        try {
            state = Checkpoint.readState(checkpoint);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
        return new TrainingConfig(config.dataRoot(), config.cacheDir(), config.runDir(), config.storedSize(),
                config.epochs(), Integer.parseInt(resumed(config, state, "--batch", "batch_size", config.batchSize())),
                Float.parseFloat(resumed(config, state, "--lr", "learning_rate", config.learningRate())),
                Float.parseFloat(resumed(config, state, "--momentum", "momentum", config.momentum())),
                Float.parseFloat(resumed(config, state, "--weight-decay", "weight_decay", config.weightDecay())),
                new PlateauRule(
                        Integer.parseInt(resumed(config, state, "--lr-patience", "lr_patience",
                                config.plateau().patience())),
                        Double.parseDouble(resumed(config, state, "--lr-min-improvement", "lr_min_improvement",
                                config.plateau().minImprovement())),
                        Integer.parseInt(resumed(config, state, "--lr-drops", "max_lr_drops",
                                config.plateau().maxDrops()))),
                Long.parseLong(resumed(config, state, "--seed", "seed", config.seed())), config.maxStepsPerEpoch(),
                config.threads(), config.loaderThreads(), config.start(), config.explicitOptions(),
                config.tenViewEval(), config.commandLine());
    }

    /**
     * The value of {@code option} on resume: the given one if it was given explicitly (logged when it
     * changes the checkpoint's) or the checkpoint lacks it (written by an older build); else the checkpoint's.
     */
    private static String resumed(TrainingConfig config, Map<String, String> state, String option, String key,
                                  Object given) {
        String saved = state.get(key);
        String value = given.toString();
        if (saved == null) {
            return value;
        }
        if (!config.explicitOptions().contains(option)) {
            return saved;
        }
        if (!saved.equals(value)) {
            log.info("resume: {} {} replaces the checkpoint's {}", option, value, saved);
        }
        return value;
    }

    private void restore(Path checkpoint) throws IOException {
        Checkpoint.Contents contents = Checkpoint.read(checkpoint, identity.fingerprint());
        ParameterLayout.load(contents, net);
        Map<String, String> state = contents.state();
        if (!state.containsKey("step")) {
            throw new Checkpoint.CheckpointException(checkpoint, "it holds a net without a training run's state (an "
                    + "imported model); --resume goes on with runs of train");
        }
        epoch = Integer.parseInt(state.get("epoch"));
        step = Long.parseLong(state.get("step"));
        schedule = PlateauSchedule.readFrom(config.plateau(), state);
    }

    /**
     * What eval and classify need beside the checkpoint (the data statistics, the class names), and the
     * record of this start in run.json.
     */
    private void writeRunFiles(TrainingEngine engine) throws IOException {
        RunRecord.writeStart(config, identity, devices, engine.describe(), data);
        data.statistics().save(config.runDir().resolve(STATISTICS));
        TrainedModel.writeClasses(config.runDir(), data.wnids(), data.classNames());
    }
}
