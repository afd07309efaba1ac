package alexnet.kernels.host;

/**
 * The input side shared by the Winograd transforms: the padded plane their tiles are read from, and
 * the offset of each tile's corner in it (tiles start every m rows and m columns, one per m x m output block).
 */
final class WinogradTiles {

    /** Per thread, the corners of the last geometry asked (conv2-5 each have one per direction). */
    private static final ThreadLocal<WinogradTiles> CORNERS = ThreadLocal.withInitial(WinogradTiles::new);

    private int block = -1;
    private int tilesX = -1;
    private int cols = -1;
    private int[] corners = new int[0];

    private WinogradTiles() {
    }

    /**
     * The offset in a padded plane of cols columns of each tile's corner, for blocks of block x block
     * outputs: block (t / tilesX) cols + block (t % tilesX).
     */
    static int[] corners(int block, int tilesX, int tiles, int cols) {
        WinogradTiles cache = CORNERS.get();
        if (block != cache.block || tilesX != cache.tilesX || tiles != cache.corners.length || cols != cache.cols) {
            cache.corners = new int[tiles];
            for (int t = 0; t < tiles; t++) {
                cache.corners[t] = block * (t / tilesX) * cols + block * (t % tilesX);
            }
            cache.block = block;
            cache.tilesX = tilesX;
            cache.cols = cols;
        }
        return cache.corners;
    }

    /** The interior of padded[rows][cols] = the plane shifted by pad (the zeros around it are the caller's). */
    static void pad(float[] in, int plane, int height, int width, int pad, float[] padded, int cols) {
        for (int y = 0; y < height; y++) {
            System.arraycopy(in, plane + y * width, padded, (y + pad) * cols + pad, width);
        }
    }
}
