package dev.lathe.app.compare;

import dev.lathe.app.AsyncRunner;
import dev.lathe.app.ErrorMessages;
import dev.lathe.app.Formats;
import dev.lathe.app.MetricOrder;
import dev.lathe.charts.BandChart;
import dev.lathe.charts.ChartExport;
import dev.lathe.charts.ChartOptions;
import dev.lathe.charts.MetricChart;
import dev.lathe.charts.MetricSeries;
import dev.lathe.charts.OverlayChart;
import dev.lathe.charts.Palette;
import dev.lathe.charts.Smoothing;
import dev.lathe.core.RunRow;
import dev.lathe.workspace.RunQuery;
import dev.lathe.workspace.Workspace;
import dev.lathe.workspace.WorkspaceException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Compares 2..500 runs on one metric: one line per run, or mean ± std bands per value of a param. The inputs
 * (metric, smoothing, log axis, group by) are writable properties the view binds its controls to; histories
 * load in the background once per metric and stay cached, so moving the smoothing slider only redraws.
 */
public final class CompareViewModel {
    private static final System.Logger LOG = System.getLogger(CompareViewModel.class.getName());
    /** Shown for runs that never set the grouped-by param. */
    static final String UNSET = "—";
    /** Progress updates per history load: enough for a smooth bar, not one UI task per run. */
    private static final int PROGRESS_STEPS = 50;

    private final Supplier<Workspace> workspace;
    private final AsyncRunner async;
    private final AnalysisViewModel analysis;
    private final Executor ui;

    private final ObjectProperty<String> metric = new SimpleObjectProperty<>();
    private final DoubleProperty smoothing = new SimpleDoubleProperty();
    private final BooleanProperty logY = new SimpleBooleanProperty();
    /** The param whose values group runs into bands; null draws one line per run. */
    private final ObjectProperty<String> groupBy = new SimpleObjectProperty<>();
    /** The colours every chart of this screen is drawn in; the app binds it to View > Dark Theme. */
    private final ObjectProperty<Palette.Theme> chartTheme = new SimpleObjectProperty<>(Palette.LIGHT);

    private final ObservableList<CompareRun> runs = FXCollections.observableArrayList();
    private final ObservableList<String> metrics = FXCollections.observableArrayList();
    private final ObservableList<String> groupKeys = FXCollections.observableArrayList();
    private final ObservableList<ParamDiff> paramDiffs = FXCollections.observableArrayList();
    private final ObservableList<CompareRun> runsView = FXCollections.unmodifiableObservableList(runs);
    private final ObservableList<String> metricsView = FXCollections.unmodifiableObservableList(metrics);
    private final ObservableList<String> groupKeysView = FXCollections.unmodifiableObservableList(groupKeys);
    private final ObservableList<ParamDiff> paramDiffsView = FXCollections.unmodifiableObservableList(paramDiffs);
    private final ReadOnlyObjectWrapper<MetricChart> chart = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper();
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(-1);
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");

    // the fields below are touched only on the UI executor
    /** Histories by metric key for the current runs, in run order. */
    private final Map<String, List<MetricSeries>> histories = new HashMap<>();
    private final Set<String> historiesLoading = new HashSet<>();
    private long generation;
    private boolean building;
    private boolean rebuildPending;

    public CompareViewModel(Workspace workspace, Executor background, Executor ui) {
        this(() -> workspace, background, ui);
    }

    /** @param workspace the open workspace, asked on each request so the screen follows a workspace switch */
    public CompareViewModel(Supplier<Workspace> workspace, Executor background, Executor ui) {
        this(workspace, background, ui, ImportanceSource.runner());
    }

    /** @param importance where param importance comes from (the runner, in the app) */
    public CompareViewModel(Supplier<Workspace> workspace, Executor background, Executor ui, ImportanceSource importance) {
        this.workspace = workspace;
        this.async = new AsyncRunner(background, ui);
        this.ui = ui;
        this.analysis = new AnalysisViewModel(workspace, async, importance);
        // "compare brushed" narrows this screen to the brushed runs
        analysis.setOnCompare(this::compare);
        metric.addListener((obs, old, key) -> rebuild());
        smoothing.addListener((obs, old, w) -> rebuild());
        logY.addListener((obs, old, log) -> rebuild());
        groupBy.addListener((obs, old, key) -> rebuild());
        analysis.chartThemeProperty().bind(chartTheme);
        chartTheme.addListener((obs, old, theme) -> rebuild());
    }

    private record Loaded(List<CompareRun> runs, List<String> metrics, List<String> groupKeys, List<ParamDiff> diffs,
                          Objective objective) {
    }

    /** The metric the runs are judged by and whether larger is better. */
    record Objective(String metric, boolean maximize) {
    }

    /** Compares these runs (in this order: it sets line colours and column order); unknown ids are an error. */
    public void compare(List<String> runIds) {
        long gen = ++generation;
        histories.clear();
        historiesLoading.clear();
        loading.set(true);
        error.set("");
        Workspace ws = workspace.get();
        List<String> ids = List.copyOf(runIds);
        async.run(() -> load(ws, ids), loaded -> {
            if (gen == generation) {
                apply(loaded);
            }
        }, e -> {
            if (gen == generation) {
                fail(e);
            }
        });
    }

    private static Loaded load(Workspace ws, List<String> ids) {
        // one query for all rows beats one detail read per run when 500 runs are compared
        Map<String, RunRow> byId = new HashMap<>();
        Set<String> wanted = new HashSet<>(ids);
        for (RunRow row : ws.runs().rows(RunQuery.all())) {
            if (wanted.contains(row.run().id())) {
                byId.put(row.run().id(), row);
            }
        }
        List<RunRow> rows = new ArrayList<>(ids.size());
        for (String id : ids) {
            RunRow row = byId.get(id);
            if (row == null) {
                throw new WorkspaceException("no run with id " + id);
            }
            rows.add(row);
        }
        List<String> labels = labels(rows);
        List<CompareRun> compared = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            RunRow row = rows.get(i);
            Map<String, Double> last = new HashMap<>();
            row.metrics().forEach((k, m) -> last.put(k, m.last()));
            compared.add(new CompareRun(row.run().id(), labels.get(i), row.params(), row.run().status().name(),
                    row.run().sweepId(), last));
        }
        List<ParamDiff> diffs = diffs(compared);
        List<String> metrics = commonMetrics(rows);
        return new Loaded(compared, metrics, diffs.stream().map(ParamDiff::key).toList(), diffs, objective(ws, compared, metrics));
    }

    /**
     * The sweep's metric and goal when all runs are trials of one sweep and logged it; else the first metric
     * (validation first), maximized unless its name says it is a loss or an error.
     */
    static Objective objective(Workspace ws, List<CompareRun> runs, List<String> metrics) {
        Set<String> sweeps = new HashSet<>();
        runs.forEach(r -> sweeps.add(r.sweepId()));
        if (sweeps.size() == 1 && !sweeps.contains(null)) {
            var sweep = ws.sweeps().get(sweeps.iterator().next());
            if (sweep.isPresent()) {
                try {
                    var draft = dev.lathe.app.sweeps.SweepYaml.read(sweep.get().spec()).draft();
                    if (metrics.contains(draft.metric())) {
                        return new Objective(draft.metric(), !"minimize".equalsIgnoreCase(draft.goal()));
                    }
                } catch (RuntimeException e) {
                    LOG.log(Level.DEBUG, "sweep spec unreadable; objective from the metrics", e);
                }
            }
        }
        if (metrics.isEmpty()) {
            return new Objective(null, true);
        }
        String first = metrics.getFirst();
        return new Objective(first, !lowerIsBetter(first));
    }

    /** Losses and errors: loss, error, rmse, mae, mse, perplexity in the name. */
    static boolean lowerIsBetter(String metric) {
        String m = metric.toLowerCase(java.util.Locale.ROOT);
        return m.contains("loss") || m.contains("error") || m.contains("rmse") || m.contains("mae") || m.contains("mse")
                || m.contains("perplexity");
    }

    /** Run names; where names repeat (the same trainer in two experiments) "experiment / name". */
    static List<String> labels(List<RunRow> rows) {
        Map<String, Integer> counts = new HashMap<>();
        rows.forEach(r -> counts.merge(r.run().name(), 1, Integer::sum));
        return rows.stream().map(r -> counts.get(r.run().name()) > 1 ? r.experimentName() + " / " + r.run().name()
                : r.run().name()).toList();
    }

    /** Metrics every run logged, validation first; all metrics when the runs share none. */
    static List<String> commonMetrics(List<RunRow> rows) {
        TreeSet<String> all = new TreeSet<>(MetricOrder.VALIDATION_FIRST);
        rows.forEach(r -> all.addAll(r.metrics().keySet()));
        TreeSet<String> common = new TreeSet<>(all);
        rows.forEach(r -> common.retainAll(r.metrics().keySet()));
        return List.copyOf(common.isEmpty() ? all : common);
    }

    /** Params with more than one value across the runs (a run without the param counts as a value), by key. */
    static List<ParamDiff> diffs(List<CompareRun> runs) {
        TreeSet<String> keys = new TreeSet<>();
        runs.forEach(r -> keys.addAll(r.params().keySet()));
        List<ParamDiff> out = new ArrayList<>();
        for (String key : keys) {
            List<String> values = runs.stream().map(r -> r.params().getOrDefault(key, "")).toList();
            if (new HashSet<>(values).size() > 1) {
                out.add(new ParamDiff(key, values));
            }
        }
        return out;
    }

    private void apply(Loaded loaded) {
        runs.setAll(loaded.runs());
        paramDiffs.setAll(loaded.diffs());
        groupKeys.setAll(loaded.groupKeys());
        if (groupBy.get() != null && !loaded.groupKeys().contains(groupBy.get())) {
            groupBy.set(null);
        }
        metrics.setAll(loaded.metrics());
        String keep = metric.get();
        if (keep != null && loaded.metrics().contains(keep)) {
            rebuild();
        } else {
            // setting the metric draws through its listener
            metric.set(loaded.metrics().isEmpty() ? null : loaded.metrics().getFirst());
            if (metric.get() == null) {
                loading.set(false);
                chart.set(null);
            }
        }
        message.set(Formats.count(loaded.runs().size(), "run") + " · " + Formats.count(loaded.diffs().size(), "differing param"));
        analysis.setRuns(loaded.runs(), loaded.metrics(), loaded.groupKeys(), loaded.objective().metric(), loaded.objective().maximize());
    }

    private void fail(Exception e) {
        if (!ErrorMessages.isExpected(e)) {
            LOG.log(Level.WARNING, "comparing runs failed", e);
        }
        loading.set(false);
        progress.set(-1);
        chart.set(null);
        error.set(ErrorMessages.asSentence(ErrorMessages.describe(e)));
    }

    /** Redraws for the current inputs: loads the metric's histories first if they are not cached. */
    private void rebuild() {
        String key = metric.get();
        if (key == null || runs.isEmpty()) {
            return;
        }
        if (!histories.containsKey(key)) {
            loadHistories(key);
            return;
        }
        // one build at a time; inputs changed meanwhile (a dragged slider) are built once it ends
        if (building) {
            rebuildPending = true;
            return;
        }
        building = true;
        long gen = generation;
        ChartOptions options = new ChartOptions(key, Math.min(Smoothing.MAX_WEIGHT, Math.max(0, smoothing.get())),
                logY.get(), ChartOptions.DEFAULT_POINTS, ChartOptions.DEFAULT_MAX_LEGEND_ITEMS);
        List<MetricSeries> series = histories.get(key);
        String group = groupBy.get();
        Map<String, String> paramsById = new HashMap<>();
        if (group != null) {
            runs.forEach(r -> paramsById.put(r.id(), r.params().getOrDefault(group, UNSET)));
        }
        Palette.Theme theme = chartTheme.get() == null ? Palette.LIGHT : chartTheme.get();
        async.run(() -> group == null ? OverlayChart.create(series, options, theme)
                : BandChart.create(series, groupOf(group, paramsById), options, theme), built -> {
            building = false;
            if (gen == generation) {
                chart.set(built);
                loading.set(false);
            }
            if (rebuildPending) {
                rebuildPending = false;
                rebuild();
            }
        }, e -> {
            building = false;
            rebuildPending = false;
            if (gen == generation) {
                fail(e);
            }
        });
    }

    private static Function<MetricSeries, String> groupOf(String key, Map<String, String> paramsById) {
        return s -> key + "=" + paramsById.get(s.runId());
    }

    private void loadHistories(String key) {
        if (!historiesLoading.add(key)) {
            return;
        }
        long gen = generation;
        loading.set(true);
        progress.set(0);
        Workspace ws = workspace.get();
        List<CompareRun> order = List.copyOf(runs);
        async.run(() -> {
            List<MetricSeries> out = new ArrayList<>(order.size());
            int every = Math.max(1, order.size() / PROGRESS_STEPS);
            for (int i = 0; i < order.size(); i++) {
                CompareRun r = order.get(i);
                out.add(MetricSeries.of(r.id(), r.label(), ws.metrics().history(r.id(), key)));
                if ((i + 1) % every == 0) {
                    double done = (i + 1) / (double) order.size();
                    ui.execute(() -> {
                        if (gen == generation) {
                            progress.set(done);
                        }
                    });
                }
            }
            return out;
        }, loaded -> {
            if (gen != generation) {
                return;
            }
            historiesLoading.remove(key);
            histories.put(key, loaded);
            progress.set(-1);
            // the user may have picked another metric while this one loaded
            if (Objects.equals(metric.get(), key)) {
                rebuild();
            }
        }, e -> {
            if (gen == generation) {
                historiesLoading.remove(key);
                fail(e);
            }
        });
    }

    /** Draws the current metric chart as PNG and writes it to file in the background. Call on the UI thread. */
    public void exportPng(Path file, int width, int height) {
        MetricChart current = chart.get();
        exportPng(current == null ? null : current.chart(), file, width, height);
    }

    /** Draws the current metric chart as SVG and writes it to file in the background. Call on the UI thread. */
    public void exportSvg(Path file, int width, int height) {
        MetricChart current = chart.get();
        exportSvg(current == null ? null : current.chart(), file, width, height);
    }

    private interface Drawing {
        byte[] draw(org.jfree.chart.JFreeChart chart) throws IOException;
    }

    private void export(org.jfree.chart.JFreeChart current, Path file, Drawing drawing) {
        if (current == null) {
            message.set("Nothing to export yet");
            return;
        }
        byte[] bytes;
        try {
            // drawn here, on the thread that owns the chart; only the file write goes to the background
            bytes = drawing.draw(current);
        } catch (IOException e) {
            message.set("Export failed: " + e.getMessage());
            return;
        }
        async.run(() -> {
            ChartExport.write(file, bytes);
            return file;
        }, f -> message.set("Exported " + f), e -> message.set("Export failed: " + ErrorMessages.describe(e)));
    }

    /** Parallel coordinates, scatter and param importance of the compared runs. */
    public AnalysisViewModel analysis() {
        return analysis;
    }

    /** Draws any chart of this screen as PNG and writes it in the background. Call on the UI thread. */
    public void exportPng(org.jfree.chart.JFreeChart chart, Path file, int width, int height) {
        export(chart, file, c -> ChartExport.pngBytes(c, width, height));
    }

    /** Draws any chart of this screen as SVG and writes it in the background. Call on the UI thread. */
    public void exportSvg(org.jfree.chart.JFreeChart chart, Path file, int width, int height) {
        export(chart, file, c -> ChartExport.svgDocument(c, width, height).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The compared runs, in the order asked: the columns of the params table and the order of lines. */
    public ObservableList<CompareRun> runs() {
        return runsView;
    }

    /** Metrics to choose from: those all runs logged, validation first. */
    public ObservableList<String> metrics() {
        return metricsView;
    }

    /** Params that can group runs: those whose values differ. */
    public ObservableList<String> groupKeys() {
        return groupKeysView;
    }

    /** Only the params whose values differ across the runs. */
    public ObservableList<ParamDiff> paramDiffs() {
        return paramDiffsView;
    }

    /**
     * The colours of this screen's charts (curves, bands, parallel coordinates, scatter, importance); setting it
     * redraws them. {@link Palette#LIGHT} until bound to the app's theme. Exports draw the charts as shown.
     */
    public ObjectProperty<Palette.Theme> chartThemeProperty() {
        return chartTheme;
    }

    /** The chosen metric; set by the view's chooser. */
    public ObjectProperty<String> metricProperty() {
        return metric;
    }

    /** Smoothing weight in [0, 0.99]. */
    public DoubleProperty smoothingProperty() {
        return smoothing;
    }

    public BooleanProperty logYProperty() {
        return logY;
    }

    /** The param to group by, or null for one line per run. */
    public ObjectProperty<String> groupByProperty() {
        return groupBy;
    }

    /** The chart to show; null before the first load or when the runs share no metric. */
    public ReadOnlyObjectProperty<MetricChart> chartProperty() {
        return chart.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    /** Share of histories loaded, 0..1, or -1 when nothing is loading. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** Why the comparison failed, as a sentence; empty when it did not. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** A one-line summary, or the outcome of the last export. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }
}
