package dev.lathe.app.sweeps;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lathe.app.Formats;
import java.util.ArrayList;
import java.util.List;

/** A trainer as {@code lathe trainers --format json} lists it: what the form offers as param names and ranges. */
public record TrainerInfo(String name, String description, List<String> tasks, List<Param> params) {

    public record Param(String name, String type, String defaultValue, Double min, Double max, List<String> choices,
                        String description) {
        /** "int, 1 to 1000, default 10" or "one of relu, tanh; default relu": shown beside the name. */
        public String rangeText() {
            StringBuilder t = new StringBuilder(type);
            if (!choices.isEmpty()) {
                t.append(", one of ").append(String.join(", ", choices));
            } else if (min != null && max != null) {
                t.append(", ").append(Formats.metric(min)).append(" to ").append(Formats.metric(max));
            }
            if (defaultValue != null && !defaultValue.isEmpty()) {
                t.append(", default ").append(defaultValue);
            }
            return t.toString();
        }

        /** A first guess at the search-space kind for this param, so a new row is valid as it stands. */
        String suggestedKind() {
            return switch (type) {
                case "int" -> "int_uniform";
                case "double" -> name.equals("lr") || name.contains("rate") ? "log_uniform_values" : "uniform";
                default -> "values";
            };
        }
    }

    static List<TrainerInfo> parseAll(JsonNode array) {
        List<TrainerInfo> trainers = new ArrayList<>();
        for (JsonNode t : array) {
            List<Param> params = new ArrayList<>();
            for (JsonNode p : t.path("params")) {
                List<String> choices = new ArrayList<>();
                p.path("choices").forEach(c -> choices.add(c.asText()));
                params.add(new Param(p.path("name").asText(), p.path("type").asText(), SweepEvent.text(p.path("default")),
                        SweepEvent.nullableNumber(p.path("min")), SweepEvent.nullableNumber(p.path("max")),
                        List.copyOf(choices), p.path("description").asText("")));
            }
            List<String> tasks = new ArrayList<>();
            t.path("tasks").forEach(x -> tasks.add(x.asText()));
            trainers.add(new TrainerInfo(t.path("name").asText(), t.path("description").asText(""), List.copyOf(tasks),
                    List.copyOf(params)));
        }
        return List.copyOf(trainers);
    }
}
