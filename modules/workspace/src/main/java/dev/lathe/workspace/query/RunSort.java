package dev.lathe.workspace.query;

/** One key of the table's sort. Runs missing the value (no such param or metric, not started) come last either way. */
public record RunSort(RunField field, boolean descending) {
    public static RunSort asc(RunField field) {
        return new RunSort(field, false);
    }

    public static RunSort desc(RunField field) {
        return new RunSort(field, true);
    }
}
