package dev.lathe.training.tabular;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * How one input column is turned into model inputs; stored in lathe-model.json so the same encoding can be
 * applied to new data.
 *
 * @param type   "numeric": one input, (value - mean) / std, a missing value becomes 0 (the training mean);
 *               "categorical": one input per level, 1 for the row's level, all 0 for a missing or unseen level
 * @param mean   numeric only: mean over the training rows
 * @param std    numeric only: population standard deviation over the training rows (1 when that was 0)
 * @param levels categorical only: the levels given an input, in input order
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FeatureSpec(String name, String type, Double mean, Double std, List<String> levels) {
    public static final String NUMERIC = "numeric";
    public static final String CATEGORICAL = "categorical";

    public FeatureSpec {
        levels = levels == null ? null : List.copyOf(levels);
    }

    public static FeatureSpec numeric(String name, double mean, double std) {
        return new FeatureSpec(name, NUMERIC, mean, std, null);
    }

    public static FeatureSpec categorical(String name, List<String> levels) {
        return new FeatureSpec(name, CATEGORICAL, null, null, levels);
    }

    @JsonIgnore
    public boolean isNumeric() {
        return NUMERIC.equals(type);
    }

    /** How many model inputs this column becomes. */
    @JsonIgnore
    public int width() {
        return isNumeric() ? 1 : levels.size();
    }
}
