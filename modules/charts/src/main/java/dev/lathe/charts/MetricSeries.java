package dev.lathe.charts;

import dev.lathe.core.MetricPoint;
import java.util.List;
import java.util.Objects;

/**
 * One metric of one run as parallel arrays, steps ascending: the full data a chart samples from.
 * Arrays are shared, not copied (a 10,000-point history per run adds up over 500 runs); treat them as read-only.
 */
public record MetricSeries(String runId, String label, long[] steps, double[] values) {
    public MetricSeries {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(label, "label");
        if (steps.length != values.length) {
            throw new IllegalArgumentException("steps and values differ in length: " + steps.length + " vs " + values.length);
        }
    }

    /** From a workspace history (ordered by step, as MetricRepository.history returns it). */
    public static MetricSeries of(String runId, String label, List<MetricPoint> points) {
        long[] steps = new long[points.size()];
        double[] values = new double[points.size()];
        for (int i = 0; i < steps.length; i++) {
            steps[i] = points.get(i).step();
            values[i] = points.get(i).value();
        }
        return new MetricSeries(runId, label, steps, values);
    }

    public int size() {
        return steps.length;
    }

    /** Steps as doubles, the x values a chart plots. */
    public double[] x() {
        double[] x = new double[steps.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = steps[i];
        }
        return x;
    }
}
