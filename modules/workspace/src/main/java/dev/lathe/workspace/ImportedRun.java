package dev.lathe.workspace;

import dev.lathe.core.GitState;
import dev.lathe.core.RunStatus;
import java.time.Instant;
import java.util.Map;

/**
 * A finished (or once live) run brought in from another tracker, keeping that tracker's id so a second
 * import finds it. Times, parent and git are null when unknown.
 */
public record ImportedRun(String id, String experimentId, String name, RunStatus status, String statusReason,
                          Instant startedAt, Instant endedAt, String parentRunId, Map<String, String> params,
                          Map<String, String> tags, GitState git) {
    public ImportedRun {
        params = Map.copyOf(params);
        tags = Map.copyOf(tags);
    }
}
