package dev.lathe.sweeps.schedule;

import dev.lathe.sweeps.SweepSpec.Goal;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The median stopping rule (Golovin et al. 2017, Google Vizier; as Ray's MedianStoppingRule and Optuna's
 * MedianPruner): at a step t &ge; {@code minIter}, a trial stops when its best value so far is strictly worse
 * than the median of the other trials' running averages (the mean of their values at steps &le; t), taken over
 * the trials that have reached step t, once at least {@code minTrials} of them exist. NaN counts as the worst
 * value (a trial that reported NaN has a running average of -Infinity in score terms).
 *
 * <p>Steps must increase per trial; a report at or before a trial's last step (a trial re-run after a resume)
 * changes nothing and never stops it. The state is the per-trial histories, which do not depend on how trials
 * interleave, so replaying the stored history rebuilds it exactly.
 */
public final class MedianStoppingRule implements Scheduler {
    private final Goal goal;
    private final long minIter;
    private final int minTrials;
    private final Map<Integer, History> trials = new HashMap<>();

    /**
     * @param minIter   nothing is stopped before this step (at least 1)
     * @param minTrials other trials that must have reached a step before a trial is judged there; 0 acts as 1
     *                  (a median needs at least one other trial)
     */
    public MedianStoppingRule(Goal goal, long minIter, int minTrials) {
        if (goal == null) {
            throw new IllegalArgumentException("goal is required");
        }
        if (minIter < 1) {
            throw new IllegalArgumentException("min_iter must be at least 1, not " + minIter);
        }
        if (minTrials < 0) {
            throw new IllegalArgumentException("min_trials must not be negative, not " + minTrials);
        }
        this.goal = goal;
        this.minIter = minIter;
        this.minTrials = Math.max(1, minTrials);
    }

    @Override
    public synchronized boolean report(int trial, long step, double value) {
        History own = trials.computeIfAbsent(trial, t -> new History());
        if (!own.add(step, Scores.score(goal, value))) {
            return false;
        }
        if (step < minIter) {
            return false;
        }
        double[] averages = new double[trials.size()];
        int n = 0;
        for (Map.Entry<Integer, History> e : trials.entrySet()) {
            History other = e.getValue();
            if (e.getKey() != trial && other.lastStep() >= step) {
                averages[n++] = other.runningAverage(step);
            }
        }
        if (n < minTrials) {
            return false;
        }
        return own.best < Scores.median(averages, n);
    }

    /** For tests: per trial, its steps and scores (higher is better). */
    synchronized Map<Integer, List<String>> snapshot() {
        Map<Integer, List<String>> out = new TreeMap<>();
        trials.forEach((t, h) -> {
            String[] points = new String[h.size];
            for (int i = 0; i < h.size; i++) {
                points[i] = h.steps[i] + ":" + (h.sums[i] - (i == 0 ? 0 : h.sums[i - 1]));
            }
            out.put(t, List.of(points));
        });
        return out;
    }

    /** One trial's steps with prefix sums of its scores, so a running average is a binary search away. */
    private static final class History {
        long[] steps = new long[16];
        double[] sums = new double[16];
        int size;
        double best = Double.NEGATIVE_INFINITY;

        /** False (and nothing changes) when the step is not after the last one. */
        boolean add(long step, double score) {
            if (size > 0 && step <= steps[size - 1]) {
                return false;
            }
            if (size == steps.length) {
                steps = Arrays.copyOf(steps, size * 2);
                sums = Arrays.copyOf(sums, size * 2);
            }
            steps[size] = step;
            sums[size] = (size == 0 ? 0 : sums[size - 1]) + score;
            size++;
            best = Math.max(best, score);
            return true;
        }

        long lastStep() {
            return size == 0 ? Long.MIN_VALUE : steps[size - 1];
        }

        /** The mean score over steps &le; step; -Infinity stands for a mix of infinities (NaN sums). */
        double runningAverage(long step) {
            int at = Arrays.binarySearch(steps, 0, size, step);
            int count = at >= 0 ? at + 1 : -at - 1;
            double mean = sums[count - 1] / count;
            return Double.isNaN(mean) ? Double.NEGATIVE_INFINITY : mean;
        }
    }
}
