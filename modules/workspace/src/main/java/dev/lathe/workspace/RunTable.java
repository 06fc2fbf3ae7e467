package dev.lathe.workspace;

import dev.lathe.core.MetricSummary;
import dev.lathe.core.Run;
import dev.lathe.core.RunRow;
import dev.lathe.workspace.query.FilterSql;
import dev.lathe.workspace.query.RunField;
import dev.lathe.workspace.query.RunFilter;
import dev.lathe.workspace.query.RunSort;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.TreeMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The runs table's queries: one page of rows for a filter and a sort, the total behind it, and the param and
 * metric keys that become columns. Only the page's runs have their params and metrics read, so a table over
 * 100,000 runs costs one page at a time. Get one from {@link RunRepository#table()}.
 */
public final class RunTable {
    private final Database db;
    private final Clock clock;

    RunTable(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /**
     * What the table shows: runs of one experiment or sweep (null: all), matching filter, in sort order
     * (newest first after the given keys). Archived runs are left out unless asked for.
     */
    public record Query(String experimentId, String sweepId, RunFilter filter, List<RunSort> sort,
                       boolean includeArchived, Columns columns) {
        public Query {
            filter = filter == null ? new RunFilter.All() : filter;
            sort = List.copyOf(sort);
        }

        public static Query all() {
            return new Query(null, null, new RunFilter.All(), List.of(), false, null);
        }

        public Query inExperiment(String id) {
            return new Query(id, sweepId, filter, sort, includeArchived, columns);
        }

        public Query inSweep(String id) {
            return new Query(experimentId, id, filter, sort, includeArchived, columns);
        }

        public Query withFilter(RunFilter f) {
            return new Query(experimentId, sweepId, f, sort, includeArchived, columns);
        }

        public Query withSort(List<RunSort> s) {
            return new Query(experimentId, sweepId, filter, s, includeArchived, columns);
        }

        /** Reads only these params and metrics into the rows (null: all of them). */
        public Query withColumns(Columns c) {
            return new Query(experimentId, sweepId, filter, sort, includeArchived, c);
        }
    }

    /**
     * The params and metrics a page's rows carry. Reading values costs per value (~0.1 µs each through JDBC),
     * so a table showing 10 of 70 keys asks for those 10.
     */
    public record Columns(List<String> params, List<String> metrics) {
        public Columns {
            params = List.copyOf(params);
            metrics = List.copyOf(metrics);
        }
    }

    /** Rows offset .. offset + rows.size() of total matching runs. */
    public record Page(List<RunRow> rows, int offset, long total) {
        public Page {
            rows = List.copyOf(rows);
        }
    }

    /** Param keys and metric names of the runs in scope, sorted: the candidate columns. */
    public record Keys(List<String> params, List<String> metrics) {
        public Keys {
            params = List.copyOf(params);
            metrics = List.copyOf(metrics);
        }
    }

    public Page page(Query q, int offset, int limit) {
        if (offset < 0 || limit < 0) {
            throw new IllegalArgumentException("offset and limit must not be negative: " + offset + ", " + limit);
        }
        FilterSql sql = new FilterSql(clock.getZone(), clock.millis());
        return db.read(c -> {
            tune(c);
            List<Object> args = new ArrayList<>();
            String where = where(sql, q, args);
            long total = Sql.query(c, "SELECT count(*) FROM run r WHERE " + where, rs -> rs.getLong(1), args.toArray())
                    .getFirst();
            if (limit == 0 || offset >= total) {
                return new Page(List.of(), offset, total);
            }
            List<Long> pks = indexed(q.sort()) ? indexedPage(c, sql, q, where, args, offset, limit)
                    : plainPage(c, sql, q, where, args, offset, limit);
            return new Page(rows(c, pks, q), offset, total);
        });
    }

    /** Any order: SQLite evaluates the sort keys of every matching run and keeps the best offset + limit. */
    private static List<Long> plainPage(Connection c, FilterSql sql, Query q, String where, List<Object> args, int offset,
                                        int limit) throws SQLException {
        FilterSql.Fragment order = sql.orderBy(q.sort());
        List<Object> pageArgs = new ArrayList<>(args);
        pageArgs.addAll(order.args());
        pageArgs.add(limit);
        pageArgs.add(offset);
        return Sql.query(c, "SELECT r.pk FROM run r WHERE " + where + " ORDER BY " + order.sql() + " LIMIT ? OFFSET ?",
                rs -> rs.getLong(1), pageArgs.toArray());
    }

    /** Sorting first by a metric's last value, a param or a tag: walk that key's value index in order. */
    private static boolean indexed(List<RunSort> sort) {
        return !sort.isEmpty() && switch (sort.getFirst().field()) {
            case RunField.Metric m -> m.stat() == RunField.Stat.LAST;
            case RunField.Param p -> true;
            case RunField.Tag t -> true;
            case RunField.Column col -> false;
        };
    }

    /**
     * The index-driven plan: runs that have a value for the first sort key come from its (key, value) index in
     * order, so a page needs only offset + limit index entries instead of a sort of every run; runs without a
     * value follow. Ties on the first key go by run age in the same direction, which is the index's own order.
     */
    private static List<Long> indexedPage(Connection c, FilterSql sql, Query q, String where, List<Object> args,
                                          int offset, int limit) throws SQLException {
        RunSort first = q.sort().getFirst();
        String dir = first.descending() ? " DESC" : " ASC";
        String table;
        String keyMatch;
        String value;
        switch (first.field()) {
            case RunField.Metric m -> {
                table = "metric_summary";
                keyMatch = "x.key_id = (SELECT id FROM metric_key WHERE name = ?)";
                value = "x.last";
            }
            case RunField.Param p -> {
                table = "param";
                keyMatch = "x.key = ?";
                value = "x.num";
            }
            case RunField.Tag t -> {
                table = "tag";
                keyMatch = "x.key = ?";
                value = "x.num";
            }
            case RunField.Column col -> throw new IllegalArgumentException("not an indexed sort: " + col);
        }
        String key = switch (first.field()) {
            case RunField.Metric m -> m.key();
            case RunField.Param p -> p.key();
            case RunField.Tag t -> t.key();
            case RunField.Column col -> throw new IllegalArgumentException();
        };
        List<RunSort> rest = q.sort().subList(1, q.sort().size());
        FilterSql.Fragment then = sql.thenBy(rest, "x.run_pk" + dir);
        // CROSS JOIN keeps the index as the outer loop (SQLite never reorders a CROSS JOIN)
        List<Object> a = new ArrayList<>();
        a.add(key);
        a.addAll(args);
        a.addAll(then.args());
        a.add(limit);
        a.add(offset);
        List<Long> pks = new ArrayList<>(Sql.query(c, "SELECT r.pk FROM " + table + " x CROSS JOIN run r ON r.pk = x.run_pk"
                + " WHERE " + keyMatch + " AND " + value + " IS NOT NULL AND " + where
                + " ORDER BY " + value + dir + ", " + then.sql() + " LIMIT ? OFFSET ?", rs -> rs.getLong(1), a.toArray()));
        if (pks.size() == limit) {
            return pks;
        }
        long withValue;
        if (!pks.isEmpty()) {
            withValue = offset + pks.size();
        } else {
            List<Object> ca = new ArrayList<>();
            ca.add(key);
            ca.addAll(args);
            withValue = Sql.query(c, "SELECT count(*) FROM " + table + " x CROSS JOIN run r ON r.pk = x.run_pk WHERE "
                    + keyMatch + " AND " + value + " IS NOT NULL AND " + where, rs -> rs.getLong(1), ca.toArray()).getFirst();
        }
        FilterSql.Fragment restOrder = sql.thenBy(rest, "r.pk DESC");
        List<Object> b = new ArrayList<>(args);
        b.add(key);
        b.addAll(restOrder.args());
        b.add(limit - pks.size());
        b.add(Math.max(0, offset + pks.size() - withValue));
        pks.addAll(Sql.query(c, "SELECT r.pk FROM run r WHERE " + where + " AND r.pk NOT IN (SELECT x.run_pk FROM " + table
                + " x WHERE " + keyMatch + " AND " + value + " IS NOT NULL) ORDER BY " + restOrder.sql()
                + " LIMIT ? OFFSET ?", rs -> rs.getLong(1), b.toArray()));
        return pks;
    }

    /** How many runs match, without reading any. */
    public long count(Query q) {
        FilterSql sql = new FilterSql(clock.getZone(), clock.millis());
        return db.read(c -> {
            List<Object> args = new ArrayList<>();
            String where = where(sql, q, args);
            return Sql.query(c, "SELECT count(*) FROM run r WHERE " + where, rs -> rs.getLong(1), args.toArray()).getFirst();
        });
    }

    public Keys keys(String experimentId) {
        return db.read(c -> {
            if (experimentId == null) {
                // a distinct scan over millions of param rows would read them all; this walks the (key, value)
                // index from one key to the next instead, one seek per distinct key
                List<String> params = Sql.query(c, """
                        WITH RECURSIVE k(key) AS (
                            SELECT (SELECT min(key) FROM param)
                            UNION ALL
                            SELECT (SELECT min(key) FROM param WHERE key > k.key) FROM k WHERE k.key IS NOT NULL)
                        SELECT key FROM k WHERE key IS NOT NULL""", rs -> rs.getString(1));
                List<String> metrics = Sql.query(c, """
                        SELECT name FROM metric_key k WHERE EXISTS (SELECT 1 FROM metric_summary s WHERE s.key_id = k.id)
                        ORDER BY name""", rs -> rs.getString(1));
                return new Keys(params, metrics);
            }
            List<String> params = Sql.query(c, """
                    SELECT DISTINCT p.key FROM param p WHERE p.run_pk IN (SELECT pk FROM run WHERE experiment_id = ?)
                    ORDER BY p.key""", rs -> rs.getString(1), experimentId);
            List<String> metrics = Sql.query(c, """
                    SELECT k.name FROM metric_key k WHERE k.id IN (SELECT DISTINCT s.key_id FROM metric_summary s
                        WHERE s.run_pk IN (SELECT pk FROM run WHERE experiment_id = ?))
                    ORDER BY k.name""", rs -> rs.getString(1), experimentId);
            return new Keys(params, metrics);
        });
    }

    private static final JsonMapper JSON = new JsonMapper();

    private static String jsonArray(List<String> values) {
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads of the runs table touch many pages of a large file: memory-map it and keep a larger page cache,
     * on each reader connection (a repeated pragma with the same value costs microseconds).
     */
    private static void tune(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("PRAGMA mmap_size = 1073741824");
            st.execute("PRAGMA cache_size = -32768");
        }
    }

    /** SQLite keeps a logged NaN as NULL. */
    private static double nanIfNull(ResultSet rs, int column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? Double.NaN : v;
    }

    private static String where(FilterSql sql, Query q, List<Object> args) {
        StringBuilder w = new StringBuilder(q.includeArchived() ? "1" : "r.archived = 0");
        if (q.experimentId() != null) {
            w.append(" AND r.experiment_id = ?");
            args.add(q.experimentId());
        }
        if (q.sweepId() != null) {
            w.append(" AND r.sweep_id = ?");
            args.add(q.sweepId());
        }
        FilterSql.Fragment f = sql.where(q.filter());
        if (!(q.filter() instanceof RunFilter.All)) {
            w.append(" AND ").append(f.sql());
            args.addAll(f.args());
        }
        return w.toString();
    }

    /** The runs with these pks, in this order, with their experiment names, params and metric summaries. */
    private static List<RunRow> rows(Connection c, List<Long> pks, Query q) throws SQLException {
        if (pks.isEmpty()) {
            return List.of();
        }
        // one bound JSON array rather than hundreds of placeholders
        String ids = pks.stream().map(String::valueOf).collect(Collectors.joining(",", "[", "]"));
        Map<Long, Run> runs = new HashMap<>();
        Map<Long, String> experiments = new HashMap<>();
        for (var e : Sql.query(c, """
                SELECT r.*, e.name AS experiment_name FROM run r JOIN experiment e ON e.id = r.experiment_id
                WHERE r.pk IN (SELECT value FROM json_each(?))""",
                rs -> Map.entry(rs.getLong("pk"), Map.entry(RunRepository.map(rs), rs.getString("experiment_name"))), ids)) {
            runs.put(e.getKey(), e.getValue().getKey());
            experiments.put(e.getKey(), e.getValue().getValue());
        }
        // positional getters and no ORDER BY: this reads ~70 values per run, so column look-ups by name and a
        // sort in SQLite were most of a page's time; TreeMaps give the same key order
        Map<Long, Map<String, String>> params = new HashMap<>();
        Columns columns = q.columns();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT run_pk, key, value FROM param WHERE run_pk IN (SELECT value FROM json_each(?))"
                        + (columns == null ? "" : " AND key IN (SELECT value FROM json_each(?))"))) {
            ps.setString(1, ids);
            if (columns != null) {
                ps.setString(2, jsonArray(columns.params()));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    params.computeIfAbsent(rs.getLong(1), k -> new TreeMap<>()).put(rs.getString(2), rs.getString(3));
                }
            }
        }
        Map<Integer, String> keyNames = new HashMap<>();
        for (var e : Sql.query(c, "SELECT id, name FROM metric_key", rs -> Map.entry(rs.getInt(1), rs.getString(2)))) {
            keyNames.put(e.getKey(), e.getValue());
        }
        Map<Long, Map<String, MetricSummary>> metrics = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT run_pk, key_id, last, last_step, min, max, count FROM metric_summary
                WHERE run_pk IN (SELECT value FROM json_each(?))"""
                + (columns == null ? "" : " AND key_id IN (SELECT id FROM metric_key WHERE name IN (SELECT value FROM json_each(?)))"))) {
            ps.setString(1, ids);
            if (columns != null) {
                ps.setString(2, jsonArray(columns.metrics()));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String key = keyNames.get(rs.getInt(2));
                    metrics.computeIfAbsent(rs.getLong(1), k -> new TreeMap<>()).put(key, new MetricSummary(key,
                            nanIfNull(rs, 3), rs.getLong(4), nanIfNull(rs, 5), nanIfNull(rs, 6), rs.getLong(7)));
                }
            }
        }
        List<RunRow> out = new ArrayList<>(pks.size());
        for (long pk : pks) {
            Run run = runs.get(pk);
            if (run != null) {
                out.add(new RunRow(run, experiments.get(pk), params.getOrDefault(pk, Map.of()),
                        metrics.getOrDefault(pk, Map.of())));
            }
        }
        return out;
    }
}
