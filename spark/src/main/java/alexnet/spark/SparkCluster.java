package alexnet.spark;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/** Connecting to a Spark master, and what its URL says about the cluster. */
final class SparkCluster {

    private static final String EXECUTOR_LOGGING = "-Dlogback.configurationFile=logback-spark.xml "
            + "-Dlog4j2.provider=org.apache.logging.slf4j.SLF4JProvider";
    /** The masters Spark 4 knows: local ones, standalone clusters (also host1:port,host2:port), YARN, Kubernetes. */
    private static final Pattern MASTER = Pattern.compile(
            "local(\\[[^]]+])?|local-cluster\\[[^]]+]|spark://[^/\\s]+|yarn|k8s://\\S+");
    private static final Pattern LOCAL = Pattern.compile("local(?:\\[(\\d+|\\*)(?:,\\d+)?])?");

    private SparkCluster() {
    }

    /**
     * The master this run is given: {@code --spark}, else the one spark-submit set (its {@code --master}, which
     * it passes as the system property spark.master); null when neither.
     */
    static String master(String option) {
        return option != null ? option : System.getProperty("spark.master");
    }

    /** The task slots of a local master, {@code local[k]} or {@code local[*]}; 0 for a cluster's URL. */
    static int localSlots(String master) {
        Matcher local = LOCAL.matcher(master);
        if (!local.matches()) {
            return 0;
        }
        String slots = local.group(1);
        return slots == null ? 1 : slots.equals("*") ? Runtime.getRuntime().availableProcessors()
                : Integer.parseInt(slots);
    }

    /** The jar this class was loaded from (scripts/alexnet-spark runs spark/target/alexnet-spark.jar); else null. */
    private static Path ownJar() {
        try {
            Path location = Path.of(SparkCluster.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return location.toString().endsWith(".jar") ? location : null;
        } catch (URISyntaxException | SecurityException e) {
            return null;
        }
    }

    /**
     * A context on {@code master} whose tasks each take {@code threadsPerTask} cores (a worker's kernel threads),
     * so that Spark places as many workers on an executor as it has cores for. Spark's console progress bar is
     * off (the run draws its own); spark.* system properties and spark-submit's settings apply as usual.
     */
    static JavaSparkContext connect(String master, int threadsPerTask) {
        if (!MASTER.matcher(master).matches()) {
            // Refused here: Spark would log its refusal with a stack trace before saying it.
            throw new IllegalArgumentException("--spark " + master + ": not a Spark master URL (local[N], "
                    + "spark://host:7077, yarn, k8s://https://host:443)");
        }
        SparkConf conf = new SparkConf().setMaster(master).setAppName("alexnet train")
                .set("spark.task.cpus", Integer.toString(threadsPerTask))
                .set("spark.ui.showConsoleProgress", "false");
        // What a job broadcasts and shuffles is the parameters, floats that compression barely shrinks (the paper's
        // net: 0.5 GB of values and velocities a job) but costs CPU twice; unless told otherwise, none.
        for (String compress : new String[] {"spark.broadcast.compress", "spark.shuffle.compress"}) {
            conf.setIfMissing(compress, "false");
        }
        // Executors log through the same configuration as the driver (see logback-spark.xml and spark/java-options).
        String executorOptions = conf.get("spark.executor.extraJavaOptions", "");
        if (!executorOptions.contains("logback.configurationFile")) {
            conf.set("spark.executor.extraJavaOptions", (executorOptions + " " + EXECUTOR_LOGGING).trim());
        }
        // Outside spark-submit (which ships its jar itself), a cluster's executors get this program's jar.
        Path jar = ownJar();
        if (localSlots(master) == 0 && !conf.contains("spark.jars") && jar != null) {
            conf.setJars(new String[] {jar.toString()});
        }
        JavaSparkContext spark;
        try {
            spark = new JavaSparkContext(conf);
        } catch (Exception e) {
            // Spark's own words, in one line, naming the option.
            String reason = String.valueOf(e.getMessage()).lines().findFirst().orElse(e.toString());
            throw new IllegalArgumentException("--spark " + master + ": " + reason, e);
        }
        // A standalone master that never answered: Spark has given up on it (after a minute) and stopped.
        if (spark.sc().isStopped()) {
            throw new IllegalArgumentException("--spark " + master + ": the master did not answer; is it running, "
                    + "and is this its address?");
        }
        return spark;
    }
}
