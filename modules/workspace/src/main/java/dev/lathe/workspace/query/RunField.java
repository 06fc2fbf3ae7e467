package dev.lathe.workspace.query;

import java.util.Locale;
import java.util.Optional;

/**
 * A value of a run that the table filters and sorts by: one of the run's own columns, a param, a tag, or a
 * summary of a metric. The same names serve the filter language and the sort ("metrics.val_loss.min").
 */
public sealed interface RunField {

    /** The name as the filter language spells it. */
    String display();

    /** The run's own columns. DURATION sorts only (it is end minus start, or now minus start while live). */
    enum Attr { STATUS, NAME, EXPERIMENT, TRAINER, STARTED, ENDED, DURATION, ID, SWEEP }

    /** Which summary of a metric: its last logged value (the default), or the lowest or highest seen. */
    enum Stat { LAST, MIN, MAX }

    record Column(Attr attr) implements RunField {
        @Override
        public String display() {
            return attr.name().toLowerCase(Locale.ROOT);
        }
    }

    record Param(String key) implements RunField {
        @Override
        public String display() {
            return "params." + key;
        }
    }

    record Tag(String key) implements RunField {
        @Override
        public String display() {
            return "tags." + key;
        }
    }

    record Metric(String key, Stat stat) implements RunField {
        @Override
        public String display() {
            return "metrics." + key + (stat == Stat.LAST ? "" : "." + stat.name().toLowerCase(Locale.ROOT));
        }
    }

    static RunField column(Attr attr) {
        return new Column(attr);
    }

    static RunField param(String key) {
        return new Param(key);
    }

    static RunField metric(String key) {
        return new Metric(key, Stat.LAST);
    }

    /**
     * Reads a field name: status, name, experiment, trainer, started, ended, duration, id, sweep (any case),
     * params.KEY, tags.KEY, metrics.KEY, metrics.KEY.min, metrics.KEY.max. Keys may themselves hold dots.
     */
    static Optional<RunField> parse(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.startsWith("params.") && name.length() > 7) {
            return Optional.of(new Param(name.substring(7)));
        }
        if (lower.startsWith("tags.") && name.length() > 5) {
            return Optional.of(new Tag(name.substring(5)));
        }
        if (lower.startsWith("metrics.") && name.length() > 8) {
            String key = name.substring(8);
            for (Stat stat : Stat.values()) {
                String suffix = "." + stat.name().toLowerCase(Locale.ROOT);
                if (key.toLowerCase(Locale.ROOT).endsWith(suffix) && key.length() > suffix.length()) {
                    return Optional.of(new Metric(key.substring(0, key.length() - suffix.length()), stat));
                }
            }
            return Optional.of(new Metric(key, Stat.LAST));
        }
        for (Attr attr : Attr.values()) {
            if (attr.name().equalsIgnoreCase(name)) {
                return Optional.of(new Column(attr));
            }
        }
        return Optional.empty();
    }
}
