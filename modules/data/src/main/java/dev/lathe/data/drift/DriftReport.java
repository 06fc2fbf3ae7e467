package dev.lathe.data.drift;

import java.util.List;

/**
 * The outcome of comparing new data with a training dataset's profile.
 *
 * @param threshold     PSI beyond which a feature drifted
 * @param ksThreshold   KS statistic beyond which a numeric feature drifted; null when KS is reported only
 * @param rowsBefore    rows of the training data
 * @param rowsNow       rows of the new data
 * @param features      one entry per column of either side, training columns first
 */
public record DriftReport(double threshold, Double ksThreshold, long rowsBefore, long rowsNow,
                          List<FeatureDrift> features) {
    public DriftReport {
        features = List.copyOf(features);
    }

    /** Whether any feature drifted. */
    public boolean drifted() {
        return features.stream().anyMatch(FeatureDrift::drifted);
    }

    /** The names of the features that drifted, in column order. */
    public List<String> driftedFeatures() {
        return features.stream().filter(FeatureDrift::drifted).map(FeatureDrift::name).toList();
    }
}
