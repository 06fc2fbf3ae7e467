package dev.lathe.app.sweeps;

import dev.lathe.core.RunStatus;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One trial as the table shows it. Immutable: an update replaces the row, so the table refreshes that row only.
 *
 * @param value the sweep metric's latest value (live while RUNNING, final once ended), null before the first
 * @param step  the step of value
 */
public record TrialRow(int trial, String runId, RunStatus status, Double value, Long step, Map<String, String> params,
                       String reason, String job) {

    public TrialRow {
        // keeps the runner's order (the search space's), which Map.copyOf would scramble
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /** A trial run on this machine (no cluster job). */
    public TrialRow(int trial, String runId, RunStatus status, Double value, Long step, Map<String, String> params,
                    String reason) {
        this(trial, runId, status, value, step, params, reason, null);
    }

    TrialRow withProgress(double newValue, long newStep) {
        return new TrialRow(trial, runId, status, newValue, newStep, params, reason, job);
    }

    /** The same trial with its cluster job shown as job, e.g. "slurm 42 · RUNNING". */
    TrialRow withJob(String newJob) {
        return new TrialRow(trial, runId, status, value, step, params, reason, newJob);
    }

    /** "slurm 42 · RUNNING": how a cluster trial's job is shown; null when the trial ran on this machine. */
    static String jobText(String executor, String jobId, String state) {
        if (jobId == null || jobId.isBlank()) {
            return null;
        }
        return (executor == null || executor.isBlank() ? "" : executor + " ") + jobId
                + (state == null || state.isBlank() ? "" : " · " + state);
    }

    /** "lr=0.01, hidden=64", in the search space's order. */
    public String paramsText() {
        return params.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }

    static RunStatus status(String text) {
        try {
            return RunStatus.parse(text);
        } catch (IllegalArgumentException e) {
            // a status a newer runner added: show the trial as ended rather than drop it
            return RunStatus.KILLED;
        }
    }
}
