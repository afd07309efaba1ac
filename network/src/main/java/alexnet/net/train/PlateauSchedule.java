package alexnet.net.train;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The state of a {@link PlateauRule} over a run: the last validation errors, the best average, the
 * epochs since it, the epochs still to wait after a drop and the drops made. A checkpoint carries it
 * ({@link #writeTo}, {@link #readFrom}), so that a resumed run drops where the run that never stopped did.
 */
public final class PlateauSchedule {

    private final PlateauRule rule;
    private final Deque<Double> recent = new ArrayDeque<>();
    private double bestAverage = Double.POSITIVE_INFINITY;
    private int epochsSinceBest;
    private int waitLeft;
    private int drops;

    public PlateauSchedule(PlateauRule rule) {
        this.rule = rule;
    }

    /**
     * Takes one epoch's validation top-1 error; returns whether the learning rate is to be divided by 10
     * before the next epoch. A NaN (no validation images) changes nothing.
     */
    public boolean record(double validationError) {
        if (Double.isNaN(validationError)) {
            return false;
        }
        recent.addLast(validationError);
        if (recent.size() > PlateauRule.WINDOW) {
            recent.removeFirst();
        }
        double average = average();
        if (average < bestAverage * (1 - rule.minImprovement())) {
            bestAverage = average;
            epochsSinceBest = 0;
            return false;
        }
        if (waitLeft > 0) {
            waitLeft--;
            return false;
        }
        if (++epochsSinceBest < rule.patience() || drops >= rule.maxDrops()) {
            return false;
        }
        drops++;
        epochsSinceBest = 0;
        waitLeft = rule.patience();
        return true;
    }

    /** The validation error averaged over the last {@link PlateauRule#WINDOW} epochs (NaN before the first). */
    public double average() {
        return recent.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    public double bestAverage() {
        return bestAverage;
    }

    public int drops() {
        return drops;
    }

    public int epochsSinceBest() {
        return epochsSinceBest;
    }

    void writeTo(Map<String, String> state) {
        state.put("lr_drops", Integer.toString(drops));
        state.put("best_val_top1", Double.toString(bestAverage));
        state.put("epochs_since_best", Integer.toString(epochsSinceBest));
        state.put("lr_wait_left", Integer.toString(waitLeft));
        state.put("recent_val_top1", recent.stream().map(e -> Double.toString(e)).collect(Collectors.joining(",")));
    }

    /**
     * The schedule a checkpoint's state describes. A checkpoint of an older build has no recent errors and
     * no wait: its best single error stands for the best average.
     */
    static PlateauSchedule readFrom(PlateauRule rule, Map<String, String> state) {
        PlateauSchedule schedule = new PlateauSchedule(rule);
        schedule.drops = Integer.parseInt(state.get("lr_drops"));
        schedule.bestAverage = Double.parseDouble(state.get("best_val_top1"));
        schedule.epochsSinceBest = Integer.parseInt(state.get("epochs_since_best"));
        schedule.waitLeft = Integer.parseInt(state.getOrDefault("lr_wait_left", "0"));
        String recent = state.getOrDefault("recent_val_top1", "");
        if (!recent.isEmpty()) {
            for (String e : recent.split(",")) {
                schedule.recent.addLast(Double.parseDouble(e));
            }
        }
        return schedule;
    }

    /** Why the rate drops now, for the log. */
    String reason() {
        return String.format(Locale.ROOT, "validation error averaged over the last %d epochs %.2f%%, best %.2f%%: no "
                        + "improvement by %.3g%% for %d epochs", recent.size(), 100 * average(), 100 * bestAverage,
                100 * rule.minImprovement(), rule.patience());
    }
}
