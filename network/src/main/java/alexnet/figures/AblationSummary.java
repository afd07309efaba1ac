package alexnet.figures;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The final validation errors of ablation runs, several seeds each, beside the differences the paper
 * claims. Runs are the folders {@code <config>-seed<N>} of one folder, as {@code scripts/ablations}
 * writes them; each one's last {@code metrics.csv} row gives its centre-crop top-1 and top-5 errors.
 */
public final class AblationSummary {

    private static final Pattern RUN = Pattern.compile("(.+)-seed(\\d+)");

    /** What the paper says a configuration costs against its reference, in points of top-1 / top-5 error. */
    public record Claim(String reference, double top1, double top5, String what) {
    }

    /**
     * The paper's claims (section 3), as differences of error: removing LRN costs 1.4 / 1.2 points,
     * pooling without overlap 0.4 / 0.3, the one-GPU net (half the kernels) against the two-GPU net
     * 1.7 / 1.2. For dropout the paper gives no number ("overfits substantially").
     */
    public static final Map<String, Claim> PAPER = Map.of(
            "no-lrn", new Claim("baseline", 1.4, 1.2, "local response normalization"),
            "no-overlap", new Claim("baseline", 0.4, 0.3, "overlapping pooling"),
            "one-gpu", new Claim("two-devices", 1.7, 1.2, "two GPUs' kernels against one GPU's half as many"));

    /** One configuration's runs: the seeds' final errors, as fractions. */
    public record Group(String config, List<Integer> seeds, double[] top1, double[] top5) {

        public double meanTop1() {
            return mean(top1);
        }

        public double meanTop5() {
            return mean(top5);
        }

        /** Sample standard deviation across seeds; 0 for a single run. */
        public double spreadTop1() {
            return spread(top1);
        }

        public double spreadTop5() {
            return spread(top5);
        }
    }

    private final Map<String, Group> groups;

    private AblationSummary(Map<String, Group> groups) {
        this.groups = groups;
    }

    /** The configurations under {@code folder}, in the order of {@code order} first, the rest by name. */
    public static AblationSummary read(Path folder, List<String> order) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException(folder + ": not a folder of ablation runs");
        }
        Map<String, List<Path>> runs = new java.util.TreeMap<>();
        Map<String, List<Integer>> seeds = new java.util.TreeMap<>();
        try (Stream<Path> entries = Files.list(folder)) {
            for (Path run : entries.sorted().toList()) {
                Matcher name = RUN.matcher(run.getFileName().toString());
                if (Files.isDirectory(run) && name.matches() && Files.exists(run.resolve("metrics.csv"))) {
                    runs.computeIfAbsent(name.group(1), k -> new ArrayList<>()).add(run);
                    seeds.computeIfAbsent(name.group(1), k -> new ArrayList<>()).add(Integer.parseInt(name.group(2)));
                }
            }
        }
        if (runs.isEmpty()) {
            throw new IllegalArgumentException(folder + ": no run folders <config>-seed<N> with a metrics.csv");
        }
        List<String> configs = new ArrayList<>(order.stream().filter(runs::containsKey).toList());
        runs.keySet().stream().filter(c -> !configs.contains(c)).forEach(configs::add);
        Map<String, Group> groups = new LinkedHashMap<>();
        for (String config : configs) {
            List<Path> folders = runs.get(config);
            double[] top1 = new double[folders.size()];
            double[] top5 = new double[folders.size()];
            for (int i = 0; i < folders.size(); i++) {
                RunMetrics metrics = RunMetrics.read(folders.get(i));
                top1[i] = metrics.last("val_top1_error");
                top5[i] = metrics.last("val_top5_error");
            }
            groups.put(config, new Group(config, seeds.get(config), top1, top5));
        }
        return new AblationSummary(groups);
    }

    public List<Group> groups() {
        return List.copyOf(groups.values());
    }

    /** {@code config}'s mean top-1 and top-5 errors minus its reference's, when both were run. */
    public double[] difference(String config) {
        Claim claim = PAPER.get(config);
        if (claim == null || !groups.containsKey(claim.reference()) || !groups.containsKey(config)) {
            return null;
        }
        Group group = groups.get(config);
        Group reference = groups.get(claim.reference());
        return new double[] {group.meanTop1() - reference.meanTop1(), group.meanTop5() - reference.meanTop5()};
    }

    /**
     * The standard error of {@link #difference}'s two numbers, sqrt(sd1^2 / n1 + sd2^2 / n2): how far
     * apart two means of so few seeds may be by chance alone. Zero when a side has a single run.
     */
    public double[] differenceError(String config) {
        if (difference(config) == null) {
            return null;
        }
        Group group = groups.get(config);
        Group reference = groups.get(PAPER.get(config).reference());
        return new double[] {standardError(group.spreadTop1(), group.top1().length, reference.spreadTop1(),
                reference.top1().length), standardError(group.spreadTop5(), group.top5().length,
                reference.spreadTop5(), reference.top5().length)};
    }

    private static double standardError(double sd1, int n1, double sd2, int n2) {
        return Math.sqrt(sd1 * sd1 / n1 + sd2 * sd2 / n2);
    }

    static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    static double spread(double[] values) {
        if (values.length < 2) {
            return 0;
        }
        double mean = mean(values);
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        return Math.sqrt(squares / (values.length - 1));
    }
}
