package dev.lathe.workspace;

import dev.lathe.core.Artifact;
import dev.lathe.core.DatasetRecord;
import dev.lathe.core.GitState;
import dev.lathe.core.Ids;
import dev.lathe.core.MetricSummary;
import dev.lathe.core.Run;
import dev.lathe.core.RunDetail;
import dev.lathe.core.RunRow;
import dev.lathe.core.RunStatus;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Runs and what hangs off them: params, tags, environment, git state. */
public final class RunRepository {
    /** A RUNNING run of another host with no heartbeat for this long is taken as lost. */
    static final long REMOTE_LOST_AFTER_MS = 10 * 60_000L;

    static final String HOST = hostName();
    static final long PID = ProcessHandle.current().pid();
    static final long PROCESS_START = ProcessHandle.current().info().startInstant()
            .map(Instant::toEpochMilli).orElse(0L);

    private final Database db;
    private final Map<String, Long> pks = new ConcurrentHashMap<>();

    RunRepository(Database db) {
        this.db = db;
    }

    public Run create(NewRun spec) {
        String id = Ids.newId();
        long now = System.currentTimeMillis();
        boolean started = spec.status() == RunStatus.RUNNING;
        return db.write(c -> {
            Sql.update(c, """
                    INSERT INTO run (id, experiment_id, name, status, started_at, parent_run_id, sweep_id,
                                     trial_index, trainer, seed, owner_host, owner_pid, owner_started, heartbeat_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, id, spec.experimentId(), spec.name(), spec.status().name(), started ? now : null,
                    spec.parentRunId(), spec.sweepId(), spec.trialIndex(), spec.trainer(), spec.seed(),
                    HOST, PID, PROCESS_START, now);
            return fetch(c, id).orElseThrow();
        });
    }

    /**
     * Inserts a run imported from another tracker under its own id, with its params, tags and git state, in
     * one transaction: an import interrupted between runs leaves no half-written run row behind.
     *
     * @throws WorkspaceException when a run with that id exists
     */
    public Run importRun(ImportedRun spec) {
        Long started = spec.startedAt() == null ? null : spec.startedAt().toEpochMilli();
        Long ended = spec.endedAt() == null ? null : spec.endedAt().toEpochMilli();
        return db.write(c -> {
            if (fetch(c, spec.id()).isPresent()) {
                throw new WorkspaceException("run " + spec.id() + " is already in the workspace");
            }
            // no owner process: a RUNNING import counts as lost at the next open, as it would in MLflow
            Sql.update(c, """
                    INSERT INTO run (id, experiment_id, name, status, status_reason, started_at, ended_at,
                                     parent_run_id, heartbeat_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""", spec.id(), spec.experimentId(), spec.name(),
                    spec.status().name(), spec.statusReason(), started, ended, spec.parentRunId(),
                    ended != null ? ended : started);
            // not through the pk cache: a rolled-back import must not leave a cached pk behind
            long pk = Sql.query(c, "SELECT pk FROM run WHERE id = ?", rs -> rs.getLong(1), spec.id()).get(0);
            insertAll(c, "param", pk, spec.params());
            insertAll(c, "tag", pk, spec.tags());
            if (spec.git() != null) {
                GitState git = spec.git();
                Sql.update(c, """
                        INSERT INTO git_state (run_pk, commit_id, branch, remote_url, dirty, patch_artifact, work_tree)
                        VALUES (?, ?, ?, ?, ?, ?, ?)""", pk, git.commit(), git.branch(), git.remoteUrl(),
                        git.dirty() ? 1 : 0, git.patchArtifact(), git.workTree());
            }
            return fetch(c, spec.id()).orElseThrow();
        });
    }

    /** Ends a run. Reason explains FAILED and KILLED runs (null for FINISHED). */
    public void finish(String runId, RunStatus status, String reason) {
        if (!status.isTerminal()) {
            throw new IllegalArgumentException("finish needs a final status, not " + status);
        }
        db.write(c -> Sql.update(c,
                "UPDATE run SET status = ?, status_reason = ?, ended_at = ?, heartbeat_at = ? WHERE id = ?",
                status.name(), reason, System.currentTimeMillis(), System.currentTimeMillis(), runId));
    }

    /** Moves a QUEUED run to RUNNING in this process. */
    public void start(String runId) {
        long now = System.currentTimeMillis();
        db.write(c -> Sql.update(c, """
                UPDATE run SET status = 'RUNNING', started_at = ?, owner_host = ?, owner_pid = ?, owner_started = ?,
                               heartbeat_at = ? WHERE id = ?""", now, HOST, PID, PROCESS_START, now, runId));
    }

    public void heartbeat(String runId) {
        db.write(c -> Sql.update(c, "UPDATE run SET heartbeat_at = ? WHERE id = ?", System.currentTimeMillis(), runId));
    }

    public void rename(String runId, String name) {
        db.write(c -> Sql.update(c, "UPDATE run SET name = ? WHERE id = ?", name, runId));
    }

    /** Hides a run from the runs table (or shows it again); nothing of it is deleted. */
    public void archive(String runId, boolean archived) {
        db.write(c -> Sql.update(c, "UPDATE run SET archived = ? WHERE id = ?", archived ? 1 : 0, runId));
    }

    /** Paged, filtered and sorted reads for the runs table; dates in filters are read in the system zone. */
    public RunTable table() {
        return table(java.time.Clock.systemDefaultZone());
    }

    /** As {@link #table()}, with the clock giving the zone for dates and "now" for live runs' durations. */
    public RunTable table(java.time.Clock clock) {
        return new RunTable(db, clock);
    }

    public void logParams(String runId, Map<String, String> params) {
        putAll("param", runId, params);
    }

    public void setTags(String runId, Map<String, String> tags) {
        putAll("tag", runId, tags);
    }

    /** Removes a tag from a run; does nothing when the run has no such tag. */
    public void removeTag(String runId, String key) {
        db.write(c -> Sql.update(c, "DELETE FROM tag WHERE run_pk = (SELECT pk FROM run WHERE id = ?) AND key = ?",
                runId, key));
    }

    /** Which of these runs are archived (hidden from the runs table unless asked for). */
    public java.util.Set<String> archivedAmong(java.util.Collection<String> runIds) {
        if (runIds.isEmpty()) {
            return java.util.Set.of();
        }
        String marks = String.join(", ", Collections.nCopies(runIds.size(), "?"));
        return db.read(c -> java.util.Set.copyOf(Sql.query(c, "SELECT id FROM run WHERE archived = 1 AND id IN ("
                + marks + ")", rs -> rs.getString(1), runIds.toArray())));
    }

    public void recordEnvironment(String runId, Map<String, String> environment) {
        putAll("environment", runId, environment);
    }

    private void putAll(String table, String runId, Map<String, String> values) {
        if (values.isEmpty()) {
            return;
        }
        db.write(c -> {
            insertAll(c, table, pk(c, runId), values);
            return null;
        });
    }

    private static void insertAll(Connection c, String table, long pk, Map<String, String> values) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table
                + " (run_pk, key, value) VALUES (?, ?, ?) ON CONFLICT (run_pk, key) DO UPDATE SET value = excluded.value")) {
            for (var e : values.entrySet()) {
                ps.setLong(1, pk);
                ps.setString(2, e.getKey());
                ps.setString(3, String.valueOf(e.getValue()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    public void recordGit(String runId, GitState git) {
        db.write(c -> Sql.update(c, """
                INSERT OR REPLACE INTO git_state (run_pk, commit_id, branch, remote_url, dirty, patch_artifact, work_tree)
                VALUES (?, ?, ?, ?, ?, ?, ?)""", pk(c, runId), git.commit(), git.branch(), git.remoteUrl(),
                git.dirty() ? 1 : 0, git.patchArtifact(), git.workTree()));
    }

    public Optional<Run> get(String runId) {
        return db.read(c -> fetch(c, runId));
    }

    /**
     * Finds a run by its full id or by a unique prefix of it (at least 4 characters), as git does for commits.
     *
     * @throws WorkspaceException naming the candidates when the prefix is ambiguous
     */
    public Optional<Run> find(String idOrPrefix) {
        String p = idOrPrefix.strip().toLowerCase(java.util.Locale.ROOT);
        Optional<Run> exact = get(p);
        if (exact.isPresent() || p.length() < 4 || !p.matches("[0-9a-f]+")) {
            return exact;
        }
        List<Run> matches = db.read(c -> Sql.query(c, "SELECT * FROM run WHERE id >= ? AND id < ? LIMIT 5",
                RunRepository::map, p, p + "g"));
        if (matches.size() > 1) {
            throw new WorkspaceException("run id prefix '" + idOrPrefix + "' is ambiguous: it matches "
                    + matches.stream().map(Run::id).toList() + (matches.size() == 5 ? " and more" : ""));
        }
        return matches.stream().findFirst();
    }

    public List<Run> list(RunQuery q) {
        StringBuilder sql = new StringBuilder("SELECT * FROM run WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (q.experimentId() != null) {
            sql.append(" AND experiment_id = ?");
            args.add(q.experimentId());
        }
        if (q.sweepId() != null) {
            sql.append(" AND sweep_id = ?");
            args.add(q.sweepId());
        }
        if (q.status() != null) {
            sql.append(" AND status = ?");
            args.add(q.status().name());
        }
        sql.append(" ORDER BY started_at DESC, pk DESC");
        if (q.limit() > 0) {
            sql.append(" LIMIT ").append(q.limit());
        }
        return db.read(c -> Sql.query(c, sql.toString(), RunRepository::map, args.toArray()));
    }

    /** Runs with their params and metric summaries, for tables: three queries whatever the run count. */
    public List<RunRow> rows(RunQuery q) {
        List<Run> runs = list(q);
        if (runs.isEmpty()) {
            return List.of();
        }
        return db.read(c -> {
            Map<String, String> experimentNames = new HashMap<>();
            for (var row : Sql.query(c, "SELECT id, name FROM experiment", rs -> Map.entry(rs.getString(1), rs.getString(2)))) {
                experimentNames.put(row.getKey(), row.getValue());
            }
            // narrow the param and metric queries the way the run list was narrowed
            String where = q.sweepId() != null ? " WHERE r.sweep_id = ?" : q.experimentId() != null ? " WHERE r.experiment_id = ?" : "";
            Object[] args = q.sweepId() != null ? new Object[] {q.sweepId()}
                    : q.experimentId() != null ? new Object[] {q.experimentId()} : new Object[0];
            Map<String, Map<String, String>> params = new HashMap<>();
            for (var row : Sql.query(c, "SELECT r.id, p.key, p.value FROM param p JOIN run r ON r.pk = p.run_pk" + where
                    + " ORDER BY p.key", rs -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)}, args)) {
                params.computeIfAbsent(row[0], k -> new LinkedHashMap<>()).put(row[1], row[2]);
            }
            Map<String, Map<String, MetricSummary>> metrics = new HashMap<>();
            for (var row : Sql.query(c, "SELECT r.id, k.name, s.* FROM metric_summary s JOIN run r ON r.pk = s.run_pk "
                    + "JOIN metric_key k ON k.id = s.key_id" + where + " ORDER BY k.name",
                    rs -> Map.entry(rs.getString(1), MetricRepository.mapSummary(rs, rs.getString(2))), args)) {
                metrics.computeIfAbsent(row.getKey(), k -> new LinkedHashMap<>()).put(row.getValue().key(), row.getValue());
            }
            List<RunRow> out = new ArrayList<>(runs.size());
            for (Run r : runs) {
                out.add(new RunRow(r, experimentNames.get(r.experimentId()),
                        params.getOrDefault(r.id(), Map.of()), metrics.getOrDefault(r.id(), Map.of())));
            }
            return out;
        });
    }

    public Optional<RunDetail> detail(String runId) {
        return db.read(c -> {
            Optional<Run> run = fetch(c, runId);
            if (run.isEmpty()) {
                return Optional.empty();
            }
            long pk = pk(c, runId);
            String experiment = Sql.query(c, "SELECT name FROM experiment WHERE id = ?", rs -> rs.getString(1),
                    run.get().experimentId()).stream().findFirst().orElse(null);
            List<MetricSummary> metrics = Sql.query(c, """
                    SELECT k.name, s.* FROM metric_summary s JOIN metric_key k ON k.id = s.key_id
                    WHERE s.run_pk = ? ORDER BY k.name""", rs -> MetricRepository.mapSummary(rs, rs.getString(1)), pk);
            List<Artifact> artifacts = Sql.query(c, "SELECT path, sha256, size FROM artifact WHERE run_pk = ? ORDER BY path",
                    rs -> new Artifact(rs.getString(1), rs.getString(2), rs.getLong(3)), pk);
            List<DatasetRecord> datasets = Sql.query(c, """
                    SELECT d.* FROM dataset d JOIN run_dataset rd ON rd.dataset_sha256 = d.sha256
                    WHERE rd.run_pk = ? ORDER BY rd.role""", DatasetRepository::map, pk);
            Optional<GitState> git = Sql.query(c, "SELECT * FROM git_state WHERE run_pk = ?", rs -> new GitState(
                    rs.getString("commit_id"), rs.getString("branch"), rs.getString("remote_url"),
                    rs.getInt("dirty") != 0, rs.getString("patch_artifact"), rs.getString("work_tree")), pk)
                    .stream().findFirst();
            return Optional.of(new RunDetail(run.get(), experiment, keyValues(c, "param", pk), keyValues(c, "tag", pk),
                    metrics, artifacts, datasets, keyValues(c, "environment", pk), git));
        });
    }

    private static Map<String, String> keyValues(Connection c, String table, long pk) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        for (var e : Sql.query(c, "SELECT key, value FROM " + table + " WHERE run_pk = ? ORDER BY key",
                rs -> Map.entry(rs.getString(1), rs.getString(2)), pk)) {
            out.put(e.getKey(), e.getValue());
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * Marks RUNNING runs whose process is gone as KILLED, with the reason "lost". A run of this host is lost
     * when its process no longer exists (or the pid now belongs to a later process); a run of another host
     * when its heartbeat is older than ten minutes.
     *
     * @return how many runs were marked
     */
    public int markLostRuns() {
        List<Object[]> running = db.read(c -> Sql.query(c,
                "SELECT id, owner_host, owner_pid, owner_started, heartbeat_at FROM run WHERE status = 'RUNNING'",
                rs -> new Object[] {rs.getString(1), rs.getString(2), Sql.getLong(rs, "owner_pid"),
                        Sql.getLong(rs, "owner_started"), Sql.getLong(rs, "heartbeat_at")}));
        int marked = 0;
        long now = System.currentTimeMillis();
        for (Object[] r : running) {
            String id = (String) r[0];
            String host = (String) r[1];
            Long pid = (Long) r[2];
            Long started = (Long) r[3];
            Long heartbeat = (Long) r[4];
            String reason = null;
            if (!ownerAlive(host, pid, started, heartbeat)) {
                reason = HOST.equals(host) && pid != null
                        ? "lost: process " + pid + " ended without finishing the run"
                        : "lost: no heartbeat from host " + host + " since "
                                + (heartbeat == null ? "the start" : Instant.ofEpochMilli(heartbeat));
            }
            if (reason != null) {
                String why = reason;
                marked += db.write(c -> Sql.update(c,
                        "UPDATE run SET status = 'KILLED', status_reason = ?, ended_at = COALESCE(heartbeat_at, ?) "
                                + "WHERE id = ? AND status = 'RUNNING'", why, now, id));
            }
        }
        return marked;
    }

    /**
     * Whether the process that owns a run or sweep still lives: on this host, its pid exists and started when
     * recorded; on another host, its heartbeat is younger than ten minutes.
     */
    static boolean ownerAlive(String host, Long pid, Long started, Long heartbeat) {
        if (HOST.equals(host) && pid != null) {
            return processAlive(pid, started);
        }
        return heartbeat != null && System.currentTimeMillis() - heartbeat <= REMOTE_LOST_AFTER_MS;
    }

    private static boolean processAlive(long pid, Long startedMillis) {
        Optional<ProcessHandle> p = ProcessHandle.of(pid);
        if (p.isEmpty() || !p.get().isAlive()) {
            return false;
        }
        if (startedMillis == null || startedMillis == 0) {
            return true;
        }
        // the pid may have been reused by a later process: compare start times (to the second)
        return p.get().info().startInstant().map(i -> Math.abs(i.toEpochMilli() - startedMillis) < 2000).orElse(true);
    }

    long pk(Connection c, String runId) throws SQLException {
        Long cached = pks.get(runId);
        if (cached != null) {
            return cached;
        }
        List<Long> found = Sql.query(c, "SELECT pk FROM run WHERE id = ?", rs -> rs.getLong(1), runId);
        if (found.isEmpty()) {
            throw new WorkspaceException("no run with id " + runId);
        }
        pks.put(runId, found.get(0));
        return found.get(0);
    }

    static Optional<Run> fetch(Connection c, String id) throws SQLException {
        return Sql.query(c, "SELECT * FROM run WHERE id = ?", RunRepository::map, id).stream().findFirst();
    }

    static Run map(ResultSet rs) throws SQLException {
        Long started = Sql.getLong(rs, "started_at");
        Long ended = Sql.getLong(rs, "ended_at");
        return new Run(rs.getString("id"), rs.getString("experiment_id"), rs.getString("name"),
                RunStatus.valueOf(rs.getString("status")), rs.getString("status_reason"),
                started == null ? null : Instant.ofEpochMilli(started), ended == null ? null : Instant.ofEpochMilli(ended),
                rs.getString("parent_run_id"), rs.getString("sweep_id"), Sql.getInt(rs, "trial_index"),
                rs.getString("trainer"), Sql.getLong(rs, "seed"));
    }

    private static String hostName() {
        // the kernel's name first: the same in every process, and no DNS look-up
        try {
            java.nio.file.Path kernel = java.nio.file.Path.of("/proc/sys/kernel/hostname");
            if (java.nio.file.Files.isReadable(kernel)) {
                return java.nio.file.Files.readString(kernel).strip();
            }
        } catch (java.io.IOException ignored) {
            // fall back to the resolver
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "localhost";
        }
    }
}
