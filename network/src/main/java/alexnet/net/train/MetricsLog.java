package alexnet.net.train;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A run's per-epoch metrics: {@code metrics.csv} (one row per epoch, appended) and
 * {@code metrics.png} (loss curves, error curves, and below them the learning rate on a log scale, so
 * that a drop shows beside the curves it explains), redrawn after every epoch.
 * On resume the rows of the epochs already done are kept and later ones dropped.
 */
public final class MetricsLog {

    /** Dark, distinct line colours (the defaults include yellow, unreadable on white). */
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c)};

    private final Path csv;
    private final Path chart;
    private final List<EpochMetrics> rows = new ArrayList<>();

    public MetricsLog(Path runDir, int resumedEpochs) throws IOException {
        this.csv = runDir.resolve("metrics.csv");
        this.chart = runDir.resolve("metrics.png");
        if (resumedEpochs > 0 && Files.exists(csv)) {
            for (String line : Files.readAllLines(csv, StandardCharsets.UTF_8)) {
                if (!line.isBlank() && !line.startsWith("epoch")) {
                    EpochMetrics row = EpochMetrics.fromCsv(line);
                    if (row.epoch() <= resumedEpochs) {
                        rows.add(row);
                    }
                }
            }
        }
        rewriteCsv();
    }

    public List<EpochMetrics> rows() {
        return List.copyOf(rows);
    }

    public void append(EpochMetrics row) throws IOException {
        rows.add(row);
        try {
            Files.writeString(csv, row.toCsv() + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            drawChart();
        } catch (IOException e) {
            throw new IOException(csv.getParent() + ": cannot write the metrics of epoch " + row.epoch() + " ("
                    + alexnet.data.IoProblems.describe(e) + ")", e);
        }
    }

    private void rewriteCsv() throws IOException {
        StringBuilder text = new StringBuilder(EpochMetrics.CSV_HEADER).append('\n');
        rows.forEach(row -> text.append(row.toCsv()).append('\n'));
        Path temp = csv.resolveSibling("metrics.csv.partial");
        Files.writeString(temp, text, StandardCharsets.UTF_8);
        Files.move(temp, csv, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private void drawChart() throws IOException {
        XYSeries trainLoss = new XYSeries("train loss");
        XYSeries valLoss = new XYSeries("validation loss");
        XYSeries trainTop1 = new XYSeries("train top-1 error");
        XYSeries valTop1 = new XYSeries("validation top-1 error");
        XYSeries valTop5 = new XYSeries("validation top-5 error");
        XYSeries rate = new XYSeries("learning rate");
        for (EpochMetrics row : rows) {
            trainLoss.add(row.epoch(), row.trainLoss());
            valLoss.add(row.epoch(), row.valLoss());
            trainTop1.add(row.epoch(), row.trainTop1Error());
            valTop1.add(row.epoch(), row.valTop1Error());
            valTop5.add(row.epoch(), row.valTop5Error());
            rate.add(row.epoch(), row.learningRate());
        }
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(new NumberAxis("epoch"));
        plot.add(subplot("cross-entropy loss", trainLoss, valLoss), 1);
        plot.add(subplot("error", trainTop1, valTop1, valTop5), 1);
        plot.add(subplot(rateAxis(rate), rate), 1);
        JFreeChart figure = new JFreeChart("Training", JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        figure.setBackgroundPaint(Color.WHITE);
        Path temp = chart.resolveSibling("metrics.png.partial");
        ChartUtils.saveChartAsPNG(temp.toFile(), figure, 900, 900);
        Files.move(temp, chart, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** A log axis over the rates with room for a drop above and below, labelled 0.01, 0.001, ... */
    private static LogAxis rateAxis(XYSeries rate) {
        LogAxis axis = new LogAxis("learning rate");
        axis.setNumberFormatOverride(new DecimalFormat("0.##########", DecimalFormatSymbols.getInstance(Locale.ROOT)));
        axis.setTickUnit(new NumberTickUnit(1), false, true); // one tick per power of ten
        axis.setRange(rate.getMinY() / 3, rate.getMaxY() * 3);
        return axis;
    }

    private static XYPlot subplot(String label, XYSeries... series) {
        NumberAxis axis = new NumberAxis(label);
        axis.setAutoRangeIncludesZero(true);
        return subplot(axis, series);
    }

    private static XYPlot subplot(ValueAxis axis, XYSeries... series) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (XYSeries s : series) {
            data.addSeries(s);
        }
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < series.length; i++) {
            renderer.setSeriesStroke(i, new BasicStroke(2f));
            renderer.setSeriesPaint(i, PALETTE[i]);
        }
        XYPlot plot = new XYPlot(data, null, axis, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        return plot;
    }
}
