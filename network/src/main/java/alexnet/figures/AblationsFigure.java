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
import org.jfree.chart.renderer.category.StatisticalBarRenderer;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;

/**
 * The ablations' final errors as bars (mean over seeds, with the spread as error bars), and as a table
 * beside the paper's claimed differences.
 */
public final class AblationsFigure {

    public static final int WIDTH = 900;
    public static final int HEIGHT = 600;

    private final AblationSummary summary;

    public AblationsFigure(AblationSummary summary) {
        this.summary = summary;
    }

    public BufferedImage draw() {
        DefaultStatisticalCategoryDataset data = new DefaultStatisticalCategoryDataset();
        for (AblationSummary.Group group : summary.groups()) {
            data.add(100 * group.meanTop1(), 100 * group.spreadTop1(), "top-1", group.config());
            data.add(100 * group.meanTop5(), 100 * group.spreadTop5(), "top-5", group.config());
        }
        StatisticalBarRenderer renderer = new StatisticalBarRenderer();
        renderer.setSeriesPaint(0, new Color(0x1f77b4));
        renderer.setSeriesPaint(1, new Color(0xff7f0e));
        renderer.setErrorIndicatorPaint(Color.BLACK);
        renderer.setShadowVisible(false);
        renderer.setBarPainter(new org.jfree.chart.renderer.category.StandardBarPainter());
        NumberAxis errors = new NumberAxis("validation error, % (mean of seeds, bars: standard deviation)");
        CategoryPlot plot = new CategoryPlot(data, new CategoryAxis("configuration"), errors, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        JFreeChart chart = new JFreeChart("Ablations: final validation error", JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        return chart.createBufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB, null);
    }

    public static List<String> header() {
        return List.of("config", "seeds", "top1_mean", "top1_sd", "top5_mean", "top5_sd", "reference",
                "top1_difference", "top5_difference", "paper_top1_difference", "paper_top5_difference");
    }

    /** Errors in percent, differences in points of error against the reference's mean. */
    public List<List<Object>> rows() {
        List<List<Object>> rows = new ArrayList<>();
        for (AblationSummary.Group group : summary.groups()) {
            AblationSummary.Claim claim = AblationSummary.PAPER.get(group.config());
            double[] difference = summary.difference(group.config());
            rows.add(List.of(group.config(), group.seeds().size(), 100 * group.meanTop1(), 100 * group.spreadTop1(),
                    100 * group.meanTop5(), 100 * group.spreadTop5(), claim == null ? "" : claim.reference(),
                    difference == null ? "" : (Object) (100 * difference[0]),
                    difference == null ? "" : (Object) (100 * difference[1]),
                    claim == null ? "" : (Object) claim.top1(), claim == null ? "" : (Object) claim.top5()));
        }
        return rows;
    }

    /** The table for a person: one line per configuration. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "%-12s %5s %16s %16s   %-28s %s", "config", "seeds", "top-1 %", "top-5 %",
                "difference (top-1 / top-5)", "paper"));
        for (AblationSummary.Group group : summary.groups()) {
            AblationSummary.Claim claim = AblationSummary.PAPER.get(group.config());
            double[] difference = summary.difference(group.config());
            String measured = difference == null ? ""
                    : String.format(Locale.ROOT, "%+.2f / %+.2f vs %s", 100 * difference[0], 100 * difference[1],
                            claim.reference());
            String paper = claim == null ? (group.config().equals("no-dropout") ? "no number (overfits badly)" : "")
                    : String.format(Locale.ROOT, "+%.1f / +%.1f (%s)", claim.top1(), claim.top5(), claim.what());
            lines.add(String.format(Locale.ROOT, "%-12s %5d %7.2f ± %6.2f %7.2f ± %6.2f   %-28s %s", group.config(),
                    group.seeds().size(), 100 * group.meanTop1(), 100 * group.spreadTop1(), 100 * group.meanTop5(),
                    100 * group.spreadTop5(), measured, paper));
        }
        return lines;
    }
}
