package alexnet.cli;

import alexnet.figures.FigureFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Writes a figure's PNG and its numbers beside it, and says where. */
final class FigureOutput {

    private FigureOutput() {
    }

    static void write(Path png, BufferedImage image, List<String> header, List<List<Object>> rows) throws IOException {
        if (!png.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".png")) {
            throw new IllegalArgumentException("--out " + png + ": a figure is written as PNG; name it *.png");
        }
        Path numbers = FigureFiles.numbersBeside(png);
        FigureFiles.writePng(image, png);
        FigureFiles.writeTsv(numbers, header, rows);
        System.out.printf("wrote %s (%dx%d) and %s%n", png, image.getWidth(), image.getHeight(), numbers);
    }
}
