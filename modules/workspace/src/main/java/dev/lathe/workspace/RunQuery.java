package dev.lathe.workspace;

import dev.lathe.core.RunStatus;

/**
 * Which runs to list: null fields do not filter; limit 0 means all. Runs come newest first.
 */
public record RunQuery(String experimentId, RunStatus status, int limit, String sweepId) {
    public RunQuery(String experimentId, RunStatus status, int limit) {
        this(experimentId, status, limit, null);
    }

    public static RunQuery all() {
        return new RunQuery(null, null, 0);
    }

    public static RunQuery inExperiment(String experimentId) {
        return new RunQuery(experimentId, null, 0);
    }

    public static RunQuery inSweep(String sweepId) {
        return new RunQuery(null, null, 0, sweepId);
    }
}
