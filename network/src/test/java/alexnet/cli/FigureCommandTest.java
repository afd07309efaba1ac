package alexnet.cli;

import static alexnet.cli.TrainCommandTest.alexnet;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import alexnet.data.CropView;
import alexnet.data.EvaluationBatches;
import alexnet.data.ImageNetFolder;
import alexnet.data.LoaderConfig;
import alexnet.data.PackedDataset;
import alexnet.data.PackedImages;
import alexnet.data.SyntheticImageNet;
import alexnet.kernels.JvmExecutor;
import alexnet.net.Layer;
import alexnet.net.Net;
import alexnet.net.train.Evaluator;
import alexnet.net.train.TrainedModel;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each {@code alexnet figure} on a run of one step: a PNG of the size its layout gives, and numbers
 * that agree with an independent computation (the evaluator, brute force, the metrics files).
 */
class FigureCommandTest {

    private static final int CLASSES = 3;
    private static final int VAL_PER_CLASS = 4;

    @TempDir
    static Path root;

    @BeforeAll
    static void train() {
        SyntheticImageNet.generate(data(), 5L, CLASSES, 8, VAL_PER_CLASS, 72);
        assertEquals(0, alexnet("train", "--data", data().toString(), "--net", "small", "--cache", cache().toString(),
                "--run", run().toString(), "--epochs", "1", "--batch", "8", "--max-steps-per-epoch", "1", "--threads",
                "1", "--loader-threads", "1").exitCode());
    }

    private static Path data() {
        return root.resolve("data");
    }

    private static Path cache() {
        return root.resolve("cache");
    }

    private static Path run() {
        return root.resolve("run");
    }

    /** The command's exit code, standard output and standard error. */
    private record Printed(int exitCode, String out, String err) {
    }

    private static synchronized Printed figure(String... args) {
        PrintStream before = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            String[] all = new String[args.length + 1];
            all[0] = "figure";
            System.arraycopy(args, 0, all, 1, args.length);
            TrainCommandTest.Outcome outcome = alexnet(all);
            return new Printed(outcome.exitCode(), out.toString(StandardCharsets.UTF_8), outcome.err());
        } finally {
            System.setOut(before);
        }
    }

    private static List<String[]> tsv(Path file) throws IOException {
        return Files.readAllLines(file).stream().skip(1).map(line -> line.split("\t", -1)).toList();
    }

    private static BufferedImage png(Path file) throws IOException {
        return ImageIO.read(file.toFile());
    }

    @Test
    void filtersDrawsEveryKernelNormalisedAndListsItsChroma() throws IOException {
        Path out = root.resolve("filters.png");
        Printed printed = figure("filters", "--run", run().toString(), "--out", out.toString());
        assertEquals(0, printed.exitCode(), printed.err());
        // The small net's 48 kernels of 5x5, 8 pixels per weight: two halves of 3 rows of 8 patches of 40 px.
        BufferedImage image = png(out);
        assertEquals(361, image.getWidth());
        assertEquals(316, image.getHeight());

        Net net = TrainedModel.load(run(), 1).net();
        float[] weights = net.params().get(0).value();
        int plane = 25;
        List<String[]> rows = tsv(root.resolve("filters.tsv"));
        assertEquals(48, rows.size());
        for (int k = 0; k < 48; k++) {
            // Chroma as the variation of each pixel's channels about their mean, over all variation about the kernel's mean.
            double kernelMean = 0;
            for (int i = 0; i < 3 * plane; i++) {
                kernelMean += weights[k * 3 * plane + i] / (3.0 * plane);
            }
            double colour = 0;
            double all = 0;
            for (int p = 0; p < plane; p++) {
                double r = weights[k * 75 + p];
                double g = weights[k * 75 + plane + p];
                double b = weights[k * 75 + 2 * plane + p];
                double grey = (r + g + b) / 3;
                colour += (r - grey) * (r - grey) + (g - grey) * (g - grey) + (b - grey) * (b - grey);
                all += (r - kernelMean) * (r - kernelMean) + (g - kernelMean) * (g - kernelMean)
                        + (b - kernelMean) * (b - kernelMean);
            }
            assertEquals(k, Integer.parseInt(rows.get(k)[0]));
            assertEquals(k < 24 ? 0 : 1, Integer.parseInt(rows.get(k)[1]));
            assertEquals(colour / all, Double.parseDouble(rows.get(k)[2]), 1e-5);
        }
        // Kernel 0 is drawn first, below the title line: its top-left weight stretched between the kernel's extremes.
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (int i = 0; i < 75; i++) {
            min = Math.min(min, weights[i]);
            max = Math.max(max, weights[i]);
        }
        int red = Math.round(255 * (weights[0] - min) / (max - min));
        assertEquals(red, image.getRGB(10 + 7, 26 + 7) >> 16 & 0xff);
        assertTrue(printed.out().contains("kernels 0-23 (device 0"), printed.out());
        assertTrue(printed.out().contains("kernels 24-47 (device 1"), printed.out());
    }

    @Test
    void predictionsListTheTopFiveThatTheEvaluatorCounts() throws IOException {
        Path out = root.resolve("predictions.png");
        int images = CLASSES * VAL_PER_CLASS;
        Printed printed = figure("predictions", "--run", run().toString(), "--cache", cache().toString(), "--images",
                Integer.toString(images), "--threads", "1", "--out", out.toString());
        assertEquals(0, printed.exitCode(), printed.err());
        BufferedImage image = png(out);
        assertEquals(2 * 10 + 8 * 180, image.getWidth(), "8 columns of 180 px");
        assertEquals(2 * 10 + 2 * (112 + 4 + 6 * 16 + 8), image.getHeight(), "2 rows: image, true class, 5 bars");

        List<String[]> rows = tsv(root.resolve("predictions.tsv"));
        assertEquals(images, rows.size());
        TrainedModel model = TrainedModel.load(run(), 16);
        PackedImages val = PackedDataset.openOrBuild(ImageNetFolder.open(data()), cache(), 64).val();
        Evaluator.Result result;
        try (JvmExecutor device = new JvmExecutor(1)) {
            result = Evaluator.evaluate(model.net(), EvaluationBatches.centre(val, model.statistics(),
                    LoaderConfig.of(16, 57).withPixelScale(model.net().spec().inputScale()).withThreads(1)), device);
        }
        long top1Errors = rows.stream().filter(row -> Integer.parseInt(row[4]) > 1).count();
        long top5Errors = rows.stream().filter(row -> Integer.parseInt(row[4]) > 5).count();
        assertEquals(result.top1Error(), top1Errors / (double) images, 1e-9);
        assertEquals(result.top5Error(), top5Errors / (double) images, 1e-9);
        for (String[] row : rows) {
            int index = Integer.parseInt(row[0]);
            assertEquals(val.source(index), row[1]);
            assertEquals(model.classNames().get(val.label(index)), row[2]);
            // Three classes: three ranked, in falling probability, the last two columns empty.
            assertTrue(Double.parseDouble(row[6]) >= Double.parseDouble(row[8]));
            assertTrue(Double.parseDouble(row[8]) >= Double.parseDouble(row[10]));
            assertEquals("", row[11]);
            double sum = Double.parseDouble(row[6]) + Double.parseDouble(row[8]) + Double.parseDouble(row[10]);
            assertEquals(1, sum, 1e-4, "a softmax over three classes");
        }
    }

    @Test
    void neighboursAreTheNearestByBruteForce() throws IOException {
        Path out = root.resolve("neighbours.png");
        Printed printed = figure("neighbours", "--run", run().toString(), "--cache", cache().toString(), "--queries",
                "3", "--neighbours", "4", "--batch", "5", "--threads", "1", "--out", out.toString());
        assertEquals(0, printed.exitCode(), printed.err());
        BufferedImage image = png(out);
        assertEquals(2 * 10 + 80 + 20 + 4 * (80 + 4) - 4, image.getWidth());
        assertEquals(2 * 10 + 16 + 3 * (80 + 16 + 6), image.getHeight());

        // Every image alone through a net of batch 1, relu7 read from the blob the layer after it reads.
        TrainedModel model = TrainedModel.load(run(), 1);
        Net net = model.net();
        PackedDataset packed = PackedDataset.openOrBuild(ImageNetFolder.open(data()), cache(), 64);
        int relu7 = IntStream.range(0, net.layers().size()).filter(i -> net.layers().get(i).name().equals("relu7"))
                .findFirst().orElseThrow();
        List<String[]> rows = tsv(root.resolve("neighbours.tsv"));
        assertEquals(3 * 4, rows.size());
        try (JvmExecutor device = new JvmExecutor(1)) {
            for (int q = 0; q < 3; q++) {
                int query = Integer.parseInt(rows.get(4 * q)[0]);
                float[] queryFeatures = features(net, relu7, packed.val(), query, model, device);
                List<double[]> byDistance = new ArrayList<>();
                for (int t = 0; t < packed.train().count(); t++) {
                    float[] candidate = features(net, relu7, packed.train(), t, model, device);
                    double sum = 0;
                    for (int i = 0; i < candidate.length; i++) {
                        sum += (candidate[i] - queryFeatures[i]) * (double) (candidate[i] - queryFeatures[i]);
                    }
                    byDistance.add(new double[] {Math.sqrt(sum), t});
                }
                byDistance.sort(Comparator.comparingDouble((double[] d) -> d[0]));
                for (int n = 0; n < 4; n++) {
                    String[] row = rows.get(4 * q + n);
                    assertEquals(n + 1, Integer.parseInt(row[3]));
                    assertEquals((int) byDistance.get(n)[1], Integer.parseInt(row[4]), "query " + query + " rank " + (n + 1));
                    assertEquals(byDistance.get(n)[0], Double.parseDouble(row[7]), 1e-4 * byDistance.get(n)[0]);
                    assertEquals(packed.train().source(Integer.parseInt(row[4])), row[5]);
                }
            }
        }
    }

    private static float[] features(Net net, int relu7, PackedImages images, int index, TrainedModel model,
                                    JvmExecutor device) {
        byte[] chw = new byte[images.imageBytes()];
        images.read(index, chw);
        CropView.centre(64, 57).write(chw, 64, model.statistics().meanImage(), null, net.spec().inputScale(),
                net.input().data(), 0);
        net.forward(new int[1], 1, new Layer.Pass(false, 0), device);
        int width = net.blob(relu7 + 1).shape().size();
        return java.util.Arrays.copyOf(net.blob(relu7 + 1).data(), width);
    }

    private static Path metrics(String name, double... trainErrors) throws IOException {
        Path folder = Files.createDirectories(root.resolve("curves").resolve(name));
        StringBuilder csv = new StringBuilder("epoch,step,learning_rate,train_loss,train_top1_error,val_loss,"
                + "val_top1_error,val_top5_error,images_per_s,seconds\n");
        for (int e = 0; e < trainErrors.length; e++) {
            csv.append(e + 1).append(",10,0.01,1.0,").append(trainErrors[e]).append(",1.0,")
                    .append(trainErrors[e] / 2).append(',').append(trainErrors[e] / 4).append(",100,1\n");
        }
        Files.writeString(folder.resolve("metrics.csv"), csv);
        return folder;
    }

    @Test
    void curvesPlotTheTrainingErrorsAndSayWhenEachReachesTheTarget() throws IOException {
        Path relu = metrics("relu", 0.6, 0.3, 0.2, 0.1);
        Path tanh = metrics("tanh", 0.9, 0.8, 0.5, 0.4, 0.3, 0.24);
        Path out = root.resolve("curves.png");
        Printed printed = figure("curves", "--run", relu.toString(), "--run", tanh.toString(), "--out", out.toString());
        assertEquals(0, printed.exitCode(), printed.err());
        assertEquals(900, png(out).getWidth());
        assertEquals(600, png(out).getHeight());
        assertTrue(printed.out().contains("relu: 25% training error at epoch 3\n"), printed.out());
        assertTrue(printed.out().contains("tanh: 25% training error at epoch 6 (2.0x relu's epochs)"), printed.out());
        List<String[]> rows = tsv(root.resolve("curves.tsv"));
        assertEquals(List.of("epoch", "relu", "tanh"), List.of(Files.readAllLines(root.resolve("curves.tsv")).get(0).split("\t")));
        assertEquals(6, rows.size());
        assertArrayEquals(new String[] {"2", "0.300000", "0.800000"}, rows.get(1));
        assertArrayEquals(new String[] {"6", "", "0.240000"}, rows.get(5));

        Printed never = figure("curves", "--run", tanh.toString(), "--target", "0.1", "--out", out.toString());
        assertTrue(never.out().contains("tanh: never at 10% training error in 6 epochs (lowest 24.00%, epoch 6)"),
                never.out());
    }

    @Test
    void ablationsSummariseTheSeedsBesideThePaper() throws IOException {
        Path runs = root.resolve("ablations");
        double[][] top1 = {{0.30, 0.32, 0.34}, {0.35, 0.37}};
        String[] configs = {"baseline", "no-lrn"};
        for (int c = 0; c < 2; c++) {
            for (int s = 0; s < top1[c].length; s++) {
                Path folder = Files.createDirectories(runs.resolve(configs[c] + "-seed" + (s + 1)));
                Files.writeString(folder.resolve("metrics.csv"), "epoch,val_top1_error,val_top5_error\n1,0.9,0.5\n2,"
                        + top1[c][s] + "," + top1[c][s] / 2 + "\n");
            }
        }
        Files.createDirectories(runs.resolve("not-a-run"));
        Printed printed = figure("ablations", "--runs", runs.toString());
        assertEquals(0, printed.exitCode(), printed.err());
        assertEquals(900, png(runs.resolve("ablations.png")).getWidth());
        assertEquals(800, png(runs.resolve("ablations.png")).getHeight());
        List<String[]> rows = tsv(runs.resolve("ablations.tsv"));
        assertEquals(2, rows.size());
        assertArrayEquals(new String[] {"baseline", "3", "32.0000", "2.00000", "16.0000", "1.00000", "", "", "", "", "",
            "", ""}, rows.get(0));
        assertEquals("no-lrn", rows.get(1)[0]);
        assertEquals(36.0, Double.parseDouble(rows.get(1)[2]), 1e-9);
        assertEquals(Math.sqrt(2), Double.parseDouble(rows.get(1)[3]), 1e-5);
        assertEquals("baseline", rows.get(1)[6]);
        assertEquals(4.0, Double.parseDouble(rows.get(1)[7]), 1e-9, "36% against 32%");
        assertEquals(Math.sqrt(2.0 / 2 + 4.0 / 3), Double.parseDouble(rows.get(1)[8]), 1e-5, "sqrt(sd1²/n1 + sd2²/n2)");
        assertEquals(2.0, Double.parseDouble(rows.get(1)[9]), 1e-9);
        assertEquals(1.4, Double.parseDouble(rows.get(1)[11]), 1e-9, "the paper's LRN claim");
        assertEquals(1.2, Double.parseDouble(rows.get(1)[12]), 1e-9);
        assertTrue(printed.out().contains("+4.00±1.53 / +2.00±0.76 vs baseline"), printed.out());
    }

    @Test
    void badInputIsOneLineAndExitCode2() throws IOException {
        Path notARun = Files.createDirectories(root.resolve("empty"));
        for (String[] args : List.of(
                new String[] {"filters", "--run", notARun.toString()},
                new String[] {"predictions", "--run", notARun.toString()},
                new String[] {"curves", "--run", notARun.toString(), "--out", root.resolve("c.png").toString()},
                new String[] {"ablations", "--runs", notARun.toString()},
                new String[] {"filters", "--run", run().toString(), "--out", root.resolve("filters.jpg").toString()},
                new String[] {"curves", "--run", run().toString(), "--target", "25", "--out", root.resolve("c.png").toString()},
                new String[] {"predictions", "--run", run().toString(), "--images", "0"},
                new String[] {"neighbours", "--run", run().toString(), "--cache", cache().toString(), "--threads", "0"})) {
            Printed printed = figure(args);
            assertEquals(2, printed.exitCode(), String.join(" ", args) + ": " + printed.err());
            assertEquals(1, printed.err().lines().count(), String.join(" ", args) + ": " + printed.err());
        }
        assertTrue(figure("filters", "--run", notARun.toString()).err().contains(notARun.toString()));
    }
}
