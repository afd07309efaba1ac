package alexnet.figures;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.TreeSet;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Figure 1: the training error of several runs against epochs on one chart (the paper: ReLU solid,
 * tanh dashed, reaching 25% six times sooner), with the target error as a grey line.
 *
 * <p>The error is the one {@code metrics.csv} records, {@code train_top1_error}: the top-1 error on
 * each epoch's training batches as they were trained on (augmented, dropout on, weights changing
 * during the epoch); the paper does not say how its curve's error was measured.
 */
public final class CurvesFigure {

    public static final String COLUMN = "train_top1_error";
    public static final int WIDTH = 900;
    public static final int HEIGHT = 600;
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
        new Color(0x9467bd), new Color(0x8c564b)};

    /** One run's curve: epochs and their training error. */
    public record Curve(String label, double[] epochs, double[] errors) {

        public static Curve of(String label, RunMetrics metrics) {
            return new Curve(label, metrics.column("epoch"), metrics.column(COLUMN));
        }

        /** The first epoch whose training error is at most {@code target}. */
        public OptionalInt firstEpochAtOrBelow(double target) {
            for (int i = 0; i < errors.length; i++) {
                if (errors[i] <= target) {
                    return OptionalInt.of((int) epochs[i]);
                }
            }
            return OptionalInt.empty();
        }
    }

    private final List<Curve> curves;
    private final double target;

    public CurvesFigure(List<Curve> curves, double target) {
        this.curves = List.copyOf(curves);
        this.target = target;
    }

    public BufferedImage draw() {
        XYSeriesCollection data = new XYSeriesCollection();
        for (Curve curve : curves) {
            XYSeries series = new XYSeries(curve.label(), false, true);
            for (int i = 0; i < curve.epochs().length; i++) {
                series.add(curve.epochs()[i], curve.errors()[i]);
            }
            data.addSeries(series);
        }
        NumberAxis epochs = new NumberAxis("epoch");
        epochs.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        NumberAxis error = new NumberAxis("training error (top-1, fraction)");
        error.setRange(0, 1);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < curves.size(); i++) {
            // Every other run dashed, as the paper draws tanh against ReLU: readable in grey print too.
            renderer.setSeriesStroke(i, i % 2 == 0 ? new BasicStroke(2f)
                    : new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 5f}, 0f));
            renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
        }
        XYPlot plot = new XYPlot(data, epochs, error, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        ValueMarker line = new ValueMarker(target, Color.GRAY, new BasicStroke(1f));
        line.setLabel(String.format(java.util.Locale.ROOT, "target %.2f", target));
        line.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
        line.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
        plot.addRangeMarker(line);
        JFreeChart chart = new JFreeChart("Training error against epochs", JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        return chart.createBufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB, null);
    }

    public List<String> header() {
        List<String> header = new ArrayList<>(List.of("epoch"));
        curves.forEach(curve -> header.add(curve.label()));
        return header;
    }

    /** One line per epoch that any run has; empty where a run has no such epoch. */
    public List<List<Object>> rows() {
        TreeSet<Double> epochs = new TreeSet<>();
        curves.forEach(curve -> java.util.Arrays.stream(curve.epochs()).forEach(epochs::add));
        List<List<Object>> rows = new ArrayList<>();
        for (double epoch : epochs) {
            List<Object> row = new ArrayList<>(List.of((int) epoch));
            for (Curve curve : curves) {
                Object value = "";
                for (int i = 0; i < curve.epochs().length; i++) {
                    if (curve.epochs()[i] == epoch) {
                        value = curve.errors()[i];
                    }
                }
                row.add(value);
            }
            rows.add(row);
        }
        return rows;
    }
}
