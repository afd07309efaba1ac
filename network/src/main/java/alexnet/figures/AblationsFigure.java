package alexnet.figures;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.CombinedDomainCategoryPlot;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.category.StatisticalBarRenderer;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;

/**
 * The ablations' final errors as bars (mean over seeds, with the spread as error bars), and as a table
 * beside the paper's claimed differences.
 */
public final class AblationsFigure {

    public static final int WIDTH = 900;
    public static final int HEIGHT = 800;
    private static final Color TOP1 = new Color(0x1f77b4);
    private static final Color TOP5 = new Color(0xff7f0e);

    private final AblationSummary summary;

    public AblationsFigure(AblationSummary summary) {
        this.summary = summary;
    }

    /** Errors above; below, each ablation's difference to its reference beside the paper's. */
    public BufferedImage draw() {
        DefaultStatisticalCategoryDataset errors = new DefaultStatisticalCategoryDataset();
        DefaultStatisticalCategoryDataset differences = new DefaultStatisticalCategoryDataset();
        for (AblationSummary.Group group : summary.groups()) {
            errors.add(100 * group.meanTop1(), 100 * group.spreadTop1(), "top-1", group.config());
            errors.add(100 * group.meanTop5(), 100 * group.spreadTop5(), "top-5", group.config());
            double[] difference = summary.difference(group.config());
            double[] error = summary.differenceError(group.config());
            AblationSummary.Claim claim = AblationSummary.PAPER.get(group.config());
            // Every configuration gets its place below too, so that both panels share the categories.
            differences.add(difference == null ? null : 100 * difference[0], error == null ? null : 100 * error[0],
                    "top-1 here", group.config());
            differences.add(difference == null ? null : 100 * difference[1], error == null ? null : 100 * error[1],
                    "top-5 here", group.config());
            differences.add(claim == null ? null : claim.top1(), Double.valueOf(0), "top-1, the paper", group.config());
            differences.add(claim == null ? null : claim.top5(), Double.valueOf(0), "top-5, the paper", group.config());
        }
        CombinedDomainCategoryPlot plot = new CombinedDomainCategoryPlot(new CategoryAxis("configuration"));
        CategoryPlot errorPanel = panel(errors, "validation error, % (mean, bars: sd of seeds)", TOP1, TOP5);
        // The lower panel's legend names the same colours.
        errorPanel.getRenderer().setDefaultSeriesVisibleInLegend(false);
        plot.add(errorPanel, 3);
        plot.add(panel(differences, "points more than its reference (bars: se)", TOP1, TOP5, TOP1.brighter(),
                new Color(0xffbb78)), 2);
        JFreeChart chart = new JFreeChart("Ablations: final validation error, and the cost of each against the paper's",
                JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        return chart.createBufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB, null);
    }

    private static CategoryPlot panel(DefaultStatisticalCategoryDataset data, String label, Color... colours) {
        StatisticalBarRenderer renderer = new StatisticalBarRenderer();
        for (int i = 0; i < colours.length; i++) {
            renderer.setSeriesPaint(i, colours[i]);
        }
        renderer.setErrorIndicatorPaint(Color.BLACK);
        renderer.setShadowVisible(false);
        renderer.setBarPainter(new StandardBarPainter());
        CategoryPlot plot = new CategoryPlot(data, null, new NumberAxis(label), renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        return plot;
    }

    public static List<String> header() {
        return List.of("config", "seeds", "top1_mean", "top1_sd", "top5_mean", "top5_sd", "reference",
                "top1_difference", "top1_difference_se", "top5_difference", "top5_difference_se", "paper_top1_difference",
                "paper_top5_difference");
    }

    /** Errors in percent, differences in points of error against the reference's mean. */
    public List<List<Object>> rows() {
        List<List<Object>> rows = new ArrayList<>();
        for (AblationSummary.Group group : summary.groups()) {
            AblationSummary.Claim claim = AblationSummary.PAPER.get(group.config());
            double[] difference = summary.difference(group.config());
            double[] error = summary.differenceError(group.config());
            rows.add(List.of(group.config(), group.seeds().size(), 100 * group.meanTop1(), 100 * group.spreadTop1(),
                    100 * group.meanTop5(), 100 * group.spreadTop5(), claim == null ? "" : claim.reference(),
                    difference == null ? "" : (Object) (100 * difference[0]), error == null ? "" : (Object) (100 * error[0]),
                    difference == null ? "" : (Object) (100 * difference[1]), error == null ? "" : (Object) (100 * error[1]),
                    claim == null ? "" : (Object) claim.top1(), claim == null ? "" : (Object) claim.top5()));
        }
        return rows;
    }

    /** The table for a person: one line per configuration. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "%-12s %5s %16s %16s   %-40s %s", "config", "seeds", "top-1 %", "top-5 %",
                "difference ± se (top-1 / top-5)", "paper"));
        for (AblationSummary.Group group : summary.groups()) {
            AblationSummary.Claim claim = AblationSummary.PAPER.get(group.config());
            double[] difference = summary.difference(group.config());
            double[] error = summary.differenceError(group.config());
            String measured = difference == null ? ""
                    : String.format(Locale.ROOT, "%+.2f±%.2f / %+.2f±%.2f vs %s", 100 * difference[0], 100 * error[0],
                            100 * difference[1], 100 * error[1], claim.reference());
            String paper = claim == null ? (group.config().equals("no-dropout") ? "no number (overfits badly)" : "")
                    : String.format(Locale.ROOT, "+%.1f / +%.1f (%s)", claim.top1(), claim.top5(), claim.what());
            lines.add(String.format(Locale.ROOT, "%-12s %5d %7.2f ± %6.2f %7.2f ± %6.2f   %-40s %s", group.config(),
                    group.seeds().size(), 100 * group.meanTop1(), 100 * group.spreadTop1(), 100 * group.meanTop5(),
                    100 * group.spreadTop5(), measured, paper));
        }
        return lines;
    }
}
