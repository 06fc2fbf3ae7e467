package dev.lathe.training.tabular;

import dev.lathe.data.CategoricalColumn;
import dev.lathe.data.Column;
import dev.lathe.data.NumericColumn;
import dev.lathe.data.Table;
import dev.lathe.training.Task;
import dev.lathe.training.Trainer;
import dev.lathe.training.Trainers;
import dev.lathe.training.TrainingException;
import dev.lathe.training.TrainingRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * A table made ready for a trainer: the task settled, the label checked and turned into class indexes or
 * numbers, the rows split, and the features encoded with statistics from the training rows.
 *
 * @param classes      the label classes in index order (empty for regression)
 * @param trainX       encoded inputs of the training rows, one array per row
 * @param trainClasses class index of each training row (classification; empty for regression)
 * @param trainTarget  label value of each training row (regression; empty for classification)
 */
public record PreparedData(Task task, String label, List<String> classes, Table table, Split split,
                           FeatureEncoder encoder, double[][] trainX, double[][] valX, int[] trainClasses,
                           int[] valClasses, double[] trainTarget, double[] valTarget) {

    /**
     * The checks of {@link #prepare} that need no encoding: label present and complete, task settled and done by
     * the trainer, at least one feature, more than one class. Cheap, so callers can refuse bad input before
     * recording anything without preparing the data twice.
     *
     * @return the task
     */
    public static Task check(TrainingRequest request, Trainer trainer) {
        Table table = request.data();
        String label = request.label();
        if (label == null || !table.hasColumn(label)) {
            throw new TrainingException("label column '" + label + "' is not in " + table.name() + " (columns: "
                    + String.join(", ", table.columnNames()) + ")");
        }
        Column labelColumn = table.column(label);
        checkNoMissing(table, labelColumn);
        Task task = TaskInference.infer(labelColumn, request.task());
        if (!trainer.tasks().contains(task)) {
            String taskName = task.name().toLowerCase(Locale.ROOT);
            throw new TrainingException("trainer " + trainer.name() + " does not do " + taskName
                    + (request.task() == null ? " (inferred from label '" + label + "')" : "")
                    + "; trainers that do: " + String.join(", ", Trainers.namesFor(task)));
        }
        List<String> features = table.columnNames().stream().filter(n -> !n.equals(label)).toList();
        if (features.isEmpty()) {
            throw new TrainingException(table.name() + " has no feature columns: only the label '" + label + "'");
        }
        if (task == Task.CLASSIFICATION) {
            List<String> classes = classes(labelColumn);
            if (classes.size() == 1) {
                throw new TrainingException("label '" + label + "' has a single class '" + classes.getFirst()
                        + "': nothing to learn");
            }
        } else {
            NumericColumn numbers = (NumericColumn) labelColumn;
            double first = numbers.value(0);
            for (int r = 1; r < numbers.size(); r++) {
                if (numbers.value(r) != first) {
                    return task;
                }
            }
            throw new TrainingException("label '" + label + "' is " + numbers.text(0) + " on every row: nothing to learn");
        }
        return task;
    }

    /**
     * Checks the request against the data and prepares it.
     *
     * @throws TrainingException when the label is absent, has missing values or a single class, the trainer
     *                           cannot do the task, or there are no feature columns or too few rows
     */
    public static PreparedData prepare(TrainingRequest request, Trainer trainer, double valFraction) {
        Task task = check(request, trainer);
        Table table = request.data();
        String label = request.label();
        Column labelColumn = table.column(label);
        List<String> features = table.columnNames().stream().filter(n -> !n.equals(label)).toList();

        int n = table.rows();
        List<String> classes = List.of();
        int[] classOfRow = new int[0];
        double[] target = new double[0];
        Split split;
        if (task == Task.CLASSIFICATION) {
            classes = classes(labelColumn);
            Map<String, Integer> index = new HashMap<>();
            for (int c = 0; c < classes.size(); c++) {
                index.put(classes.get(c), c);
            }
            classOfRow = new int[n];
            for (int r = 0; r < n; r++) {
                classOfRow[r] = index.get(labelColumn.text(r));
            }
            split = Split.stratified(classOfRow, classes.size(), valFraction, request.seed());
        } else {
            target = ((NumericColumn) labelColumn).values();
            split = Split.shuffled(n, valFraction, request.seed());
        }

        FeatureEncoder encoder = FeatureEncoder.fit(table, features, split.train());
        return new PreparedData(task, label, classes, table, split, encoder,
                encoder.encode(table, split.train()), encoder.encode(table, split.validation()),
                pick(classOfRow, split.train()), pick(classOfRow, split.validation()),
                pick(target, split.train()), pick(target, split.validation()));
    }

    public int numClasses() {
        return classes.size();
    }

    private static void checkNoMissing(Table table, Column label) {
        if (label.missing() == 0) {
            return;
        }
        for (int r = 0; r < label.size(); r++) {
            if (label.isMissing(r)) {
                throw new TrainingException("label '" + label.name() + "' is missing on line " + table.line(r) + " of "
                        + table.name() + " (" + label.missing() + (label.missing() == 1 ? " row" : " rows")
                        + " in all); fill in or remove those rows");
            }
        }
    }

    /** Text labels sorted by name; whole-number labels sorted by value ("2" before "10"). */
    private static List<String> classes(Column label) {
        return switch (label) {
            case CategoricalColumn c -> c.levels();
            case NumericColumn n -> {
                TreeSet<Double> values = new TreeSet<>();
                for (int r = 0; r < n.size(); r++) {
                    values.add(n.value(r));
                }
                List<String> names = new ArrayList<>();
                for (double v : values) {
                    names.add(Long.toString((long) v));
                }
                yield List.copyOf(names);
            }
        };
    }

    private static int[] pick(int[] values, int[] rows) {
        if (values.length == 0) {
            return values;
        }
        int[] out = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = values[rows[i]];
        }
        return out;
    }

    private static double[] pick(double[] values, int[] rows) {
        if (values.length == 0) {
            return values;
        }
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = values[rows[i]];
        }
        return out;
    }
}
