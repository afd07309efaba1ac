package alexnet.figures;

import alexnet.data.PackedImages;
import alexnet.data.TrainingStatistics;
import alexnet.kernels.JvmExecutor;
import alexnet.net.Net;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Figure 4 (left): images, each above its true class and the net's five most probable classes as
 * bars whose length is the probability; the true class's bar is red, as in the paper.
 */
public final class PredictionsFigure {

    static final int MARGIN = 10;
    static final int CELL_WIDTH = 180;
    static final int IMAGE = 112;
    static final int TOP = 5;
    static final int MAX_COLUMNS = 8;
    private static final Color BAR = new Color(0x1f77b4);
    private static final Color TRUE_BAR = new Color(0xd62728);
    private static final Color TRACK = new Color(0xeeeeee);

    private final List<Prediction> predictions;
    private final List<BufferedImage> images;
    private final List<String> classNames;

    /** {@code images.get(i)} is the picture of {@code predictions.get(i)}. */
    public PredictionsFigure(List<Prediction> predictions, List<BufferedImage> images, List<String> classNames) {
        this.predictions = List.copyOf(predictions);
        this.images = List.copyOf(images);
        this.classNames = List.copyOf(classNames);
    }

    /** Images {@code indices} of {@code images}, run through {@code net} (centre crop), and their pictures. */
    public static PredictionsFigure compute(Net net, PackedImages images, TrainingStatistics statistics, int[] indices,
                                           List<String> classNames, JvmExecutor device) {
        CentreCropPass.Output output = CentreCropPass.run(net, images, statistics, indices, device);
        List<Prediction> predictions = new ArrayList<>();
        List<BufferedImage> pictures = new ArrayList<>();
        byte[] chw = new byte[images.imageBytes()];
        for (int i = 0; i < indices.length; i++) {
            predictions.add(new Prediction(indices[i], images.source(indices[i]), images.label(indices[i]),
                    output.probabilities()[i]));
            images.read(indices[i], chw);
            pictures.add(Drawing.fromChw(chw, images.storedSize()));
        }
        return new PredictionsFigure(predictions, pictures, classNames);
    }

    public List<Prediction> predictions() {
        return predictions;
    }

    int columns() {
        return Math.min(MAX_COLUMNS, predictions.size());
    }

    static int cellHeight() {
        return IMAGE + 4 + (TOP + 1) * Drawing.LINE + 8;
    }

    public int width() {
        return 2 * MARGIN + columns() * CELL_WIDTH;
    }

    public int height() {
        int rows = (predictions.size() + columns() - 1) / columns();
        return 2 * MARGIN + rows * cellHeight();
    }

    public BufferedImage draw() {
        BufferedImage page = Drawing.page(width(), height());
        Graphics2D g = Drawing.graphics(page);
        int inner = CELL_WIDTH - 12;
        for (int i = 0; i < predictions.size(); i++) {
            Prediction prediction = predictions.get(i);
            int left = MARGIN + i % columns() * CELL_WIDTH;
            int top = MARGIN + i / columns() * cellHeight();
            Drawing.drawSquare(g, images.get(i), left + (inner - IMAGE) / 2, top, IMAGE);
            int y = top + IMAGE + 4;
            g.setFont(Drawing.BOLD);
            g.setColor(Color.BLACK);
            Drawing.fitted(g, classNames.get(prediction.label()), left, y + Drawing.LINE - 4, inner);
            g.setFont(Drawing.TEXT);
            for (int c : prediction.top(TOP)) {
                y += Drawing.LINE;
                g.setColor(TRACK);
                g.fillRect(left, y + 1, inner, Drawing.LINE - 2);
                g.setColor(c == prediction.label() ? TRUE_BAR : BAR);
                g.fillRect(left, y + 1, Math.round(inner * prediction.probabilities()[c]), Drawing.LINE - 2);
                g.setColor(Color.BLACK);
                Drawing.fitted(g, String.format(Locale.ROOT, "%.1f%% %s", 100 * prediction.probabilities()[c],
                        classNames.get(c)), left + 2, y + Drawing.LINE - 4, inner - 4);
            }
        }
        g.dispose();
        return page;
    }

    public static List<String> header() {
        List<String> header = new ArrayList<>(List.of("index", "source", "true_class", "true_probability", "true_rank"));
        for (int r = 1; r <= TOP; r++) {
            header.add("top" + r + "_class");
            header.add("top" + r + "_probability");
        }
        return header;
    }

    public List<List<Object>> rows() {
        List<List<Object>> rows = new ArrayList<>();
        for (Prediction p : predictions) {
            List<Object> row = new ArrayList<>(List.of(p.index(), p.source(), classNames.get(p.label()),
                    p.probabilities()[p.label()], p.rankOfLabel()));
            int[] top = p.top(TOP);
            for (int r = 0; r < TOP; r++) {
                // A net of fewer than five classes leaves the last columns empty.
                row.add(r < top.length ? classNames.get(top[r]) : "");
                row.add(r < top.length ? (Object) p.probabilities()[top[r]] : "");
            }
            rows.add(row);
        }
        return rows;
    }
}
