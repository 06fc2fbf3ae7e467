package dev.lathe.data;

/**
 * One column of a {@link Table}: numbers or text, with missing values marked (NaN or null). Columns are
 * immutable; {@link #select(int[])} returns a new column holding the chosen rows.
 */
public sealed interface Column permits NumericColumn, CategoricalColumn {

    String name();

    /** Number of rows, missing ones included. */
    int size();

    /** Number of rows whose value is missing. */
    int missing();

    boolean isMissing(int row);

    /** The value at a row as text, as a user would read it; null when missing. */
    String text(int row);

    /** A column holding the given rows, in the given order. */
    Column select(int[] rows);
}
