package alexnet.net.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The plateau rule on recorded shapes of validation curves: the epochs after which it drops the rate. */
class PlateauScheduleTest {

    private static final PlateauRule DEFAULT_30_EPOCHS =
            new PlateauRule(PlateauRule.defaultPatience(30), PlateauRule.DEFAULT_MIN_IMPROVEMENT, 3);

    @Test
    void aPlateauDropsAfterThePatience() {
        List<Double> curve = new ArrayList<>(List.of(0.60, 0.45, 0.38, 0.34, 0.32));
        for (int e = 0; e < 14; e++) {
            curve.add(0.32);
        }
        // The average improves for two epochs after the flat part begins (it still holds 0.38, then 0.34), so
        // epoch 7 is the best; three epochs without an improvement drop the rate after epoch 10; it waits
        // through epochs 11-13, and three more epochs drop it again after epoch 16.
        assertEquals(List.of(10, 16), drops(DEFAULT_30_EPOCHS, curve));
    }

    @Test
    void noiseAroundASlowDescentDoesNotExhaustTheDrops() {
        int firstDrops = 0;
        int curvesWithADrop = 0;
        for (long seed = 1; seed <= 20; seed++) {
            List<Integer> drops = drops(DEFAULT_30_EPOCHS, slowDescentWithNoise(seed));
            assertTrue(drops.size() < 3, "seed " + seed + ": drops after epochs " + drops);
            if (!drops.isEmpty()) {
                firstDrops += drops.get(0);
                curvesWithADrop++;
            }
        }
        // By epoch 17 the curve falls by 0.1 point an epoch, a fifth of its noise: a plateau to the eye.
        assertTrue(curvesWithADrop == 0 || firstDrops / (double) curvesWithADrop >= 17,
                "mean first drop after epoch " + firstDrops / (double) curvesWithADrop);
    }

    @Test
    void theSingleEpochRuleSpendsItsDropsOnTheSameNoise() {
        // What makes the test above meaningful: the same curves exhaust the rule as it was.
        int exhausted = 0;
        for (long seed = 1; seed <= 20; seed++) {
            if (singleEpochRuleDrops(slowDescentWithNoise(seed)) == 3) {
                exhausted++;
            }
        }
        assertTrue(exhausted >= 16, exhausted + " of 20 curves exhausted the single-epoch rule");
    }

    @Test
    void aRealStallUnderNoiseDropsSoonAfterItBegins() {
        Random random = new Random(7);
        List<Double> curve = new ArrayList<>();
        for (int e = 0; e < 12; e++) {
            curve.add(0.40 - 0.008 * e + 0.004 * random.nextGaussian());
        }
        int stallFrom = curve.size() + 1;
        for (int e = 0; e < 10; e++) {
            curve.add(0.312 + 0.004 * random.nextGaussian());
        }
        List<Integer> drops = drops(DEFAULT_30_EPOCHS, curve);
        assertTrue(!drops.isEmpty() && drops.get(0) >= stallFrom
                        && drops.get(0) <= stallFrom + PlateauRule.WINDOW + DEFAULT_30_EPOCHS.patience(),
                "stall from epoch " + stallFrom + ", drops after epochs " + drops);
    }

    @Test
    void atMostMaxDrops() {
        List<Double> flat = new ArrayList<>();
        for (int e = 0; e < 60; e++) {
            flat.add(0.5);
        }
        // Epoch 1 sets the best; two epochs without an improvement drop the rate after epoch 3; it waits
        // through epochs 4 and 5, drops again after epoch 7, and then has no drop left.
        assertEquals(List.of(3, 7), drops(new PlateauRule(2, 0.01, 2), flat));
    }

    @Test
    void aResumedScheduleDropsWhereTheUninterruptedOneDid() {
        List<Double> curve = slowDescentWithNoise(3);
        curve.addAll(List.of(0.15, 0.151, 0.149, 0.15, 0.152, 0.15, 0.15, 0.151, 0.15, 0.15));
        List<Integer> whole = drops(DEFAULT_30_EPOCHS, curve);
        for (int stop = 1; stop < curve.size(); stop++) {
            PlateauSchedule first = new PlateauSchedule(DEFAULT_30_EPOCHS);
            List<Integer> resumed = new ArrayList<>();
            for (int e = 0; e < stop; e++) {
                if (first.record(curve.get(e))) {
                    resumed.add(e + 1);
                }
            }
            Map<String, String> state = new LinkedHashMap<>();
            first.writeTo(state);
            PlateauSchedule second = PlateauSchedule.readFrom(DEFAULT_30_EPOCHS, state);
            for (int e = stop; e < curve.size(); e++) {
                if (second.record(curve.get(e))) {
                    resumed.add(e + 1);
                }
            }
            assertEquals(whole, resumed, "stopped after epoch " + stop);
        }
        assertTrue(!whole.isEmpty(), "the curve ends in a plateau");
    }

    @Test
    void noValidationChangesNothing() {
        PlateauSchedule schedule = new PlateauSchedule(new PlateauRule(1, 0, 3));
        for (int e = 0; e < 5; e++) {
            assertEquals(false, schedule.record(Double.NaN));
        }
        assertTrue(Double.isNaN(schedule.average()));
    }

    /**
     * 30 epochs of a curve that falls from 25% towards 13% (12 points e^(-epoch / 6)), with noise of half a
     * point: validation on 10,000 images, and the wobble of SGD at a constant rate.
     */
    private static List<Double> slowDescentWithNoise(long seed) {
        Random random = new Random(seed);
        List<Double> curve = new ArrayList<>();
        for (int epoch = 1; epoch <= 30; epoch++) {
            curve.add(0.13 + 0.12 * Math.exp(-epoch / 6.0) + 0.005 * random.nextGaussian());
        }
        return curve;
    }

    /** The rule as it was: a drop after 2 epochs without a new single-epoch minimum, at most 3. */
    private static int singleEpochRuleDrops(List<Double> curve) {
        double best = Double.POSITIVE_INFINITY;
        int since = 0;
        int drops = 0;
        for (double error : curve) {
            if (error < best) {
                best = error;
                since = 0;
            } else if (++since >= 2 && drops < 3) {
                drops++;
                since = 0;
            }
        }
        return drops;
    }

    /** The epochs (1-based) after which the rule divides the rate. */
    private static List<Integer> drops(PlateauRule rule, List<Double> curve) {
        PlateauSchedule schedule = new PlateauSchedule(rule);
        List<Integer> epochs = new ArrayList<>();
        for (int e = 0; e < curve.size(); e++) {
            if (schedule.record(curve.get(e))) {
                epochs.add(e + 1);
            }
        }
        return epochs;
    }
}
