package dev.lathe.app.sweeps;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One line of the runner's {@code sweep start|resume --events} stream (docs/cli.md, "The runner protocol").
 * Fields the app does not use are left out; unknown events are kept as {@link Other} so a newer runner works.
 */
public sealed interface SweepEvent {

    record Started(String sweepId, String name, int runCap, int slots, String workspace) implements SweepEvent {
    }

    record TrialStarted(int trial, String runId, Map<String, String> params) implements SweepEvent {
    }

    record Metric(int trial, String runId, String key, long step, double value) implements SweepEvent {
    }

    /**
     * A trial's end; value and step are null when it ended without a metric value (e.g. FAILED early); job is its
     * cluster job as {@link TrialRow#jobText} shows it, null for a trial run on this machine.
     */
    record TrialFinished(int trial, String runId, String status, Double value, Long step, Map<String, String> params,
                         String reason, String job) implements SweepEvent {
    }

    /** A cluster trial's job changed state (submitted, PENDING, RUNNING, COMPLETED, CANCELLED...). */
    record TrialState(int trial, String runId, String executor, String jobId, String state) implements SweepEvent {
    }

    record Progress(int done, int runCap, int running, int pruned, int failed, Double best) implements SweepEvent {
    }

    /** The end of the sweep: the same object as {@code sweep status --format json} without its trials. */
    record Finished(SweepSummary summary) implements SweepEvent {
    }

    /** The command failed before or outside a trial (exit code 2: a bad sweep file). */
    record Error(String message, int exitCode) implements SweepEvent {
    }

    record Other(String event) implements SweepEvent {
    }

    /** Parses one stdout line; null for a line that is not an event (stray output is ignored, not fatal). */
    static SweepEvent parse(ObjectMapper json, String line) {
        if (line.isBlank() || line.charAt(0) != '{') {
            return null;
        }
        JsonNode n;
        try {
            n = json.readTree(line);
        } catch (JsonProcessingException e) {
            return null;
        }
        String event = n.path("event").asText("");
        return switch (event) {
            case "sweep-started" -> new Started(n.path("sweep_id").asText(), n.path("name").asText(),
                    n.path("run_cap").asInt(), n.path("slots").asInt(), n.path("workspace").asText());
            case "trial-started" -> new TrialStarted(n.path("trial").asInt(), n.path("run_id").asText(),
                    params(n.path("params")));
            case "metric" -> new Metric(n.path("trial").asInt(), n.path("run_id").asText(), n.path("key").asText(),
                    n.path("step").asLong(), number(n.path("value")));
            case "trial-finished" -> new TrialFinished(n.path("trial").asInt(), n.path("run_id").asText(),
                    n.path("status").asText(), nullableNumber(n.path("value")),
                    n.path("step").isNumber() ? n.path("step").asLong() : null, params(n.path("params")),
                    text(n.path("reason")), TrialRow.jobText(text(n.path("executor")), text(n.path("job_id")),
                    text(n.path("executor_state"))));
            case "trial-state" -> new TrialState(n.path("trial").asInt(), n.path("run_id").asText(),
                    text(n.path("executor")), text(n.path("job_id")), text(n.path("executor_state")));
            case "sweep-progress" -> new Progress(n.path("done").asInt(), n.path("run_cap").asInt(),
                    n.path("running").asInt(), n.path("pruned").asInt(), n.path("failed").asInt(),
                    nullableNumber(n.path("best")));
            case "sweep-finished" -> new Finished(SweepSummary.of(n));
            case "error" -> new Error(n.path("message").asText(""), n.path("exit_code").asInt(1));
            default -> new Other(event);
        };
    }

    static Map<String, String> params(JsonNode node) {
        Map<String, String> params = new LinkedHashMap<>();
        node.properties().forEach(e -> params.put(e.getKey(), e.getValue().asText()));
        return params;
    }

    static String text(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? null : node.asText();
    }

    /** A number, or NaN and the infinities, which the runner writes as strings. */
    static double number(JsonNode node) {
        if (node.isNumber()) {
            return node.asDouble();
        }
        return switch (node.asText("")) {
            case "Infinity" -> Double.POSITIVE_INFINITY;
            case "-Infinity" -> Double.NEGATIVE_INFINITY;
            default -> Double.NaN;
        };
    }

    static Double nullableNumber(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? null : number(node);
    }
}
