package dev.lathe.core;

import java.util.Map;

/** A run with its params and metric summaries: one row of the runs table. */
public record RunRow(Run run, String experimentName, Map<String, String> params,
                     Map<String, MetricSummary> metrics) {
}
