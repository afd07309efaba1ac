package alexnet.net.train;

/**
 * When the learning rate is divided by 10. The paper's rule was a person watching the validation error
 * ("divide by 10 when the validation error rate stopped improving with the current learning rate"); this
 * rule approximates that person, who judges the trend of the curve and not one noisy epoch:
 * <ul>
 *   <li>it follows the validation top-1 error averaged over the last {@link #WINDOW} epochs;</li>
 *   <li>an epoch improves on the best average only by at least {@code minImprovement} of it (relative);</li>
 *   <li>after {@code patience} epochs without an improvement the rate is divided by 10, at most
 *       {@code maxDrops} times;</li>
 *   <li>after a drop it waits another {@code patience} epochs before it judges again, so that the new rate
 *       shows its effect first.</li>
 * </ul>
 * A rule that compares single epochs with no margin spends its drops on noise: a validation error that
 * falls slowly under noise of the same size sets no new minimum for two epochs now and then.
 *
 * @param patience       epochs without an improvement before the rate drops (and epochs of waiting after it)
 * @param minImprovement the fraction of the best average by which an average must beat it to count
 * @param maxDrops       how many times the rate may drop (paper: 3)
 */
public record PlateauRule(int patience, double minImprovement, int maxDrops) {

    /** Epochs whose validation errors are averaged. */
    public static final int WINDOW = 3;

    /** The default relative improvement: 1% of the error (0.15 points at 15% error). */
    public static final double DEFAULT_MIN_IMPROVEMENT = 0.01;

    /** The paper's three drops. */
    public static final int DEFAULT_MAX_DROPS = 3;

    public PlateauRule {
        if (patience < 1) {
            throw new IllegalArgumentException("--lr-patience must be at least 1, not " + patience);
        }
        if (!(minImprovement >= 0 && minImprovement < 1)) {
            throw new IllegalArgumentException("--lr-min-improvement must be at least 0 and below 1, not "
                    + minImprovement);
        }
        if (maxDrops < 0) {
            throw new IllegalArgumentException("--lr-drops must be at least 0, not " + maxDrops);
        }
    }

    /**
     * The patience for a run of {@code epochs}: a tenth of it, at least 2 (the paper's 90 epochs: 9, so
     * that its three drops can fall where the paper's did, and a 30-epoch run waits 3 epochs).
     */
    public static int defaultPatience(int epochs) {
        return Math.max(2, Math.round(epochs / 10f));
    }

    /** The rule in one line, for logs and run.json. */
    public String describe() {
        return String.format(java.util.Locale.ROOT, "divide the rate by 10 when the validation error, averaged over "
                        + "%d epochs, has not improved by %.3g%% for %d epochs (then wait %d epochs), at most %d times",
                WINDOW, 100 * minImprovement, patience, patience, maxDrops);
    }
}
