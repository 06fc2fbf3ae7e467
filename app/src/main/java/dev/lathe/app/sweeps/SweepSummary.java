package dev.lathe.app.sweeps;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A sweep as {@code sweep status --format json} (and the {@code sweep-finished} event) describe it.
 *
 * @param trials empty for the event, which leaves them out
 */
public record SweepSummary(String id, String name, String status, String metric, String goal, int runCap, int done,
                           int running, int finished, int pruned, int failed, int killed, double spentSeconds,
                           TrialRow best, List<TrialRow> trials) {

    static SweepSummary of(JsonNode n) {
        List<TrialRow> trials = new ArrayList<>();
        for (JsonNode t : n.path("trials")) {
            trials.add(trial(t));
        }
        JsonNode best = n.path("best");
        return new SweepSummary(n.path("id").asText(), n.path("name").asText(), n.path("status").asText(),
                n.path("metric").path("name").asText(""), n.path("metric").path("goal").asText(""),
                n.path("run_cap").asInt(), n.path("done").asInt(), n.path("running").asInt(),
                n.path("finished").asInt(), n.path("pruned").asInt(), n.path("failed").asInt(),
                n.path("killed").asInt(), n.path("spent_seconds").asDouble(),
                best.isObject() ? trial(best) : null, List.copyOf(trials));
    }

    private static TrialRow trial(JsonNode t) {
        return new TrialRow(t.path("trial").asInt(), t.path("run_id").asText(),
                TrialRow.status(t.path("status").asText()), SweepEvent.nullableNumber(t.path("value")),
                t.path("step").isNumber() ? t.path("step").asLong() : null, SweepEvent.params(t.path("params")),
                SweepEvent.text(t.path("reason")), TrialRow.jobText(SweepEvent.text(t.path("executor")),
                SweepEvent.text(t.path("job_id")), SweepEvent.text(t.path("executor_state"))));
    }
}
