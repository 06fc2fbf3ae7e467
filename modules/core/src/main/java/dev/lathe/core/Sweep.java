package dev.lathe.core;

import java.time.Instant;

/**
 * A hyperparameter sweep: its trials are runs pointing at it. spec is the sweep file's text as it was
 * started, source the file's path then; status is one of {@link Status}.
 */
public record Sweep(String id, String experimentId, String name, Status status, String spec, String source,
                    Instant createdAt, Instant startedAt, Instant endedAt) {

    public enum Status {
        /** A coordinator is running its trials. */
        RUNNING,
        /** `sweep stop` asked the coordinator to stop; it will end as STOPPED. */
        STOPPING,
        /** Stopped before its budget was used; `sweep resume` continues it. */
        STOPPED,
        /** Its budget is used or its space exhausted. */
        FINISHED,
        /** It could not go on (bad data, every trial failing); the reason is in its last trials. */
        FAILED
    }
}
