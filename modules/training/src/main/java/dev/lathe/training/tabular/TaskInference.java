package dev.lathe.training.tabular;

import dev.lathe.data.CategoricalColumn;
import dev.lathe.data.Column;
import dev.lathe.data.NumericColumn;
import dev.lathe.training.Task;
import dev.lathe.training.TrainingException;
import java.util.HashSet;
import java.util.Set;

/** Decides between classification and regression from the label column, unless the user said which. */
public final class TaskInference {
    /** A numeric label of whole numbers with at most this many distinct values is taken for class numbers. */
    public static final int MAX_INFERRED_CLASSES = 20;

    private TaskInference() {
    }

    /**
     * Text labels are classes; whole numbers with at most {@value #MAX_INFERRED_CLASSES} distinct values are
     * classes; other numbers are a regression target. A requested task wins where it makes sense.
     *
     * @param requested the task the user asked for, or null to infer it
     * @throws TrainingException for regression on text, or classification of numbers with fractions
     */
    public static Task infer(Column label, Task requested) {
        return switch (label) {
            case CategoricalColumn c -> {
                if (requested == Task.REGRESSION) {
                    throw new TrainingException("label '" + c.name() + "' holds text (such as '" + c.levels().getFirst()
                            + "'); regression needs a numeric label");
                }
                yield Task.CLASSIFICATION;
            }
            case NumericColumn n -> {
                if (requested == Task.CLASSIFICATION && !n.isIntegral()) {
                    throw new TrainingException("label '" + n.name() + "' has numbers with fractions (such as "
                            + firstFraction(n) + "); classification needs class names or whole numbers"
                            + " (use the regression task to predict a number)");
                }
                if (requested != null) {
                    yield requested;
                }
                yield n.isIntegral() && distinct(n, MAX_INFERRED_CLASSES + 1) <= MAX_INFERRED_CLASSES
                        ? Task.CLASSIFICATION : Task.REGRESSION;
            }
        };
    }

    /** Distinct present values, counting no further than limit. */
    private static int distinct(NumericColumn column, int limit) {
        Set<Double> seen = new HashSet<>();
        for (int r = 0; r < column.size() && seen.size() < limit; r++) {
            if (!column.isMissing(r)) {
                seen.add(column.value(r));
            }
        }
        return seen.size();
    }

    private static String firstFraction(NumericColumn column) {
        for (int r = 0; r < column.size(); r++) {
            double v = column.value(r);
            if (!Double.isNaN(v) && v != Math.rint(v)) {
                return column.text(r);
            }
        }
        return "?";
    }
}
