package alexnet.data;

import java.nio.file.Path;
import java.util.List;

/**
 * Prepares single image files for classification exactly as the evaluation batches prepare the packed
 * ones: decode (any format, size or aspect ratio), shorter side to the stored size, central square, then
 * the centre crop or the 10 views, minus the training mean image, times the pixel scale.
 */
public final class ImagePreprocessor {
    private final TrainingStatistics statistics;
    private final int cropSize;
    private final float pixelScale;

    public ImagePreprocessor(TrainingStatistics statistics, int cropSize, float pixelScale) {
        CropView.centre(statistics.storedSize(), cropSize); // validates the sizes now rather than per file
        this.statistics = statistics;
        this.cropSize = cropSize;
        this.pixelScale = pixelScale;
    }

    /** The stored image: uint8 CHW, 3 x S x S. */
    public byte[] stored(Path file) throws BadImageException {
        return SquareRescaler.rescaleAndCentreCrop(ImageDecoder.decode(file), statistics.storedSize());
    }

    /** The centre crop: 3 x crop x crop floats. */
    public float[] centreView(Path file) throws BadImageException {
        return views(file, List.of(CropView.centre(statistics.storedSize(), cropSize)));
    }

    /** The 10 views in {@link CropView#tenViews} order: 10 x 3 x crop x crop floats. */
    public float[] tenViews(Path file) throws BadImageException {
        return views(file, CropView.tenViews(statistics.storedSize(), cropSize));
    }

    private float[] views(Path file, List<CropView> views) throws BadImageException {
        byte[] chw = stored(file);
        int viewLength = 3 * cropSize * cropSize;
        float[] out = new float[views.size() * viewLength];
        for (int v = 0; v < views.size(); v++) {
            views.get(v).write(chw, statistics.storedSize(), statistics.meanImage(), null, pixelScale, out, v * viewLength);
        }
        return out;
    }
}
