package alexnet.figures;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A run folder's {@code metrics.csv} read by column name (one row per epoch, written by training),
 * so that a figure asks for the quantity it plots and a file without it is refused by name.
 */
public record RunMetrics(Path run, List<String> columns, List<double[]> rows) {

    public static RunMetrics read(Path run) throws IOException {
        Path csv = run.resolve("metrics.csv");
        List<String> lines;
        try {
            lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(csv + ": missing; " + run + " is not a run folder written by train");
        }
        if (lines.isEmpty()) {
            throw new IllegalArgumentException(csv + ": empty (no header)");
        }
        List<String> columns = List.of(lines.get(0).split(","));
        List<double[]> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String[] fields = lines.get(i).split(",");
            if (fields.length != columns.size()) {
                throw new IllegalArgumentException(csv + " line " + (i + 1) + ": " + fields.length + " fields, the header has "
                        + columns.size());
            }
            try {
                rows.add(Arrays.stream(fields).mapToDouble(Double::parseDouble).toArray());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(csv + " line " + (i + 1) + ": not a number (" + e.getMessage() + ")");
            }
        }
        return new RunMetrics(run, columns, rows);
    }

    /** The values of {@code column}, one per epoch row, in file order. */
    public double[] column(String column) {
        int index = columns.indexOf(column);
        if (index < 0) {
            throw new IllegalArgumentException(run.resolve("metrics.csv") + ": no column " + column + " (it has "
                    + String.join(", ", columns) + ")");
        }
        return rows.stream().mapToDouble(row -> row[index]).toArray();
    }

    /** The last epoch's value of {@code column}; refused when no epoch has finished. */
    public double last(String column) {
        double[] values = column(column);
        if (values.length == 0) {
            throw new IllegalArgumentException(run.resolve("metrics.csv") + ": no epoch finished yet");
        }
        return values[values.length - 1];
    }
}
