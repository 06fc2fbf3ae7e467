package dev.lathe.sweeps.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.sweeps.SweepSpec.Goal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AshaSchedulerTest {
    // rung-1 values of trials 0..8, reported in this order. With eta = 3 the cutoff is the 2/3 quantile of
    // the values recorded before (linear interpolation):
    //   t0 0.5  first                                 -> continue
    //   t1 0.4  cutoff q[0.5] = 0.5                   -> stop
    //   t2 0.6  q[.4 .5] = 0.4667                     -> continue
    //   t3 0.7  q[.4 .5 .6] = 0.5333                  -> continue
    //   t4 0.1  q[.4 .5 .6 .7] = 0.6                  -> stop
    //   t5 0.65 q[.1 .4 .5 .6 .7] = 0.5667            -> continue
    //   t6 0.9  q[.1 .4 .5 .6 .65 .7] = 0.6167        -> continue
    //   t7 0.2  q[.1 .4 .5 .6 .65 .7 .9] = 0.65       -> stop
    //   t8 0.55 q[.1 .2 .4 .5 .6 .65 .7 .9] = 0.6333  -> stop
    private static final double[] RUNG1 = {0.5, 0.4, 0.6, 0.7, 0.1, 0.65, 0.9, 0.2, 0.55};
    private static final List<Integer> STOPPED_AT_1 = List.of(1, 4, 7, 8);
    // rung-3 values of the survivors 0, 2, 3, 5, 6:
    //   t0 0.6 first -> continue; t2 0.8 q[.6] = .6 -> continue; t3 0.5 q[.6 .8] = .7333 -> stop;
    //   t5 0.7 q[.5 .6 .8] = .6667 -> continue; t6 0.95 q[.5 .6 .7 .8] = .7 -> continue
    private static final Map<Integer, Double> RUNG3 = Map.of(0, 0.6, 2, 0.8, 3, 0.5, 5, 0.7, 6, 0.95);
    private static final List<Integer> SURVIVORS_1 = List.of(0, 2, 3, 5, 6);

    private static AshaScheduler asha(Goal goal) {
        return new AshaScheduler(goal, 1, 3, null, 1);
    }

    /** Runs the rung 1 and rung 3 sequences; values are mapped for the goal. Returns the stop decisions. */
    private static List<String> runSequence(AshaScheduler s, java.util.function.DoubleUnaryOperator map) {
        List<String> stops = new ArrayList<>();
        for (int t = 0; t < RUNG1.length; t++) {
            if (s.report(t, 1, map.applyAsDouble(RUNG1[t]))) {
                stops.add(t + "@1");
            }
        }
        for (int t : SURVIVORS_1) {
            assertFalse(s.report(t, 2, map.applyAsDouble(0.0)), "step 2 is no rung");
        }
        for (int t : SURVIVORS_1) {
            if (s.report(t, 3, map.applyAsDouble(RUNG3.get(t)))) {
                stops.add(t + "@3");
            }
        }
        return stops;
    }

    @Test
    void maximizeStopsExactlyTheTrialsBelowTheCutoffAtEachRung() {
        List<String> stops = runSequence(asha(Goal.MAXIMIZE), v -> v);
        List<String> expected = new ArrayList<>(STOPPED_AT_1.stream().map(t -> t + "@1").toList());
        expected.add("3@3");
        assertEquals(expected, stops);
    }

    @Test
    void minimizeRanksLowerValuesBetter() {
        // a loss of 1 - v ranks exactly as v does when maximized
        List<String> stops = runSequence(asha(Goal.MINIMIZE), v -> 1 - v);
        assertEquals(List.of("1@1", "4@1", "7@1", "8@1", "3@3"), stops);
        // and the same raw values minimized give the opposite verdicts on the clear cases
        AshaScheduler s = asha(Goal.MINIMIZE);
        assertFalse(s.report(0, 1, 0.5));
        assertTrue(s.report(1, 1, 0.9), "a higher loss stops");
        assertFalse(s.report(2, 1, 0.1), "a lower loss continues");
    }

    @Test
    void theFirstTrialAtARungAlwaysContinuesAndTiesContinue() {
        AshaScheduler s = asha(Goal.MAXIMIZE);
        assertFalse(s.report(0, 1, -1e9));
        assertFalse(s.report(1, 1, -1e9), "equal to the cutoff is at least as good");
        assertFalse(s.report(0, 3, Double.NaN), "first at rung 3, even with NaN");
    }

    @Test
    void nanCountsAsTheWorstValue() {
        for (Goal goal : Goal.values()) {
            AshaScheduler s = asha(goal);
            assertFalse(s.report(0, 1, 0.5));
            assertTrue(s.report(1, 1, Double.NaN), "NaN below any value for " + goal);
            // recorded as worst: the cutoff of [worst, 0.5] at 2/3 is -inf, so anything continues
            assertFalse(s.report(2, 1, goal == Goal.MAXIMIZE ? -1e300 : 1e300));
        }
    }

    @Test
    void aTrialIsJudgedOnceAtTheHighestRungAtOrBelowItsStep() {
        AshaScheduler s = asha(Goal.MAXIMIZE);
        assertFalse(s.report(0, 1, 0.9));
        assertFalse(s.report(0, 2, 0.9));
        // trial 1 logs every other epoch: its step-2 value is judged at rung 1
        assertTrue(s.report(1, 2, 0.1));
        // a repeat after the judgement at the same rung is not judged again
        assertFalse(s.report(1, 2, 0.05));
        // trial 2 first reports at step 5: judged at rung 3 only (first there), never at rung 1
        assertFalse(s.report(2, 5, 0.0));
        Map<String, Object> snap = s.snapshot();
        assertEquals(Map.of(1L, List.of(0.1, 0.9), 3L, List.of(0.0)), snap.get("bracket 0"));
        assertEquals(Map.of(0, 0, 1, 0, 2, 1), snap.get("judged"));
        // step 8 is between rungs 3 and 9: trial 2 was judged at 3 already
        assertFalse(s.report(2, 8, -5));
        // trial 0 reaches step 9 (rung 9, first) after skipping rung 3
        assertFalse(s.report(0, 9, 0.1));
        assertTrue(s.report(2, 9, 0.0));
    }

    @Test
    void maxIterBoundsTheRungs() {
        AshaScheduler s = new AshaScheduler(Goal.MAXIMIZE, 1, 3, 9L, 1);
        assertEquals(List.of(1L, 3L, 9L), s.rungs(0));
        assertFalse(s.report(0, 27, 1.0)); // judged at rung 9
        assertTrue(s.report(1, 27, 0.0)); // judged at rung 9 too, below
        assertFalse(s.report(0, 81, -100), "no rung beyond max_iter");
        assertEquals(List.of(2L, 4L, 8L, 16L), new AshaScheduler(Goal.MAXIMIZE, 2, 2, 20L, 1).rungs(0));
        assertEquals(63, new AshaScheduler(Goal.MAXIMIZE, 1, 2, null, 1).rungs(0).size(), "unbounded: up to 2^62");
    }

    @Test
    void bracketsAreAssignedRoundRobinWithDistinctFirstRungs() {
        AshaScheduler s = new AshaScheduler(Goal.MAXIMIZE, 1, 3, 27L, 3);
        assertEquals(List.of(1L, 3L, 9L, 27L), s.rungs(0));
        assertEquals(List.of(3L, 9L, 27L), s.rungs(1));
        assertEquals(List.of(9L, 27L), s.rungs(2));
        for (int t = 0; t < 9; t++) {
            assertEquals(t % 3, s.bracketOf(t));
        }
        // step 1: only bracket 0 (trials 0, 3) has a rung there
        assertFalse(s.report(0, 1, 0.9));
        assertTrue(s.report(3, 1, 0.1));
        assertFalse(s.report(1, 1, 0.9));
        assertFalse(s.report(4, 1, 0.1), "bracket 1 has no rung at 1");
        assertFalse(s.report(2, 1, 0.9));
        assertFalse(s.report(5, 1, 0.1), "bracket 2 has no rung at 1");
        // step 3: bracket 1 judges its trials against each other only, not against bracket 0's rung 3
        assertFalse(s.report(0, 3, 0.01));
        assertFalse(s.report(1, 3, 0.9), "first at bracket 1's rung 3");
        assertTrue(s.report(4, 3, 0.5));
        assertFalse(s.report(7, 3, 0.95));
        assertFalse(s.report(5, 3, 0.0), "bracket 2 has no rung at 3");
        // step 9: bracket 2's first rung
        assertFalse(s.report(2, 9, 0.9));
        assertTrue(s.report(5, 9, 0.1));
        assertEquals(1, s.bracketOf(-2), "a negative index does not throw");
    }

    @Test
    void aBracketBeyondMaxIterNeverStops() {
        AshaScheduler s = new AshaScheduler(Goal.MAXIMIZE, 1, 3, 9L, 4);
        assertEquals(List.of(), s.rungs(3)); // 27 > 9
        assertFalse(s.report(3, 9, 1.0));
        assertFalse(s.report(7, 9, 0.0));
    }

    @Test
    void rejectsSettingsOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> new AshaScheduler(Goal.MAXIMIZE, 0, 3, null, 1));
        assertThrows(IllegalArgumentException.class, () -> new AshaScheduler(Goal.MAXIMIZE, 1, 1, null, 1));
        assertThrows(IllegalArgumentException.class, () -> new AshaScheduler(Goal.MAXIMIZE, 1, 3, null, 0));
        assertThrows(IllegalArgumentException.class, () -> new AshaScheduler(Goal.MAXIMIZE, 4, 3, 2L, 1));
    }
}
