package dev.lathe.training.tabular;

import dev.lathe.data.CategoricalColumn;
import dev.lathe.data.Column;
import dev.lathe.data.NumericColumn;
import dev.lathe.data.Table;
import dev.lathe.training.TrainingException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns table columns into a dense matrix of model inputs: numbers standardised with the training rows' mean
 * and standard deviation, text one-hot encoded. Statistics come from the training rows only, so nothing about
 * the validation rows leaks into the model.
 */
public final class FeatureEncoder {
    /** Text columns keep their most frequent levels, so an id-like column cannot blow up the input width. */
    public static final int MAX_LEVELS = 100;

    private final List<FeatureSpec> features;
    private final List<Map<String, Integer>> levelIndex;
    private final int width;

    private FeatureEncoder(List<FeatureSpec> features) {
        this.features = List.copyOf(features);
        this.levelIndex = new ArrayList<>();
        int w = 0;
        for (FeatureSpec f : this.features) {
            Map<String, Integer> index = new HashMap<>();
            if (!f.isNumeric()) {
                for (int i = 0; i < f.levels().size(); i++) {
                    index.put(f.levels().get(i), i);
                }
            }
            levelIndex.add(index);
            w += f.width();
        }
        this.width = w;
    }

    /** Learns the encoding of the named columns from the given rows (the training part). */
    public static FeatureEncoder fit(Table table, List<String> columns, int[] rows) {
        List<FeatureSpec> specs = new ArrayList<>();
        for (String name : columns) {
            specs.add(switch (table.column(name)) {
                case NumericColumn n -> numeric(n, rows);
                case CategoricalColumn c -> categorical(c, rows);
            });
        }
        return new FeatureEncoder(specs);
    }

    /** An encoder from stored specs (a model's manifest). */
    public static FeatureEncoder of(List<FeatureSpec> features) {
        return new FeatureEncoder(features);
    }

    public List<FeatureSpec> features() {
        return features;
    }

    /** Number of model inputs. */
    public int width() {
        return width;
    }

    /** A name for each model input: the column name, or "column=level" for a one-hot input. */
    public List<String> inputNames() {
        List<String> names = new ArrayList<>(width);
        for (FeatureSpec f : features) {
            if (f.isNumeric()) {
                names.add(f.name());
            } else {
                f.levels().forEach(level -> names.add(f.name() + "=" + level));
            }
        }
        return names;
    }

    /**
     * Encodes the given rows of a table that has the encoder's columns (by name; other columns are ignored).
     *
     * @throws TrainingException when a column is absent or has changed from numbers to text
     */
    public double[][] encode(Table table, int[] rows) {
        double[][] out = new double[rows.length][width];
        int offset = 0;
        for (int f = 0; f < features.size(); f++) {
            FeatureSpec spec = features.get(f);
            if (!table.hasColumn(spec.name())) {
                throw new TrainingException("column '" + spec.name() + "' the model was trained with is not in "
                        + table.name() + " (columns: " + String.join(", ", table.columnNames()) + ")");
            }
            Column column = table.column(spec.name());
            switch (column) {
                case NumericColumn n when spec.isNumeric() -> {
                    for (int i = 0; i < rows.length; i++) {
                        double v = n.value(rows[i]);
                        out[i][offset] = Double.isNaN(v) ? 0.0 : (v - spec.mean()) / spec.std();
                    }
                }
                case CategoricalColumn c when !spec.isNumeric() -> {
                    Map<String, Integer> index = levelIndex.get(f);
                    for (int i = 0; i < rows.length; i++) {
                        String v = c.value(rows[i]);
                        Integer level = v == null ? null : index.get(v);
                        if (level != null) {
                            out[i][offset + level] = 1.0;
                        }
                    }
                }
                default -> throw typeChanged(spec, table);
            }
            offset += spec.width();
        }
        return out;
    }

    private static TrainingException typeChanged(FeatureSpec spec, Table table) {
        return new TrainingException("column '" + spec.name() + "' in " + table.name() + " is "
                + (spec.isNumeric() ? "text" : "numeric") + ", but the model was trained on " + spec.type() + " values");
    }

    private static FeatureSpec numeric(NumericColumn column, int[] rows) {
        double sum = 0;
        int n = 0;
        for (int row : rows) {
            double v = column.value(row);
            if (!Double.isNaN(v)) {
                sum += v;
                n++;
            }
        }
        double mean = n == 0 ? 0.0 : sum / n;
        double squares = 0;
        for (int row : rows) {
            double v = column.value(row);
            if (!Double.isNaN(v)) {
                squares += (v - mean) * (v - mean);
            }
        }
        double std = n == 0 ? 0.0 : Math.sqrt(squares / n);
        return FeatureSpec.numeric(column.name(), mean, std > 1e-12 && Double.isFinite(std) ? std : 1.0);
    }

    private static FeatureSpec categorical(CategoricalColumn column, int[] rows) {
        Map<String, Integer> counts = new HashMap<>();
        for (int row : rows) {
            String v = column.value(row);
            if (v != null) {
                counts.merge(v, 1, Integer::sum);
            }
        }
        List<String> levels = counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(MAX_LEVELS)
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
        return FeatureSpec.categorical(column.name(), levels);
    }
}
