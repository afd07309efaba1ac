package alexnet.figures;

import alexnet.data.ConsoleProgressBar;
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
 * Figure 4 (right): each query image at the left of a row, then the training images nearest to it
 * in the last hidden layer, nearest first; under each its class name.
 */
public final class NeighboursFigure {

    static final int MARGIN = 10;
    static final int SIDE = 80;
    static final int GAP = 4;
    /** Between the query and its neighbours. */
    static final int QUERY_GAP = 20;

    /** One row: the query and its neighbours with their pictures, classes and sources. */
    public record Row(Shown query, List<Shown> neighbours, List<Double> distances) {
    }

    /** An image of a split as the figure shows and lists it. */
    public record Shown(int index, String source, int label, BufferedImage image) {

        static Shown of(PackedImages images, int index) {
            byte[] chw = new byte[images.imageBytes()];
            images.read(index, chw);
            return new Shown(index, images.source(index), images.label(index), Drawing.fromChw(chw, images.storedSize()));
        }
    }

    private final List<Row> rows;
    private final List<String> classNames;
    private final String hiddenLayer;
    private final int neighbours;

    public NeighboursFigure(List<Row> rows, List<String> classNames, String hiddenLayer, int neighbours) {
        this.rows = List.copyOf(rows);
        this.classNames = List.copyOf(classNames);
        this.hiddenLayer = hiddenLayer;
        this.neighbours = neighbours;
    }

    /**
     * For each of images {@code queries} of {@code queryImages}, the {@code k} of images {@code candidates}
     * of {@code training} nearest in the net's last hidden layer (centre crops).
     */
    public static NeighboursFigure compute(Net net, TrainingStatistics statistics, PackedImages queryImages,
                                           int[] queries, PackedImages training, int[] candidates, int k,
                                           List<String> classNames, JvmExecutor device) {
        CentreCropPass.Output queryOutput = CentreCropPass.run(net, queryImages, statistics, queries, device);
        NearestNeighbours search = new NearestNeighbours(queryOutput.hidden(), k);
        try (ConsoleProgressBar bar = new ConsoleProgressBar("training images", candidates.length, "images")) {
            CentreCropPass.stream(net, training, statistics, candidates, device, (position, probabilities, hidden) -> {
                search.offer(position, hidden);
                bar.advance(1);
            });
        }
        List<Row> rows = new ArrayList<>();
        for (int q = 0; q < queries.length; q++) {
            List<Shown> shown = new ArrayList<>();
            List<Double> distances = new ArrayList<>();
            for (NearestNeighbours.Neighbour neighbour : search.of(q)) {
                shown.add(Shown.of(training, candidates[neighbour.candidate()]));
                distances.add(neighbour.distance());
            }
            rows.add(new Row(Shown.of(queryImages, queries[q]), shown, distances));
        }
        return new NeighboursFigure(rows, classNames, queryOutput.hiddenLayer(), k);
    }

    public List<Row> rows() {
        return rows;
    }

    static int rowHeight() {
        return SIDE + Drawing.LINE + 6;
    }

    public int width() {
        return 2 * MARGIN + SIDE + QUERY_GAP + neighbours * (SIDE + GAP) - GAP;
    }

    public int height() {
        return 2 * MARGIN + Drawing.LINE + rows.size() * rowHeight();
    }

    public BufferedImage draw() {
        BufferedImage page = Drawing.page(width(), height());
        Graphics2D g = Drawing.graphics(page);
        g.drawString("query", MARGIN, MARGIN + Drawing.LINE - 4);
        Drawing.fitted(g, String.format(Locale.ROOT, "the %d training images nearest in %s", neighbours, hiddenLayer),
                MARGIN + SIDE + QUERY_GAP, MARGIN + Drawing.LINE - 4, width() - 2 * MARGIN - SIDE - QUERY_GAP);
        for (int r = 0; r < rows.size(); r++) {
            Row row = rows.get(r);
            int top = MARGIN + Drawing.LINE + r * rowHeight();
            draw(g, row.query(), MARGIN, top, Color.BLACK);
            for (int n = 0; n < row.neighbours().size(); n++) {
                Shown neighbour = row.neighbours().get(n);
                // A neighbour of another class than the query's is captioned in red: the eye finds them at once.
                Color caption = neighbour.label() == row.query().label() ? Color.BLACK : new Color(0xd62728);
                draw(g, neighbour, MARGIN + SIDE + QUERY_GAP + n * (SIDE + GAP), top, caption);
            }
        }
        g.dispose();
        return page;
    }

    private void draw(Graphics2D g, Shown shown, int x, int y, Color caption) {
        Drawing.drawSquare(g, shown.image(), x, y, SIDE);
        g.setColor(caption);
        Drawing.fitted(g, classNames.get(shown.label()), x, y + SIDE + Drawing.LINE - 2, SIDE);
        g.setColor(Color.BLACK);
    }

    public static List<String> header() {
        return List.of("query_index", "query_source", "query_class", "rank", "neighbour_index", "neighbour_source",
                "neighbour_class", "distance");
    }

    public List<List<Object>> numbers() {
        List<List<Object>> lines = new ArrayList<>();
        for (Row row : rows) {
            for (int n = 0; n < row.neighbours().size(); n++) {
                Shown neighbour = row.neighbours().get(n);
                lines.add(List.of(row.query().index(), row.query().source(), classNames.get(row.query().label()), n + 1,
                        neighbour.index(), neighbour.source(), classNames.get(neighbour.label()),
                        row.distances().get(n)));
            }
        }
        return lines;
    }
}
