package alexnet.figures;

import java.util.Comparator;
import java.util.stream.IntStream;

/** One image's softmax output beside its true class: what a cell of Figure 4 (left) shows. */
public record Prediction(int index, String source, int label, float[] probabilities) {

    /** The {@code k} most probable classes, most probable first; equal probabilities in class order. */
    public int[] top(int k) {
        return IntStream.range(0, probabilities.length).boxed()
                .sorted(Comparator.comparingDouble((Integer c) -> -probabilities[c]).thenComparing(c -> c))
                .limit(k).mapToInt(Integer::intValue).toArray();
    }

    /**
     * 1 + the classes ranked above the true one; a class as probable as the true one counts as above it,
     * as the evaluator counts a tie against the label.
     */
    public int rankOfLabel() {
        float truth = probabilities[label];
        int above = 0;
        for (int c = 0; c < probabilities.length; c++) {
            if (probabilities[c] > truth || probabilities[c] == truth && c != label) {
                above++;
            }
        }
        return 1 + above;
    }
}
