package dev.lathe.app.runs;

import dev.lathe.app.AsyncRunner;
import dev.lathe.app.ErrorMessages;
import dev.lathe.app.Formats;
import dev.lathe.core.RunRow;
import dev.lathe.workspace.RunQuery;
import dev.lathe.workspace.Workspace;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The runs of one scope (all runs, or one experiment) with the param and metric keys they use, which become
 * the table's extra columns. Loads in the background; only the latest request's result is shown, so clicking
 * through experiments quickly never leaves an older list on screen.
 */
public final class RunsTableViewModel {
    private static final System.Logger LOG = System.getLogger(RunsTableViewModel.class.getName());

    private final AsyncRunner async;
    private final Clock clock;
    private final ObservableList<RunItem> rows = FXCollections.observableArrayList();
    private final ObservableList<String> paramKeys = FXCollections.observableArrayList();
    private final ObservableList<String> metricKeys = FXCollections.observableArrayList();
    // one read-only view each, kept: such a view listens weakly to its list, so a fresh one per call could be
    // collected and silently drop the listeners added to it
    private final ObservableList<RunItem> rowsView = FXCollections.unmodifiableObservableList(rows);
    private final ObservableList<String> paramKeysView = FXCollections.unmodifiableObservableList(paramKeys);
    private final ObservableList<String> metricKeysView = FXCollections.unmodifiableObservableList(metricKeys);
    private final ReadOnlyObjectWrapper<EmptyState> emptyState = new ReadOnlyObjectWrapper<>(EmptyState.loading());
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper statusText = new ReadOnlyStringWrapper("");
    /** Counts requests; touched only on the UI executor. */
    private long latestRequest;

    public RunsTableViewModel(Executor background, Executor ui, Clock clock) {
        this.async = new AsyncRunner(background, ui);
        this.clock = clock;
    }

    private record Loaded(List<RunItem> items, List<String> paramKeys, List<String> metricKeys) {
    }

    /**
     * Loads the runs matching query from ws.
     *
     * @param scopeName the experiment's name for the empty message, or null for all runs
     */
    public void show(Workspace ws, RunQuery query, String scopeName) {
        long request = ++latestRequest;
        loading.set(true);
        if (rows.isEmpty()) {
            emptyState.set(EmptyState.loading());
        }
        Path root = ws.root();
        async.run(() -> load(ws, query), loaded -> {
            if (request == latestRequest) {
                apply(loaded, root, scopeName);
            }
        }, e -> {
            if (request == latestRequest) {
                fail(e);
            }
        });
    }

    /** Forgets the shown runs, e.g. when the workspace could not be opened. */
    public void clear() {
        latestRequest++;
        loading.set(false);
        rows.clear();
        paramKeys.clear();
        metricKeys.clear();
        statusText.set("");
    }

    /** Validation metrics first (what runs are compared by), then the rest, then training-set metrics. */
    static final java.util.Comparator<String> METRIC_ORDER = java.util.Comparator
            .comparingInt((String k) -> k.startsWith("val_") ? 0 : k.startsWith("train_") ? 2 : 1)
            .thenComparing(java.util.Comparator.naturalOrder());

    private Loaded load(Workspace ws, RunQuery query) {
        List<RunRow> runRows = ws.runs().rows(query);
        Instant now = clock.instant();
        TreeSet<String> params = new TreeSet<>();
        TreeSet<String> metrics = new TreeSet<>(METRIC_ORDER);
        for (RunRow r : runRows) {
            params.addAll(r.params().keySet());
            metrics.addAll(r.metrics().keySet());
        }
        return new Loaded(runRows.stream().map(r -> RunItem.of(r, now)).toList(), List.copyOf(params), List.copyOf(metrics));
    }

    private void apply(Loaded loaded, Path root, String scopeName) {
        loading.set(false);
        // keys first: the view rebuilds its columns before the rows arrive, so no row renders into a stale layout
        if (!paramKeys.equals(loaded.paramKeys())) {
            paramKeys.setAll(loaded.paramKeys());
        }
        if (!metricKeys.equals(loaded.metricKeys())) {
            metricKeys.setAll(loaded.metricKeys());
        }
        rows.setAll(loaded.items());
        emptyState.set(scopeName == null ? EmptyState.noRunsYet() : EmptyState.noRunsIn(scopeName));
        statusText.set(Formats.count(loaded.items().size(), "run") + " · " + root);
    }

    private void fail(Exception e) {
        if (!ErrorMessages.isExpected(e)) {
            LOG.log(Level.WARNING, "loading runs failed", e);
        }
        loading.set(false);
        rows.clear();
        emptyState.set(EmptyState.failed(ErrorMessages.describe(e)));
        statusText.set("");
    }

    /** The shown runs, newest first; the view sorts its own copy. */
    public ObservableList<RunItem> rows() {
        return rowsView;
    }

    /** Param keys used by any shown run, sorted: one column each. */
    public ObservableList<String> paramKeys() {
        return paramKeysView;
    }

    /** Metric keys logged by any shown run (validation first): one column each, showing the last value. */
    public ObservableList<String> metricKeys() {
        return metricKeysView;
    }

    /** What to say when there are no rows. */
    public ReadOnlyObjectProperty<EmptyState> emptyStateProperty() {
        return emptyState.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    /** "3 runs · /path/to/workspace" once loaded. */
    public ReadOnlyStringProperty statusTextProperty() {
        return statusText.getReadOnlyProperty();
    }
}
