package dev.lathe.app.sweeps;

import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.Executor;
import javafx.scene.Node;
import javafx.scene.control.SplitPane;

/**
 * The sweeps screen as the main window mounts it: the new-sweep form beside the live run view. Start saves the
 * form's YAML and runs it; a file the runner refuses comes back under the form's buttons with its line.
 */
public final class SweepsPane {
    private final SweepFormViewModel form;
    private final SweepRunViewModel run;
    private final SplitPane root;

    public SweepsPane(Path workspace, RunnerCommand runner, Executor background, Executor ui) {
        this(new SweepFormViewModel(workspace, runner, background, ui),
                new SweepRunViewModel(workspace, runner, background, ui));
    }

    SweepsPane(SweepFormViewModel form, SweepRunViewModel run) {
        this.form = form;
        this.run = run;
        SweepFormView formView = new SweepFormView(form);
        SweepRunView runView = new SweepRunView(run);
        formView.bindFileError(run.fileErrorProperty());
        formView.setOnStart(this::start);
        root = new SplitPane(formView.node(), runView.node());
        root.getStyleClass().add("sweeps-pane");
        root.getStylesheets().add(Objects.requireNonNull(SweepsPane.class.getResource("/dev/lathe/app/sweeps.css"))
                .toExternalForm());
        root.setDividerPositions(0.42);
        form.loadTrainers();
    }

    public Node node() {
        return root;
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
