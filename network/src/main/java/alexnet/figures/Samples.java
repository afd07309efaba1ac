package alexnet.figures;

/** Which images of a split a figure shows. */
public final class Samples {

    private Samples() {
    }

    /**
     * {@code n} indices spread evenly over {@code 0..count-1} (all of them when {@code n >= count}):
     * splits are stored class by class, so the first n images would all be of the first class.
     */
    public static int[] evenlySpaced(int count, int n) {
        int taken = Math.min(count, n);
        int[] indices = new int[taken];
        for (int i = 0; i < taken; i++) {
            indices[i] = (int) ((long) i * count / taken);
        }
        return indices;
    }
}
