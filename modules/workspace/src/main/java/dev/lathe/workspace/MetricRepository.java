package dev.lathe.workspace;

import dev.lathe.core.MetricPoint;
import dev.lathe.core.MetricSummary;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Metric points and their per-run summaries. */
public final class MetricRepository {
    private final Database db;
    private final Map<String, Long> keyIds = new ConcurrentHashMap<>();
    private final Map<String, Long> runPks = new ConcurrentHashMap<>();

    private static final int ROWS_PER_INSERT = 128;
    private static final String SINGLE_INSERT =
            "INSERT OR REPLACE INTO metric (run_pk, key_id, step, ts, value) VALUES (?, ?, ?, ?, ?)";
    private static final String MULTI_INSERT = "INSERT OR REPLACE INTO metric (run_pk, key_id, step, ts, value) VALUES "
            + String.join(", ", java.util.Collections.nCopies(ROWS_PER_INSERT, "(?, ?, ?, ?, ?)"));

    MetricRepository(Database db) {
        this.db = db;
    }

    /** A point of some run, as the batching writer hands it over. */
    public record RunPoint(String runId, String key, long step, long timestamp, double value) {
    }

    /**
     * Writes points in one transaction and folds them into the summaries (last by step then time; min and max
     * ignore NaN). Either every point of the batch is stored or none is.
     */
    public void writeBatch(List<RunPoint> points) {
        if (points.isEmpty()) {
            return;
        }
        try {
            db.write(c -> insert(c, points));
        } catch (RuntimeException e) {
            // a rolled-back transaction may have taken new keys with it: forget the cached ids
            keyIds.clear();
            throw e;
        }
    }

    private Void insert(Connection c, List<RunPoint> points) throws SQLException {
        {
            int n = points.size();
            // group by (run, key) in one pass; sorted into primary-key order, the B-tree is appended to rather
            // than split all over (twice the insert rate), and each group is one summary
            Map<RunKey, Group> groups = new HashMap<>();
            for (RunPoint p : points) {
                RunKey rk = new RunKey(runPk(c, p.runId()), keyId(c, p.key()));
                groups.computeIfAbsent(rk, Group::new).points.add(p);
            }
            List<Group> ordered = new java.util.ArrayList<>(groups.values());
            ordered.sort(java.util.Comparator.comparing(g -> g.id, RunKey.ORDER));
            Row[] rows = new Row[n];
            List<Acc> summaries = new java.util.ArrayList<>(ordered.size());
            int at = 0;
            for (Group g : ordered) {
                g.sortBySteps();
                Acc acc = new Acc(g.id.run(), g.id.key());
                for (RunPoint p : g.points) {
                    rows[at++] = new Row(g.id.run(), g.id.key(), p);
                    acc.add(p);
                }
                summaries.add(acc);
            }
            // many rows per statement: one native call inserts ROWS_PER_INSERT points
            int i = 0;
            try (PreparedStatement ps = c.prepareStatement(MULTI_INSERT)) {
                for (; i + ROWS_PER_INSERT <= n; i += ROWS_PER_INSERT) {
                    int param = 1;
                    for (int j = i; j < i + ROWS_PER_INSERT; j++) {
                        param = bindPoint(ps, param, rows[j]);
                    }
                    ps.executeUpdate();
                }
            }
            if (i < n) {
                try (PreparedStatement ps = c.prepareStatement(SINGLE_INSERT)) {
                    for (; i < n; i++) {
                        bindPoint(ps, 1, rows[i]);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO metric_summary (run_pk, key_id, last, last_step, last_ts, min, max, count)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (run_pk, key_id) DO UPDATE SET
                      last = CASE WHEN excluded.last_step > last_step
                                    OR (excluded.last_step = last_step AND excluded.last_ts >= last_ts)
                                  THEN excluded.last ELSE last END,
                      last_ts = CASE WHEN excluded.last_step > last_step
                                    OR (excluded.last_step = last_step AND excluded.last_ts >= last_ts)
                                  THEN excluded.last_ts ELSE last_ts END,
                      last_step = MAX(last_step, excluded.last_step),
                      min = MIN(COALESCE(min, excluded.min), COALESCE(excluded.min, min)),
                      max = MAX(COALESCE(max, excluded.max), COALESCE(excluded.max, max)),
                      count = count + excluded.count
                    """)) {
                for (Acc a : summaries) {
                    {
                        ps.setLong(1, a.run);
                        ps.setLong(2, a.key);
                        ps.setDouble(3, a.last);
                        ps.setLong(4, a.lastStep);
                        ps.setLong(5, a.lastTs);
                        setNullable(ps, 6, a.min);
                        setNullable(ps, 7, a.max);
                        ps.setLong(8, a.count);
                        ps.addBatch();
                    }
                }
                ps.executeBatch();
            }
            return null;
        }
    }

    /** A point with its run and key resolved to their integer ids. */
    private record Row(long run, long key, RunPoint point) {
    }

    private record RunKey(long run, long key) {
        static final java.util.Comparator<RunKey> ORDER =
                java.util.Comparator.comparingLong(RunKey::run).thenComparingLong(RunKey::key);
    }

    /** The points of one metric of one run in a batch. */
    private static final class Group {
        private static final java.util.Comparator<RunPoint> BY_STEP =
                java.util.Comparator.comparingLong(RunPoint::step).thenComparingLong(RunPoint::timestamp);
        final RunKey id;
        final List<RunPoint> points = new java.util.ArrayList<>();

        Group(RunKey id) {
            this.id = id;
        }

        /** Points usually arrive in step order; sort only when they did not. */
        void sortBySteps() {
            for (int i = 1; i < points.size(); i++) {
                if (BY_STEP.compare(points.get(i - 1), points.get(i)) > 0) {
                    points.sort(BY_STEP);
                    return;
                }
            }
        }
    }

    private static int bindPoint(PreparedStatement ps, int param, Row row) throws SQLException {
        ps.setLong(param, row.run());
        ps.setLong(param + 1, row.key());
        ps.setLong(param + 2, row.point().step());
        ps.setLong(param + 3, row.point().timestamp());
        ps.setDouble(param + 4, row.point().value());
        return param + 5;
    }

    private static void setNullable(PreparedStatement ps, int index, double v) throws SQLException {
        if (Double.isNaN(v)) {
            ps.setNull(index, java.sql.Types.REAL);
        } else {
            ps.setDouble(index, v);
        }
    }

    private static final class Acc {
        final long run;
        final long key;
        double last = Double.NaN;
        long lastStep = Long.MIN_VALUE;
        long lastTs = Long.MIN_VALUE;
        double min = Double.NaN;
        double max = Double.NaN;
        long count;

        Acc(long run, long key) {
            this.run = run;
            this.key = key;
        }

        void add(RunPoint p) {
            if (p.step() > lastStep || (p.step() == lastStep && p.timestamp() >= lastTs)) {
                last = p.value();
                lastStep = p.step();
                lastTs = p.timestamp();
            }
            if (!Double.isNaN(p.value())) {
                min = Double.isNaN(min) ? p.value() : Math.min(min, p.value());
                max = Double.isNaN(max) ? p.value() : Math.max(max, p.value());
            }
            count++;
        }
    }

    /** Every point of one metric of one run, by step then time. */
    public List<MetricPoint> history(String runId, String key) {
        return db.read(c -> Sql.query(c, """
                SELECT m.step, m.ts, m.value FROM metric m
                JOIN run r ON r.pk = m.run_pk JOIN metric_key k ON k.id = m.key_id
                WHERE r.id = ? AND k.name = ? ORDER BY m.step, m.ts""",
                rs -> new MetricPoint(key, rs.getLong(1), rs.getLong(2), Sql.getDouble(rs, "value")), runId, key));
    }

    public List<MetricSummary> summaries(String runId) {
        return db.read(c -> Sql.query(c, """
                SELECT k.name, s.* FROM metric_summary s JOIN metric_key k ON k.id = s.key_id
                JOIN run r ON r.pk = s.run_pk WHERE r.id = ? ORDER BY k.name""",
                rs -> mapSummary(rs, rs.getString(1)), runId));
    }

    /** Total points stored, over all runs. */
    public long countPoints() {
        return db.read(c -> Sql.query(c, "SELECT COUNT(*) FROM metric", rs -> rs.getLong(1)).get(0));
    }

    static MetricSummary mapSummary(ResultSet rs, String key) throws SQLException {
        return new MetricSummary(key, Sql.getDouble(rs, "last"), rs.getLong("last_step"), Sql.getDouble(rs, "min"),
                Sql.getDouble(rs, "max"), rs.getLong("count"));
    }

    private long runPk(Connection c, String runId) throws SQLException {
        Long pk = runPks.get(runId);
        if (pk == null) {
            List<Long> found = Sql.query(c, "SELECT pk FROM run WHERE id = ?", rs -> rs.getLong(1), runId);
            if (found.isEmpty()) {
                throw new WorkspaceException("no run with id " + runId);
            }
            pk = found.get(0);
            runPks.put(runId, pk);
        }
        return pk;
    }

    private long keyId(Connection c, String name) throws SQLException {
        Long id = keyIds.get(name);
        if (id == null) {
            Sql.update(c, "INSERT INTO metric_key (name) VALUES (?) ON CONFLICT (name) DO NOTHING", name);
            id = Sql.query(c, "SELECT id FROM metric_key WHERE name = ?", rs -> rs.getLong(1), name).get(0);
            keyIds.put(name, id);
        }
        return id;
    }
}
