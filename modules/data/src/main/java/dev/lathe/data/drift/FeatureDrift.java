package dev.lathe.data.drift;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * How one column of new data compares with the same column of the training data.
 *
 * @param name            the column
 * @param type            "numeric" or "categorical" (the training data's type; the new one for a new column)
 * @param status          {@link Status}
 * @param drifted         whether this column counts against the check (psi, or ks when a KS threshold is set,
 *                        beyond the threshold; a missing feature column; a changed type)
 * @param psi             population stability index over the training data's bins (numeric) or levels
 *                        (categorical); null when the column cannot be compared
 * @param ks              two-sample Kolmogorov-Smirnov statistic (numeric only): the largest gap between the two
 *                        cumulative distributions, the training one read from its quantile sketch
 * @param missingBefore   share of rows without a value in the training data
 * @param missingNow      the same in the new data
 * @param meanBefore      numeric: training mean
 * @param meanNow         numeric: new mean
 * @param binEdges        numeric: the training data's bin edges (deciles) the PSI used
 * @param sharesBefore    per bin (numeric) or per level (categorical, in {@code levels} order): training share
 * @param sharesNow       the same for the new data
 * @param levels          categorical: the levels compared (training levels, then "(other)" / "(new)")
 * @param newCategories   categorical: levels the new data has and the training data never had (up to 20)
 * @param goneCategories  categorical: training levels absent from the new data (up to 20)
 * @param note            what else a reader should know (approximate KS, a label column, ...)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FeatureDrift(String name, String type, Status status, boolean drifted, Double psi, Double ks,
                           Double missingBefore, Double missingNow, Double meanBefore, Double meanNow,
                           List<Double> binEdges, List<Double> sharesBefore, List<Double> sharesNow,
                           List<String> levels, List<String> newCategories, List<String> goneCategories,
                           String note) {

    /** What was found for a column. */
    public enum Status {
        /** Compared; within the threshold. */
        OK,
        /** Compared; beyond the threshold. */
        DRIFT,
        /** In the training data, not in the new data. */
        MISSING_COLUMN,
        /** In the new data only (not a feature the model was trained on). */
        NEW_COLUMN,
        /** Numeric in one, categorical in the other. */
        TYPE_CHANGED
    }
}
