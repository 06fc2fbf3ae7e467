package dev.lathe.sweeps.schedule;

import dev.lathe.sweeps.SweepSpec.Goal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Asynchronous successive halving (Li et al. 2020, "A System for Massively Parallel Hyperparameter Tuning"),
 * the stopping variant as in Ray Tune's ASHA, optionally with Hyperband brackets.
 *
 * <p>Rungs lie at steps {@code minIter * eta^k} (up to {@code maxIter} when given). The first time a trial
 * reports at or after a rung, its value is recorded there; it continues iff the value is at least as good as
 * the (1 - 1/eta) quantile of the values recorded at that rung before it (the first trial always continues).
 * A trial is judged only at the highest rung at or below the step it reports, as Ray does, so one that logs
 * sparsely skips rungs rather than being judged late against the wrong peers.
 *
 * <p>With {@code brackets} = s &gt; 1, bracket b starts its rungs at {@code minIter * eta^b} and trial i goes
 * to bracket i mod s. Ray picks brackets at random; round-robin by index is deterministic, so a resumed
 * sweep rebuilds the same assignment.
 *
 * <p>The state depends only on each trial's own sequence of reports (not on how trials interleave), so
 * replaying the stored history per trial in step order rebuilds exactly what live reporting built.
 */
public final class AshaScheduler implements Scheduler {
    private final Goal goal;
    private final int eta;
    private final Bracket[] brackets;
    /** Per trial, the index (in its bracket) of the highest rung it was judged at. */
    private final Map<Integer, Integer> judged = new HashMap<>();

    /**
     * @param minIter  the first rung's step (of bracket 0), at least 1
     * @param eta      the reduction factor, at least 2
     * @param maxIter  no rung beyond this step; null for no limit
     * @param brackets Hyperband brackets, at least 1 (1 is plain ASHA)
     */
    public AshaScheduler(Goal goal, long minIter, int eta, Long maxIter, int brackets) {
        if (goal == null) {
            throw new IllegalArgumentException("goal is required");
        }
        if (minIter < 1) {
            throw new IllegalArgumentException("min_iter must be at least 1, not " + minIter);
        }
        if (eta < 2) {
            throw new IllegalArgumentException("eta must be at least 2, not " + eta);
        }
        if (maxIter != null && maxIter < minIter) {
            throw new IllegalArgumentException("max_iter (" + maxIter + ") is below min_iter (" + minIter + ")");
        }
        if (brackets < 1) {
            throw new IllegalArgumentException("brackets must be at least 1, not " + brackets);
        }
        this.goal = goal;
        this.eta = eta;
        long limit = maxIter == null ? Long.MAX_VALUE : maxIter;
        this.brackets = new Bracket[brackets];
        long first = minIter;
        for (int b = 0; b < brackets; b++) {
            this.brackets[b] = new Bracket(rungSteps(first, eta, limit));
            first = first > Long.MAX_VALUE / eta ? Long.MAX_VALUE : first * eta;
        }
    }

    private static long[] rungSteps(long first, int eta, long limit) {
        List<Long> steps = new ArrayList<>();
        for (long s = first; s <= limit; s *= eta) {
            steps.add(s);
            if (s > Long.MAX_VALUE / eta) {
                break;
            }
        }
        return steps.stream().mapToLong(Long::longValue).toArray();
    }

    @Override
    public synchronized boolean report(int trial, long step, double value) {
        Bracket bracket = brackets[bracketOf(trial)];
        int rung = bracket.highestRungAtOrBelow(step);
        if (rung < 0) {
            return false;
        }
        Integer done = judged.get(trial);
        if (done != null && done >= rung) {
            return false;
        }
        judged.put(trial, rung);
        return bracket.record(rung, Scores.score(goal, value), 1.0 - 1.0 / eta);
    }

    /** The bracket (0-based) trial number {@code trial} belongs to. */
    public int bracketOf(int trial) {
        return Math.floorMod(trial, brackets.length);
    }

    /** The steps of a bracket's rungs, ascending (empty when its first rung lies beyond max_iter). */
    public List<Long> rungs(int bracket) {
        return Arrays.stream(brackets[bracket].steps).boxed().toList();
    }

    /**
     * For tests: per bracket, rung step to the scores recorded there (sorted, higher is better), and per
     * trial the rung index it was last judged at.
     */
    synchronized Map<String, Object> snapshot() {
        Map<String, Object> out = new TreeMap<>();
        for (int b = 0; b < brackets.length; b++) {
            Map<Long, List<Double>> rungs = new TreeMap<>();
            for (int r = 0; r < brackets[b].steps.length; r++) {
                Rung rung = brackets[b].rungs[r];
                if (rung != null) {
                    rungs.put(brackets[b].steps[r], Arrays.stream(rung.sorted, 0, rung.size).boxed().toList());
                }
            }
            out.put("bracket " + b, rungs);
        }
        out.put("judged", new TreeMap<>(judged));
        return out;
    }

    private static final class Bracket {
        final long[] steps;
        final Rung[] rungs;

        Bracket(long[] steps) {
            this.steps = steps;
            this.rungs = new Rung[steps.length];
        }

        int highestRungAtOrBelow(long step) {
            int r = -1;
            while (r + 1 < steps.length && steps[r + 1] <= step) {
                r++;
            }
            return r;
        }

        /** Records the score at a rung; true when it falls below the cutoff of the scores recorded before. */
        boolean record(int r, double score, double q) {
            Rung rung = rungs[r] == null ? (rungs[r] = new Rung()) : rungs[r];
            boolean stop = rung.size > 0 && score < Scores.quantile(rung.sorted, rung.size, q);
            rung.insert(score);
            return stop;
        }
    }

    /** The scores recorded at one rung, kept sorted so the cutoff is an index lookup. */
    private static final class Rung {
        double[] sorted = new double[8];
        int size;

        void insert(double score) {
            int at = Arrays.binarySearch(sorted, 0, size, score);
            at = at < 0 ? -at - 1 : at;
            if (size == sorted.length) {
                sorted = Arrays.copyOf(sorted, size * 2);
            }
            System.arraycopy(sorted, at, sorted, at + 1, size - at);
            sorted[at] = score;
            size++;
        }
    }
}
