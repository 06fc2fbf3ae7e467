package dev.lathe.training.predict;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a model predicts for one row: a class with its probabilities, or a number. */
public sealed interface Prediction {
    /** The predicted class name (classification) or value in the label's units (regression). */
    Object label();

    /**
     * A classification.
     *
     * @param probabilities each class's probability, in the manifest's class order; empty when the model gives
     *                      no probabilities (a Tribuo model that only votes)
     */
    record ClassLabel(String label, Map<String, Double> probabilities) implements Prediction {
        public ClassLabel {
            probabilities = Collections.unmodifiableMap(new LinkedHashMap<>(probabilities));
        }
    }

    /** A regression, in the label's own units. */
    record Value(Double label) implements Prediction {
    }
}
