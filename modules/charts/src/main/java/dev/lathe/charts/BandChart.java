package dev.lathe.charts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Runs grouped by a key (e.g. a param value), each group drawn as its mean per step with a ± one standard
 * deviation band: how seeds or a hyper-parameter spread, rather than 50 tangled lines.
 */
public final class BandChart {
    private BandChart() {
    }

    /**
     * Mean and population standard deviation (numpy's default) per step over the runs that logged that step.
     *
     * @param runs how many runs logged each step
     */
    public record Band(String key, long[] steps, double[] mean, double[] std, int[] runs) {
    }

    /**
     * One band per distinct group value, in the order groups first appear in series.
     *
     * @param groupOf the group a run belongs to, e.g. its "lr" param ("—" for runs without one is up to the caller)
     */
    public static MetricChart create(List<MetricSeries> series, Function<MetricSeries, String> groupOf, ChartOptions options) {
        return create(series, groupOf, options, Palette.LIGHT);
    }

    /** As {@link #create(List, Function, ChartOptions)}, drawn in theme's colours. */
    public static MetricChart create(List<MetricSeries> series, Function<MetricSeries, String> groupOf, ChartOptions options,
                                     Palette.Theme theme) {
        List<MetricChart.Line> lines = new ArrayList<>();
        for (Band band : bands(series, groupOf, options.smoothing())) {
            int n = band.steps().length;
            double[] x = new double[n];
            double[] lo = new double[n];
            double[] hi = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = band.steps()[i];
                lo[i] = band.mean()[i] - band.std()[i];
                hi[i] = band.mean()[i] + band.std()[i];
            }
            double[] mean = band.mean();
            if (options.logY()) {
                mean = MetricChart.forLogAxis(mean);
                // a band edge at or below zero has no place on a log axis: clip it to the mean
                for (int i = 0; i < n; i++) {
                    if (!(lo[i] > 0)) {
                        lo[i] = mean[i];
                    }
                }
            }
            lines.add(new MetricChart.Line(band.key(), x, mean, lo, hi));
        }
        return new MetricChart(lines, options, theme);
    }

    /** The bands, each run smoothed first (so a band is the spread of the curves the overlay would draw). */
    public static List<Band> bands(List<MetricSeries> series, Function<MetricSeries, String> groupOf, double smoothing) {
        Map<String, List<MetricSeries>> groups = new LinkedHashMap<>();
        for (MetricSeries s : series) {
            groups.computeIfAbsent(groupOf.apply(s), k -> new ArrayList<>()).add(s);
        }
        List<Band> out = new ArrayList<>(groups.size());
        groups.forEach((key, members) -> out.add(band(key, members, smoothing)));
        return out;
    }

    private static Band band(String key, List<MetricSeries> members, double smoothing) {
        // Welford's running mean and squared deviation per step: stable where values are large and close
        TreeMap<Long, double[]> acc = new TreeMap<>();
        for (MetricSeries s : members) {
            double[] y = Smoothing.ema(s.values(), smoothing);
            for (int i = 0; i < y.length; i++) {
                if (!Double.isFinite(y[i])) {
                    continue;
                }
                double[] a = acc.computeIfAbsent(s.steps()[i], k -> new double[3]);
                a[0]++;
                double delta = y[i] - a[1];
                a[1] += delta / a[0];
                a[2] += delta * (y[i] - a[1]);
            }
        }
        int n = acc.size();
        long[] steps = new long[n];
        double[] mean = new double[n];
        double[] std = new double[n];
        int[] runs = new int[n];
        int i = 0;
        for (Map.Entry<Long, double[]> e : acc.entrySet()) {
            double[] a = e.getValue();
            steps[i] = e.getKey();
            mean[i] = a[1];
            std[i] = Math.sqrt(a[2] / a[0]);
            runs[i] = (int) a[0];
            i++;
        }
        return new Band(key, steps, mean, std, runs);
    }
}
