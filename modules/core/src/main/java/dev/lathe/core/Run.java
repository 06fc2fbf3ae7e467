package dev.lathe.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One training run as stored in the workspace. Optional parts (parent, sweep, end) are null when absent;
 * the accessors below wrap them for callers that prefer Optional.
 */
public record Run(
        String id,
        String experimentId,
        String name,
        RunStatus status,
        String statusReason,
        Instant startedAt,
        Instant endedAt,
        String parentRunId,
        String sweepId,
        Integer trialIndex,
        String trainer,
        Long seed) {

    public Optional<Instant> end() {
        return Optional.ofNullable(endedAt);
    }

    /** Wall time so far for a live run, or start to end for a finished one. */
    public Duration duration(Instant now) {
        Instant stop = endedAt != null ? endedAt : now;
        return startedAt == null ? Duration.ZERO : Duration.between(startedAt, stop);
    }
}
