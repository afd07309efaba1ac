package alexnet.net.train;

import alexnet.data.AtomicFiles;
import alexnet.data.CacheLocation;
import alexnet.data.PackedDataset;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;

/**
 * {@code run.json}: what a run folder's training did, one entry per start (the first, then each
 * {@code --resume}): the command's arguments, every resolved option, the data set and cache, the net, the git
 * commit of the code, the JVM and its threads. {@code eval} reads the data set from it.
 */
public final class RunRecord {

    public static final String FILE = "run.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RunRecord() {
    }

    /**
     * Writes (atomically) the entry of a run that starts now: appended to the folder's earlier starts
     * on resume, the only one otherwise.
     */
    static void writeStart(TrainingConfig config, NetIdentity identity, int devices, String engine,
                             PackedDataset data)
            throws IOException {
        Path file = config.runDir().resolve(FILE);
        ObjectNode record = JSON.createObjectNode();
        ArrayNode starts = record.putArray("starts");
        if (config.start() == TrainingConfig.Start.RESUME && Files.exists(file)) {
            JsonNode earlier = read(file).path("starts");
            earlier.forEach(starts::add);
        }
        starts.add(start(config, identity, devices, engine, data));
        byte[] bytes = JSON.writeValueAsBytes(record);
        AtomicFiles.write(file, out -> out.write(bytes));
    }

    private static ObjectNode start(TrainingConfig config, NetIdentity identity, int devices, String engine,
                                      PackedDataset data) {
        ObjectNode start = JSON.createObjectNode();
        start.put("started", Instant.now().toString());
        ArrayNode arguments = start.putArray("arguments");
        config.commandLine().forEach(arguments::add);

        ObjectNode options = start.putObject("options");
        options.put("net", identity.base());
        ArrayNode ablations = options.putArray("ablations");
        identity.ablations().forEach(a -> ablations.add(a.label()));
        options.put("net_fingerprint", identity.fingerprint());
        options.put("devices", devices);
        options.put("engine", engine);
        options.put("start", config.start().name().toLowerCase(java.util.Locale.ROOT));
        options.put("run", config.runDir().toAbsolutePath().normalize().toString());
        options.put("epochs", config.epochs());
        options.put("batch", config.batchSize());
        options.put("lr", config.learningRate());
        options.put("momentum", config.momentum());
        options.put("weight_decay", config.weightDecay());
        options.put("lr_patience", config.plateau().patience());
        options.put("lr_min_improvement", config.plateau().minImprovement());
        options.put("lr_drops", config.plateau().maxDrops());
        options.put("lr_rule", config.plateau().describe());
        options.put("seed", config.seed());
        options.put("stored_size", config.storedSize());
        options.put("max_steps_per_epoch", config.maxStepsPerEpoch());
        options.put("threads", config.threads());
        options.put("loader_threads", config.loaderThreads());

        ObjectNode dataSet = start.putObject("data");
        dataSet.put("path", CacheLocation.identity(config.dataRoot()).toString());
        dataSet.put("classes", data.classCount());
        dataSet.put("train_images", data.train().count());
        dataSet.put("val_images", data.val().count());
        dataSet.put("skipped_files", data.skipped().size());
        dataSet.put("cache", config.cacheDir().toAbsolutePath().normalize().toString());

        Properties git = gitProperties();
        ObjectNode code = start.putObject("code");
        code.put("commit", git.getProperty("git.commit.id", "unknown"));
        code.put("uncommitted_changes", Boolean.parseBoolean(git.getProperty("git.dirty", "false")));

        ObjectNode jvm = start.putObject("jvm");
        jvm.put("version", Runtime.version().toString());
        jvm.put("vendor", System.getProperty("java.vendor"));
        jvm.put("max_heap_bytes", Runtime.getRuntime().maxMemory());
        jvm.put("cores", Runtime.getRuntime().availableProcessors());
        jvm.put("kernel_threads", config.threads());
        return start;
    }

    /** The data set the folder's last start trained on, when its run.json names one. */
    public static Optional<Path> dataRoot(Path runDir) throws IOException {
        Path file = runDir.resolve(FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        JsonNode starts = read(file).path("starts");
        JsonNode path = starts.path(starts.size() - 1).path("data").path("path");
        return path.isTextual() ? Optional.of(Path.of(path.asText())) : Optional.empty();
    }

    private static JsonNode read(Path file) throws IOException {
        try {
            return JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new IOException(file + ": not a run record (" + e.getOriginalMessage() + "); move it away to go on",
                    e);
        }
    }

    /** The build's alexnet-git.properties; empty when the code was built outside a git checkout. */
    private static Properties gitProperties() {
        Properties properties = new Properties();
        try (InputStream in = RunRecord.class.getResourceAsStream("/alexnet-git.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            // The record then says "unknown": the run goes on.
        }
        return properties;
    }
}
