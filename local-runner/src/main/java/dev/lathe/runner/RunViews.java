package dev.lathe.runner;

import dev.lathe.core.DatasetRecord;
import dev.lathe.core.ExperimentSummary;
import dev.lathe.core.MetricSummary;
import dev.lathe.core.Run;
import dev.lathe.core.RunDetail;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON shapes of `--format json` (stable: docs/cli.md) and the short forms of table cells. */
final class RunViews {
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneId.systemDefault());

    private RunViews() {
    }

    static Map<String, Object> experiment(ExperimentSummary s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.experiment().id());
        m.put("name", s.experiment().name());
        m.put("runs", s.runCount());
        m.put("live_runs", s.liveCount());
        m.put("created_at", iso(s.experiment().createdAt()));
        m.put("last_run_at", iso(s.lastRunAt()));
        m.put("archived", s.experiment().archived());
        return m;
    }

    static Map<String, Object> run(RunDetail d) {
        Run r = d.run();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("name", r.name());
        m.put("experiment_id", r.experimentId());
        m.put("experiment", d.experimentName());
        m.put("status", r.status().name());
        m.put("status_reason", r.statusReason());
        m.put("trainer", r.trainer());
        m.put("seed", r.seed());
        m.put("started_at", iso(r.startedAt()));
        m.put("ended_at", iso(r.endedAt()));
        m.put("duration_ms", r.startedAt() == null ? null : r.duration(Instant.now()).toMillis());
        m.put("parent_run_id", r.parentRunId());
        m.put("params", d.params());
        m.put("tags", d.tags());
        m.put("metrics", metrics(d.metrics()));
        m.put("datasets", d.datasets().stream().map(RunViews::dataset).toList());
        m.put("git", d.git().map(g -> {
            Map<String, Object> git = new LinkedHashMap<>();
            git.put("commit", g.commit());
            git.put("branch", g.branch());
            git.put("remote_url", g.remoteUrl());
            git.put("dirty", g.dirty());
            git.put("patch_artifact", g.patchArtifact());
            return git;
        }).orElse(null));
        return m;
    }

    static Map<String, Object> metrics(Collection<MetricSummary> summaries) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (MetricSummary s : summaries) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("last", number(s.last()));
            v.put("step", s.lastStep());
            v.put("min", number(s.min()));
            v.put("max", number(s.max()));
            v.put("count", s.count());
            out.put(s.key(), v);
        }
        return out;
    }

    static Map<String, Object> dataset(DatasetRecord d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sha256", d.sha256());
        m.put("name", d.name());
        m.put("source", d.source());
        m.put("rows", d.rows());
        m.put("columns", d.columns());
        return m;
    }

    /** JSON has no NaN or infinity: those become strings, as MLflow's export does. */
    static Object number(double v) {
        return Double.isFinite(v) ? (Object) v : String.valueOf(v);
    }

    static String iso(Instant t) {
        return t == null ? null : t.toString();
    }

    static String local(Instant t) {
        return t == null ? "" : LOCAL.format(t);
    }

    static String shortId(String id) {
        return id.length() > 8 ? id.substring(0, 8) : id;
    }

    static String duration(Run r) {
        if (r.startedAt() == null) {
            return "";
        }
        Duration d = r.duration(Instant.now());
        long s = d.toSeconds();
        if (s < 60) {
            return String.format(java.util.Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
        }
        return s < 3600 ? (s / 60) + "m" + (s % 60) + "s" : (s / 3600) + "h" + (s % 3600 / 60) + "m";
    }

    static String value(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        double a = Math.abs(v);
        if (a != 0 && (a < 1e-3 || a >= 1e6)) {
            return String.format(java.util.Locale.ROOT, "%.3e", v);
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
    }

    /** The metrics worth a column in a run list: validation metrics first, then the rest, at most three. */
    static List<String> headlineMetrics(Collection<String> keys) {
        List<String> preferred = List.of("val_accuracy", "val_rmse", "accuracy", "val_loss", "rmse", "train_loss");
        List<String> out = new java.util.ArrayList<>(preferred.stream().filter(keys::contains).toList());
        keys.stream().sorted().filter(k -> !out.contains(k)).forEach(out::add);
        return out.subList(0, Math.min(3, out.size()));
    }
}
