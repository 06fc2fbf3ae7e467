package dev.lathe.app.sweeps;

import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.Executor;
import javafx.scene.Node;
import javafx.scene.control.SplitPane;
import javafx.geometry.Orientation;
import java.util.function.Supplier;
import dev.lathe.workspace.Workspace;

/**
 * The sweeps screen as the main window mounts it: the workspace's sweeps above the new-sweep form, beside the
 * live run view. Start saves the form's YAML and runs it; a file the runner refuses comes back under the form's
 * buttons with its line. A sweep picked in the list opens in the run view (its trials, curves and best).
 */
public final class SweepsPane {
    private final SweepFormViewModel form;
    private final SweepRunViewModel run;
    private final SweepListViewModel list;
    private final SplitPane root;
    private final SweepRunView runView;

    public SweepsPane(Path workspace, RunnerCommand runner, Executor background, Executor ui) {
        this(new SweepFormViewModel(workspace, runner, background, ui),
                new SweepRunViewModel(workspace, runner, background, ui),
                new SweepListViewModel(workspace, runner, background, ui));
    }

    /** With the open workspace, a recorded trial's curve is read from it when the trial is selected. */
    public SweepsPane(Path workspace, Supplier<Workspace> open, RunnerCommand runner, Executor background, Executor ui) {
        this(workspace, runner, background, ui);
        run.setWorkspaceReader(open);
    }

    SweepsPane(SweepFormViewModel form, SweepRunViewModel run, SweepListViewModel list) {
        this.form = form;
        this.run = run;
        this.list = list;
        SweepFormView formView = new SweepFormView(form);
        runView = new SweepRunView(run);
        formView.bindFileError(run.fileErrorProperty());
        formView.setOnStart(this::start);
        SweepListView listView = new SweepListView(list, this::open);
        SplitPane left = new SplitPane(listView.node(), formView.node());
        left.setOrientation(Orientation.VERTICAL);
        left.setDividerPositions(0.3);
        // a sweep started here joins the list once it has an id, and its final state shows once it ends
        run.sweepIdProperty().subscribe(id -> {
            if (id != null && run.runningProperty().get()) {
                list.refresh();
            }
        });
        // with nothing on show, the newest sweep opens by itself: the screen starts with something to look at
        list.sweeps().subscribe(() -> {
            if (!list.sweeps().isEmpty() && run.sweepIdProperty().get() == null && !run.runningProperty().get()) {
                open(list.sweeps().getFirst());
            }
        });
        run.runningProperty().subscribe((was, now) -> {
            if (was && !now) {
                list.refresh();
            }
        });
        root = new SplitPane(left, runView.node());
        root.getStyleClass().add("sweeps-pane");
        root.getStylesheets().add(Objects.requireNonNull(SweepsPane.class.getResource("/dev/lathe/app/sweeps.css"))
                .toExternalForm());
        root.setDividerPositions(0.42);
        form.loadTrainers();
        list.refresh();
    }

    /** Shows a listed sweep's trials; a sweep running here is left on screen until it ends. */
    void open(SweepSummary sweep) {
        if (run.runningProperty().get()) {
            if (!sweep.id().equals(run.sweepIdProperty().get())) {
                form.showMessage("A sweep is running here; its view stays until it ends or is stopped.");
            }
            return;
        }
        run.show(sweep.id());
    }

    public SweepListViewModel list() {
        return list;
    }

    public Node node() {
        return root;
    }

    /** The colours of the sweep's live charts; the app binds it to View > Dark Theme. */
    public javafx.beans.property.ObjectProperty<dev.lathe.charts.Palette.Theme> chartThemeProperty() {
        return runView.chartThemeProperty();
    }

    public SweepFormViewModel form() {
        return form;
    }

    public SweepRunViewModel run() {
        return run;
    }

    /** Saves the form and starts its sweep; a save that fails has said why in the form's message. */
    public void start() {
        if (run.runningProperty().get()) {
            form.showMessage("A sweep is running here; stop it or wait for it to end first.");
            return;
        }
        form.save().thenAccept(run::start).exceptionally(e -> {
            // a failed save has said why in the form; anything else must not vanish inside the future
            if (form.messageProperty().get().isEmpty() || !form.messageProperty().get().startsWith("Cannot save")) {
                form.showMessage("Cannot start the sweep: " + e.getMessage());
            }
            return null;
        });
    }

    /** Ends a sweep still running (its trials end KILLED; Resume continues it next time). Call on app exit. */
    public void close() {
        run.close();
    }
}
