package dev.lathe.app.runs;

import java.util.HashMap;
import java.util.Map;

/**
 * Which columns of the runs table the user showed or hid, by column id ("attr:Name", "metric:val_accuracy",
 * "param:lr"); columns never chosen follow the table's defaults. The composition root keeps them per workspace.
 */
public interface ColumnChoices {
    Map<String, Boolean> load();

    void save(Map<String, Boolean> choices);

    /** Remembers for as long as the table lives (tests, or where no prefs can be kept). */
    static ColumnChoices inMemory() {
        return new ColumnChoices() {
            private final Map<String, Boolean> kept = new HashMap<>();

            @Override
            public Map<String, Boolean> load() {
                return Map.copyOf(kept);
            }

            @Override
            public void save(Map<String, Boolean> choices) {
                kept.clear();
                kept.putAll(choices);
            }
        };
    }
}
