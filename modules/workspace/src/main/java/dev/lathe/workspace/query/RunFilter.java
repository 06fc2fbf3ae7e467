package dev.lathe.workspace.query;

import java.util.List;

/**
 * A parsed runs-table filter, e.g. {@code metrics.val_accuracy > 0.9 and not status = FAILED}. Parse with
 * {@link #parse(String)}; turn into SQL with {@link FilterSql}. Comparisons carry their values as typed literals,
 * checked at parse time, so a bad date or status is reported with its column before any query runs.
 */
public sealed interface RunFilter {

    enum Op {
        EQ("="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">="), CONTAINS("~");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    /** Every run: what an empty filter means. */
    record All() implements RunFilter {
    }

    record And(RunFilter left, RunFilter right) implements RunFilter {
    }

    record Or(RunFilter left, RunFilter right) implements RunFilter {
    }

    record Not(RunFilter inner) implements RunFilter {
    }

    /** field op value; the value is text, a number, a status name or an instant range, per the field. */
    record Compare(RunField field, Op op, Value value) implements RunFilter {
    }

    /** field in (v1, v2, ...): any of the values. */
    record In(RunField field, List<Value> values) implements RunFilter {
        public In {
            values = List.copyOf(values);
        }
    }

    /** A literal as written, with the number it reads as (null when it is not one). */
    record Value(String text, Double number) {
        static Value of(String text) {
            return new Value(text, FilterParser.number(text));
        }
    }

    /**
     * Parses filter text. Blank text matches all runs.
     *
     * @throws RunFilterException naming what was expected and the column where it was not found
     */
    static RunFilter parse(String text) {
        return new FilterParser(text).parse();
    }
}
