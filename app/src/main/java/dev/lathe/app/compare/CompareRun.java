package dev.lathe.app.compare;

import java.util.Map;

/**
 * One compared run: its id, the label its line and column carry, its params, its status, the sweep it is a trial
 * of (null when none) and the last value of each of its metrics.
 */
public record CompareRun(String id, String label, Map<String, String> params, String status, String sweepId,
                         Map<String, Double> metrics) {
    public CompareRun {
        params = Map.copyOf(params);
        metrics = Map.copyOf(metrics);
    }

    /** The last value of metric, NaN when the run never logged it. */
    public double metric(String key) {
        Double v = metrics.get(key);
        return v == null ? Double.NaN : v;
    }
}
