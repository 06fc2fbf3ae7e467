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
        @JsonProperty("top_levels") List<LevelCount> topLevels) {

    public static final String NUMERIC = "numeric";
    public static final String CATEGORICAL = "categorical";

    public ColumnProfile {
        binEdges = binEdges == null ? null : List.copyOf(binEdges);
        binCounts = binCounts == null ? null : List.copyOf(binCounts);
        topLevels = topLevels == null ? null : List.copyOf(topLevels);
    }

    public boolean numeric() {
        return NUMERIC.equals(type);
    }

    /** How often a level occurs. */
    public record LevelCount(String value, long count) {
    }
}
