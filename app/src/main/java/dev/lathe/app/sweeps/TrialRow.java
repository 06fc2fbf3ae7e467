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
                       String reason) {

    public TrialRow {
        // keeps the runner's order (the search space's), which Map.copyOf would scramble
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    TrialRow withProgress(double newValue, long newStep) {
        return new TrialRow(trial, runId, status, newValue, newStep, params, reason);
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
