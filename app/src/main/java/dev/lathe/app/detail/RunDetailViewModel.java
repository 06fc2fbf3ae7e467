package dev.lathe.app.detail;

import dev.lathe.app.AsyncRunner;
import dev.lathe.app.ErrorMessages;
import dev.lathe.app.Formats;
import dev.lathe.app.MetricOrder;
import dev.lathe.charts.ChartOptions;
import dev.lathe.charts.MetricSeries;
import dev.lathe.charts.OverlayChart;
import dev.lathe.charts.Palette;
import dev.lathe.core.GitState;
import dev.lathe.core.MetricSummary;
import dev.lathe.core.Run;
import dev.lathe.core.RunDetail;
import dev.lathe.core.RunStatus;
import dev.lathe.workspace.Workspace;
import dev.lathe.workspace.WorkspaceException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import dev.lathe.app.runs.Notes;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Everything recorded about one run, for the run detail screen: header, params, metric summaries with a curve per
 * selected metric, tags, datasets, git state with its uncommitted patch, environment and artifacts. All reads
 * happen on the background executor; only the latest {@link #show} request's result is applied.
 */
public final class RunDetailViewModel {
    private static final System.Logger LOG = System.getLogger(RunDetailViewModel.class.getName());
    /** Patches beyond this many lines are cut: a ListView copes, but nobody reads 100,000 lines of diff here. */
    static final int MAX_PATCH_LINES = 5_000;
    /** The small per-metric charts are ~600 px wide; more points than that would not show. */
    private static final int PLOT_POINTS = 600;

    private final Supplier<Workspace> workspace;
    private final AsyncRunner async;
    private final FileOpener opener;
    private final Clock clock;

    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper runId = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper name = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<RunStatus> status = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper statusReason = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper note = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper experiment = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper trainer = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper started = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper duration = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<GitState> git = new ReadOnlyObjectWrapper<>();

    private final ObservableList<KeyValue> params = FXCollections.observableArrayList();
    private final ObservableList<KeyValue> tags = FXCollections.observableArrayList();
    private final ObservableList<KeyValue> environment = FXCollections.observableArrayList();
    private final ObservableList<MetricSummary> metrics = FXCollections.observableArrayList();
    private final ObservableList<MetricPlot> plots = FXCollections.observableArrayList();
    /** The colours of the metric plots (and the drift chart opened from here); the app binds it to View > Dark Theme. */
    private final javafx.beans.property.ObjectProperty<Palette.Theme> chartTheme =
            new javafx.beans.property.SimpleObjectProperty<>(Palette.LIGHT);
    private final ObservableList<DatasetItem> datasets = FXCollections.observableArrayList();
    private final ObservableList<ArtifactItem> artifacts = FXCollections.observableArrayList();
    private final ObservableList<DiffLine> patch = FXCollections.observableArrayList();
    // one read-only view each, kept: such a view listens weakly to its list, so a fresh one per call could be collected
    private final ObservableList<KeyValue> paramsView = FXCollections.unmodifiableObservableList(params);
    private final ObservableList<KeyValue> tagsView = FXCollections.unmodifiableObservableList(tags);
    private final ObservableList<KeyValue> environmentView = FXCollections.unmodifiableObservableList(environment);
    private final ObservableList<MetricSummary> metricsView = FXCollections.unmodifiableObservableList(metrics);
    private final ObservableList<MetricPlot> plotsView = FXCollections.unmodifiableObservableList(plots);
    private final ObservableList<DatasetItem> datasetsView = FXCollections.unmodifiableObservableList(datasets);
    private final ObservableList<ArtifactItem> artifactsView = FXCollections.unmodifiableObservableList(artifacts);
    private final ObservableList<DiffLine> patchView = FXCollections.unmodifiableObservableList(patch);

    /** Counts show requests and metric selections; touched only on the UI executor. */
    private long latestRequest;
    private long latestPlots;

    public RunDetailViewModel(Workspace workspace, Executor background, Executor ui) {
        this(() -> workspace, background, ui, FileOpener.desktop(), Clock.systemDefaultZone());
    }

    public RunDetailViewModel(Supplier<Workspace> workspace, Executor background, Executor ui) {
        this(workspace, background, ui, FileOpener.desktop(), Clock.systemDefaultZone());
    }

    /** @param workspace the open workspace, asked on each request so the screen follows a workspace switch */
    public RunDetailViewModel(Supplier<Workspace> workspace, Executor background, Executor ui, FileOpener opener, Clock clock) {
        this.workspace = workspace;
        this.async = new AsyncRunner(background, ui);
        this.opener = opener;
        this.clock = clock;
        // the shown plots are drawn again in the new colours
        chartTheme.addListener((obs, old, theme) -> {
            List<String> shown = plots.stream().map(MetricPlot::key).toList();
            if (!shown.isEmpty()) {
                selectMetrics(shown);
            }
        });
    }

    /** The colours of this screen's charts; setting it redraws the shown plots. {@link Palette#LIGHT} until bound. */
    public javafx.beans.property.ObjectProperty<Palette.Theme> chartThemeProperty() {
        return chartTheme;
    }

    private record Loaded(RunDetail detail, List<DiffLine> patch, List<MetricSummary> metrics) {
    }

    /** Loads the run with this id; its first metric (validation first) gets a chart. */
    public void show(String id) {
        long request = ++latestRequest;
        latestPlots++;
        loading.set(true);
        error.set("");
        message.set("");
        Workspace ws = workspace.get();
        async.run(() -> load(ws, id), loaded -> {
            if (request == latestRequest) {
                apply(loaded);
            }
        }, e -> {
            if (request == latestRequest) {
                fail(e);
            }
        });
    }

    private static Loaded load(Workspace ws, String id) throws IOException {
        RunDetail d = ws.runs().detail(id).orElseThrow(() -> new WorkspaceException("no run with id " + id));
        List<MetricSummary> sorted = d.metrics().stream()
                .sorted(Comparator.comparing(MetricSummary::key, MetricOrder.VALIDATION_FIRST)).toList();
        List<DiffLine> patch = List.of();
        Optional<String> patchPath = d.git().map(GitState::patchArtifact);
        if (patchPath.isPresent()) {
            Optional<Path> blob = ws.artifacts().resolve(id, patchPath.get());
            if (blob.isPresent()) {
                patch = readPatch(blob.get());
            }
        }
        return new Loaded(d, patch, sorted);
    }

    static List<DiffLine> readPatch(Path file) throws IOException {
        List<DiffLine> lines = DiffLine.parse(Files.readString(file, StandardCharsets.UTF_8));
        if (lines.size() <= MAX_PATCH_LINES) {
            return lines;
        }
        List<DiffLine> cut = new ArrayList<>(lines.subList(0, MAX_PATCH_LINES));
        cut.add(new DiffLine(DiffLine.Kind.HUNK, "… %,d more lines: export the patch to read it all"
                .formatted(lines.size() - MAX_PATCH_LINES)));
        return cut;
    }

    private void apply(Loaded loaded) {
        RunDetail d = loaded.detail();
        Run run = d.run();
        loading.set(false);
        runId.set(run.id());
        name.set(run.name());
        status.set(run.status());
        statusReason.set(run.statusReason() == null ? "" : run.statusReason());
        experiment.set(d.experimentName());
        trainer.set(run.trainer() == null ? "" : run.trainer());
        started.set(Formats.dateTime(run.startedAt(), ZoneId.systemDefault()));
        duration.set(Formats.duration(run.duration(clock.instant())));
        params.setAll(KeyValue.of(d.params()));
        note.set(d.tags().getOrDefault(Notes.TAG, ""));
        tags.setAll(KeyValue.of(d.tags()));
        environment.setAll(KeyValue.of(d.environment()));
        metrics.setAll(loaded.metrics());
        datasets.setAll(d.datasets().stream().map(DatasetItem::of).toList());
        artifacts.setAll(d.artifacts().stream().map(a -> new ArtifactItem(a.path(), a.size(), ArtifactItem.humanSize(a.size()))).toList());
        git.set(d.git().orElse(null));
        patch.setAll(loaded.patch());
        plots.clear();
        if (!loaded.metrics().isEmpty()) {
            selectMetrics(List.of(loaded.metrics().getFirst().key()));
        }
    }

    private void fail(Exception e) {
        if (!ErrorMessages.isExpected(e)) {
            LOG.log(Level.WARNING, "loading run detail failed", e);
        }
        loading.set(false);
        error.set(ErrorMessages.asSentence(ErrorMessages.describe(e)));
    }

    /** The run's note (the {@value Notes#TAG} tag), or "" when it has none. */
    public ReadOnlyStringProperty noteProperty() {
        return note.getReadOnlyProperty();
    }

    /** Saves the shown run's note (blank removes it), then shows the run again. */
    public void setNote(String text) {
        String id = runId.get();
        if (id.isEmpty()) {
            return;
        }
        Workspace ws = workspace.get();
        async.run(() -> {
            Notes.write(ws, id, text);
            return null;
        }, done -> show(id), this::fail);
    }

    /** Charts the per-step curves of these metrics of the shown run, one small chart each, in the order given. */
    public void selectMetrics(List<String> keys) {
        long request = ++latestPlots;
        String id = runId.get();
        if (id.isEmpty() || keys.isEmpty()) {
            plots.clear();
            return;
        }
        Workspace ws = workspace.get();
        List<String> wanted = List.copyOf(keys);
        Palette.Theme theme = chartTheme.get() == null ? Palette.LIGHT : chartTheme.get();
        async.run(() -> {
            List<MetricPlot> out = new ArrayList<>();
            for (String key : wanted) {
                MetricSeries series = MetricSeries.of(id, key, ws.metrics().history(id, key));
                // one line needs no legend; the y axis label names the metric
                ChartOptions options = new ChartOptions(key, 0, false, PLOT_POINTS, 0);
                out.add(new MetricPlot(key, OverlayChart.create(List.of(series), options, theme).chart()));
            }
            return out;
        }, loaded -> {
            if (request == latestPlots) {
                plots.setAll(loaded);
            }
        }, e -> {
            if (request == latestPlots) {
                fail(e);
            }
        });
    }

    /** Copies the artifact's blob to a temp file under its own name (so the right program opens it), then opens it. */
    public void openArtifact(String path) {
        String id = runId.get();
        Workspace ws = workspace.get();
        async.run(() -> {
            Path blob = blob(ws, id, path);
            Path dir = Files.createTempDirectory("lathe-artifact-");
            Path copy = Files.copy(blob, dir.resolve(fileName(path)), StandardCopyOption.REPLACE_EXISTING);
            copy.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            opener.open(copy);
            return copy;
        }, copy -> message.set("Opened " + path), this::actionFailed);
    }

    /** Writes the artifact's bytes to target (chosen in a save dialog). */
    public void exportArtifact(String path, Path target) {
        String id = runId.get();
        Workspace ws = workspace.get();
        async.run(() -> {
            Path blob = blob(ws, id, path);
            Path tmp = Files.createTempFile(target.toAbsolutePath().getParent(), ".lathe-export-", ".part");
            try {
                Files.copy(blob, tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
            return target;
        }, t -> message.set("Exported " + path + " to " + t), this::actionFailed);
    }

    private void actionFailed(Exception e) {
        if (!ErrorMessages.isExpected(e) && !(e instanceof IOException)) {
            LOG.log(Level.WARNING, "artifact action failed", e);
        }
        message.set(ErrorMessages.asSentence(e instanceof IOException io && io.getMessage() != null
                ? io.getMessage() : ErrorMessages.describe(e)));
    }

    private static Path blob(Workspace ws, String runId, String path) {
        return ws.artifacts().resolve(runId, path)
                .orElseThrow(() -> new WorkspaceException("run " + runId + " has no artifact " + path));
    }

    /** The last path segment: what the file is called on disk, so its extension picks the program. */
    static String fileName(String artifactPath) {
        String p = artifactPath.replace('\\', '/');
        String last = p.substring(p.lastIndexOf('/') + 1);
        return last.isBlank() || last.equals("..") || last.equals(".") ? "artifact" : last;
    }

    /** The artifact list as the view shows it; also the artifacts of the run last shown. */
    public ObservableList<ArtifactItem> artifacts() {
        return artifactsView;
    }

    public ObservableList<KeyValue> params() {
        return paramsView;
    }

    public ObservableList<KeyValue> tags() {
        return tagsView;
    }

    public ObservableList<KeyValue> environment() {
        return environmentView;
    }

    /** Metric summaries (last, min, max), validation metrics first. */
    public ObservableList<MetricSummary> metrics() {
        return metricsView;
    }

    /** One chart per selected metric. */
    public ObservableList<MetricPlot> plots() {
        return plotsView;
    }

    public ObservableList<DatasetItem> datasets() {
        return datasetsView;
    }

    /** The uncommitted patch, line by line; empty for a clean tree or a run without git. */
    public ObservableList<DiffLine> patch() {
        return patchView;
    }

    /** The run's git state, or null when it ran outside a repository. */
    public ReadOnlyObjectProperty<GitState> gitProperty() {
        return git.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    /** Why the run could not be shown, as a sentence; empty when it was. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** The outcome of the last artifact action ("Exported …", or why it failed). */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** The open workspace's folder, for views that start a runner process on it (the Reproduce button). */
    public java.nio.file.Path workspaceRoot() {
        return workspace.get().root();
    }

    public ReadOnlyStringProperty runIdProperty() {
        return runId.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty nameProperty() {
        return name.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<RunStatus> statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** Why a run failed or was killed; empty otherwise. */
    public ReadOnlyStringProperty statusReasonProperty() {
        return statusReason.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty experimentProperty() {
        return experiment.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty trainerProperty() {
        return trainer.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty startedProperty() {
        return started.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty durationProperty() {
        return duration.getReadOnlyProperty();
    }
}
