package alexnet.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What preprocessing learns from the training set: the per-pixel mean image (float, CHW, 3 x S x S, in
 * 0..255 units) and the RGB PCA for lighting noise. Saved in one small binary file so that a trained model
 * can carry the statistics it was trained with (needed to classify new images without the data set).
 */
public final class TrainingStatistics {
    private static final int MAGIC = 0x414C5853; // "ALXS"
    private static final int VERSION = 1;

    private final int storedSize;
    private final long imageCount;
    private final float[] meanImage;
    private final PcaLighting pca;

    public TrainingStatistics(int storedSize, long imageCount, float[] meanImage, PcaLighting pca) {
        if (meanImage.length != 3 * storedSize * storedSize) {
            throw new IllegalArgumentException("mean image has " + meanImage.length + " values, expected 3 x "
                    + storedSize + " x " + storedSize);
        }
        this.storedSize = storedSize;
        this.imageCount = imageCount;
        this.meanImage = meanImage;
        this.pca = pca;
    }

    public int storedSize() {
        return storedSize;
    }

    /** Number of training images the statistics were computed over. */
    public long imageCount() {
        return imageCount;
    }

    /** The mean image, CHW, index {@code (c * S + y) * S + x}; shared, do not modify. */
    public float[] meanImage() {
        return meanImage;
    }

    public PcaLighting pca() {
        return pca;
    }

    public void save(Path file) throws IOException {
        double[][] cov = pca.covariance();
        AtomicFiles.write(file, raw -> {
            DataOutputStream out = new DataOutputStream(raw);
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(storedSize);
            out.writeLong(imageCount);
            for (double[] row : cov) {
                for (double v : row) {
                    out.writeDouble(v);
                }
            }
            for (float v : meanImage) {
                out.writeFloat(v);
            }
            out.flush();
        });
    }

    public static TrainingStatistics load(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            if (in.readInt() != MAGIC || in.readInt() != VERSION) {
                throw new IOException(file + ": not a training statistics file of this version");
            }
            int size = in.readInt();
            // Header (magic, version, size, count), covariance, mean image: the size must account for the
            // file's length, or a damaged size field would allocate nonsense (or a negative array).
            long expected = 4 + 4 + 4 + 8 + 9 * 8 + 4L * 3 * size * size;
            if (size < 1 || expected != Files.size(file)) {
                throw new IOException(file + ": corrupt training statistics: its header's image size " + size
                        + " does not match its " + Files.size(file) + " bytes; delete it to have it computed again");
            }
            long count = in.readLong();
            double[][] cov = new double[3][3];
            for (double[] row : cov) {
                for (int i = 0; i < 3; i++) {
                    row[i] = in.readDouble();
                }
            }
            float[] mean = new float[3 * size * size];
            for (int i = 0; i < mean.length; i++) {
                mean[i] = in.readFloat();
            }
            return new TrainingStatistics(size, count, mean, PcaLighting.fromCovariance(cov));
        } catch (java.io.EOFException e) {
            throw new IOException(file + ": training statistics file is truncated", e);
        }
    }
}
