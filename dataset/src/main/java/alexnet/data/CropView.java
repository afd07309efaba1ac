package alexnet.data;

import java.util.List;

/**
 * One square view of a stored image: its top-left corner, side and whether it is mirrored left-right.
 * {@link #write} turns it into network input: {@code (pixel - mean + lighting) * scale}, CHW floats.
 */
public record CropView(int x, int y, int size, boolean reflect) {

    /** The centre crop (offset rounded down when {@code stored - crop} is odd). */
    public static CropView centre(int stored, int crop) {
        check(stored, crop);
        return new CropView((stored - crop) / 2, (stored - crop) / 2, crop, false);
    }

    /**
     * The paper's 10 test views, in this order: top-left, top-right, bottom-left, bottom-right, centre,
     * then the same five reflected.
     */
    public static List<CropView> tenViews(int stored, int crop) {
        check(stored, crop);
        int far = stored - crop;
        int mid = far / 2;
        int[][] corners = {{0, 0}, {far, 0}, {0, far}, {far, far}, {mid, mid}};
        CropView[] views = new CropView[10];
        for (int i = 0; i < 5; i++) {
            views[i] = new CropView(corners[i][0], corners[i][1], crop, false);
            views[i + 5] = new CropView(corners[i][0], corners[i][1], crop, true);
        }
        return List.of(views);
    }

    private static void check(int stored, int crop) {
        if (crop < 1 || crop > stored) {
            throw new IllegalArgumentException("crop size " + crop + " must be between 1 and the stored size " + stored);
        }
    }

    /**
     * Writes this view of {@code chw} (uint8, 3 x stored x stored) into {@code dst} at {@code offset} as
     * 3 x size x size floats. Output pixel (c, j, i) reads stored pixel (c, y + j, x + i), or
     * (c, y + j, x + size - 1 - i) when reflected; the mean image is read at the same stored position.
     *
     * @param rgbOffset lighting offset per channel (0..255 units), or null for none
     */
    public void write(byte[] chw, int stored, float[] meanImage, float[] rgbOffset, float scale, float[] dst,
                      int offset) {
        if (x < 0 || y < 0 || x + size > stored || y + size > stored) {
            throw new IllegalArgumentException(this + " does not fit in a " + stored + "x" + stored + " image");
        }
        int o = offset;
        for (int c = 0; c < 3; c++) {
            float shift = rgbOffset == null ? 0f : rgbOffset[c];
            for (int j = 0; j < size; j++) {
                int row = (c * stored + y + j) * stored + x;
                if (reflect) {
                    for (int i = size - 1; i >= 0; i--) {
                        dst[o++] = ((chw[row + i] & 0xff) - meanImage[row + i] + shift) * scale;
                    }
                } else {
                    for (int i = 0; i < size; i++) {
                        dst[o++] = ((chw[row + i] & 0xff) - meanImage[row + i] + shift) * scale;
                    }
                }
            }
        }
    }
}
