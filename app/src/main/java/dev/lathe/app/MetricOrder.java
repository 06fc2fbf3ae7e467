package dev.lathe.app;

import java.util.Comparator;

/**
 * The order metric keys are offered in: validation metrics first (what runs are compared by), then the rest,
 * then training-set metrics. The runs table, run detail and compare all use it.
 */
public final class MetricOrder {
    public static final Comparator<String> VALIDATION_FIRST = Comparator
            .comparingInt((String k) -> k.startsWith("val_") ? 0 : k.startsWith("train_") ? 2 : 1)
            .thenComparing(Comparator.naturalOrder());

    private MetricOrder() {
    }
}
