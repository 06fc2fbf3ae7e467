package dev.lathe.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A run with its params and metric summaries: one row of the runs table. */
public record RunRow(Run run, String experimentName, Map<String, String> params,
                     Map<String, MetricSummary> metrics) {
    public RunRow {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }
}
