package alexnet.net.train;

/**
 * Running sums of loss and top-1 / top-5 errors over the examples seen so far. Serializable: the workers of
 * a cluster send theirs to the driver, which adds them up.
 */
public final class Accuracy implements java.io.Serializable {

    private static final long serialVersionUID = 1L;

    private double lossSum;
    private long top1Errors;
    private long top5Errors;
    private long examples;

    /**
     * Adds {@code batch} examples whose class probabilities are the rows of {@code probabilities}
     * ([batch][classes]), with their cross-entropy taken from those probabilities.
     */
    public void add(float[] probabilities, int[] labels, int batch, int classes) {
        countErrors(probabilities, labels, batch, classes);
        for (int n = 0; n < batch; n++) {
            lossSum -= Math.log(Math.max(probabilities[n * classes + labels[n]], 1e-30f));
        }
    }

    /** Adds a batch whose mean loss is already known (training, where dropout makes it differ). */
    public void addWithLoss(float[] probabilities, int[] labels, int batch, int classes, double meanLoss) {
        countErrors(probabilities, labels, batch, classes);
        lossSum += meanLoss * batch;
    }

    /** Adds the examples of {@code other}: the accuracy of a whole batch from those of its parts. */
    public void add(Accuracy other) {
        lossSum += other.lossSum;
        top1Errors += other.top1Errors;
        top5Errors += other.top5Errors;
        examples += other.examples;
    }

    /**
     * An example is a top-k hit when fewer than k other classes have a probability at least its label's:
     * a tie counts against the label. Otherwise a saturated net, whose probabilities are all 0 but one,
     * would have every label in its "top 5".
     */
    private void countErrors(float[] probabilities, int[] labels, int batch, int classes) {
        for (int n = 0; n < batch; n++) {
            int row = n * classes;
            int label = labels[n];
            float truth = probabilities[row + label];
            int higher = 0;
            for (int c = 0; c < classes; c++) {
                float p = probabilities[row + c];
                if (p > truth || p == truth && c != label) {
                    higher++;
                }
            }
            top1Errors += higher >= 1 ? 1 : 0;
            top5Errors += higher >= 5 ? 1 : 0;
        }
        examples += batch;
    }

    public long examples() {
        return examples;
    }

    public double loss() {
        return lossSum / Math.max(1, examples);
    }

    public double top1Error() {
        return (double) top1Errors / Math.max(1, examples);
    }

    public double top5Error() {
        return (double) top5Errors / Math.max(1, examples);
    }
}
