package dev.lathe.data;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Summary statistics of one column, part of a {@link DatasetProfile}. Numeric columns fill the numeric
 * fields (min .. binCounts) and leave the categorical ones null; categorical columns the other way round.
 * See {@link DatasetProfile} for the JSON shape.
 *
 * @param type      "numeric" or "categorical"
 * @param count     rows with a value
 * @param missing   rows without one
 * @param std       sample standard deviation (n - 1); 0 for a single value
 * @param binEdges  the deciles of the present values, from min to max (11 edges; fewer when values repeat, since
 *                  equal edges are merged); bin i holds edges[i] <= v < edges[i+1], the last bin includes max
 * @param binCounts rows in each bin (binEdges.size() - 1 entries)
 * @param distinct  number of distinct levels
 * @param topLevels the up to 50 most frequent levels, most frequent first (ties by name)
 * @param quantiles the percentiles 0, 1, .., 100 of the present values (101 entries): a quantile sketch that drift
 *                  checks use for the Kolmogorov-Smirnov statistic; absent in profiles written before it existed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ColumnProfile(
        String name,
        String type,
        long count,
        long missing,
        Double min,
        Double max,
        Double mean,
        Double std,
        @JsonProperty("bin_edges") List<Double> binEdges,
        @JsonProperty("bin_counts") List<Long> binCounts,
        Integer distinct,
        @JsonProperty("top_levels") List<LevelCount> topLevels,
        List<Double> quantiles) {

    public static final String NUMERIC = "numeric";
    public static final String CATEGORICAL = "categorical";

    public ColumnProfile {
        binEdges = binEdges == null ? null : List.copyOf(binEdges);
        binCounts = binCounts == null ? null : List.copyOf(binCounts);
        topLevels = topLevels == null ? null : List.copyOf(topLevels);
        quantiles = quantiles == null ? null : List.copyOf(quantiles);
    }

    /** A profile without the quantile sketch (as written before it existed). */
    public ColumnProfile(String name, String type, long count, long missing, Double min, Double max, Double mean,
                         Double std, List<Double> binEdges, List<Long> binCounts, Integer distinct,
                         List<LevelCount> topLevels) {
        this(name, type, count, missing, min, max, mean, std, binEdges, binCounts, distinct, topLevels, null);
    }

    public boolean numeric() {
        return NUMERIC.equals(type);
    }

    /** How often a level occurs. */
    public record LevelCount(String value, long count) {
    }
}
