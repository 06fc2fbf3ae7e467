package dev.lathe.workspace.query;

import dev.lathe.core.RunStatus;
import dev.lathe.workspace.query.RunField.Attr;
import dev.lathe.workspace.query.RunFilter.Op;
import dev.lathe.workspace.query.RunFilter.Value;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Compiles a {@link RunFilter} to a SQL condition over {@code run r}, and sort keys to ORDER BY terms. User
 * text only ever travels as bound parameters. Every condition is true or false, never NULL, so {@code not}
 * is the exact complement: {@code not name ~ "x"} includes unnamed runs.
 *
 * <p>Params and tags are matched through {@code r.pk IN (SELECT run_pk ...)}, which SQLite answers from the
 * (key, value) indexes of migration V3 instead of probing every run.
 */
public final class FilterSql {
    private final ZoneId zone;
    private final long now;

    /** @param zone the zone dates are read in; @param nowMillis what "now" is for a live run's duration */
    public FilterSql(ZoneId zone, long nowMillis) {
        this.zone = zone;
        this.now = nowMillis;
    }

    /** A SQL fragment and its parameters, in order. */
    public record Fragment(String sql, List<Object> args) {
        public Fragment {
            args = List.copyOf(args);
        }
    }

    public Fragment where(RunFilter filter) {
        List<Object> args = new ArrayList<>();
        String sql = condition(filter, args);
        return new Fragment(sql, args);
    }

    /** ORDER BY terms for the sort, missing values last, then newest run first so pages never shuffle. */
    public Fragment orderBy(List<RunSort> sort) {
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder();
        for (RunSort s : sort) {
            sql.append(sortExpression(s.field(), args)).append(s.descending() ? " DESC" : " ASC").append(" NULLS LAST, ");
        }
        sql.append("r.pk DESC");
        return new Fragment(sql.toString(), args);
    }

    /**
     * ORDER BY terms giving the order of RunTable's index-driven plan as one ORDER BY: by the first key (runs
     * without it last), the other keys, then ties on the first key by run age in the first key's direction, and
     * runs without it newest first.
     */
    public Fragment orderByIndexed(List<RunSort> sort) {
        List<Object> args = new ArrayList<>();
        RunSort first = sort.getFirst();
        String dir = first.descending() ? " DESC" : " ASC";
        StringBuilder sql = new StringBuilder();
        String firstSql = sortExpression(first.field(), args);
        sql.append(firstSql).append(dir).append(" NULLS LAST, ");
        for (RunSort s : sort.subList(1, sort.size())) {
            sql.append(sortExpression(s.field(), args)).append(s.descending() ? " DESC" : " ASC").append(" NULLS LAST, ");
        }
        if (first.descending()) {
            sql.append("r.pk DESC");
        } else {
            sql.append("CASE WHEN ").append(sortExpression(first.field(), args)).append(" IS NULL THEN -r.pk ELSE r.pk END ASC");
        }
        return new Fragment(sql.toString(), args);
    }

    /** ORDER BY terms for the sort keys after the first, ending in tiebreak, for the index-driven plan of RunTable. */
    public Fragment thenBy(List<RunSort> rest, String tiebreak) {
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder();
        for (RunSort s : rest) {
            sql.append(sortExpression(s.field(), args)).append(s.descending() ? " DESC" : " ASC").append(" NULLS LAST, ");
        }
        sql.append(tiebreak);
        return new Fragment(sql.toString(), args);
    }

    private String condition(RunFilter f, List<Object> args) {
        return switch (f) {
            case RunFilter.All() -> "1";
            case RunFilter.And(RunFilter l, RunFilter r) -> "(" + condition(l, args) + " AND " + condition(r, args) + ")";
            case RunFilter.Or(RunFilter l, RunFilter r) -> "(" + condition(l, args) + " OR " + condition(r, args) + ")";
            case RunFilter.Not(RunFilter inner) -> "NOT (" + condition(inner, args) + ")";
            case RunFilter.In(RunField field, List<Value> values) -> {
                List<String> parts = new ArrayList<>();
                for (Value v : values) {
                    parts.add(compare(field, Op.EQ, v, args));
                }
                yield "(" + String.join(" OR ", parts) + ")";
            }
            case RunFilter.Compare(RunField field, Op op, Value value) -> compare(field, op, value, args);
        };
    }

    private String compare(RunField field, Op op, Value v, List<Object> args) {
        return switch (field) {
            case RunField.Column(Attr attr) -> switch (attr) {
                case STATUS -> {
                    args.add(RunStatus.parse(v.text()).name());
                    yield "r.status " + (op == Op.EQ ? "=" : "<>") + " ?";
                }
                case NAME -> text("r.name", op, v, args);
                case TRAINER -> text("r.trainer", op, v, args);
                case ID -> text("r.id", op, v, args);
                case SWEEP -> text("r.sweep_id", op, v, args);
                case EXPERIMENT -> "r.experiment_id IN (SELECT e.id FROM experiment e WHERE "
                        + text("e.name", op, v, args) + ")";
                case STARTED -> date("r.started_at", op, v, args);
                case ENDED -> date("r.ended_at", op, v, args);
                case DURATION -> throw new IllegalArgumentException("duration cannot filter");
            };
            case RunField.Param(String key) -> keyValue("param", key, op, v, args);
            case RunField.Tag(String key) -> keyValue("tag", key, op, v, args);
            case RunField.Metric(String key, RunField.Stat stat) -> {
                args.add(key);
                args.add(v.number());
                yield "r.pk IN (SELECT s.run_pk FROM metric_summary s WHERE s.key_id = "
                        + "(SELECT id FROM metric_key WHERE name = ?) AND s." + statColumn(stat) + " " + sqlOp(op) + " ?)";
            }
        };
    }

    /** Text of a nullable run column: = and != ignore case, ~ is a case-insensitive contains. */
    private static String text(String column, Op op, Value v, List<Object> args) {
        if (op == Op.CONTAINS) {
            args.add(likeContains(v.text()));
            return "(" + column + " IS NOT NULL AND " + column + " LIKE ? ESCAPE '\\')";
        }
        args.add(v.text());
        if (op == Op.NE) {
            return "(" + column + " IS NULL OR " + column + " <> ? COLLATE NOCASE)";
        }
        return "(" + column + " IS NOT NULL AND " + column + " " + sqlOp(op) + " ? COLLATE NOCASE)";
    }

    /**
     * A param or tag: compared as numbers when the written value is a number and the stored one reads as one
     * (the V3 column num holds the value with REAL affinity), else as text.
     */
    private static String keyValue(String table, String key, Op op, Value v, List<Object> args) {
        args.add(key);
        String head = "r.pk IN (SELECT t.run_pk FROM " + table + " t WHERE t.key = ? AND ";
        if (op == Op.CONTAINS) {
            args.add(likeContains(v.text()));
            return head + "t.value LIKE ? ESCAPE '\\')";
        }
        if (v.number() == null) {
            args.add(v.text());
            return head + "t.value " + sqlOp(op) + " ?)";
        }
        // num < '' keeps the range on numbers (SQLite orders every number before any text), so the (key, num)
        // index answers it; stored values that are not numbers are compared as text
        args.add(v.number());
        args.add(key);
        args.add(v.text());
        return "(" + head + "t.num " + sqlOp(op) + " ? AND t.num < '') OR r.pk IN (SELECT t.run_pk FROM " + table
                + " t WHERE t.key = ? AND t.num >= '' AND t.value " + sqlOp(op) + " ?))";
    }

    /** Whether the filter reads only the run's own columns (no param, tag or metric). */
    public static boolean onRunColumns(RunFilter f) {
        return switch (f) {
            case RunFilter.All() -> true;
            case RunFilter.And(RunFilter l, RunFilter r) -> onRunColumns(l) && onRunColumns(r);
            case RunFilter.Or(RunFilter l, RunFilter r) -> onRunColumns(l) && onRunColumns(r);
            case RunFilter.Not(RunFilter inner) -> onRunColumns(inner);
            case RunFilter.In(RunField field, List<Value> values) -> field instanceof RunField.Column;
            case RunFilter.Compare(RunField field, Op op, Value value) -> field instanceof RunField.Column;
        };
    }

    /**
     * The pks of the runs that have a param, tag or metric value matching: a query reading only the (key, value)
     * index entries in range, the same set {@link #where} tests with {@code r.pk IN (...)}.
     */
    public Fragment runsWith(RunField field, Op op, Value v) {
        List<Object> args = new ArrayList<>();
        String sql = switch (field) {
            case RunField.Param(String key) -> keyValueRuns("param", key, op, v, args);
            case RunField.Tag(String key) -> keyValueRuns("tag", key, op, v, args);
            case RunField.Metric(String key, RunField.Stat stat) -> {
                args.add(key);
                args.add(v.number());
                yield "SELECT s.run_pk FROM metric_summary s WHERE s.key_id = (SELECT id FROM metric_key WHERE name = ?) "
                        + "AND s." + statColumn(stat) + " " + sqlOp(op) + " ?";
            }
            case RunField.Column col -> throw new IllegalArgumentException("not a key-value field: " + col);
        };
        return new Fragment(sql, args);
    }

    private static String keyValueRuns(String table, String key, Op op, Value v, List<Object> args) {
        args.add(key);
        String head = "SELECT t.run_pk FROM " + table + " t WHERE t.key = ? AND ";
        if (op == Op.CONTAINS) {
            args.add(likeContains(v.text()));
            return head + "t.value LIKE ? ESCAPE '\\'";
        }
        if (v.number() == null) {
            args.add(v.text());
            return head + "t.value " + sqlOp(op) + " ?";
        }
        args.add(v.number());
        args.add(key);
        args.add(v.text());
        // +t.value: the text branch reads the (key, num) index from the first text value on (a few entries, if
        // any), never the (key, value) index, where every number written as text would be in range
        return head + "t.num " + sqlOp(op) + " ? AND t.num < '' UNION ALL " + head + "t.num >= '' AND +t.value "
                + sqlOp(op) + " ?";
    }

    /** A date covers its whole day: "started = 2026-01-02" is any time that day, "started > 2026-01-02" from the 3rd. */
    private String date(String column, Op op, Value v, List<Object> args) {
        LocalDateTime t = FilterParser.date(v.text());
        boolean wholeDay = v.text().length() <= 10;
        long from = t.atZone(zone).toInstant().toEpochMilli();
        long to = (wholeDay ? t.plusDays(1) : t.plusMinutes(1)).atZone(zone).toInstant().toEpochMilli();
        String notNull = column + " IS NOT NULL AND ";
        switch (op) {
            case EQ -> {
                args.add(from);
                args.add(to);
                return "(" + notNull + column + " >= ? AND " + column + " < ?)";
            }
            case NE -> {
                args.add(from);
                args.add(to);
                return "(" + notNull + "(" + column + " < ? OR " + column + " >= ?))";
            }
            case LT -> args.add(from);
            case LE, GT -> args.add(to);
            case GE -> args.add(from);
            case CONTAINS -> throw new IllegalArgumentException("~ on a date");
        }
        String sql = switch (op) {
            case LT, LE -> "<";
            default -> ">=";
        };
        return "(" + notNull + column + " " + sql + " ?)";
    }

    private String sortExpression(RunField field, List<Object> args) {
        return switch (field) {
            case RunField.Column(Attr attr) -> switch (attr) {
                case STATUS -> "r.status";
                case NAME -> "r.name COLLATE NOCASE";
                case TRAINER -> "r.trainer COLLATE NOCASE";
                case ID -> "r.id";
                case SWEEP -> "r.sweep_id";
                case EXPERIMENT -> "(SELECT e.name FROM experiment e WHERE e.id = r.experiment_id) COLLATE NOCASE";
                case STARTED -> "r.started_at";
                case ENDED -> "r.ended_at";
                case DURATION -> {
                    args.add(now);
                    yield "COALESCE(r.ended_at, ?) - r.started_at";
                }
            };
            // num holds numbers as REAL and the rest as text, which SQLite orders after all numbers
            case RunField.Param(String key) -> {
                args.add(key);
                yield "(SELECT t.num FROM param t WHERE t.run_pk = r.pk AND t.key = ?)";
            }
            case RunField.Tag(String key) -> {
                args.add(key);
                yield "(SELECT t.num FROM tag t WHERE t.run_pk = r.pk AND t.key = ?)";
            }
            case RunField.Metric(String key, RunField.Stat stat) -> {
                args.add(key);
                yield "(SELECT s." + statColumn(stat) + " FROM metric_summary s WHERE s.run_pk = r.pk AND s.key_id = "
                        + "(SELECT id FROM metric_key WHERE name = ?))";
            }
        };
    }

    static String statColumn(RunField.Stat stat) {
        return stat.name().toLowerCase(Locale.ROOT);
    }

    private static String sqlOp(Op op) {
        return switch (op) {
            case EQ -> "=";
            case NE -> "<>";
            case LT -> "<";
            case LE -> "<=";
            case GT -> ">";
            case GE -> ">=";
            case CONTAINS -> throw new IllegalArgumentException("~ has no SQL operator");
        };
    }

    /** %text% with LIKE's wildcards escaped, so "lr_0" matches the characters it says. */
    private static String likeContains(String text) {
        return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }
}
