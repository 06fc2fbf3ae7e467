package dev.lathe.data.drift;

import dev.lathe.data.CategoricalColumn;
import dev.lathe.data.Column;
import dev.lathe.data.ColumnProfile;
import dev.lathe.data.DatasetProfile;
import dev.lathe.data.NumericColumn;
import dev.lathe.data.Table;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares new data with a training dataset's stored {@link DatasetProfile}, column by column.
 *
 * <ul>
 *   <li>Numeric columns: the population stability index over the training data's decile bins (fixed edges from
 *   the training quantiles; new values outside [min, max] count in the end bins), and the two-sample
 *   Kolmogorov-Smirnov statistic, the training CDF read from the profile's percentile sketch (or, for profiles
 *   written before the sketch existed, from the bin edges and counts: an approximation).</li>
 *   <li>Categorical columns: PSI over the training levels plus one bucket for levels never seen in training;
 *   new and vanished levels are listed.</li>
 *   <li>Columns missing from the new data, new columns, and columns whose type changed.</li>
 * </ul>
 * PSI = sum over buckets of (now - before) * ln(now / before), shares floored at {@value #FLOOR} so an empty
 * bucket gives a large but finite term. Common reading: below 0.1 stable, 0.1 to 0.25 a moderate shift, above 0.25
 * a major one.
 */
public final class DriftCheck {
    /** The smallest share used in PSI, so that an empty bucket does not give an infinite index. */
    public static final double FLOOR = 1e-4;
    private static final int LISTED = 20;
    private static final String OTHER = "(other)";
    private static final String NEW = "(new)";

    private DriftCheck() {
    }

    /**
     * @param reference   the training data's profile
     * @param current     the new data
     * @param threshold   PSI beyond which a column drifted (0.2 is a common choice)
     * @param ksThreshold KS beyond which a numeric column drifted; null to report KS without acting on it
     * @param optional    columns whose absence from the new data is not drift (the label, when scoring data)
     */
    public static DriftReport compare(DatasetProfile reference, Table current, double threshold, Double ksThreshold,
                                      Set<String> optional) {
        if (!(threshold > 0)) {
            throw new IllegalArgumentException("the PSI threshold must be more than 0, not " + threshold);
        }
        List<FeatureDrift> out = new ArrayList<>();
        for (ColumnProfile ref : reference.columns()) {
            if (!current.hasColumn(ref.name())) {
                boolean counts = !optional.contains(ref.name());
                out.add(new FeatureDrift(ref.name(), ref.type(), FeatureDrift.Status.MISSING_COLUMN, counts, null,
                        null, share(ref.missing(), ref.count() + ref.missing()), null, ref.mean(), null, null, null,
                        null, null, null, null, counts ? "the new data has no column '" + ref.name() + "'"
                        : "not in the new data (the label: expected in scoring data)"));
                continue;
            }
            Column col = current.column(ref.name());
            boolean numericNow = col instanceof NumericColumn;
            if (ref.numeric() != numericNow) {
                out.add(new FeatureDrift(ref.name(), ref.type(), FeatureDrift.Status.TYPE_CHANGED, true, null, null,
                        share(ref.missing(), ref.count() + ref.missing()), share(col.missing(), col.size()), null,
                        null, null, null, null, null, null, null, "was " + ref.type() + ", is now "
                        + (numericNow ? ColumnProfile.NUMERIC : ColumnProfile.CATEGORICAL)
                        + (numericNow ? "" : " (a value that is not a number?)")));
                continue;
            }
            out.add(numericNow ? numeric(ref, (NumericColumn) col, threshold, ksThreshold)
                    : categorical(ref, (CategoricalColumn) col, threshold));
        }
        for (Column col : current.columns()) {
            if (reference.column(col.name()) == null) {
                out.add(new FeatureDrift(col.name(), col instanceof NumericColumn ? ColumnProfile.NUMERIC
                        : ColumnProfile.CATEGORICAL, FeatureDrift.Status.NEW_COLUMN, false, null, null, null,
                        share(col.missing(), col.size()), null, null, null, null, null, null, null, null,
                        "not in the training data: the model does not use it"));
            }
        }
        return new DriftReport(threshold, ksThreshold, reference.rows(), current.rows(), out);
    }

    private static FeatureDrift numeric(ColumnProfile ref, NumericColumn col, double threshold, Double ksThreshold) {
        double[] present = Arrays.stream(col.values()).filter(v -> !Double.isNaN(v)).sorted().toArray();
        Double missingBefore = share(ref.missing(), ref.count() + ref.missing());
        Double missingNow = share(col.missing(), col.size());
        if (ref.count() == 0 || ref.binEdges() == null || ref.binCounts() == null) {
            return new FeatureDrift(ref.name(), ref.type(), FeatureDrift.Status.OK, false, null, null, missingBefore,
                    missingNow, ref.mean(), mean(present), null, null, null, null, null, null,
                    "the training data had no values in this column: nothing to compare");
        }
        if (present.length == 0) {
            return new FeatureDrift(ref.name(), ref.type(), FeatureDrift.Status.DRIFT, true, null, null, missingBefore,
                    missingNow, ref.mean(), null, ref.binEdges(), null, null, null, null, null,
                    "the new data has no values in this column");
        }
        double[] edges = ref.binEdges().stream().mapToDouble(Double::doubleValue).toArray();
        long total = ref.binCounts().stream().mapToLong(Long::longValue).sum();
        double[] before = new double[edges.length - 1];
        for (int i = 0; i < before.length; i++) {
            before[i] = ref.binCounts().get(i) / (double) total;
        }
        double[] now = new double[before.length];
        for (double v : present) {
            now[DatasetProfile.bin(edges, v)]++;
        }
        for (int i = 0; i < now.length; i++) {
            now[i] /= present.length;
        }
        double psi = psi(before, now);
        String note = null;
        double[] xs;
        double[] fs;
        if (ref.quantiles() != null && ref.quantiles().size() > 1) {
            xs = ref.quantiles().stream().mapToDouble(Double::doubleValue).toArray();
            fs = new double[xs.length];
            for (int i = 0; i < xs.length; i++) {
                fs[i] = i / (double) (xs.length - 1);
            }
        } else {
            xs = edges;
            fs = new double[edges.length];
            long cumulative = 0;
            for (int i = 1; i < edges.length; i++) {
                cumulative += ref.binCounts().get(i - 1);
                fs[i] = cumulative / (double) total;
            }
            note = "KS approximated from the profile's decile bins (a profile written before the quantile sketch)";
        }
        double ks = ks(xs, fs, present);
        boolean drifted = psi > threshold || (ksThreshold != null && ks > ksThreshold);
        return new FeatureDrift(ref.name(), ref.type(), drifted ? FeatureDrift.Status.DRIFT : FeatureDrift.Status.OK,
                drifted, psi, ks, missingBefore, missingNow, ref.mean(), mean(present), ref.binEdges(), list(before),
                list(now), null, null, null, note);
    }

    private static FeatureDrift categorical(ColumnProfile ref, CategoricalColumn col, double threshold) {
        Map<String, Long> nowCounts = new HashMap<>();
        long present = 0;
        for (int r = 0; r < col.size(); r++) {
            String v = col.value(r);
            if (v != null) {
                nowCounts.merge(v, 1L, Long::sum);
                present++;
            }
        }
        Double missingBefore = share(ref.missing(), ref.count() + ref.missing());
        Double missingNow = share(col.missing(), col.size());
        List<ColumnProfile.LevelCount> top = ref.topLevels() == null ? List.of() : ref.topLevels();
        // the profile knows every level when there were no more than it keeps; otherwise unseen ones may be "other"
        boolean complete = ref.distinct() != null && ref.distinct() <= top.size();
        Map<String, double[]> buckets = new LinkedHashMap<>();
        long listed = 0;
        for (ColumnProfile.LevelCount l : top) {
            buckets.put(l.value(), new double[] {l.count(), 0});
            listed += l.count();
        }
        if (!complete) {
            buckets.put(OTHER, new double[] {ref.count() - listed, 0});
        }
        buckets.put(NEW, new double[] {0, 0});
        List<String> newLevels = new ArrayList<>();
        for (var e : nowCounts.entrySet()) {
            double[] b = buckets.get(e.getKey());
            if (b != null && !e.getKey().equals(OTHER) && !e.getKey().equals(NEW)) {
                b[1] += e.getValue();
            } else if (complete) {
                buckets.get(NEW)[1] += e.getValue();
                newLevels.add(e.getKey());
            } else {
                buckets.get(OTHER)[1] += e.getValue();
            }
        }
        if (buckets.get(NEW)[1] == 0) {
            buckets.remove(NEW);
        }
        List<String> gone = top.stream().map(ColumnProfile.LevelCount::value).filter(v -> !nowCounts.containsKey(v))
                .limit(LISTED).toList();
        newLevels.sort(null);
        if (ref.count() == 0 || present == 0) {
            boolean drifted = ref.count() > 0;
            return new FeatureDrift(ref.name(), ref.type(), drifted ? FeatureDrift.Status.DRIFT
                    : FeatureDrift.Status.OK, drifted, null, null, missingBefore, missingNow, null, null, null, null,
                    null, null, null, null, drifted ? "the new data has no values in this column"
                    : "the training data had no values in this column");
        }
        List<String> levels = new ArrayList<>(buckets.keySet());
        double[] before = new double[levels.size()];
        double[] now = new double[levels.size()];
        for (int i = 0; i < levels.size(); i++) {
            double[] b = buckets.get(levels.get(i));
            before[i] = b[0] / ref.count();
            now[i] = b[1] / present;
        }
        double psi = psi(before, now);
        boolean drifted = psi > threshold;
        return new FeatureDrift(ref.name(), ref.type(), drifted ? FeatureDrift.Status.DRIFT : FeatureDrift.Status.OK,
                drifted, psi, null, missingBefore, missingNow, null, null, null, list(before), list(now), levels,
                newLevels.isEmpty() ? null : List.copyOf(newLevels.subList(0, Math.min(LISTED, newLevels.size()))),
                gone.isEmpty() ? null : gone, complete ? null : "the profile kept the " + top.size()
                + " most frequent of " + ref.distinct() + " levels; the rest are compared as one bucket");
    }

    /** Population stability index of two share vectors over the same buckets, shares floored at {@link #FLOOR}. */
    public static double psi(double[] before, double[] now) {
        double sum = 0;
        for (int i = 0; i < before.length; i++) {
            double b = Math.max(before[i], FLOOR);
            double n = Math.max(now[i], FLOOR);
            sum += (n - b) * Math.log(n / b);
        }
        return sum;
    }

    /**
     * The KS statistic between a reference CDF, given as increasing points (xs[i], fs[i]) joined linearly (0 below
     * the first, 1 from the last), and the empirical CDF of sorted values.
     */
    static double ks(double[] xs, double[] fs, double[] sorted) {
        double worst = 0;
        int m = sorted.length;
        int i = 0;
        while (i < m) {
            double y = sorted[i];
            int j = i;
            while (j < m && sorted[j] == y) {
                j++;
            }
            double below = i / (double) m;
            double atOrBelow = j / (double) m;
            worst = Math.max(worst, Math.abs(atOrBelow - cdf(xs, fs, y, true)));
            worst = Math.max(worst, Math.abs(below - cdf(xs, fs, y, false)));
            i = j;
        }
        return worst;
    }

    /** The reference CDF at y (inclusive) or just below it (exclusive). */
    private static double cdf(double[] xs, double[] fs, double y, boolean inclusive) {
        int last = -1;
        for (int k = 0; k < xs.length; k++) {
            if (inclusive ? xs[k] <= y : xs[k] < y) {
                last = k;
            } else {
                break;
            }
        }
        if (last < 0) {
            return 0;
        }
        if (last == xs.length - 1) {
            return inclusive ? 1 : fs[last];
        }
        double span = xs[last + 1] - xs[last];
        double frac = span > 0 ? Math.clamp((y - xs[last]) / span, 0, 1) : 0;
        return fs[last] + frac * (fs[last + 1] - fs[last]);
    }

    private static Double share(long part, long whole) {
        return whole == 0 ? 0.0 : part / (double) whole;
    }

    private static Double mean(double[] values) {
        if (values.length == 0) {
            return null;
        }
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return s / values.length;
    }

    private static List<Double> list(double[] values) {
        return Arrays.stream(values).boxed().toList();
    }
}
