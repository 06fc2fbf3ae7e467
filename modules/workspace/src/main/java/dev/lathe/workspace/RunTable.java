package dev.lathe.workspace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.lathe.core.MetricSummary;
import dev.lathe.core.Run;
import dev.lathe.core.RunRow;
import dev.lathe.core.RunStatus;
import dev.lathe.workspace.query.FilterSql;
import dev.lathe.workspace.query.MatchingRuns;
import dev.lathe.workspace.query.RunField;
import dev.lathe.workspace.query.RunFilter;
import dev.lathe.workspace.query.RunSort;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.WeakHashMap;
import java.util.function.UnaryOperator;
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

    /**
     * Up to this many matching runs, a page sorted by a param, tag or metric is sorted from their pks: walking the
     * key's index to the end costs more than looking up this many runs.
     */
    static final int FEW_FOR_INDEX = 500;
    /**
     * Up to this share (1 / n) of the pk range matching, a page sorted by run columns looks up just the matching
     * runs; more, and one pass over the run table testing each pk against the set is cheaper.
     */
    static final int FEW_FOR_SCAN = 5;

    public Page page(Query q, int offset, int limit) {
        if (offset < 0 || limit < 0) {
            throw new IllegalArgumentException("offset and limit must not be negative: " + offset + ", " + limit);
        }
        FilterSql sql = new FilterSql(clock.getZone(), clock.millis());
        return db.read(c -> {
            tune(c);
            MatchingRuns.Scope scope = scope(q);
            BitSet match = q.filter() instanceof RunFilter.All ? null : matching(c, sql, q);
            Members members;
            long total;
            if (match != null) {
                total = match.cardinality();
                members = Members.of(match);
            } else if (q.filter() instanceof RunFilter.All) {
                total = countInScope(c, scope);
                members = Members.of(scope);
            } else {
                return pageBySql(c, sql, q, offset, limit);
            }
            if (limit == 0 || offset >= total) {
                return new Page(List.of(), offset, total);
            }
            List<Long> pks;
            if (match != null && q.sort().isEmpty()) {
                pks = newestFirst(match, offset, limit);
            } else if (match != null && (indexed(q.sort()) || newestStartedFirst(q.sort()) ? total <= FEW_FOR_INDEX
                    : total * FEW_FOR_SCAN <= match.length())) {
                pks = fewPage(c, sql, q, match, offset, limit);
            } else if (indexed(q.sort())) {
                pks = indexedPage(c, sql, q, members, offset, limit);
            } else {
                pks = plainPage(c, sql, q, members, offset, limit);
            }
            return new Page(rows(c, pks, q), offset, total);
        });
    }

    /**
     * The same page worked out by SQLite alone from the whole filter as one WHERE and the order as one ORDER BY:
     * slower at scale, kept as the reference the fast plans are checked against.
     */
    Page pageBySql(Query q, int offset, int limit) {
        FilterSql sql = new FilterSql(clock.getZone(), clock.millis());
        return db.read(c -> pageBySql(c, sql, q, offset, limit));
    }

    private static Page pageBySql(Connection c, FilterSql sql, Query q, int offset, int limit) throws SQLException {
        List<Object> args = new ArrayList<>();
        String where = where(sql, q, args);
        long total = Sql.query(c, "SELECT count(*) FROM run r WHERE " + where, rs -> rs.getLong(1), args.toArray())
                .getFirst();
        if (limit == 0 || offset >= total) {
            return new Page(List.of(), offset, total);
        }
        FilterSql.Fragment order = indexed(q.sort()) ? sql.orderByIndexed(q.sort()) : sql.orderBy(q.sort());
        args.addAll(order.args());
        args.add(limit);
        args.add(offset);
        List<Long> pks = Sql.query(c, "SELECT r.pk FROM run r WHERE " + where + " ORDER BY " + order.sql()
                + " LIMIT ? OFFSET ?", rs -> rs.getLong(1), args.toArray());
        return new Page(rows(c, pks, q), offset, total);
    }

    /**
     * The last filter's matching runs per reader connection, while nothing was committed since
     * ({@code PRAGMA data_version} changes on a connection when another connection, in any process, commits):
     * scrolling through one filtered table works the filter out once, not once per page.
     */
    private static final Map<Connection, Matched> LAST_MATCH = new WeakHashMap<>();

    private record Matched(long dataVersion, RunFilter filter, MatchingRuns.Scope scope, ZoneId zone, BitSet pks) {
    }

    /** The number of runs in scope, as {@link #LAST_MATCH} kept while nothing was committed. */
    private static final Map<Connection, Counted> LAST_COUNT = new WeakHashMap<>();

    private record Counted(long dataVersion, MatchingRuns.Scope scope, long total) {
    }

    private static long countInScope(Connection c, MatchingRuns.Scope scope) throws SQLException {
        long version = dataVersion(c);
        Counted last;
        synchronized (LAST_COUNT) {
            last = LAST_COUNT.get(c);
        }
        if (last != null && last.dataVersion() == version && last.scope().equals(scope)) {
            return last.total();
        }
        List<Object> args = new ArrayList<>();
        String where = scope.where(args);
        long total = Sql.query(c, "SELECT count(*) FROM run r WHERE " + where, rs -> rs.getLong(1), args.toArray()).getFirst();
        synchronized (LAST_COUNT) {
            LAST_COUNT.put(c, new Counted(version, scope, total));
        }
        return total;
    }

    private static long dataVersion(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA data_version")) {
            return rs.next() ? rs.getLong(1) : -1;
        }
    }

    private BitSet matching(Connection c, FilterSql sql, Query q) throws SQLException {
        long version = dataVersion(c);
        MatchingRuns.Scope scope = scope(q);
        Matched last;
        synchronized (LAST_MATCH) {
            last = LAST_MATCH.get(c);
        }
        if (last != null && last.dataVersion() == version && last.filter().equals(q.filter())
                && last.scope().equals(scope) && last.zone().equals(clock.getZone())) {
            return last.pks();
        }
        BitSet pks = MatchingRuns.of(c, sql, q.filter(), scope);
        if (pks != null) {
            synchronized (LAST_MATCH) {
                LAST_MATCH.put(c, new Matched(version, q.filter(), scope, clock.getZone(), pks));
            }
        }
        return pks;
    }

    private static MatchingRuns.Scope scope(Query q) {
        return new MatchingRuns.Scope(q.experimentId(), q.sweepId(), q.includeArchived());
    }

    /**
     * Which runs a page query keeps, as SQL: {@code onRun} a condition on {@code run r}, {@code onPk} one on a pk
     * expression (so an index walk can test its entries without reading the run), each binding args.
     */
    private record Members(String onRun, UnaryOperator<String> onPk, List<Object> args) {
        /** The runs of a filter's bit set, tested against its byte mask. */
        static Members of(BitSet match) {
            byte[] mask = MatchingRuns.mask(match);
            return new Members(MatchingRuns.inMask("r.pk"), MatchingRuns::inMask, List.of(mask));
        }

        /** All runs in scope: only archived runs left out, a short list; or a narrower scope's runs. */
        static Members of(MatchingRuns.Scope scope) {
            List<Object> args = new ArrayList<>();
            String where = scope.where(args);
            if (scope.experimentId() == null && scope.sweepId() == null) {
                return new Members(where, scope.includeArchived() ? pk -> "1"
                        : pk -> pk + " NOT IN (SELECT pk FROM run WHERE archived > 0)", args);
            }
            return new Members(where, pk -> pk + " IN (SELECT r.pk FROM run r WHERE " + where + ")", args);
        }
    }

    /** No sort: newest (highest pk) first, straight from the bit set. */
    private static List<Long> newestFirst(BitSet match, int offset, int limit) {
        List<Long> out = new ArrayList<>(limit);
        int skipped = 0;
        for (int i = match.length() - 1; i >= 0 && out.size() < limit; i = match.previousSetBit(i - 1)) {
            if (skipped < offset) {
                skipped++;
            } else {
                out.add((long) i);
            }
        }
        return out;
    }

    /** Few matching runs: SQLite looks up and sorts just them, in the order the other plans give. */
    private static List<Long> fewPage(Connection c, FilterSql sql, Query q, BitSet match, int offset, int limit)
            throws SQLException {
        FilterSql.Fragment order = indexed(q.sort()) ? sql.orderByIndexed(q.sort()) : sql.orderBy(q.sort());
        List<Object> args = new ArrayList<>();
        args.add(match.stream().mapToObj(String::valueOf).collect(Collectors.joining(",", "[", "]")));
        args.addAll(order.args());
        args.add(limit);
        args.add(offset);
        return Sql.query(c, "SELECT r.pk FROM json_each(?) i CROSS JOIN run r ON r.pk = i.value ORDER BY " + order.sql()
                + " LIMIT ? OFFSET ?", rs -> rs.getLong(1), args.toArray());
    }

    /** Any order: SQLite evaluates the sort keys of every matching run and keeps the best offset + limit. */
    private static List<Long> plainPage(Connection c, FilterSql sql, Query q, Members members, int offset, int limit)
            throws SQLException {
        FilterSql.Fragment order = sql.orderBy(q.sort());
        List<Object> pageArgs = new ArrayList<>(members.args());
        pageArgs.addAll(order.args());
        pageArgs.add(limit);
        pageArgs.add(offset);
        return Sql.query(c, "SELECT r.pk FROM run r WHERE " + members.onRun() + " ORDER BY " + order.sql() + " LIMIT ? OFFSET ?",
                rs -> rs.getLong(1), pageArgs.toArray());
    }

    /** Latest started first: SQLite walks the run_by_started index backwards and stops after the page. */
    private static boolean newestStartedFirst(List<RunSort> sort) {
        return !sort.isEmpty() && sort.getFirst().descending()
                && sort.getFirst().field() instanceof RunField.Column(RunField.Attr attr) && attr == RunField.Attr.STARTED;
    }

    /** Sorting first by a metric summary, a param or a tag: walk that key's value index in order. */
    private static boolean indexed(List<RunSort> sort) {
        return !sort.isEmpty() && switch (sort.getFirst().field()) {
            case RunField.Metric m -> true;
            case RunField.Param p -> true;
            case RunField.Tag t -> true;
            case RunField.Column col -> false;
        };
    }

    /**
     * The index-driven plan: runs that have a value for the first sort key come from its (key, value) index in
     * order, so a page needs only offset + limit index entries instead of a sort of every run; runs without a
     * value follow. Ties on the first key go by run age in the same direction, which is the index's own order.
     * The run filter is tested on the index entry's pk, so entries of runs left out cost no run look-up.
     */
    private static List<Long> indexedPage(Connection c, FilterSql sql, Query q, Members members, int offset, int limit)
            throws SQLException {
        RunSort first = q.sort().getFirst();
        String dir = first.descending() ? " DESC" : " ASC";
        String table;
        String keyMatch;
        String value;
        String key;
        switch (first.field()) {
            case RunField.Metric m -> {
                table = "metric_summary";
                keyMatch = "x.key_id = (SELECT id FROM metric_key WHERE name = ?)";
                value = "x." + m.stat().name().toLowerCase(Locale.ROOT);
                key = m.key();
            }
            case RunField.Param p -> {
                table = "param";
                keyMatch = "x.key = ?";
                value = "x.num";
                key = p.key();
            }
            case RunField.Tag t -> {
                table = "tag";
                keyMatch = "x.key = ?";
                value = "x.num";
                key = t.key();
            }
            case RunField.Column col -> throw new IllegalArgumentException("not an indexed sort: " + col);
        }
        List<RunSort> rest = q.sort().subList(1, q.sort().size());
        FilterSql.Fragment then = sql.thenBy(rest, "x.run_pk" + dir);
        // CROSS JOIN keeps the index as the outer loop (SQLite never reorders a CROSS JOIN); the run is joined
        // only when later sort keys read it
        List<Object> a = new ArrayList<>();
        a.add(key);
        a.addAll(members.args());
        a.addAll(then.args());
        a.add(limit);
        a.add(offset);
        List<Long> pks = new ArrayList<>(Sql.query(c, "SELECT x.run_pk FROM " + table + " x"
                + (rest.isEmpty() ? "" : " CROSS JOIN run r ON r.pk = x.run_pk")
                + " WHERE " + keyMatch + " AND " + value + " IS NOT NULL AND " + members.onPk().apply("x.run_pk")
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
            ca.addAll(members.args());
            withValue = Sql.query(c, "SELECT count(*) FROM " + table + " x WHERE " + keyMatch + " AND " + value
                    + " IS NOT NULL AND " + members.onPk().apply("x.run_pk"), rs -> rs.getLong(1), ca.toArray()).getFirst();
        }
        FilterSql.Fragment restOrder = sql.thenBy(rest, "r.pk DESC");
        List<Object> b = new ArrayList<>(members.args());
        b.add(key);
        b.addAll(restOrder.args());
        b.add(limit - pks.size());
        b.add(Math.max(0, offset + pks.size() - withValue));
        pks.addAll(Sql.query(c, "SELECT r.pk FROM run r WHERE " + members.onRun() + " AND r.pk NOT IN (SELECT x.run_pk FROM "
                + table + " x WHERE " + keyMatch + " AND " + value + " IS NOT NULL) ORDER BY " + restOrder.sql()
                + " LIMIT ? OFFSET ?", rs -> rs.getLong(1), b.toArray()));
        return pks;
    }

    /** How many runs match, without reading any. */
    public long count(Query q) {
        FilterSql sql = new FilterSql(clock.getZone(), clock.millis());
        return db.read(c -> {
            tune(c);
            BitSet match = q.filter() instanceof RunFilter.All ? null : matching(c, sql, q);
            if (match != null) {
                return (long) match.cardinality();
            }
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
    private static final TypeReference<TreeMap<String, String>> STRING_MAP = new TypeReference<>() {
    };

    private static Map<String, String> parseParams(String json) {
        try {
            return JSON.readValue(json, STRING_MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("params of a run are not a JSON object: " + json, e);
        }
    }

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
        StringBuilder w = new StringBuilder(scope(q).where(args));
        if (!(q.filter() instanceof RunFilter.All)) {
            FilterSql.Fragment f = sql.where(q.filter());
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
        // positional getters throughout: this reads ~70 values per run, and a column look-up by name costs as much
        // as the read; no ORDER BY either, the pks give the order and TreeMaps the key order
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT r.pk, r.id, r.experiment_id, r.name, r.status, r.status_reason, r.started_at, r.ended_at,
                       r.parent_run_id, r.sweep_id, r.trial_index, r.trainer, r.seed, e.name
                FROM run r JOIN experiment e ON e.id = r.experiment_id
                WHERE r.pk IN (SELECT value FROM json_each(?))""")) {
            ps.setString(1, ids);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long pk = rs.getLong(1);
                    long started = rs.getLong(7);
                    Instant startedAt = rs.wasNull() ? null : Instant.ofEpochMilli(started);
                    long ended = rs.getLong(8);
                    Instant endedAt = rs.wasNull() ? null : Instant.ofEpochMilli(ended);
                    int trial = rs.getInt(11);
                    Integer trialIndex = rs.wasNull() ? null : trial;
                    long seed = rs.getLong(13);
                    Long seedOrNull = rs.wasNull() ? null : seed;
                    runs.put(pk, new Run(rs.getString(2), rs.getString(3), rs.getString(4),
                            RunStatus.valueOf(rs.getString(5)), rs.getString(6), startedAt, endedAt, rs.getString(9),
                            rs.getString(10), trialIndex, rs.getString(12), seedOrNull));
                    experiments.put(pk, rs.getString(14));
                }
            }
        }
        // a run's params as one JSON object built by SQLite: one value to read per run instead of two per param
        Map<Long, Map<String, String>> params = new HashMap<>();
        Columns columns = q.columns();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT i.value, (SELECT json_group_object(p.key, p.value) FROM param p WHERE p.run_pk = i.value"""
                + (columns == null ? ")" : " AND p.key IN (SELECT value FROM json_each(?2)))") + " FROM json_each(?1) i")) {
            ps.setString(1, ids);
            if (columns != null) {
                ps.setString(2, jsonArray(columns.params()));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String json = rs.getString(2);
                    if (json != null && json.length() > 2) {
                        params.put(rs.getLong(1), parseParams(json));
                    }
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
