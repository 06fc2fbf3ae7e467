package dev.lathe.data;

import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/** A column of text values (categories, labels). Missing values are null. */
public final class CategoricalColumn implements Column {
    private final String name;
    private final String[] values;
    private final int missing;
    private final List<String> levels;

    public CategoricalColumn(String name, String[] values) {
        this.name = Objects.requireNonNull(name, "name");
        this.values = values.clone();
        TreeSet<String> distinct = new TreeSet<>();
        int nulls = 0;
        for (String v : this.values) {
            if (v == null) {
                nulls++;
            } else {
                distinct.add(v);
            }
        }
        this.missing = nulls;
        this.levels = List.copyOf(distinct);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int size() {
        return values.length;
    }

    @Override
    public int missing() {
        return missing;
    }

    @Override
    public boolean isMissing(int row) {
        return values[row] == null;
    }

    /** The value at a row; null when missing. */
    public String value(int row) {
        return values[row];
    }

    /** A copy of all values (null = missing). */
    public String[] values() {
        return values.clone();
    }

    /** The distinct present values, sorted. */
    public List<String> levels() {
        return levels;
    }

    @Override
    public String text(int row) {
        return values[row];
    }

    @Override
    public CategoricalColumn select(int[] rows) {
        String[] picked = new String[rows.length];
        for (int i = 0; i < rows.length; i++) {
            picked[i] = values[rows[i]];
        }
        return new CategoricalColumn(name, picked);
    }

    @Override
    public String toString() {
        return "CategoricalColumn[" + name + ", " + values.length + " rows, " + levels.size() + " levels, "
                + missing + " missing]";
    }
}
