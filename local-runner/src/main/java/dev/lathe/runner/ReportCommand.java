package dev.lathe.runner;

import dev.lathe.charts.ChartExport;
import dev.lathe.charts.ChartOptions;
import dev.lathe.charts.MetricSeries;
import dev.lathe.charts.OverlayChart;
import dev.lathe.core.Experiment;
import dev.lathe.core.MetricSummary;
import dev.lathe.core.Run;
import dev.lathe.core.RunDetail;
import dev.lathe.core.RunStatus;
import dev.lathe.core.Sweep;
import dev.lathe.sweeps.SweepStatus;
import dev.lathe.sweeps.SweepStatusReader;
import dev.lathe.sweeps.Sweeps;
import dev.lathe.workspace.RunQuery;
import dev.lathe.workspace.Workspace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Writes one self-contained HTML file about an experiment or a sweep: metric charts as inline SVG, the runs table,
 * which params differ between runs, the best run, its environment and git state. No script, font or stylesheet
 * is fetched from anywhere, so the file opens offline in any browser and can be mailed or attached to a ticket.
 */
@Command(name = "report", description = "Write a self-contained HTML report (inline SVG charts, runs, params diff, "
        + "best run, environment, git state) for an experiment or a sweep.")
final class ReportCommand implements Callable<Integer> {
    /** Runs drawn in a chart at most (the best first); the table lists them all. */
    static final int CHART_RUNS = 40;
    private static final Pattern XMLNS = Pattern.compile("\\s+xmlns(:\\w+)?=(\"[^\"]*\"|'[^']*')");
    private static final Pattern PROLOG = Pattern.compile("<\\?xml[^>]*\\?>\\s*|<!DOCTYPE[^>]*>\\s*");

    private final Console console;
    @Mixin
    WorkspaceOption workspace;
    @Parameters(paramLabel = "EXPERIMENT|SWEEP_ID", description = "An experiment's name, or a sweep's id (or a unique "
            + "prefix of one).")
    String subject;
    @Option(names = "--out", required = true, paramLabel = "FILE.html", description = "Where to write the report.")
    Path out;
    @Option(names = "--metric", description = "The metric that picks the best run (default: the sweep's metric, or "
            + "the experiment's headline metric).")
    String metric;
    @Option(names = "--goal", description = "maximize or minimize (default: the sweep's goal; for an experiment, "
            + "minimize for loss/error/rmse/mae metrics, else maximize).")
    String goal;

    ReportCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() throws IOException {
        Path folder = out.toAbsolutePath().getParent();
        if (folder == null || !java.nio.file.Files.isDirectory(folder)) {
            throw new UserException(ExitCodes.BAD_INPUT, "cannot write " + out.toAbsolutePath() + ": no folder "
                    + folder);
        }
        try (Workspace ws = workspace.open(Workspace.Mode.EXISTING)) {
            String title;
            String kind;
            List<Run> runs;
            String bestId = null;
            Optional<Sweep> sweep = findSweep(ws);
            if (sweep.isPresent()) {
                Sweep s = sweep.get();
                SweepStatus status = SweepStatusReader.read(ws, s, Sweeps.readStored(s));
                title = "Sweep " + s.name();
                kind = "sweep " + s.id() + " (" + s.status().name().toLowerCase(Locale.ROOT) + ")";
                runs = ws.runs().list(RunQuery.inSweep(s.id()));
                if (metric == null || (metric.equals(status.metric().name()) && goal == null)) {
                    metric = status.metric().name();
                    goal = status.metric().goal().name().toLowerCase(Locale.ROOT);
                    bestId = status.best().map(SweepStatus.Trial::runId).orElse(null);
                }
            } else {
                Experiment e = ws.experiments().byName(subject).orElseThrow(() -> new UserException(ExitCodes.BAD_INPUT,
                        "no experiment named '" + subject + "' and no sweep with id '" + subject + "' in " + ws.root()
                                + " (lathe experiments and lathe sweep list show them)"));
                title = "Experiment " + e.name();
                kind = "experiment " + e.name();
                runs = ws.runs().list(RunQuery.inExperiment(e.id()));
            }
            if (runs.isEmpty()) {
                throw new UserException(ExitCodes.BAD_INPUT, kind + " has no runs to report on");
            }
            List<RunDetail> details = runs.stream().map(r -> ws.runs().detail(r.id()).orElseThrow()).toList();
            Set<String> keys = new LinkedHashSet<>();
            details.forEach(d -> d.metrics().forEach(m -> keys.add(m.key())));
            if (metric == null) {
                List<String> headline = RunViews.headlineMetrics(keys);
                metric = headline.isEmpty() ? null : headline.getFirst();
            }
            if (metric != null && !keys.contains(metric)) {
                throw new UserException(ExitCodes.BAD_INPUT, "no run of " + kind + " logged '" + metric + "' (they "
                        + "logged: " + String.join(", ", new TreeSet<>(keys)) + ")");
            }
            boolean maximize = goal != null ? parseGoal(goal) : metric != null && !minimizeByName(metric);
            if (bestId == null && metric != null) {
                bestId = best(details, metric, maximize);
            }
            String html = render(ws, title, kind, details, keys, bestId, maximize);
            ChartExport.write(out.toAbsolutePath(), html.getBytes(StandardCharsets.UTF_8));
            console.say("wrote " + out.toAbsolutePath() + " (" + details.size() + " runs" + (bestId == null ? ""
                    : ", best " + bestId) + ", " + html.length() / 1024 + " KiB)");
            return ExitCodes.OK;
        }
    }

    private Optional<Sweep> findSweep(Workspace ws) {
        try {
            return ws.sweeps().find(subject);
        } catch (RuntimeException ambiguousOrShort) {
            return Optional.empty();
        }
    }

    private static boolean parseGoal(String g) {
        return switch (g.toLowerCase(Locale.ROOT)) {
            case "max", "maximize", "maximise" -> true;
            case "min", "minimize", "minimise" -> false;
            default -> throw new UserException(ExitCodes.BAD_INPUT, "--goal must be maximize or minimize, not '" + g + "'");
        };
    }

    static boolean minimizeByName(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("loss") || k.contains("error") || k.contains("rmse") || k.contains("mae")
                || k.contains("mse");
    }

    private static String best(List<RunDetail> details, String metric, boolean maximize) {
        String best = null;
        double value = Double.NaN;
        for (RunDetail d : details) {
            if (d.run().status() != RunStatus.FINISHED) {
                continue;
            }
            for (MetricSummary m : d.metrics()) {
                if (m.key().equals(metric) && !Double.isNaN(m.last())
                        && (best == null || (maximize ? m.last() > value : m.last() < value))) {
                    best = d.run().id();
                    value = m.last();
                }
            }
        }
        return best;
    }

    private String render(Workspace ws, String title, String kind, List<RunDetail> details, Set<String> keys,
                          String bestId, boolean maximize) {
        RunDetail best = details.stream().filter(d -> d.run().id().equals(bestId)).findFirst().orElse(null);
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(esc(title)).append(" - Lathe report</title><style>")
                .append("body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:24px auto;max-width:1200px;"
                        + "color:#1f2328;padding:0 16px}h1{font-size:22px;margin-bottom:2px}h2{font-size:17px;margin-top:28px;"
                        + "border-bottom:1px solid #e3e6ea;padding-bottom:4px}.sub{color:#5f6b7a;font-size:13px}"
                        + "table{border-collapse:collapse;font-size:12.5px;margin:8px 0}th,td{border:1px solid #e3e6ea;"
                        + "padding:3px 7px;text-align:left;vertical-align:top}th{background:#f6f8fa}td.n{text-align:right;"
                        + "font-variant-numeric:tabular-nums}tr.best td{background:#eef7ee;font-weight:600}"
                        + ".diff{background:#fff6e0}.charts{display:flex;flex-wrap:wrap;gap:12px}.chart{border:1px solid "
                        + "#e3e6ea;padding:6px}.chart h3{font-size:13px;margin:0 0 4px}code,pre{font-family:ui-monospace,"
                        + "Menlo,Consolas,monospace;font-size:12px}pre{background:#f6f8fa;padding:8px;overflow:auto;"
                        + "max-height:400px}.wrap{overflow-x:auto}")
                .append("</style></head><body>\n");
        h.append("<h1>").append(esc(title)).append("</h1><div class=\"sub\">").append(esc(kind)).append(" &middot; ")
                .append(details.size()).append(" runs &middot; workspace ").append(esc(ws.root().toString()))
                .append(" &middot; written ").append(esc(Instant.now().toString())).append(" by Lathe ")
                .append(esc(dev.lathe.core.LatheVersion.get())).append("</div>\n");

        // best run
        h.append("<h2>Best run</h2>");
        if (best == null) {
            h.append("<p>No finished run logged ").append(esc(String.valueOf(metric))).append(".</p>");
        } else {
            h.append("<p>By <b>").append(esc(metric)).append("</b> (").append(maximize ? "maximize" : "minimize")
                    .append("): run <code id=\"best-run\">").append(esc(best.run().id())).append("</code>")
                    .append(best.run().name() == null ? "" : " &ldquo;" + esc(best.run().name()) + "&rdquo;")
                    .append(", trainer ").append(esc(String.valueOf(best.run().trainer()))).append("</p>");
            h.append("<table><tr><th>param</th><th>value</th></tr>");
            best.params().forEach((k, v) -> h.append("<tr><td>").append(esc(k)).append("</td><td>").append(esc(v))
                    .append("</td></tr>"));
            h.append("</table><table><tr><th>metric</th><th>last</th><th>min</th><th>max</th><th>steps</th></tr>");
            for (MetricSummary m : best.metrics()) {
                h.append("<tr><td>").append(esc(m.key())).append("</td><td class=\"n\">").append(RunViews.value(m.last()))
                        .append("</td><td class=\"n\">").append(RunViews.value(m.min())).append("</td><td class=\"n\">")
                        .append(RunViews.value(m.max())).append("</td><td class=\"n\">").append(m.count())
                        .append("</td></tr>");
            }
            h.append("</table>");
        }

        // charts
        List<String> chartKeys = new ArrayList<>();
        if (metric != null) {
            chartKeys.add(metric);
        }
        RunViews.headlineMetrics(keys).stream().filter(k -> !chartKeys.contains(k)).forEach(chartKeys::add);
        h.append("<h2>Metrics</h2><div class=\"charts\">");
        List<RunDetail> drawn = new ArrayList<>(details);
        if (best != null) {
            drawn.remove(best);
            drawn.addFirst(best);
        }
        drawn = drawn.subList(0, Math.min(CHART_RUNS, drawn.size()));
        if (metric != null) {
            h.append(barChart(details, metric, bestId));
        }
        for (String key : chartKeys) {
            List<MetricSeries> series = new ArrayList<>();
            for (RunDetail d : drawn) {
                var points = ws.metrics().history(d.run().id(), key);
                if (!points.isEmpty()) {
                    series.add(MetricSeries.of(d.run().id(), label(d), points));
                }
            }
            if (series.stream().allMatch(x -> x.size() < 2)) {
                continue; // one value per run: the bar chart shows it, a line chart would be a dot
            }
            String svg = ChartExport.svgDocument(OverlayChart.create(series, ChartOptions.of(key)).chart(), 560, 340);
            h.append("<div class=\"chart\"><h3>").append(esc(key)).append(details.size() > drawn.size()
                    ? " (the first " + drawn.size() + " runs)" : "").append("</h3>").append(inlineSvg(svg))
                    .append("</div>");
        }
        h.append("</div>\n");

        // runs table with params diff
        Set<String> paramKeys = new TreeSet<>();
        details.forEach(d -> paramKeys.addAll(d.params().keySet()));
        List<String> differing = new ArrayList<>();
        Map<String, String> constant = new LinkedHashMap<>();
        for (String p : paramKeys) {
            Set<String> values = new LinkedHashSet<>();
            details.forEach(d -> values.add(String.valueOf(d.params().get(p))));
            if (values.size() > 1) {
                differing.add(p);
            } else {
                constant.put(p, values.iterator().next());
            }
        }
        List<String> metricCols = new ArrayList<>(chartKeys);
        keys.stream().filter(k -> !metricCols.contains(k)).sorted().forEach(metricCols::add);
        h.append("<h2>Runs</h2><p class=\"sub\">Params that differ between runs are highlighted; the best run is "
                + "in bold.</p><div class=\"wrap\"><table><tr><th>run</th><th>name</th><th>status</th><th>trainer</th>"
                + "<th>duration</th>");
        differing.forEach(p -> h.append("<th class=\"diff\">").append(esc(p)).append("</th>"));
        metricCols.forEach(k -> h.append("<th>").append(esc(k)).append("</th>"));
        h.append("</tr>");
        for (RunDetail d : details) {
            h.append("<tr").append(d.run().id().equals(bestId) ? " class=\"best\"" : "").append("><td><code>")
                    .append(esc(d.run().id())).append("</code></td><td>").append(esc(d.run().name() == null ? ""
                            : d.run().name())).append("</td><td>").append(esc(d.run().status().name()))
                    .append("</td><td>").append(esc(String.valueOf(d.run().trainer()))).append("</td><td>")
                    .append(esc(RunViews.duration(d.run()))).append("</td>");
            differing.forEach(p -> h.append("<td class=\"diff\">").append(esc(d.params().getOrDefault(p, "")))
                    .append("</td>"));
            Map<String, Double> last = new LinkedHashMap<>();
            d.metrics().forEach(m -> last.put(m.key(), m.last()));
            metricCols.forEach(k -> h.append("<td class=\"n\">").append(last.containsKey(k)
                    ? RunViews.value(last.get(k)) : "").append("</td>"));
            h.append("</tr>");
        }
        h.append("</table></div>");
        if (!constant.isEmpty()) {
            h.append("<p class=\"sub\">The same in every run: ");
            List<String> parts = new ArrayList<>();
            constant.forEach((k, v) -> parts.add("<code>" + esc(k) + "=" + esc(v) + "</code>"));
            h.append(String.join(", ", parts)).append("</p>");
        }

        // environment and git of the best run (or the first)
        RunDetail shown = best != null ? best : details.getFirst();
        h.append("<h2>Environment</h2><p class=\"sub\">Of run <code>").append(esc(shown.run().id()))
                .append("</code>.</p><table>");
        shown.environment().forEach((k, v) -> h.append("<tr><td>").append(esc(k)).append("</td><td>").append(esc(v))
                .append("</td></tr>"));
        h.append("</table>");
        shown.datasets().forEach(ds -> h.append("<p>Data: <code>").append(esc(ds.name())).append("</code>, ")
                .append(ds.rows()).append(" rows x ").append(ds.columns()).append(" columns, sha256 <code>")
                .append(esc(ds.sha256())).append("</code></p>"));
        h.append("<h2>Git state</h2>");
        if (shown.git().isEmpty()) {
            h.append("<p>No git repository was recorded.</p>");
        } else {
            var g = shown.git().get();
            h.append("<table><tr><td>commit</td><td><code>").append(esc(String.valueOf(g.commit())))
                    .append("</code></td></tr><tr><td>branch</td><td>").append(esc(String.valueOf(g.branch())))
                    .append("</td></tr><tr><td>remote</td><td>").append(esc(g.remoteUrl() == null ? "" : g.remoteUrl()))
                    .append("</td></tr><tr><td>uncommitted changes</td><td>").append(g.dirty() ? "yes" : "no")
                    .append("</td></tr></table>");
            if (g.patchArtifact() != null) {
                ws.artifacts().resolve(shown.run().id(), g.patchArtifact()).ifPresent(p -> {
                    try {
                        String patch = java.nio.file.Files.readString(p);
                        if (patch.length() > 200_000) {
                            patch = patch.substring(0, 200_000) + "\n... (cut at 200,000 characters)";
                        }
                        h.append("<details><summary>The uncommitted patch</summary><pre>").append(esc(patch))
                                .append("</pre></details>");
                    } catch (IOException ignored) {
                        h.append("<p>The patch artifact could not be read.</p>");
                    }
                });
            }
        }
        h.append("\n</body></html>\n");
        return h.toString();
    }

    /** The final value of the metric per run, as bars (best in green), at most {@value #CHART_RUNS} runs. */
    private static String barChart(List<RunDetail> details, String metric, String bestId) {
        org.jfree.data.category.DefaultCategoryDataset data = new org.jfree.data.category.DefaultCategoryDataset();
        List<String> columns = new ArrayList<>();
        for (RunDetail d : details) {
            if (columns.size() >= CHART_RUNS) {
                break;
            }
            d.metrics().stream().filter(m -> m.key().equals(metric) && Double.isFinite(m.last())).findFirst()
                    .ifPresent(m -> {
                        String column = RunViews.shortId(d.run().id());
                        data.addValue(m.last(), metric, column);
                        columns.add(d.run().id());
                    });
        }
        if (columns.isEmpty()) {
            return "";
        }
        org.jfree.chart.JFreeChart chart = org.jfree.chart.ChartFactory.createBarChart(null, "run", metric, data,
                org.jfree.chart.plot.PlotOrientation.VERTICAL, false, false, false);
        chart.setBackgroundPaint(java.awt.Color.WHITE);
        var plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(java.awt.Color.WHITE);
        plot.setRangeGridlinePaint(new java.awt.Color(0xE3E6EA));
        ((org.jfree.chart.axis.NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        plot.getDomainAxis().setCategoryLabelPositions(org.jfree.chart.axis.CategoryLabelPositions.UP_45);
        var renderer = new org.jfree.chart.renderer.category.BarRenderer() {
            @Override
            public java.awt.Paint getItemPaint(int row, int column) {
                return columns.get(column).equals(bestId) ? new java.awt.Color(0x1A7F37) : new java.awt.Color(0x5B8DEF);
            }
        };
        renderer.setBarPainter(new org.jfree.chart.renderer.category.StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setIncludeBaseInRange(false); // close values stay apart: the axis starts near the lowest
        plot.setRenderer(renderer);
        int width = Math.max(420, Math.min(1100, 60 + 26 * columns.size()));
        return "<div class=\"chart\"><h3>" + esc(metric) + ", last value per run (best in green)</h3>"
                + inlineSvg(ChartExport.svgDocument(chart, width, 320)) + "</div>";
    }

    private static String label(RunDetail d) {
        String id = RunViews.shortId(d.run().id());
        return d.run().name() == null ? id : d.run().name() + " (" + id + ")";
    }

    /** An SVG document as an element inside HTML: no XML prolog, no namespace declarations (HTML needs neither). */
    static String inlineSvg(String document) {
        return XMLNS.matcher(PROLOG.matcher(document).replaceAll("")).replaceAll("");
    }

    static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
