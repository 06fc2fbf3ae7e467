package dev.lathe.app.runs;

import dev.lathe.core.MetricSummary;
import dev.lathe.core.Run;
import dev.lathe.core.RunRow;
import dev.lathe.core.RunStatus;
import java.time.Duration;
import java.time.Instant;

/**
 * One row of the runs table: a run with its params and metrics, its duration as of loading, and whether it is
 * archived (only listed while the table shows archived runs).
 */
public record RunItem(RunRow row, Duration duration, boolean archived) {

    static RunItem of(RunRow row, Instant now, boolean archived) {
        return new RunItem(row, row.run().duration(now), archived);
    }

    public Run run() {
        return row.run();
    }

    public RunStatus status() {
        return row.run().status();
    }

    /** The run's name, or the start of its id for an unnamed run. */
    public String name() {
        String name = row.run().name();
        if (name != null && !name.isBlank()) {
            return name;
        }
        String id = row.run().id();
        return id.length() > 8 ? id.substring(0, 8) : id;
    }

    public String experiment() {
        return row.experimentName();
    }

    public String trainer() {
        return row.run().trainer();
    }

    public Instant startedAt() {
        return row.run().startedAt();
    }

    /** The param's value, or null when this run has no such param. */
    public String param(String key) {
        return row.params().get(key);
    }

    /** The metric's summary, or null when this run did not log it. */
    public MetricSummary metric(String key) {
        return row.metrics().get(key);
    }

    /** The metric's last value, or null when this run did not log it. */
    public Double lastValue(String key) {
        MetricSummary m = metric(key);
        return m == null ? null : m.last();
    }
}
