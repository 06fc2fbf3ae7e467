package dev.lathe.data;

import java.util.Objects;

/** A column whose every present value is a number. Missing values are NaN. */
public final class NumericColumn implements Column {
    private final String name;
    private final double[] values;
    private final int missing;
    private final boolean integral;

    public NumericColumn(String name, double[] values) {
        this.name = Objects.requireNonNull(name, "name");
        this.values = values.clone();
        int nan = 0;
        boolean whole = true;
        for (double v : this.values) {
            if (Double.isNaN(v)) {
                nan++;
            } else if (v != Math.rint(v) || Double.isInfinite(v)) {
                whole = false;
            }
        }
        this.missing = nan;
        this.integral = whole;
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
        return Double.isNaN(values[row]);
    }

    /** The value at a row; NaN when missing. */
    public double value(int row) {
        return values[row];
    }

    /** A copy of all values (NaN = missing); use {@link #value(int)} in loops. */
    public double[] values() {
        return values.clone();
    }

    /** True when every present value is a whole number (counts, codes, class numbers). */
    public boolean isIntegral() {
        return integral;
    }

    @Override
    public String text(int row) {
        double v = values[row];
        if (Double.isNaN(v)) {
            return null;
        }
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    @Override
    public NumericColumn select(int[] rows) {
        double[] picked = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            picked[i] = values[rows[i]];
        }
        return new NumericColumn(name, picked);
    }

    @Override
    public String toString() {
        return "NumericColumn[" + name + ", " + values.length + " rows, " + missing + " missing]";
    }
}
