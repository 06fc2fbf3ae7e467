package dev.lathe.runner;

import dev.lathe.core.Artifact;
import dev.lathe.core.Experiment;
import dev.lathe.core.MetricSummary;
import dev.lathe.core.RunDetail;
import dev.lathe.core.RunRow;
import dev.lathe.core.RunStatus;
import dev.lathe.workspace.RunQuery;
import dev.lathe.workspace.Workspace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "runs", description = "List and show runs.",
        subcommands = {RunsCommand.ListCommand.class, RunsCommand.ShowCommand.class})
final class RunsCommand {

    @Command(name = "list", description = "List runs, newest first.")
    static final class ListCommand implements Runnable {
        private final Console console;
        @Mixin
        WorkspaceOption workspace;
        @Option(names = {"-e", "--experiment"}, paramLabel = "NAME", description = "Only runs of this experiment.")
        String experiment;
        @Option(names = "--status", paramLabel = "STATUS", description = "Only runs with this status: ${COMPLETION-CANDIDATES}.")
        RunStatus status;
        @Option(names = "--limit", paramLabel = "N", defaultValue = "0", description = "At most N runs (0: all).")
        int limit;
        @Option(names = "--format", defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
        Format format;

        ListCommand(Console console) {
            this.console = console;
        }

        @Override
        public void run() {
            try (Workspace ws = workspace.open(Workspace.Mode.EXISTING)) {
                String experimentId = null;
                if (experiment != null) {
                    experimentId = ws.experiments().byName(experiment).map(Experiment::id).orElseThrow(() ->
                            new UserException(ExitCodes.BAD_INPUT, "no experiment named '" + experiment + "' in "
                                    + ws.root() + " (see `lathe experiments list`)"));
                }
                RunQuery query = new RunQuery(experimentId, status, limit);
                if (format == Format.JSON) {
                    List<Map<String, Object>> out = new ArrayList<>();
                    for (var run : ws.runs().list(query)) {
                        ws.runs().detail(run.id()).map(RunViews::run).ifPresent(out::add);
                    }
                    console.out().println(Console.json(out));
                    return;
                }
                console.out().print(renderRuns(ws.runs().rows(query), ws));
            }
        }
    }

    /** The runs table that `runs list` and `demo` print. */
    static String renderRuns(List<RunRow> rows, Workspace ws) {
        if (rows.isEmpty()) {
            return "No runs in " + ws.root() + ". Train one: lathe train --data FILE.csv --label COLUMN --trainer tribuo-logistic\n";
        }
        TreeSet<String> keys = new TreeSet<>();
        rows.forEach(r -> keys.addAll(r.metrics().keySet()));
        List<String> metricColumns = RunViews.headlineMetrics(keys);
        List<String> headers = new ArrayList<>(List.of("ID", "EXPERIMENT", "NAME", "TRAINER", "STATUS", "STARTED", "DURATION"));
        metricColumns.forEach(k -> headers.add(k.toUpperCase(java.util.Locale.ROOT)));
        TextTable t = new TextTable(headers);
        for (RunRow r : rows) {
            List<String> cells = new ArrayList<>(List.of(RunViews.shortId(r.run().id()), r.experimentName(),
                    r.run().name() == null ? "" : r.run().name(), r.run().trainer() == null ? "" : r.run().trainer(),
                    r.run().status().name(), RunViews.local(r.run().startedAt()), RunViews.duration(r.run())));
            for (String k : metricColumns) {
                MetricSummary m = r.metrics().get(k);
                cells.add(m == null ? "" : RunViews.value(m.last()));
            }
            t.add(cells);
        }
        return t.render() + rows.size() + " run" + (rows.size() == 1 ? "" : "s") + " in " + ws.root() + "\n";
    }

    @Command(name = "show", description = "Show one run: params, metrics, dataset, git state, environment, artifacts.")
    static final class ShowCommand implements Runnable {
        private final Console console;
        @Mixin
        WorkspaceOption workspace;
        @Parameters(paramLabel = "RUN_ID", description = "A run id, or a unique prefix of one (at least 4 characters).")
        String runId;
        @Option(names = "--format", defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
        Format format;

        ShowCommand(Console console) {
            this.console = console;
        }

        @Override
        public void run() {
            try (Workspace ws = workspace.open(Workspace.Mode.EXISTING)) {
                var run = ws.runs().find(runId).orElseThrow(() -> new UserException(ExitCodes.BAD_INPUT,
                        "no run with id '" + runId + "' in " + ws.root() + " (see `lathe runs list`)"));
                RunDetail d = ws.runs().detail(run.id()).orElseThrow();
                if (format == Format.JSON) {
                    Map<String, Object> json = new LinkedHashMap<>(RunViews.run(d));
                    json.put("environment", d.environment());
                    json.put("artifacts", d.artifacts().stream().map(a -> Map.of("path", a.path(), "sha256", a.sha256(),
                            "size", a.size())).toList());
                    console.out().println(Console.json(json));
                    return;
                }
                console.out().print(render(d));
            }
        }

        private static String render(RunDetail d) {
            var r = d.run();
            StringBuilder sb = new StringBuilder();
            sb.append("Run ").append(r.id()).append(r.name() == null ? "" : "  (" + r.name() + ")").append('\n');
            field(sb, "experiment", d.experimentName());
            field(sb, "status", r.status() + (r.statusReason() == null ? "" : ": " + r.statusReason()));
            field(sb, "trainer", r.trainer());
            field(sb, "seed", r.seed() == null ? null : r.seed().toString());
            field(sb, "started", RunViews.local(r.startedAt()));
            field(sb, "duration", RunViews.duration(r));
            section(sb, "params", d.params());
            if (!d.metrics().isEmpty()) {
                sb.append("\nmetrics\n");
                TextTable t = new TextTable(List.of("  KEY", "LAST", "STEP", "MIN", "MAX", "POINTS"));
                for (MetricSummary m : d.metrics()) {
                    t.add(List.of("  " + m.key(), RunViews.value(m.last()), String.valueOf(m.lastStep()),
                            RunViews.value(m.min()), RunViews.value(m.max()), String.valueOf(m.count())));
                }
                sb.append(t.render());
            }
            for (var ds : d.datasets()) {
                sb.append("\ndataset\n");
                field(sb, "  name", ds.name());
                field(sb, "  sha256", ds.sha256());
                field(sb, "  shape", ds.rows() + " rows x " + ds.columns() + " columns");
                field(sb, "  source", ds.source());
            }
            d.git().ifPresent(g -> {
                sb.append("\ngit\n");
                field(sb, "  commit", g.commit());
                field(sb, "  branch", g.branch());
                field(sb, "  remote", g.remoteUrl());
                field(sb, "  dirty", g.dirty() + (g.patchArtifact() == null ? "" : " (patch: " + g.patchArtifact() + ")"));
            });
            section(sb, "tags", d.tags());
            section(sb, "environment", d.environment());
            if (!d.artifacts().isEmpty()) {
                sb.append("\nartifacts\n");
                for (Artifact a : d.artifacts()) {
                    sb.append("  ").append(a.path()).append("  ").append(a.size()).append(" bytes  ")
                            .append(a.sha256(), 0, 12).append('\n');
                }
            }
            return sb.toString();
        }

        private static void section(StringBuilder sb, String title, Map<String, String> values) {
            if (values.isEmpty()) {
                return;
            }
            sb.append('\n').append(title).append('\n');
            values.forEach((k, v) -> field(sb, "  " + k, v));
        }

        private static void field(StringBuilder sb, String name, String value) {
            if (value != null && !value.isEmpty()) {
                sb.append(String.format("%-22s %s%n", name, value));
            }
        }
    }
}
