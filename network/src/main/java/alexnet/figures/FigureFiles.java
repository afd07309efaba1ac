package alexnet.figures;

import alexnet.data.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;

/**
 * Where a figure goes: its PNG, and beside it a TSV of the numbers it shows ({@code filters.png},
 * {@code filters.tsv}), so that a figure can be checked and redrawn elsewhere. Both are written
 * whole or not at all.
 */
public final class FigureFiles {

    private FigureFiles() {
    }

    /** {@code figure.png} -> {@code figure.tsv}. */
    public static Path numbersBeside(Path png) {
        String name = png.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return png.resolveSibling((dot < 0 ? name : name.substring(0, dot)) + ".tsv");
    }

    public static void writePng(BufferedImage image, Path png) throws IOException {
        createParent(png);
        AtomicFiles.write(png, out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException(png + ": no PNG writer in this JVM");
            }
        });
    }

    /** Tab-separated, a header line, numbers as Java prints them in the root locale (a dot for decimals). */
    public static void writeTsv(Path file, List<String> header, List<List<Object>> rows) throws IOException {
        StringBuilder text = new StringBuilder(String.join("\t", header)).append('\n');
        for (List<Object> row : rows) {
            text.append(row.stream().map(FigureFiles::cell).collect(Collectors.joining("\t"))).append('\n');
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        createParent(file);
        AtomicFiles.write(file, out -> out.write(bytes));
    }

    private static String cell(Object value) {
        if (value instanceof Double || value instanceof Float) {
            return String.format(Locale.ROOT, "%.6g", ((Number) value).doubleValue());
        }
        // A tab or line break inside a class name would shift the columns.
        return String.valueOf(value).replace('\t', ' ').replace('\n', ' ');
    }

    private static void createParent(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }
}
