package alexnet.net.train;

/**
 * What one epoch of training measured: the row of metrics.csv and one point on each curve.
 * {@code seconds} is the training of the epoch, {@code validationSeconds} its evaluation after it.
 */
public record EpochMetrics(int epoch, long step, float learningRate, double trainLoss, double trainTop1Error,
                           double valLoss, double valTop1Error, double valTop5Error, double imagesPerSecond,
                           double seconds, double validationSeconds) {

    static final String CSV_HEADER = "epoch,step,learning_rate,train_loss,train_top1_error,val_loss,val_top1_error,"
            + "val_top5_error,images_per_s,seconds,val_seconds";

    String toCsv() {
        return String.format(java.util.Locale.ROOT, "%d,%d,%.6g,%.6f,%.6f,%.6f,%.6f,%.6f,%.2f,%.2f,%.2f", epoch, step,
                learningRate, trainLoss, trainTop1Error, valLoss, valTop1Error, valTop5Error, imagesPerSecond, seconds,
                validationSeconds);
    }

    /** A row of metrics.csv; a row of an older build has no val_seconds (NaN here). */
    static EpochMetrics fromCsv(String line) {
        String[] f = line.split(",");
        if (f.length != 10 && f.length != 11) {
            throw new IllegalArgumentException("metrics row with " + f.length + " fields, expected 11: " + line);
        }
        return new EpochMetrics(Integer.parseInt(f[0]), Long.parseLong(f[1]), Float.parseFloat(f[2]),
                Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]), Double.parseDouble(f[6]),
                Double.parseDouble(f[7]), Double.parseDouble(f[8]), Double.parseDouble(f[9]),
                f.length == 11 ? Double.parseDouble(f[10]) : Double.NaN);
    }
}
