package dev.lathe.app.runs;

import dev.lathe.app.AsyncRunner;
import dev.lathe.app.ErrorMessages;
import dev.lathe.app.Formats;
import dev.lathe.workspace.RunQuery;
import dev.lathe.workspace.RunTable;
import dev.lathe.workspace.Workspace;
import dev.lathe.workspace.query.RunFilter;
import dev.lathe.workspace.query.RunFilterException;
import dev.lathe.workspace.query.RunSort;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The runs of one scope (all runs, or one experiment), narrowed by the filter box and sorted by the table's
 * columns, both done by the workspace (RunTable) so the table never holds more than the pages scrolled to.
 * Rows arrive a page at a time: the first with the total, the next when the view nears the last loaded row.
 * Every load carries a request number and only the latest one's result is shown, so typing fast or clicking
 * through experiments never leaves an older list on screen. All state changes happen on the UI executor.
 */
public final class RunsTableViewModel {
    private static final System.Logger LOG = System.getLogger(RunsTableViewModel.class.getName());
    /** Rows per page: a few screens; a page of 200 runs with 70 keys each reads in a few milliseconds. */
    static final int PAGE_SIZE = 200;

    /** Validation metrics first (what runs are compared by), then the rest, then training-set metrics. */
    static final Comparator<String> METRIC_ORDER = dev.lathe.app.MetricOrder.VALIDATION_FIRST;

    private final AsyncRunner async;
    private final Clock clock;
    private final ObservableList<RunItem> rows = FXCollections.observableArrayList();
    private final ObservableList<String> paramKeys = FXCollections.observableArrayList();
    private final ObservableList<String> metricKeys = FXCollections.observableArrayList();
    private final ObservableList<String> selectedIds = FXCollections.observableArrayList();
    // one read-only view each, kept: such a view listens weakly to its list, so a fresh one per call could be
    // collected and silently drop the listeners added to it
    private final ObservableList<RunItem> rowsView = FXCollections.unmodifiableObservableList(rows);
    private final ObservableList<String> paramKeysView = FXCollections.unmodifiableObservableList(paramKeys);
    private final ObservableList<String> metricKeysView = FXCollections.unmodifiableObservableList(metricKeys);
    private final ObservableList<String> selectedIdsView = FXCollections.unmodifiableObservableList(selectedIds);
    private final ReadOnlyObjectWrapper<EmptyState> emptyState = new ReadOnlyObjectWrapper<>(EmptyState.loading());
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper();
    private final ReadOnlyLongWrapper total = new ReadOnlyLongWrapper();
    private final ReadOnlyStringWrapper filterError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper statusText = new ReadOnlyStringWrapper("");
    private final BooleanBinding canCompare = Bindings.size(selectedIds).greaterThanOrEqualTo(2);
    private final ReadOnlyBooleanWrapper showArchived = new ReadOnlyBooleanWrapper();

    /** Set and read on the UI executor only. */
    private Workspace workspace;
    private RunTable.Query query = RunTable.Query.all();
    private String scopeName;
    private String filterText = "";
    private long latestRequest;
    private boolean loadingMore;
    private Consumer<List<String>> onCompare = ids -> { };
    private Consumer<String> onOpen = id -> { };

    private final int pageSize;

    public RunsTableViewModel(Executor background, Executor ui, Clock clock) {
        this(background, ui, clock, PAGE_SIZE);
    }

    /** With a small page size, tests see paging on a handful of runs. */
    RunsTableViewModel(Executor background, Executor ui, Clock clock, int pageSize) {
        this.async = new AsyncRunner(background, ui);
        this.clock = clock;
        this.pageSize = pageSize;
    }

    private record Loaded(RunTable.Page page, RunTable.Keys keys, Instant now, Set<String> archived) {
    }

    /** Lists archived runs too (marked as such), so they can be unarchived; off by default. */
    public void setShowArchived(boolean show) {
        if (showArchived.get() == show) {
            return;
        }
        showArchived.set(show);
        query = new RunTable.Query(query.experimentId(), query.sweepId(), query.filter(), query.sort(), show,
                query.columns());
        reload(false);
    }

    public ReadOnlyBooleanProperty showArchivedProperty() {
        return showArchived.getReadOnlyProperty();
    }

    private static Set<String> archivedIn(Workspace ws, RunTable.Query q, RunTable.Page page) {
        return q.includeArchived()
                ? ws.runs().archivedAmong(page.rows().stream().map(r -> r.run().id()).toList()) : Set.of();
    }

    /**
     * Shows the runs of query's scope from ws, with the current filter and sort.
     *
     * @param scopeName the experiment's name for the empty message, or null for all runs
     */
    public void show(Workspace ws, RunQuery scope, String scopeName) {
        this.workspace = ws;
        this.scopeName = scopeName;
        this.query = new RunTable.Query(scope.experimentId(), scope.sweepId(), query.filter(), query.sort(),
                showArchived.get(), null);
        reload(true);
    }

    /**
     * Applies filter text (the view debounces typing). Text that does not parse leaves the shown rows as they
     * are and sets {@link #filterErrorProperty()}, with its column.
     */
    public void setFilterText(String text) {
        String t = text == null ? "" : text.strip();
        RunFilter filter;
        try {
            // the text as typed, so error columns match what the user sees
            filter = RunFilter.parse(text == null ? "" : text);
        } catch (RunFilterException e) {
            filterError.set(e.getMessage());
            return;
        }
        filterError.set("");
        if (t.equals(filterText)) {
            return;
        }
        filterText = t;
        query = query.withFilter(filter);
        reload(false);
    }

    /** Sorts by these keys (the first wins, missing values last), in the workspace, and starts again at the top. */
    public void setSort(List<RunSort> sort) {
        if (sort.equals(query.sort())) {
            return;
        }
        query = query.withSort(sort);
        reload(false);
    }

    /** Reloads what is shown, e.g. after F5 or a write. */
    public void refresh() {
        reload(false);
    }

    private void reload(boolean keysToo) {
        Workspace ws = workspace;
        if (ws == null) {
            return;
        }
        long request = ++latestRequest;
        loading.set(true);
        loadingMore = false;
        if (rows.isEmpty()) {
            emptyState.set(EmptyState.loading());
        }
        RunTable.Query q = query;
        Path root = ws.root();
        async.run(() -> {
            RunTable table = ws.runs().table(clock);
            RunTable.Keys keys = table.keys(q.experimentId());
            RunTable.Page page = table.page(q, 0, pageSize);
            return new Loaded(page, keys, clock.instant(), archivedIn(ws, q, page));
        }, loaded -> {
            if (request == latestRequest) {
                apply(loaded, root);
            }
        }, e -> {
            if (request == latestRequest) {
                fail(e);
            }
        });
    }

    /** Loads the next page when there is one; the view calls this as the user scrolls near the last row. */
    public void loadMore() {
        Workspace ws = workspace;
        if (ws == null || loadingMore || loading.get() || rows.size() >= total.get()) {
            return;
        }
        loadingMore = true;
        long request = latestRequest;
        int offset = rows.size();
        RunTable.Query q = query;
        async.run(() -> {
            RunTable.Page page = ws.runs().table(clock).page(q, offset, pageSize);
            return Map.entry(page, archivedIn(ws, q, page));
        }, loaded -> {
            if (request == latestRequest && offset == rows.size()) {
                loadingMore = false;
                Instant now = clock.instant();
                Set<String> archived = loaded.getValue();
                rows.addAll(loaded.getKey().rows().stream()
                        .map(r -> RunItem.of(r, now, archived.contains(r.run().id()))).toList());
            }
        }, e -> {
            if (request == latestRequest) {
                loadingMore = false;
                fail(e);
            }
        });
    }

    /** Forgets the shown runs, e.g. when the workspace could not be opened. */
    public void clear() {
        latestRequest++;
        workspace = null;
        loading.set(false);
        rows.clear();
        paramKeys.clear();
        metricKeys.clear();
        selectedIds.clear();
        total.set(0);
        statusText.set("");
    }

    private void apply(Loaded loaded, Path root) {
        loading.set(false);
        // keys first: the view rebuilds its columns before the rows arrive, so no row renders into a stale layout
        List<String> params = loaded.keys().params();
        List<String> metrics = loaded.keys().metrics().stream().sorted(METRIC_ORDER).toList();
        if (!paramKeys.equals(params)) {
            paramKeys.setAll(params);
        }
        if (!metricKeys.equals(metrics)) {
            metricKeys.setAll(metrics);
        }
        total.set(loaded.page().total());
        rows.setAll(loaded.page().rows().stream()
                .map(r -> RunItem.of(r, loaded.now(), loaded.archived().contains(r.run().id()))).toList());
        emptyState.set(!filterText.isEmpty() ? EmptyState.noMatch(filterText)
                : scopeName == null ? EmptyState.noRunsYet() : EmptyState.noRunsIn(scopeName));
        updateStatus(root);
    }

    private void updateStatus(Path root) {
        if (workspace == null) {
            statusText.set("");
            return;
        }
        List<String> parts = new ArrayList<>();
        parts.add(Formats.count(total.get(), "run"));
        if (!selectedIds.isEmpty()) {
            parts.add(selectedIds.size() + " selected");
        }
        if (!filterText.isEmpty()) {
            parts.add("filter: " + filterText);
        }
        parts.add(root.toString());
        statusText.set(String.join(" · ", parts));
    }

    private void fail(Exception e) {
        if (!ErrorMessages.isExpected(e)) {
            LOG.log(Level.WARNING, "loading runs failed", e);
        }
        loading.set(false);
        rows.clear();
        total.set(0);
        emptyState.set(EmptyState.failed(ErrorMessages.describe(e)));
        statusText.set("");
    }

    /** The view reports the table's selection here; the hooks and the status bar read it. */
    public void select(List<String> runIds) {
        if (!selectedIds.equals(runIds)) {
            selectedIds.setAll(runIds);
            if (workspace != null) {
                updateStatus(workspace.root());
            }
        }
    }

    /** Set by the composition root: opens a run's detail (double-click or Enter on a row). */
    public void setOnOpen(Consumer<String> onOpen) {
        this.onOpen = onOpen;
    }

    /** Set by the composition root: compares the given runs (two or more). */
    public void setOnCompare(Consumer<List<String>> onCompare) {
        this.onCompare = onCompare;
    }

    public void open(String runId) {
        if (runId != null) {
            onOpen.accept(runId);
        }
    }

    /** Compares the selected runs; does nothing with fewer than two. */
    public void compareSelected() {
        if (canCompare.get()) {
            onCompare.accept(List.copyOf(selectedIds));
        }
    }

    public void rename(String runId, String name) {
        write(ws -> ws.runs().rename(runId, name == null || name.isBlank() ? null : name.strip()));
    }

    public void addTag(List<String> runIds, String key, String value) {
        write(ws -> runIds.forEach(id -> ws.runs().setTags(id, Map.of(key.strip(), value.strip()))));
    }

    /**
     * Tags the runs from "key=value" text (as typed in the tag dialog).
     *
     * @return why the text is not a tag, or empty when the tags are being written
     */
    public Optional<String> addTag(List<String> runIds, String keyEqualsValue) {
        String text = keyEqualsValue == null ? "" : keyEqualsValue.strip();
        int eq = text.indexOf('=');
        if (eq <= 0 || text.substring(0, eq).isBlank()) {
            return Optional.of("A tag is key=value, e.g. team=vision; got '" + text + "'");
        }
        if (runIds.isEmpty()) {
            return Optional.of("Select one or more runs first");
        }
        addTag(runIds, text.substring(0, eq), text.substring(eq + 1));
        return Optional.empty();
    }

    public void removeTag(List<String> runIds, String key) {
        write(ws -> runIds.forEach(id -> ws.runs().removeTag(id, key.strip())));
    }

    /** Sets the runs' note (the {@value Notes#TAG} tag); blank text removes it. */
    public void setNote(List<String> runIds, String note) {
        write(ws -> runIds.forEach(id -> Notes.write(ws, id, note)));
    }

    /** Hides the runs from the table; they stay in the workspace. */
    public void archive(List<String> runIds) {
        write(ws -> runIds.forEach(id -> ws.runs().archive(id, true)));
    }

    /** Lists the runs in the table again. */
    public void unarchive(List<String> runIds) {
        write(ws -> runIds.forEach(id -> ws.runs().archive(id, false)));
    }

    /** Reads a run's note off the UI thread and hands it to then, on the UI executor ("" when it has none). */
    public void noteOf(String runId, Consumer<String> then) {
        Workspace ws = workspace;
        if (ws == null) {
            return;
        }
        async.run(() -> Notes.read(ws, runId), then, e -> {
            LOG.log(Level.WARNING, "reading the note of run " + runId + " failed", e);
            then.accept("");
        });
    }

    /** The workspace shown, for reads the view needs once (a run's note before editing it); null before. */
    public Workspace workspace() {
        return workspace;
    }

    private void write(Consumer<Workspace> change) {
        Workspace ws = workspace;
        if (ws == null) {
            return;
        }
        Callable<Void> work = () -> {
            change.accept(ws);
            return null;
        };
        async.run(work, done -> refresh(), this::fail);
    }

    /** The loaded runs, in the table's order; grows a page at a time up to {@link #totalProperty()}. */
    public ObservableList<RunItem> rows() {
        return rowsView;
    }

    /** Param keys used by runs in scope, sorted: one column each. */
    public ObservableList<String> paramKeys() {
        return paramKeysView;
    }

    /** Metric keys logged by runs in scope (validation first): one column each, showing the last value. */
    public ObservableList<String> metricKeys() {
        return metricKeysView;
    }

    /** Ids of the selected runs, in selection order. */
    public ObservableList<String> selectedRunIds() {
        return selectedIdsView;
    }

    public ObservableBooleanValue canCompareProperty() {
        return canCompare;
    }

    /** How many runs match the scope and filter, loaded or not. */
    public ReadOnlyLongProperty totalProperty() {
        return total.getReadOnlyProperty();
    }

    /** "expected a value after '>' at column 27", or "" while the filter parses. */
    public ReadOnlyStringProperty filterErrorProperty() {
        return filterError.getReadOnlyProperty();
    }

    /** What to say when there are no rows. */
    public ReadOnlyObjectProperty<EmptyState> emptyStateProperty() {
        return emptyState.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    /** "3 runs · 2 selected · filter: … · /path/to/workspace" once loaded. */
    public ReadOnlyStringProperty statusTextProperty() {
        return statusText.getReadOnlyProperty();
    }
}
