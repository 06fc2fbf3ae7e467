package dev.lathe.sweeps.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.sweeps.SweepSpec.Goal;
import org.junit.jupiter.api.Test;

class MedianStoppingRuleTest {
    @Test
    void stopsAClearlyBadTrialAndKeepsTheGoodOnes() {
        MedianStoppingRule rule = new MedianStoppingRule(Goal.MAXIMIZE, 3, 2);
        boolean badStopped = false;
        for (int step = 1; step <= 5 && !badStopped; step++) {
            for (int t = 0; t < 3; t++) {
                assertFalse(rule.report(t, step, 0.8 + 0.01 * t + 0.01 * step), "good trial " + t + " at " + step);
            }
            badStopped = rule.report(3, step, 0.2);
            if (step < 3) {
                assertFalse(badStopped, "nothing stops before min_iter");
            }
        }
        assertTrue(badStopped, "stopped at min_iter");
    }

    @Test
    void waitsForMinTrialsOthersThatReachedTheStep() {
        MedianStoppingRule rule = new MedianStoppingRule(Goal.MAXIMIZE, 1, 2);
        assertFalse(rule.report(0, 1, 0.9));
        assertFalse(rule.report(0, 2, 0.9));
        assertFalse(rule.report(1, 1, 0.1), "one other trial is not enough");
        assertFalse(rule.report(2, 1, 0.9));
        // trial 3 at step 2: only trial 0 reached step 2 (1 and 2 stopped at step 1)
        assertFalse(rule.report(3, 1, 0.9));
        assertFalse(rule.report(3, 2, 0.0), "only one other trial reached step 2");
        assertFalse(rule.report(2, 2, 0.9));
        // now trials 0, 2 and 3 reached step 2; trial 1 at step 2 is judged against 0, 2, 3
        assertTrue(rule.report(1, 2, 0.1));
    }

    @Test
    void comparesTheBestSoFarWithTheMedianOfRunningAverages() {
        MedianStoppingRule rule = new MedianStoppingRule(Goal.MAXIMIZE, 1, 3);
        // running averages at step 2 (exact in binary): 0.5, 0.75, 1.25 -> median 0.75; at step 1 median 0.5
        double[][] others = {{0.25, 0.75}, {0.5, 1.0}, {1.0, 1.5}};
        for (int t = 0; t < 3; t++) {
            rule.report(t, 1, others[t][0]);
            rule.report(t, 2, others[t][1]);
        }
        MedianStoppingRule copy = new MedianStoppingRule(Goal.MAXIMIZE, 1, 3);
        for (int t = 0; t < 3; t++) {
            copy.report(t, 1, others[t][0]);
            copy.report(t, 2, others[t][1]);
        }
        // its best (0.75 at step 1) equals the median: it continues though its latest value is low
        assertFalse(rule.report(10, 1, 0.75));
        assertFalse(rule.report(10, 2, 0.25));
        // a best of 0.74 is worse
        assertFalse(copy.report(11, 1, 0.74));
        assertTrue(copy.report(11, 2, 0.6));
    }

    @Test
    void minimizeAndNan() {
        MedianStoppingRule rule = new MedianStoppingRule(Goal.MINIMIZE, 1, 2);
        rule.report(0, 1, 0.3);
        rule.report(1, 1, 0.5);
        assertFalse(rule.report(2, 1, 0.35), "a loss below the median (0.4) continues");
        assertTrue(rule.report(3, 1, 0.45), "a loss above the median (now 0.35) stops");
        assertTrue(rule.report(4, 1, Double.NaN), "NaN is the worst");
        // a trial whose history holds NaN has the worst running average: it pulls the median down, not up
        MedianStoppingRule max = new MedianStoppingRule(Goal.MAXIMIZE, 1, 3);
        max.report(0, 1, Double.NaN);
        max.report(1, 1, Double.NaN);
        max.report(2, 1, 0.9);
        assertFalse(max.report(3, 1, 0.0), "median of [worst, worst, 0.9] is the worst");
    }

    @Test
    void aRepeatedOrEarlierStepChangesNothing() {
        MedianStoppingRule rule = new MedianStoppingRule(Goal.MAXIMIZE, 1, 1);
        rule.report(0, 1, 0.9);
        rule.report(0, 2, 0.9);
        var before = rule.snapshot();
        assertFalse(rule.report(0, 2, 0.0));
        assertFalse(rule.report(0, 1, 0.0));
        assertEquals(before, rule.snapshot());
    }

    @Test
    void rejectsSettingsOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> new MedianStoppingRule(Goal.MAXIMIZE, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new MedianStoppingRule(Goal.MAXIMIZE, 1, -1));
        assertThrows(IllegalArgumentException.class, () -> new MedianStoppingRule(null, 1, 1));
    }
}
