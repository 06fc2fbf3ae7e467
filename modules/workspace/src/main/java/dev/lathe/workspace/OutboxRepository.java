package dev.lathe.workspace;

import dev.lathe.core.Ids;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The publishing outbox: one job per publish of a model version to a remote target. A job waits in
 * {@code queued} while its target is unreachable and is retried with exponential backoff; {@code running}
 * while a process pushes it; {@code done} with the digest or URL it made; {@code failed} when retrying cannot
 * help (credentials refused, target rejected the content).
 */
public final class OutboxRepository {
    /** A running job not updated for this long belongs to a process that died; it may be taken again. */
    static final Duration STALE_RUNNING = Duration.ofMinutes(10);
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(30);
    static final Duration MAX_BACKOFF = Duration.ofHours(1);

    public enum State {
        QUEUED, RUNNING, DONE, FAILED;

        String column() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static State of(String column) {
            return valueOf(column.toUpperCase(java.util.Locale.ROOT));
        }
    }

    /** One publish job. options is the JSON of the publish's options (e.g. {"insecure": true}). */
    public record Job(String id, String model, int version, String target, State state, int attempts,
                      Instant nextAttemptAt, String lastError, String resultDigest, String resultUrl, String options,
                      Instant createdAt, Instant updatedAt) {
        public String reference() {
            return model + ":" + version;
        }
    }

    private final Database db;

    OutboxRepository(Database db) {
        this.db = db;
    }

    /**
     * The job for this model version and target that is not finished yet (queued, running or failed), reused
     * so publishing the same thing twice makes one job; else a new running job.
     */
    public Job start(String model, int version, String target, String options) {
        long now = System.currentTimeMillis();
        return db.write(c -> {
            List<String> open = Sql.query(c, """
                    SELECT id FROM publish_jobs WHERE model = ? AND version = ? AND target = ?
                    AND state IN ('queued', 'failed', 'running') ORDER BY created_at DESC LIMIT 1""",
                    rs -> rs.getString(1), model, version, target);
            String id;
            if (open.isEmpty()) {
                id = Ids.newId();
                Sql.update(c, """
                        INSERT INTO publish_jobs (id, model, version, target, state, attempts, options, created_at, updated_at)
                        VALUES (?, ?, ?, ?, 'running', 1, ?, ?, ?)""", id, model, version, target, options, now, now);
            } else {
                id = open.get(0);
                Sql.update(c, """
                        UPDATE publish_jobs SET state = 'running', attempts = attempts + 1, options = ?, updated_at = ?,
                        next_attempt_at = NULL WHERE id = ?""", options, now, id);
            }
            return fetch(c, id).orElseThrow();
        });
    }

    /**
     * Takes a queued job for this process (state running, one more attempt) unless another process took it
     * first; empty when it was not queued (or stale running) any more.
     */
    public Optional<Job> claim(String id) {
        long now = System.currentTimeMillis();
        long staleBefore = now - STALE_RUNNING.toMillis();
        return db.write(c -> {
            int n = Sql.update(c, """
                    UPDATE publish_jobs SET state = 'running', attempts = attempts + 1, updated_at = ?
                    WHERE id = ? AND (state = 'queued' OR (state = 'running' AND updated_at < ?))""",
                    now, id, staleBefore);
            return n == 0 ? Optional.<Job>empty() : fetch(c, id);
        });
    }

    /** Queued jobs whose next attempt is due at now (and running ones left by a dead process), oldest first. */
    public List<Job> due(Instant now) {
        long t = now.toEpochMilli();
        return db.read(c -> Sql.query(c, """
                SELECT * FROM publish_jobs WHERE (state = 'queued' AND (next_attempt_at IS NULL OR next_attempt_at <= ?))
                OR (state = 'running' AND updated_at < ?) ORDER BY created_at""",
                OutboxRepository::map, t, t - STALE_RUNNING.toMillis()));
    }

    /** The job is waiting for its target: retried after a backoff that doubles with each attempt (30 s .. 1 h). */
    public Job requeue(String id, String error) {
        long now = System.currentTimeMillis();
        return db.write(c -> {
            int attempts = Sql.query(c, "SELECT attempts FROM publish_jobs WHERE id = ?", rs -> rs.getInt(1), id)
                    .stream().findFirst().orElse(1);
            long delay = backoff(attempts).toMillis();
            Sql.update(c, """
                    UPDATE publish_jobs SET state = 'queued', last_error = ?, next_attempt_at = ?, updated_at = ?
                    WHERE id = ?""", error, now + delay, now, id);
            return fetch(c, id).orElseThrow();
        });
    }

    /** Backoff before the next attempt after attempts failed ones: 30 s, 1 min, 2 min, ... at most 1 h. */
    public static Duration backoff(int attempts) {
        int shift = Math.max(0, Math.min(attempts - 1, 20));
        long ms = FIRST_BACKOFF.toMillis() << shift;
        return Duration.ofMillis(Math.min(ms, MAX_BACKOFF.toMillis()));
    }

    public Job fail(String id, String error) {
        long now = System.currentTimeMillis();
        return db.write(c -> {
            Sql.update(c, """
                    UPDATE publish_jobs SET state = 'failed', last_error = ?, next_attempt_at = NULL, updated_at = ?
                    WHERE id = ?""", error, now, id);
            return fetch(c, id).orElseThrow();
        });
    }

    public Job done(String id, String resultDigest, String resultUrl) {
        long now = System.currentTimeMillis();
        return db.write(c -> {
            Sql.update(c, """
                    UPDATE publish_jobs SET state = 'done', last_error = NULL, next_attempt_at = NULL,
                    result_digest = ?, result_url = ?, updated_at = ? WHERE id = ?""", resultDigest, resultUrl, now, id);
            return fetch(c, id).orElseThrow();
        });
    }

    /** Marks a job as still being worked on, so it is not taken as left by a dead process. */
    public void touch(String id) {
        db.write(c -> Sql.update(c, "UPDATE publish_jobs SET updated_at = ? WHERE id = ?", System.currentTimeMillis(), id));
    }

    /** Failed jobs back to queued, due now (a `publish retry --failed` after fixing credentials). */
    public int requeueFailed() {
        long now = System.currentTimeMillis();
        return db.write(c -> Sql.update(c, """
                UPDATE publish_jobs SET state = 'queued', next_attempt_at = ?, updated_at = ? WHERE state = 'failed'""",
                now, now));
    }

    /** Queued jobs made due now, for an explicit retry. */
    public int makeQueuedDue() {
        long now = System.currentTimeMillis();
        return db.write(c -> Sql.update(c,
                "UPDATE publish_jobs SET next_attempt_at = ? WHERE state = 'queued'", now));
    }

    public Optional<Job> get(String id) {
        return db.read(c -> fetch(c, id));
    }

    /** All jobs, newest first. */
    public List<Job> list() {
        return db.read(c -> Sql.query(c, "SELECT * FROM publish_jobs ORDER BY created_at DESC, id",
                OutboxRepository::map));
    }

    private static Optional<Job> fetch(java.sql.Connection c, String id) throws SQLException {
        return Sql.query(c, "SELECT * FROM publish_jobs WHERE id = ?", OutboxRepository::map, id).stream().findFirst();
    }

    private static Job map(ResultSet rs) throws SQLException {
        Long next = Sql.getLong(rs, "next_attempt_at");
        return new Job(rs.getString("id"), rs.getString("model"), rs.getInt("version"), rs.getString("target"),
                State.of(rs.getString("state")), rs.getInt("attempts"), next == null ? null : Instant.ofEpochMilli(next),
                rs.getString("last_error"), rs.getString("result_digest"), rs.getString("result_url"),
                rs.getString("options"), Instant.ofEpochMilli(rs.getLong("created_at")),
                Instant.ofEpochMilli(rs.getLong("updated_at")));
    }
}
