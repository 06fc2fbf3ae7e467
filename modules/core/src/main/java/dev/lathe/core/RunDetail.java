package dev.lathe.core;

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
}
