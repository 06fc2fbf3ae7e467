package dev.lathe.app.detail;

import dev.lathe.app.Formats;
import dev.lathe.core.MetricSummary;
import dev.lathe.core.RunStatus;
import java.io.File;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import dev.lathe.app.runs.NoteDialog;
import javafx.stage.FileChooser;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.fx.interaction.MouseHandlerFX;

/**
 * The run detail screen: a header, then one section per kind of record, in a vertical scroll. Sections a run has
 * nothing for (no tags, no git) say so in one line instead of showing an empty table.
 */
public final class RunDetailView extends BorderPane {
    private static final String STYLESHEET = Objects.requireNonNull(
            RunDetailView.class.getResource("/dev/lathe/app/charts.css")).toExternalForm();
    private static final double ROW_HEIGHT = 26;
    private static final double MAX_TABLE_HEIGHT = 320;

    private final RunDetailViewModel viewModel;
    private final Label status = new Label();

    public RunDetailView(RunDetailViewModel viewModel) {
        this.viewModel = viewModel;
        getStyleClass().add("run-detail");
        getStylesheets().add(STYLESHEET);
        getStylesheets().add(java.util.Objects.requireNonNull(
                getClass().getResource("/dev/lathe/app/workbench.css")).toExternalForm());
        setId("run-detail");

        VBox content = new VBox(18, header(),
                section("Params", table(viewModel.params(), "No params logged.")),
                section("Metrics", metrics()),
                section("Tags", table(viewModel.tags(), "No tags.")),
                section("Datasets", datasets()),
                section("Git", git()),
                section("Environment", table(viewModel.environment(), "No environment recorded.")),
                section("Artifacts", artifacts()));
        content.getStyleClass().add("detail-content");
        content.setPadding(new Insets(16, 20, 24, 20));
        ScrollPane scroll = new ScrollPane(content);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("detail-scroll");

        Label error = new Label();
        error.getStyleClass().add("detail-error");
        error.textProperty().bind(viewModel.errorProperty());
        error.visibleProperty().bind(viewModel.errorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());
        Label message = new Label();
        message.getStyleClass().add("detail-message");
        message.textProperty().bind(viewModel.messageProperty());
        message.managedProperty().bind(message.textProperty().isNotEmpty());
        setTop(error);
        setCenter(scroll);
        setBottom(message);
    }

    /** The screen, for a layout that wants a Node rather than this class. */
    public Node node() {
        return this;
    }

    private Node header() {
        Label name = new Label();
        name.getStyleClass().add("detail-title");
        name.textProperty().bind(viewModel.nameProperty());
        name.setId("detail-name");
        status.getStyleClass().add("status-badge");
        status.setId("detail-status");
        viewModel.statusProperty().subscribe(this::showStatus);
        HBox title = new HBox(10, name, status);
        title.setAlignment(Pos.CENTER_LEFT);

        Label facts = new Label();
        facts.getStyleClass().add("detail-facts");
        facts.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> String.join("   ·   ",
                        List.of("Experiment " + viewModel.experimentProperty().get(),
                                "Trainer " + viewModel.trainerProperty().get(),
                                "Started " + viewModel.startedProperty().get(),
                                "Duration " + viewModel.durationProperty().get())),
                viewModel.experimentProperty(), viewModel.trainerProperty(), viewModel.startedProperty(),
                viewModel.durationProperty()));

        // a read-only field, so the id can also be selected by hand
        TextField id = new TextField();
        id.setEditable(false);
        id.getStyleClass().add("run-id");
        id.textProperty().bind(viewModel.runIdProperty());
        id.setPrefColumnCount(24);
        Button copy = new Button("Copy");
        copy.setId("copy-run-id");
        copy.setOnAction(e -> {
            ClipboardContent c = new ClipboardContent();
            c.putString(viewModel.runIdProperty().get());
            Clipboard.getSystemClipboard().setContent(c);
        });
        HBox idRow = new HBox(6, new Label("ID"), id, copy);
        idRow.setAlignment(Pos.CENTER_LEFT);

        Label reason = new Label();
        reason.getStyleClass().add("status-reason");
        reason.textProperty().bind(viewModel.statusReasonProperty());
        reason.managedProperty().bind(viewModel.statusReasonProperty().isNotEmpty());
        reason.setWrapText(true);

        Label note = new Label();
        note.setId("detail-note");
        note.getStyleClass().add("run-note");
        note.setWrapText(true);
        note.textProperty().bind(viewModel.noteProperty().map(n -> n.isEmpty() ? "No note." : n));
        note.pseudoClassStateChanged(PseudoClass.getPseudoClass("empty"), true);
        viewModel.noteProperty().subscribe(n -> note.pseudoClassStateChanged(PseudoClass.getPseudoClass("empty"),
                n.isEmpty()));
        Button editNote = new Button("Edit note…");
        editNote.setId("edit-note");
        editNote.disableProperty().bind(viewModel.runIdProperty().isEmpty());
        editNote.setOnAction(e -> NoteDialog.ask(getScene().getWindow(), "Note for run " + viewModel.nameProperty().get(),
                viewModel.noteProperty().get()).ifPresent(viewModel::setNote));
        HBox noteRow = new HBox(8, note, editNote);
        noteRow.setAlignment(Pos.CENTER_LEFT);
        // reproducibility badge and Reproduce button (dev.lathe.app.repro)
        return new VBox(6, title, facts, reason, noteRow, idRow, dev.lathe.app.repro.ReproView.forRunDetail(viewModel));
    }

    private void showStatus(RunStatus s) {
        for (RunStatus each : RunStatus.values()) {
            status.pseudoClassStateChanged(PseudoClass.getPseudoClass(each.name().toLowerCase(Locale.ROOT)), each == s);
        }
        status.setText(s == null ? "" : Formats.status(s));
    }

    private static Node section(String title, Node body) {
        Label label = new Label(title);
        label.getStyleClass().add("section-title");
        VBox box = new VBox(8, label, body);
        box.getStyleClass().add("detail-section");
        return box;
    }

    /** A two-column table sized to its rows, or a one-line note when empty. */
    private static Node table(ObservableList<KeyValue> rows, String emptyText) {
        TableView<KeyValue> table = new TableView<>(rows);
        table.getStyleClass().add("kv-table");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<KeyValue, String> key = column("Key", KeyValue::key);
        key.setPrefWidth(220);
        key.setMaxWidth(360);
        table.getColumns().setAll(List.of(key, column("Value", KeyValue::value)));
        fitRows(table, rows);
        return orNote(table, rows, emptyText);
    }

    private Node metrics() {
        TableView<MetricSummary> table = new TableView<>(viewModel.metrics());
        table.setId("detail-metrics");
        table.getStyleClass().add("kv-table");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        table.getColumns().setAll(List.of(column("Metric", MetricSummary::key),
                numeric("Last", m -> Formats.metric(m.last())), numeric("Min", m -> Formats.metric(m.min())),
                numeric("Max", m -> Formats.metric(m.max())), numeric("Last step", m -> String.valueOf(m.lastStep())),
                numeric("Points", m -> String.valueOf(m.count()))));
        table.setPlaceholder(new Label("No metrics logged."));
        fitRows(table, viewModel.metrics());
        // selecting rows charts those metrics; a fresh run selects its first metric in the view-model
        table.getSelectionModel().getSelectedItems().addListener((ListChangeListener<MetricSummary>) c -> {
            List<String> keys = table.getSelectionModel().getSelectedItems().stream()
                    .filter(Objects::nonNull).map(MetricSummary::key).toList();
            if (!keys.isEmpty()) {
                viewModel.selectMetrics(keys);
            }
        });
        viewModel.metrics().addListener((ListChangeListener<MetricSummary>) c -> {
            if (!viewModel.metrics().isEmpty()) {
                table.getSelectionModel().clearAndSelect(0);
            }
        });

        FlowPane charts = new FlowPane(12, 12);
        charts.getStyleClass().add("metric-plots");
        viewModel.plots().subscribe(() -> charts.getChildren().setAll(viewModel.plots().stream().map(p -> {
            ChartViewer viewer = new ChartViewer(p.chart());
            viewer.setPrefSize(560, 260);
            viewer.setMinSize(300, 200);
            // leave the mouse wheel to the page scroll; drag still zooms
            MouseHandlerFX scroll = viewer.getCanvas().getMouseHandler("scroll");
            if (scroll != null) {
                viewer.getCanvas().removeAuxiliaryMouseHandler(scroll);
            }
            StackPane frame = new StackPane(viewer);
            frame.getStyleClass().add("chart-frame");
            return (Node) frame;
        }).toList()));
        Label hint = new Label("Select metrics in the table to chart them (Ctrl/Shift for several).");
        hint.getStyleClass().add("muted");
        return new VBox(8, table, hint, charts);
    }

    private Node datasets() {
        VBox box = new VBox(10);
        viewModel.datasets().subscribe(() -> box.getChildren().setAll(viewModel.datasets().isEmpty()
                ? List.of(note("No datasets recorded."))
                : viewModel.datasets().stream().map(RunDetailView::dataset).toList()));
        return box;
    }

    private static Node dataset(DatasetItem d) {
        GridPane grid = facts(List.of("Name", d.name()), List.of("SHA-256", d.sha256()), List.of("Shape", d.shape()),
                List.of("Source", d.source()));
        grid.getStyleClass().add("dataset");
        return grid;
    }

    private Node git() {
        VBox box = new VBox(8);
        ListView<DiffLine> diff = new ListView<>(viewModel.patch());
        diff.setId("git-patch");
        diff.getStyleClass().add("diff-view");
        diff.setCellFactory(v -> new DiffCell());
        diff.setFixedCellSize(20);
        diff.prefHeightProperty().bind(javafx.beans.binding.Bindings.createDoubleBinding(
                () -> Math.min(420, viewModel.patch().size() * 20.0 + 4), viewModel.patch()));
        viewModel.gitProperty().subscribe(g -> {
            if (g == null) {
                box.getChildren().setAll(note("Not run from a git repository."));
                return;
            }
            GridPane grid = facts(List.of("Commit", nullToEmpty(g.commit())), List.of("Branch", nullToEmpty(g.branch())),
                    List.of("Remote", nullToEmpty(g.remoteUrl())));
            Label dirty = new Label(g.dirty() ? "uncommitted changes" : "clean");
            dirty.getStyleClass().addAll("badge", g.dirty() ? "badge-dirty" : "badge-clean");
            dirty.setId("git-dirty");
            box.getChildren().setAll(grid, dirty);
            if (g.patchArtifact() != null) {
                Label title = new Label("Uncommitted patch (" + g.patchArtifact() + ")");
                title.getStyleClass().add("muted");
                box.getChildren().addAll(title, diff);
            }
        });
        return box;
    }

    private Node artifacts() {
        TableView<ArtifactItem> table = new TableView<>(viewModel.artifacts());
        table.setId("detail-artifacts");
        table.getStyleClass().add("kv-table");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<ArtifactItem, String> path = column("Path", ArtifactItem::path);
        path.setPrefWidth(360);
        TableColumn<ArtifactItem, String> size = numeric("Size", ArtifactItem::sizeText);
        size.setPrefWidth(90);
        TableColumn<ArtifactItem, ArtifactItem> actions = new TableColumn<>("");
        actions.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        actions.setCellFactory(c -> new ArtifactActionsCell());
        actions.setSortable(false);
        table.getColumns().setAll(List.of(path, size, actions));
        fitRows(table, viewModel.artifacts());
        return orNote(table, viewModel.artifacts(), "No artifacts.");
    }

    /** "Open" and "Export…" for one artifact. */
    private final class ArtifactActionsCell extends TableCell<ArtifactItem, ArtifactItem> {
        private final Button open = new Button("Open");
        private final Button export = new Button("Export…");
        private final HBox box = new HBox(6, open, export);

        ArtifactActionsCell() {
            open.getStyleClass().add("small");
            export.getStyleClass().add("small");
            open.setOnAction(e -> viewModel.openArtifact(getItem().path()));
            export.setOnAction(e -> {
                FileChooser chooser = new FileChooser();
                chooser.setTitle("Export " + getItem().path());
                chooser.setInitialFileName(RunDetailViewModel.fileName(getItem().path()));
                File target = chooser.showSaveDialog(getScene().getWindow());
                if (target != null) {
                    viewModel.exportArtifact(getItem().path(), target.toPath());
                }
            });
        }

        @Override
        protected void updateItem(ArtifactItem item, boolean empty) {
            super.updateItem(item, empty);
            setGraphic(empty || item == null ? null : box);
        }
    }

    /** A diff line, coloured by kind through a style class (charts.css). */
    private static final class DiffCell extends ListCell<DiffLine> {
        private static final List<String> KINDS = java.util.Arrays.stream(DiffLine.Kind.values())
                .map(k -> "diff-" + k.name().toLowerCase(Locale.ROOT)).toList();

        @Override
        protected void updateItem(DiffLine item, boolean empty) {
            super.updateItem(item, empty);
            getStyleClass().removeAll(KINDS);
            if (empty || item == null) {
                setText(null);
            } else {
                setText(item.text());
                getStyleClass().add("diff-" + item.kind().name().toLowerCase(Locale.ROOT));
            }
        }
    }

    private static GridPane facts(List<?>... rows) {
        GridPane grid = new GridPane();
        grid.setHgap(14);
        grid.setVgap(4);
        grid.getStyleClass().add("facts");
        for (int r = 0; r < rows.length; r++) {
            Label key = new Label(String.valueOf(rows[r].get(0)));
            key.getStyleClass().add("fact-key");
            // read-only fields: hashes and URLs get copied
            TextField value = new TextField(String.valueOf(rows[r].get(1)));
            value.setEditable(false);
            value.getStyleClass().add("fact-value");
            value.setPrefColumnCount(Math.max(8, Math.min(70, value.getText().length())));
            value.setMaxWidth(Region.USE_PREF_SIZE);
            grid.addRow(r, key, value);
            GridPane.setHgrow(value, Priority.ALWAYS);
        }
        return grid;
    }

    private static <T> TableColumn<T, String> column(String title, Function<T, String> value) {
        TableColumn<T, String> col = new TableColumn<>(title);
        col.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(value.apply(c.getValue())));
        col.setCellFactory(c -> {
            TableCell<T, String> cell = new TableCell<>() {
                @Override
                protected void updateItem(String item, boolean empty) {
                    super.updateItem(item, empty);
                    setText(empty ? null : item);
                    setTooltip(empty || item == null || item.length() < 40 ? null : new Tooltip(item));
                }
            };
            return cell;
        });
        return col;
    }

    private static <T> TableColumn<T, String> numeric(String title, Function<T, String> value) {
        TableColumn<T, String> col = column(title, value);
        col.getStyleClass().add("numeric");
        col.setPrefWidth(90);
        return col;
    }

    /** Tables in a scrolling page should not scroll themselves: size them to their rows, up to a cap. */
    private static void fitRows(TableView<?> table, ObservableList<?> rows) {
        table.prefHeightProperty().bind(javafx.beans.binding.Bindings.createDoubleBinding(
                () -> Math.min(MAX_TABLE_HEIGHT, (Math.max(1, rows.size()) + 1) * ROW_HEIGHT + 4), rows));
        table.setFixedCellSize(ROW_HEIGHT);
        table.setMinHeight(Region.USE_PREF_SIZE);
    }

    private static Node orNote(Node table, ObservableList<?> rows, String emptyText) {
        Label note = note(emptyText);
        note.visibleProperty().bind(javafx.beans.binding.Bindings.isEmpty(rows));
        note.managedProperty().bind(note.visibleProperty());
        table.visibleProperty().bind(note.visibleProperty().not());
        table.managedProperty().bind(table.visibleProperty());
        return new VBox(table, note);
    }

    private static Label note(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("muted");
        return l;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
