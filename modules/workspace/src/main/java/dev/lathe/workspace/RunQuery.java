package dev.lathe.workspace;

import dev.lathe.core.RunStatus;

/**
 * Which runs to list: null fields do not filter. Runs come newest first.
 */
public record RunQuery(String experimentId, RunStatus status, int limit) {
    public static RunQuery all() {
        return new RunQuery(null, null, 0);
    }

    public static RunQuery inExperiment(String experimentId) {
        return new RunQuery(experimentId, null, 0);
    }
}
