package alexnet.kernels.device;

import uk.ac.manchester.tornado.api.annotations.Parallel;

/**
 * Sums that a training step takes over the batch (bias gradients, a weight gradient computed in slices of
 * the batch), as two launches that each give every work-item its own output: a first launch writes
 * partial sums (one per slice of the batch and output), {@link #sumSlices} adds them up. A GPU runs the
 * first with as many work-items as partial sums; the second has one per parameter.
 */
public final class Sums {

    private Sums() {
    }

    /**
     * out[j] = sum over s of partial[s][j], s ascending.
     * <pre>
     * partial: [slices][length]    out: [length]
     * parallel: length
     * </pre>
     * Also the bias gradient of a fully connected layer: its output gradient [batch][outputs] is
     * already "slices" of per-example terms.
     */
    public static void sumSlices(float[] partial, float[] out, int slices, int length) {
        for (@Parallel int j = 0; j < length; j++) {
            float sum = 0f;
            for (int s = 0; s < slices; s++) {
                sum += partial[s * length + j];
            }
            out[j] = sum;
        }
    }

    /**
     * planeSums[n][f] = sum over x of data[n][f][x]: the first stage of a convolution's bias gradient
     * (then {@link #sumSlices} over n).
     * <pre>
     * data: [batch][filters][plane]    planeSums: [batch][filters]
     * parallel: batch * filters
     * </pre>
     */
    public static void planeSums(float[] data, float[] planeSums, int batch, int filters, int plane) {
        int total = batch * filters;
        for (@Parallel int i = 0; i < total; i++) {
            float sum = 0f;
            for (int x = 0; x < plane; x++) {
                sum += data[i * plane + x];
            }
            planeSums[i] = sum;
        }
    }

    /**
     * data[i][j] += bias[j]: a fully connected layer's bias.
     * <pre>
     * data: [rows][columns]    bias: [columns]
     * parallel: every element of data
     * </pre>
     */
    public static void addRowBias(float[] data, float[] bias, int rows, int columns) {
        int total = rows * columns;
        for (@Parallel int e = 0; e < total; e++) {
            data[e] += bias[e % columns];
        }
    }
}
