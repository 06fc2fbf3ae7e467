package dev.lathe.app.detail;

import java.util.List;
import java.util.Map;

/** One row of a two-column table (params, tags, environment). */
public record KeyValue(String key, String value) {
    static List<KeyValue> of(Map<String, String> map) {
        return map.entrySet().stream().map(e -> new KeyValue(e.getKey(), e.getValue())).toList();
    }
}
