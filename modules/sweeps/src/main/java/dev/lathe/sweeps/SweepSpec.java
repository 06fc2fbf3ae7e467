package dev.lathe.sweeps;

import dev.lathe.sweeps.space.SearchSpace;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A parsed, checked sweep file (docs/sweeps.md). Paths are resolved against the file's folder.
 *
 * @param data           the CSV trials train on (null for a command sweep that brings its own data)
 * @param trainer        a trainer name from `lathe trainers`, or "command"
 * @param command        the command template for trainer "command" (empty otherwise)
 * @param earlyTerminate null when no early stopping was asked for
 * @param maxTime        null when unlimited
 * @param parallel       trial slots; null means "auto" (from cores and GPUs)
 * @param task           "classification" or "regression", null to infer from the label
 */
public record SweepSpec(String name, String experiment, Path data, String label, String task, String trainer,
                        List<String> command, Method method, Metric metric, SearchSpace parameters,
                        EarlyTerminate earlyTerminate, int runCap, Duration maxTime, Integer parallel, long seed,
                        Path source) {

    public enum Method { GRID, RANDOM, SOBOL, BAYES }

    public enum Goal { MAXIMIZE, MINIMIZE }

    /** The metric trials are ranked by; its per-step values drive early stopping. */
    public record Metric(String name, Goal goal) {
        /** True when a is better than b for this goal. */
        public boolean better(double a, double b) {
            return goal == Goal.MAXIMIZE ? a > b : a < b;
        }
    }

    /**
     * Early stopping. HYPERBAND is ASHA with {@code brackets} brackets (1 = plain ASHA); MEDIAN stops a trial
     * whose best value so far is worse than the median of the others' at the same step.
     *
     * @param minIter  first rung (ASHA) or the step before which nothing is stopped (median)
     * @param eta      reduction factor (ASHA): the top 1/eta continue at each rung
     * @param maxIter  the last rung's step (null: the trials' own length)
     * @param brackets Hyperband brackets (ASHA only)
     * @param minTrials trials that must have reached a step before the median rule judges others there
     */
    public record EarlyTerminate(Type type, int minIter, int eta, Integer maxIter, int brackets, int minTrials) {
        public enum Type { HYPERBAND, MEDIAN }
    }
}
