package dev.lathe.sweeps.command;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One line of a command's stdout that carries metrics. Two shapes are understood:
 * <ul>
 *   <li>a JSON object, {@code {"step": 3, "val_loss": 0.2, "val_accuracy": 0.9}}: every numeric field is a
 *       metric; NaN and Infinity are accepted bare (Python's json.dumps writes them so) or as strings;</li>
 *   <li>{@code key=value} pairs separated by spaces or commas, {@code step=3 val_loss=0.2, acc=0.9}: the whole
 *       line must be such pairs, so an ordinary print that happens to contain one ("using lr=0.1") is
 *       not mistaken for a metric.</li>
 * </ul>
 * In both, {@code step} (or else {@code epoch}) gives the step and is not a metric itself.
 *
 * @param step    the step the line names, or null when it names none
 * @param metrics metric name to value, in line order (never empty)
 */
public record MetricLine(Long step, Map<String, Double> metrics) {
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();
    private static final Pattern SEPARATORS = Pattern.compile("[\\s,]+");
    private static final Pattern PAIR = Pattern.compile("[A-Za-z_][A-Za-z0-9_./:-]*=\\S*");
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    public MetricLine {
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    /** The metrics of a stdout line, or empty for a line that carries none. */
    public static Optional<MetricLine> parse(String line) {
        if (line == null) {
            return Optional.empty();
        }
        String text = line.strip();
        if (text.startsWith("{") && text.endsWith("}")) {
            return json(text);
        }
        return text.indexOf('=') > 0 ? pairs(text) : Optional.empty();
    }

    private static Optional<MetricLine> json(String text) {
        Map<String, Double> fields = new LinkedHashMap<>();
        try (JsonParser p = JSON.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonToken value = p.nextToken();
                switch (value) {
                    case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> fields.put(key, p.getDoubleValue());
                    // JSON proper cannot carry NaN, so loggers often write it as a string
                    case VALUE_STRING -> nonFinite(p.getText()).ifPresent(v -> fields.put(key, v));
                    case START_OBJECT, START_ARRAY -> p.skipChildren();
                    default -> {
                    }
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                return Optional.empty();
            }
        } catch (IOException e) {
            return Optional.empty(); // not JSON after all: an ordinary print
        }
        return of(fields);
    }

    private static Optional<MetricLine> pairs(String text) {
        Map<String, Double> fields = new LinkedHashMap<>();
        for (String token : SEPARATORS.split(text)) {
            if (token.isEmpty()) {
                continue;
            }
            if (!PAIR.matcher(token).matches()) {
                return Optional.empty();
            }
            int eq = token.indexOf('=');
            number(token.substring(eq + 1)).ifPresent(v -> fields.put(token.substring(0, eq), v));
        }
        return of(fields);
    }

    /** Splits off step/epoch; empty when no metric is left. */
    private static Optional<MetricLine> of(Map<String, Double> fields) {
        Double step = fields.remove("step");
        Double epoch = fields.remove("epoch");
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        Double s = step != null ? step : epoch;
        // a fractional epoch (0.33 of the way through) belongs to the epoch it is in, counted from 1
        Long at = s == null || !Double.isFinite(s) ? null : (long) Math.ceil(s);
        return Optional.of(new MetricLine(at, fields));
    }

    /** A decimal number or a non-finite word; Double.parseDouble alone would also take "1d" and hex. */
    static Optional<Double> number(String text) {
        if (NUMBER.matcher(text).matches()) {
            return Optional.of(Double.parseDouble(text));
        }
        return nonFinite(text);
    }

    private static Optional<Double> nonFinite(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "nan", "+nan", "-nan" -> Optional.of(Double.NaN);
            case "inf", "+inf", "infinity", "+infinity" -> Optional.of(Double.POSITIVE_INFINITY);
            case "-inf", "-infinity" -> Optional.of(Double.NEGATIVE_INFINITY);
            default -> Optional.empty();
        };
    }
}
