package dev.lathe.training.tabular;

/** What a model predicted for a set of rows: class indexes (into the label classes) or numbers. */
public sealed interface Predictions {

    int size();

    record Classes(int[] values) implements Predictions {
        @Override
        public int size() {
            return values.length;
        }
    }

    record Values(double[] values) implements Predictions {
        @Override
        public int size() {
            return values.length;
        }
    }
}
