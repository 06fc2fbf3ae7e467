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
            Map<Long, Map<Long, Acc>> summaries = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT OR REPLACE INTO metric (run_pk, key_id, step, ts, value) VALUES (?, ?, ?, ?, ?)")) {
                int pending = 0;
                for (RunPoint p : points) {
                    long run = runPk(c, p.runId());
                    long key = keyId(c, p.key());
                    ps.setLong(1, run);
                    ps.setLong(2, key);
                    ps.setLong(3, p.step());
                    ps.setLong(4, p.timestamp());
                    ps.setDouble(5, p.value());
                    ps.addBatch();
                    if (++pending == 10_000) {
                        ps.executeBatch();
                        pending = 0;
                    }
                    summaries.computeIfAbsent(run, r -> new HashMap<>()).computeIfAbsent(key, k -> new Acc()).add(p);
                }
                if (pending > 0) {
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
                for (var run : summaries.entrySet()) {
                    for (var key : run.getValue().entrySet()) {
                        Acc a = key.getValue();
                        ps.setLong(1, run.getKey());
                        ps.setLong(2, key.getKey());
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

    private static void setNullable(PreparedStatement ps, int index, double v) throws SQLException {
        if (Double.isNaN(v)) {
            ps.setNull(index, java.sql.Types.REAL);
        } else {
            ps.setDouble(index, v);
        }
    }

    private static final class Acc {
        double last = Double.NaN;
        long lastStep = Long.MIN_VALUE;
        long lastTs = Long.MIN_VALUE;
        double min = Double.NaN;
        double max = Double.NaN;
        long count;

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
