package dev.lathe.tracking;

import dev.lathe.core.Artifact;
import dev.lathe.core.DatasetRecord;
import dev.lathe.core.RunStatus;
import dev.lathe.data.DatasetProfile;
import dev.lathe.data.Table;
import dev.lathe.workspace.MetricRepository.RunPoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A live run. Metrics are queued and written in batches; params, tags and artifacts are written at once.
 * Closing ends the run as FINISHED unless {@link #end}, {@link #fail} or {@link #kill} ended it first.
 */
public final class TrackedRun implements AutoCloseable {
    private final Tracker tracker;
    private final dev.lathe.core.Run run;
    private volatile RunStatus endedAs;

    TrackedRun(Tracker tracker, dev.lathe.core.Run run) {
        this.tracker = tracker;
        this.run = run;
    }

    public String id() {
        return run.id();
    }

    public dev.lathe.core.Run run() {
        return run;
    }

    public void logParam(String key, String value) {
        logParams(Map.of(key, value));
    }

    public void logParams(Map<String, String> params) {
        tracker.workspace().runs().logParams(run.id(), params);
    }

    public void setTag(String key, String value) {
        tracker.workspace().runs().setTags(run.id(), Map.of(key, value));
    }

    public void recordEnvironment(Map<String, String> facts) {
        tracker.workspace().runs().recordEnvironment(run.id(), facts);
    }

    /** Queues one metric point; the timestamp is now. NaN and infinities are kept as logged. */
    public void log(String key, long step, double value) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("metric key must not be empty");
        }
        tracker.batcher().add(new RunPoint(run.id(), key, step, System.currentTimeMillis(), value));
    }

    public void log(Map<String, Double> metrics, long step) {
        metrics.forEach((k, v) -> log(k, step, v));
    }

    public Artifact logArtifact(String path, Path file) {
        return tracker.workspace().artifacts().add(run.id(), path, file);
    }

    public Artifact logArtifact(String path, byte[] bytes) {
        return tracker.workspace().artifacts().add(run.id(), path, bytes);
    }

    /** Stores every file under dir as an artifact named prefix/relative-path. */
    public List<Artifact> logArtifacts(String prefix, Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).sorted()
                    .map(f -> logArtifact(prefix + "/" + dir.relativize(f).toString().replace('\\', '/'), f))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read artifacts under " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Records the dataset's fingerprint (sha256, shape, per-column profile) and links it to this run. */
    public DatasetRecord recordDataset(Table table, String role) {
        DatasetRecord record = new DatasetRecord(table.sha256(), table.name(), table.source().toAbsolutePath().toString(),
                table.rows(), table.columns().size(), DatasetProfile.of(table).toJson());
        tracker.workspace().datasets().recordForRun(run.id(), record, role);
        return record;
    }

    /** Blocks until every metric point logged so far (by any run of this tracker) is durable. */
    public void flush() {
        tracker.flush();
    }

    public void end(RunStatus status, String reason) {
        if (endedAs != null) {
            return;
        }
        try {
            tracker.flush();
        } catch (RuntimeException e) {
            endedAs = RunStatus.FAILED;
            tracker.workspace().runs().finish(run.id(), RunStatus.FAILED, "metric points could not be written: "
                    + e.getMessage());
            throw e;
        }
        tracker.workspace().runs().finish(run.id(), status, reason);
        endedAs = status;
    }

    public void fail(String reason) {
        end(RunStatus.FAILED, reason);
    }

    public void kill(String reason) {
        end(RunStatus.KILLED, reason);
    }

    public boolean isEnded() {
        return endedAs != null;
    }

    @Override
    public void close() {
        end(RunStatus.FINISHED, null);
    }
}
