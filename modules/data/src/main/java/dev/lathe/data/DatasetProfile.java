package dev.lathe.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a dataset looks like, column by column; stored with a dataset's fingerprint so that later data can be
 * compared against it (drift: PSI over the decile bins, KS over the binned distribution).
 *
 * <p>JSON shape ({@link #toJson()}; numeric fields appear only for numeric columns, level fields only for
 * categorical ones):
 * <pre>{@code
 * {
 *   "rows": 150,
 *   "columns": [
 *     {"name": "petal_length", "type": "numeric", "count": 150, "missing": 0,
 *      "min": 1.0, "max": 6.9, "mean": 3.758, "std": 1.765,
 *      "bin_edges": [1.0, 1.4, 1.5, ..., 6.9],          // deciles, min to max, equal edges merged
 *      "bin_counts": [11, 18, ...],                      // one count per bin: edges.length - 1
 *      "quantiles": [1.0, 1.1, ..., 6.9]},               // percentiles 0..100 (absent in older profiles)
 *     {"name": "species", "type": "categorical", "count": 150, "missing": 0, "distinct": 3,
 *      "top_levels": [{"value": "setosa", "count": 50}, ...]}   // up to 50, most frequent first
 *   ]
 * }
 * }</pre>
 * A numeric column with no present values has count 0 and no min .. bin fields.
 */
public record DatasetProfile(List<ColumnProfile> columns, long rows) {
    /** At most this many levels are kept per categorical column. */
    public static final int TOP_LEVELS = 50;
    private static final int BINS = 10;
    /** The quantile sketch holds the percentiles 0 .. 100. */
    public static final int QUANTILES = 100;
    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    public DatasetProfile {
        columns = List.copyOf(columns);
    }

    public static DatasetProfile of(Table table) {
        List<ColumnProfile> profiles = new ArrayList<>();
        for (Column column : table.columns()) {
            profiles.add(switch (column) {
                case NumericColumn n -> numeric(n);
                case CategoricalColumn c -> categorical(c);
            });
        }
        return new DatasetProfile(profiles, table.rows());
    }

    /** The profile of a column by name, or null. */
    public ColumnProfile column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a profile is always serialisable", e);
        }
    }

    /** @throws IllegalArgumentException when the text is not a profile */
    public static DatasetProfile fromJson(String json) {
        try {
            return JSON.readValue(json, DatasetProfile.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a dataset profile: " + e.getOriginalMessage(), e);
        }
    }

    private static ColumnProfile numeric(NumericColumn column) {
        double[] present = Arrays.stream(column.values()).filter(v -> !Double.isNaN(v)).sorted().toArray();
        int n = present.length;
        if (n == 0) {
            return new ColumnProfile(column.name(), ColumnProfile.NUMERIC, 0, column.missing(),
                    null, null, null, null, null, null, null, null);
        }
        double sum = 0;
        for (double v : present) {
            sum += v;
        }
        double mean = sum / n;
        double squares = 0;
        for (double v : present) {
            squares += (v - mean) * (v - mean);
        }
        double std = n > 1 ? Math.sqrt(squares / (n - 1)) : 0.0;

        List<Double> edges = new ArrayList<>();
        for (int q = 0; q <= BINS; q++) {
            double edge = quantile(present, q / (double) BINS);
            if (edges.isEmpty() || edge > edges.getLast()) {
                edges.add(edge);
            }
        }
        if (edges.size() == 1) {
            edges.add(edges.getFirst()); // a constant column: one bin holding everything
        }
        long[] counts = new long[edges.size() - 1];
        double[] edgeArray = edges.stream().mapToDouble(Double::doubleValue).toArray();
        for (double v : present) {
            counts[bin(edgeArray, v)]++;
        }
        List<Double> quantiles = new ArrayList<>(QUANTILES + 1);
        for (int q = 0; q <= QUANTILES; q++) {
            quantiles.add(quantile(present, q / (double) QUANTILES));
        }
        return new ColumnProfile(column.name(), ColumnProfile.NUMERIC, n, column.missing(),
                present[0], present[n - 1], mean, std, edges, Arrays.stream(counts).boxed().toList(), null, null,
                quantiles);
    }

    /** Linear interpolation between closest ranks (numpy's default, R's type 7). */
    private static double quantile(double[] sorted, double p) {
        double position = p * (sorted.length - 1);
        int lower = (int) Math.floor(position);
        int upper = Math.min(lower + 1, sorted.length - 1);
        return sorted[lower] + (position - lower) * (sorted[upper] - sorted[lower]);
    }

    /**
     * The bin of a value: the last edge at or below it, clamped to the first and last bins, so a value
     * outside [min, max] (new data checked against an old profile) counts in the nearest bin.
     *
     * @param edges increasing bin edges, as in {@link ColumnProfile#binEdges()}
     */
    public static int bin(double[] edges, double value) {
        int i = Arrays.binarySearch(edges, value);
        int index = i >= 0 ? i : -i - 2;
        return Math.clamp(index, 0, edges.length - 2);
    }

    private static ColumnProfile categorical(CategoricalColumn column) {
        Map<String, Long> counts = new HashMap<>();
        for (int r = 0; r < column.size(); r++) {
            String v = column.value(r);
            if (v != null) {
                counts.merge(v, 1L, Long::sum);
            }
        }
        List<ColumnProfile.LevelCount> top = counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(TOP_LEVELS)
                .map(e -> new ColumnProfile.LevelCount(e.getKey(), e.getValue()))
                .toList();
        return new ColumnProfile(column.name(), ColumnProfile.CATEGORICAL, column.size() - column.missing(),
                column.missing(), null, null, null, null, null, null, counts.size(), top);
    }
}
