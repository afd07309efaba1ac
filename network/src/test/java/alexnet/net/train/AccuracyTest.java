package alexnet.net.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AccuracyTest {

    @Test
    void aSaturatedNetDoesNotGetTiesForFree() {
        // Every probability 0 but class 0's: labels 3, 7 and 9 tie with eight other classes at 0.
        int classes = 10;
        float[] probabilities = new float[3 * classes];
        for (int n = 0; n < 3; n++) {
            probabilities[n * classes] = 1f;
        }
        Accuracy accuracy = new Accuracy();
        accuracy.add(probabilities, new int[] {3, 7, 9}, 3, classes);
        assertEquals(1.0, accuracy.top1Error());
        assertEquals(1.0, accuracy.top5Error());
    }

    @Test
    void aTieCountsAgainstTheLabelAndClearRanksAsBefore() {
        int classes = 8;
        float[] row = {0.05f, 0.4f, 0.2f, 0.2f, 0.1f, 0.05f, 0f, 0f};
        float[] probabilities = new float[4 * classes];
        for (int n = 0; n < 4; n++) {
            System.arraycopy(row, 0, probabilities, n * classes, classes);
        }
        // Label 1: first. Label 2: tied with 3, both under 1: third, a top-5 hit. Label 4: fourth.
        // Label 0: tied with 5 below four others: sixth, a top-5 error.
        Accuracy accuracy = new Accuracy();
        accuracy.add(probabilities, new int[] {1, 2, 4, 0}, 4, classes);
        assertEquals(3.0 / 4, accuracy.top1Error(), 1e-12);
        assertEquals(1.0 / 4, accuracy.top5Error(), 1e-12);
    }
}
