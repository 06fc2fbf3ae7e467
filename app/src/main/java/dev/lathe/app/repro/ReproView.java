package dev.lathe.app.repro;

import dev.lathe.app.detail.KeyValue;
import dev.lathe.app.detail.RunDetailViewModel;
import dev.lathe.app.sweeps.RunnerCommand;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;

/**
 * The reproducibility row of the run detail: a badge (reproduced exactly, within tolerance, diverged, not
 * reproduced), a Reproduce button that trains the run again in a runner process, and, on a run detail screen, a
 * "Check drift…" button that compares a CSV of new data with the run's training data ({@link DriftView}).
 */
public final class ReproView extends HBox {
    private static final Executor BACKGROUND = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("lathe-reproduce").factory());

    private final Label badge = new Label();

    public ReproView(ReproViewModel viewModel, Runnable onReproduce) {
        super(8);
        setAlignment(Pos.CENTER_LEFT);
        setId("repro-row");
        badge.setId("repro-badge");
        badge.getStyleClass().addAll("status-badge", "repro-badge");
        viewModel.verdictProperty().subscribe(this::showVerdict);
        Button reproduce = new Button("Reproduce");
        reproduce.setId("reproduce");
        reproduce.setTooltip(new Tooltip("Train this run again from its record (same data, checked by sha256; "
                + "same trainer, params and seed) and compare every metric"));
        reproduce.disableProperty().bind(viewModel.runningProperty());
        reproduce.setOnAction(e -> onReproduce.run());
        Label message = new Label();
        message.setId("repro-message");
        message.getStyleClass().add("detail-facts");
        message.textProperty().bind(viewModel.messageProperty());
        getChildren().addAll(new Label("Reproducibility"), badge, reproduce, message);
    }

    private void showVerdict(Verdict v) {
        for (Verdict each : Verdict.values()) {
            badge.pseudoClassStateChanged(PseudoClass.getPseudoClass(each.styleName()), each == v);
        }
        badge.setText(v == null ? "" : v.text());
        String color = switch (v == null ? Verdict.NOT_REPRODUCED : v) {
            case EXACT -> "#1a7f37";
            case TOLERANCE -> "#9a6700";
            case DIVERGED -> "#cf222e";
            case NOT_REPRODUCED -> "#59636e";
        };
        badge.setStyle("-fx-text-fill: white; -fx-background-color: " + color
                + "; -fx-background-radius: 8; -fx-padding: 1 8 1 8;");
    }

    /**
     * The row for a run detail screen: follows the screen's tags and, after a reproduction, reloads the screen so
     * the new tags and the new run show.
     */
    public static ReproView forRunDetail(RunDetailViewModel detail) {
        ReproViewModel vm = new ReproViewModel(RunnerCommand::locate, BACKGROUND, Platform::runLater);
        detail.tags().addListener((ListChangeListener<KeyValue>) c -> vm.showTags(asMap(detail)));
        vm.showTags(asMap(detail));
        ReproView view = new ReproView(vm, () -> {
            String id = detail.runIdProperty().get();
            vm.reproduce(detail.workspaceRoot(), id).thenRun(() -> detail.show(id));
        });
        view.getChildren().add(view.getChildren().size() - 1, driftButton(detail));
        return view;
    }

    /** "Check drift…": pick a CSV, compare it with the run's training data in a window of its own. */
    private static Button driftButton(RunDetailViewModel detail) {
        Button drift = new Button("Check drift…");
        drift.setId("check-drift");
        drift.setTooltip(new Tooltip("Compare a CSV file of new data with this run's training data: PSI and KS per "
                + "feature, new and missing categories and columns (lathe drift)"));
        drift.disableProperty().bind(detail.runIdProperty().isEmpty());
        drift.setOnAction(e -> {
            javafx.stage.FileChooser chooser = new javafx.stage.FileChooser();
            chooser.setTitle("New data to compare with the training data");
            chooser.getExtensionFilters().add(new javafx.stage.FileChooser.ExtensionFilter("CSV files", "*.csv"));
            java.io.File file = chooser.showOpenDialog(drift.getScene().getWindow());
            if (file != null) {
                openDrift(detail, file.toPath(), drift.getScene().getWindow());
            }
        });
        return drift;
    }

    /** Opens the drift report of data against the shown run's training data in a new window. */
    public static DriftViewModel openDrift(RunDetailViewModel detail, java.nio.file.Path data, javafx.stage.Window owner) {
        DriftViewModel vm = new DriftViewModel(RunnerCommand::locate, BACKGROUND, Platform::runLater);
        javafx.stage.Stage stage = new javafx.stage.Stage();
        stage.initOwner(owner);
        stage.setTitle("Drift: " + data.getFileName() + " against run " + detail.nameProperty().get());
        stage.setScene(new javafx.scene.Scene(new DriftView(vm, detail.chartThemeProperty()), 820, 720));
        stage.show();
        vm.check(detail.workspaceRoot(), detail.runIdProperty().get(), data, 0.2);
        return vm;
    }

    private static Map<String, String> asMap(RunDetailViewModel detail) {
        Map<String, String> tags = new LinkedHashMap<>();
        detail.tags().forEach(kv -> tags.put(kv.key(), kv.value()));
        return tags;
    }
}
