package dev.lathe.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Everything recorded about one run, read in one go for `runs show` and the run detail screen. */
public record RunDetail(
        Run run,
        String experimentName,
        Map<String, String> params,
        Map<String, String> tags,
        List<MetricSummary> metrics,
        List<Artifact> artifacts,
        List<DatasetRecord> datasets,
        Map<String, String> environment,
        Optional<GitState> git) {
    public RunDetail {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
        environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
        metrics = List.copyOf(metrics);
        artifacts = List.copyOf(artifacts);
        datasets = List.copyOf(datasets);
    }
}
