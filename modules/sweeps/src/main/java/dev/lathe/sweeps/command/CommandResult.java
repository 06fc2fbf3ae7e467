package dev.lathe.sweeps.command;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a command trial ended.
 *
 * @param exitCode     the process's exit code (128 + signal when killed on Unix); -1 when it never started
 * @param status       FINISHED (exit 0), FAILED (non-zero exit or could not start) or STOPPED (on request)
 * @param reason       why it failed or how it was stopped; "" when it finished
 * @param lastStep     the highest step of any metric passed on; 0 when none was
 * @param finalMetrics each metric's last value passed on, in order of first appearance
 */
public record CommandResult(int exitCode, Status status, String reason, long lastStep,
                            Map<String, Double> finalMetrics) {
    public enum Status { FINISHED, FAILED, STOPPED }

    public CommandResult {
        reason = reason == null ? "" : reason;
        finalMetrics = Collections.unmodifiableMap(new LinkedHashMap<>(finalMetrics));
    }
}
