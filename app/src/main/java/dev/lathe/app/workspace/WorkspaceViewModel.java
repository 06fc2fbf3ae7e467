package dev.lathe.app.workspace;

import dev.lathe.app.AsyncRunner;
import dev.lathe.app.ErrorMessages;
import dev.lathe.app.runs.RunsTableViewModel;
import dev.lathe.core.ExperimentSummary;
import dev.lathe.workspace.Workspace;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanExpression;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableStringValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * One workspace window: opens the workspace in the background, lists its experiments for the sidebar and
 * feeds the selected one to the runs table. A workspace that cannot be opened becomes a message, and
 * {@link #refresh()} tries again. All state changes happen on the UI executor.
 */
public final class WorkspaceViewModel {
    private static final System.Logger LOG = System.getLogger(WorkspaceViewModel.class.getName());

    public enum State { OPENING, OPEN, FAILED }

    private final Path path;
    private final Function<Path, Workspace> opener;
    private final RunsTableViewModel runs;
    private final AsyncRunner async;
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(State.OPENING);
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper();
    private final ReadOnlyBooleanWrapper working = new ReadOnlyBooleanWrapper();
    private final ObservableList<SidebarItem> items = FXCollections.observableArrayList();
    private final ObservableList<SidebarItem> itemsView = FXCollections.unmodifiableObservableList(items);
    private final ReadOnlyObjectWrapper<SidebarItem> selected = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper title;
    private final StringBinding statusText;
    private final BooleanExpression busy;
    /** Set and read on the UI executor only; background work gets it passed in. */
    // written on the UI thread, read by other screens' background work through workspace()
    private volatile Workspace workspace;
    private boolean closed;

    /**
     * @param opener opens the workspace at a path (throwing WorkspaceException with a readable message);
     *               called on the background executor
     */
    public WorkspaceViewModel(Path path, Function<Path, Workspace> opener, RunsTableViewModel runs,
                              Executor background, Executor ui) {
        this.path = path;
        this.opener = opener;
        this.runs = runs;
        this.async = new AsyncRunner(background, ui);
        this.title = new ReadOnlyStringWrapper("Lathe — " + path);
        this.statusText = Bindings.createStringBinding(() -> switch (state.get()) {
            case OPENING -> "Opening " + path + "…";
            case FAILED -> "Not opened · " + path;
            case OPEN -> runs.statusTextProperty().get().isEmpty() ? path.toString() : runs.statusTextProperty().get();
        }, state, runs.statusTextProperty());
        this.busy = working.getReadOnlyProperty().or(runs.loadingProperty());
    }

    /** Opens the workspace in the background, then loads the sidebar and the runs. */
    public void open() {
        if (workspace != null || working.get() || closed) {
            return;
        }
        state.set(State.OPENING);
        working.set(true);
        async.run(() -> opener.apply(path), this::opened, this::openFailed);
    }

    /** Reloads experiments and runs; after a failed open, tries to open again. */
    public void refresh() {
        if (workspace == null) {
            open();
        } else if (!working.get()) {
            loadExperiments();
        }
    }

    /** Shows the runs of item; the view calls this when the sidebar selection changes. */
    public void select(SidebarItem item) {
        SidebarItem current = selected.get();
        if (item == null || workspace == null || (current != null && current.key().equals(item.key()))) {
            return;
        }
        selected.set(item);
        runs.show(workspace, item.query(), item.scopeName());
    }

    /** The open workspace, for the other screens' view-models; fails when none is open. */
    public Workspace workspace() {
        Workspace ws = workspace;
        if (ws == null) {
            throw new IllegalStateException("the workspace " + path + " is not open");
        }
        return ws;
    }

    /** Closes the workspace (in the background: closing touches the database). */
    public void close() {
        closed = true;
        Workspace ws = workspace;
        workspace = null;
        if (ws != null) {
            async.background().execute(ws::close);
        }
    }

    private void opened(Workspace ws) {
        working.set(false);
        if (closed) {
            async.background().execute(ws::close);
            return;
        }
        workspace = ws;
        error.set(null);
        state.set(State.OPEN);
        loadExperiments();
    }

    private void openFailed(Exception e) {
        working.set(false);
        if (!ErrorMessages.isExpected(e)) {
            LOG.log(Level.WARNING, "opening workspace " + path + " failed", e);
        }
        error.set(ErrorMessages.describe(e));
        state.set(State.FAILED);
        items.clear();
        selected.set(null);
        runs.clear();
    }

    private void loadExperiments() {
        Workspace ws = workspace;
        working.set(true);
        async.run(() -> ws.experiments().list(), list -> {
            working.set(false);
            if (ws == workspace) {
                showExperiments(list);
            }
        }, e -> {
            working.set(false);
            if (ws == workspace) {
                openFailed(e);
            }
        });
    }

    private void showExperiments(List<ExperimentSummary> experiments) {
        error.set(null);
        state.set(State.OPEN);
        List<SidebarItem> next = new ArrayList<>();
        next.add(new SidebarItem.AllRuns(experiments.stream().mapToInt(ExperimentSummary::runCount).sum()));
        experiments.forEach(e -> next.add(new SidebarItem.ExperimentEntry(e)));
        // keep the selection across a refresh; fall back to all runs when its experiment is gone
        String key = selected.get() == null ? SidebarItem.AllRuns.KEY : selected.get().key();
        items.setAll(next);
        SidebarItem keep = next.stream().filter(i -> i.key().equals(key)).findFirst().orElse(next.getFirst());
        selected.set(keep);
        runs.show(workspace, keep.query(), keep.scopeName());
    }

    public Path workspacePath() {
        return path;
    }

    public RunsTableViewModel runsTable() {
        return runs;
    }

    /** "All runs", then the experiments by name. */
    public ObservableList<SidebarItem> sidebarItems() {
        return itemsView;
    }

    public ReadOnlyObjectProperty<SidebarItem> selectedItemProperty() {
        return selected.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    /** Why the workspace could not be opened or read, in words for the user; null while all is well. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    /** The status bar: "3 runs · /path" once open. */
    public ObservableStringValue statusTextProperty() {
        return statusText;
    }

    /** True while the workspace opens or anything loads. */
    public ObservableBooleanValue busyProperty() {
        return busy;
    }
}
