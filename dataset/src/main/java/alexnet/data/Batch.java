package alexnet.data;

/**
 * A batch of network input. {@code images} is NCHW floats: for each of {@code labels.length} images,
 * {@code views} consecutive views (1, or 10 for the paper's test views) of {@code 3 x cropSize x cropSize}.
 * {@code indices} are the images' positions in the {@link PackedImages} they came from.
 */
public record Batch(float[] images, int[] labels, int[] indices, int views, int cropSize) {

    /** Number of images (not views) in the batch. */
    public int size() {
        return labels.length;
    }

    /** Floats per view: 3 x cropSize x cropSize. */
    public int viewLength() {
        return 3 * cropSize * cropSize;
    }
}
