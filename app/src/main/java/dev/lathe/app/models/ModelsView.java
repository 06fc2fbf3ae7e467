package dev.lathe.app.models;

import dev.lathe.app.Formats;
import dev.lathe.core.AliasEvent;
import dev.lathe.core.ModelVersion;
import dev.lathe.core.RegisteredModel;
import dev.lathe.workspace.OutboxRepository;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * The models screen: registered models on the left; on the right the selected model's versions, the selected
 * version's lineage, a form to set or move an alias with a comment, and every alias change so far. Renders what
 * {@link ModelsViewModel} holds and sends the user's actions to it.
 */
public final class ModelsView {
    static final String PUBLISH_MISSING = "needs Lathe's runner (local-runner/target/lathe-local-runner.jar), which publishes";
    private static final String REGISTER_COMMAND = "./lathe models register RUN_ID --name NAME";

    private final ModelsViewModel viewModel;
    private final ZoneId zone;
    private final BorderPane root = new BorderPane();

    public ModelsView(ModelsViewModel viewModel, ZoneId zone) {
        this.viewModel = viewModel;
        this.zone = zone;
        root.setId("models-view");
        root.getStyleClass().add("models-view");
        root.getStylesheets().add(Objects.requireNonNull(ModelsView.class.getResource("/dev/lathe/app/workbench.css"))
                .toExternalForm());

        Label error = new Label();
        error.setId("models-error");
        error.getStyleClass().add("models-error");
        error.setWrapText(true);
        error.textProperty().bind(viewModel.errorProperty());
        error.visibleProperty().bind(viewModel.errorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());
        error.setPadding(new Insets(6, 12, 6, 12));
        root.setTop(error);

        Node detail = detail();
        Node none = emptyState("Select a model", "Its versions, lineage and aliases show here.", null);
        none.visibleProperty().bind(viewModel.selectedModelProperty().isNull());
        detail.visibleProperty().bind(viewModel.selectedModelProperty().isNotNull());
        SplitPane split = new SplitPane(modelList(), new StackPane(detail, none));
        split.setDividerPositions(0.24);
        root.setCenter(split);
    }

    public Node node() {
        return root;
    }

    private Node modelList() {
        Label header = new Label("MODELS");
        header.getStyleClass().add("sidebar-header");
        ListView<RegisteredModel> list = new ListView<>(viewModel.models());
        list.setId("models-list");
        list.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(RegisteredModel m, boolean empty) {
                super.updateItem(m, empty);
                if (empty || m == null) {
                    setText(null);
                    setGraphic(null);
                    setTooltip(null);
                    return;
                }
                Label name = new Label(m.name());
                name.getStyleClass().add("model-name");
                Label latest = new Label("v" + m.latestVersion());
                latest.getStyleClass().add("muted");
                HBox top = new HBox(8, name, latest);
                VBox box = new VBox(2, top);
                if (!m.aliases().isEmpty()) {
                    Label aliases = new Label(aliasesText(m.aliases()));
                    aliases.getStyleClass().addAll("muted", "model-aliases");
                    box.getChildren().add(aliases);
                }
                setText(null);
                setGraphic(box);
                setTooltip(new Tooltip(m.name() + ": " + Formats.count(m.latestVersion(), "version")
                        + (m.aliases().isEmpty() ? "" : " · " + aliasesText(m.aliases()))));
            }
        });
        Node empty = emptyState("No registered models yet", "Register a finished run's model:", REGISTER_COMMAND);
        viewModel.loadedProperty().subscribe(done -> list.setPlaceholder(done ? empty : new Label("Loading models…")));
        list.getSelectionModel().selectedItemProperty().subscribe(m -> {
            if (m != null && (viewModel.selectedModelProperty().get() == null
                    || !viewModel.selectedModelProperty().get().name().equals(m.name()))) {
                viewModel.select(m.name());
            }
        });
        // the view-model keeps the selection across reloads; the list follows it
        viewModel.selectedModelProperty().subscribe(m -> {
            if (m == null) {
                list.getSelectionModel().clearSelection();
                return;
            }
            for (int i = 0; i < list.getItems().size(); i++) {
                if (list.getItems().get(i).name().equals(m.name()) && list.getSelectionModel().getSelectedIndex() != i) {
                    list.getSelectionModel().select(i);
                }
            }
        });
        VBox.setVgrow(list, Priority.ALWAYS);
        Button reload = new Button("Reload");
        reload.setId("models-reload");
        reload.setOnAction(e -> viewModel.refresh());
        HBox head = new HBox(header, spacer(), reload);
        head.setAlignment(Pos.CENTER_LEFT);
        head.setPadding(new Insets(6, 8, 6, 10));
        VBox box = new VBox(head, list);
        box.getStyleClass().add("sidebar");
        box.setMinWidth(180);
        return box;
    }

    private Node detail() {
        Label title = new Label();
        title.setId("model-title");
        title.getStyleClass().add("model-title");
        title.textProperty().bind(viewModel.selectedModelProperty().map(RegisteredModel::name).orElse(""));
        Label facts = new Label();
        facts.getStyleClass().add("muted");
        facts.textProperty().bind(viewModel.selectedModelProperty().map(m -> Formats.count(m.latestVersion(), "version")
                + " · registered " + Formats.dateTime(m.createdAt(), zone)
                + (m.aliases().isEmpty() ? "" : " · aliases " + aliasesText(m.aliases()))).orElse(""));

        VBox content = new VBox(14, new VBox(4, title, facts),
                section("Versions", versionsTable()),
                section("Lineage", lineage()),
                section("Aliases", new VBox(10, aliasForm(), historyTable())),
                section("Publishing", publishTable()));
        content.setPadding(new Insets(14, 18, 20, 18));
        content.getStyleClass().add("models-pane");
        ScrollPane scroll = new ScrollPane(content);
        scroll.setFitToWidth(true);
        return scroll;
    }

    private TableView<ModelVersion> versionsTable() {
        TableView<ModelVersion> table = new TableView<>(viewModel.versions());
        table.setId("model-versions");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        // as tall as its rows (up to eight), so the lineage and aliases below stay in view
        table.setFixedCellSize(34);
        table.prefHeightProperty().bind(javafx.beans.binding.Bindings.size(viewModel.versions())
                .map(n -> 38 + 34 * Math.clamp(n.intValue(), 2, 8) + 4.0));
        Label none = new Label();
        none.textProperty().bind(viewModel.loadingModelProperty().map(busy -> busy ? "Loading versions…"
                : "This model has no versions yet."));
        table.setPlaceholder(none);
        // the registration time and every metric are in the lineage below; the table keeps to what tells versions apart
        table.getColumns().setAll(List.of(
                column("Version", v -> "v" + v.version(), 72),
                column("Aliases", v -> String.join(", ", v.aliases()), 110),
                column("Trainer", ModelVersion::trainer, 120),
                column("Run", v -> shortId(v.runId()), 86),
                column("Metric", v -> metricsText(v.metrics(), 1), 170),
                column("Description", ModelVersion::description, 150)));
        table.getColumns().forEach(c -> c.setMinWidth(Math.min(c.getPrefWidth(), 120)));
        table.getSelectionModel().selectedItemProperty().subscribe(v -> {
            if (v != null) {
                viewModel.selectVersion(v);
            }
        });
        viewModel.selectedVersionProperty().subscribe(v -> {
            if (v != null && table.getSelectionModel().getSelectedItem() != v) {
                table.getSelectionModel().select(v);
            }
        });
        return table;
    }

    private Node lineage() {
        GridPane grid = new GridPane();
        grid.setId("version-lineage");
        grid.setHgap(14);
        grid.setVgap(6);
        ColumnConstraints keys = new ColumnConstraints();
        keys.setMinWidth(110);
        ColumnConstraints values = new ColumnConstraints();
        values.setHgrow(Priority.ALWAYS);
        grid.getColumnConstraints().setAll(keys, values);
        viewModel.selectedVersionProperty().subscribe(v -> fillLineage(grid, v));

        Button openRun = new Button("Open run");
        openRun.setId("open-version-run");
        openRun.disableProperty().bind(viewModel.selectedVersionProperty().isNull());
        openRun.setOnAction(e -> viewModel.openRun());
        Button publish = new Button("Publish…");
        publish.setId("publish-version");
        publish.disableProperty().bind(viewModel.canPublishProperty().not());
        publish.setOnAction(e -> viewModel.publish());
        // a disabled button shows no tooltip of its own, so the wrapper carries it
        Label publishWrap = new Label(null, publish);
        publishWrap.setTooltip(new Tooltip(PUBLISH_MISSING));
        viewModel.canPublishProperty().subscribe(can -> publishWrap.getTooltip().setText(
                viewModel.publishingAvailable() ? "Publish this version to an OCI registry, as an image, to an MLflow server or a git remote"
                        : PUBLISH_MISSING));
        HBox buttons = new HBox(8, openRun, publishWrap);
        return new VBox(10, grid, buttons);
    }

    private void fillLineage(GridPane grid, ModelVersion v) {
        grid.getChildren().clear();
        if (v == null) {
            Label none = new Label("Select a version.");
            none.getStyleClass().add("muted");
            grid.add(none, 0, 0, 2, 1);
            return;
        }
        int row = 0;
        row = fact(grid, row, "Version", v.reference(), false);
        row = fact(grid, row, "Run", v.runId(), true);
        row = fact(grid, row, "Dataset sha256", v.datasetSha256(), true);
        row = fact(grid, row, "Git commit", v.gitCommit(), true);
        row = fact(grid, row, "Trainer", v.trainer(), false);
        row = fact(grid, row, "Params", v.params().isEmpty() ? null : v.params().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ")), false);
        row = fact(grid, row, "Metrics", v.metrics().isEmpty() ? null : metricsText(v.metrics(), Integer.MAX_VALUE), false);
        row = fact(grid, row, "Description", v.description(), false);
        fact(grid, row, "Registered", Formats.dateTime(v.createdAt(), zone), false);
    }

    private static int fact(GridPane grid, int row, String key, String value, boolean mono) {
        Label k = new Label(key);
        k.getStyleClass().add("lineage-key");
        // read-only fields for ids and hashes, so they can be selected and copied
        Node shown;
        if (value != null && mono) {
            TextField field = new TextField(value);
            field.setEditable(false);
            field.getStyleClass().addAll("lineage-value", "mono");
            field.setPrefColumnCount(Math.min(64, value.length() + 1));
            field.setMaxWidth(Region.USE_PREF_SIZE);
            shown = field;
        } else {
            Label v = new Label(value == null || value.isBlank() ? "—" : value);
            v.getStyleClass().add(value == null || value.isBlank() ? "muted" : "lineage-value");
            v.setWrapText(true);
            shown = v;
        }
        shown.setId("lineage-" + key.toLowerCase(java.util.Locale.ROOT).replace(' ', '-'));
        grid.add(k, 0, row);
        grid.add(shown, 1, row);
        return row + 1;
    }

    private Node aliasForm() {
        ComboBox<String> alias = new ComboBox<>();
        alias.setId("alias-name");
        alias.setEditable(true);
        alias.setPromptText("alias name");
        alias.setPrefWidth(170);
        viewModel.selectedModelProperty().subscribe(m -> alias.getItems().setAll(m == null ? List.of()
                : List.copyOf(m.aliases().keySet())));
        ComboBox<Integer> version = new ComboBox<>();
        version.setId("alias-version");
        version.setPromptText("version");
        version.setPrefWidth(100);
        viewModel.versions().subscribe(() -> version.getItems().setAll(viewModel.versions().stream()
                .map(ModelVersion::version).toList()));
        viewModel.selectedVersionProperty().subscribe(v -> version.setValue(v == null ? null : v.version()));
        version.setCellFactory(l -> versionCell());
        version.setButtonCell(versionCell());
        TextField comment = new TextField();
        comment.setId("alias-comment");
        comment.setPromptText("comment (why)");
        HBox.setHgrow(comment, Priority.ALWAYS);
        Button set = new Button("Set alias");
        set.setId("set-alias");
        set.getStyleClass().add("accent");
        set.disableProperty().bind(version.valueProperty().isNull());
        set.setOnAction(e -> {
            String name = alias.getEditor().getText();
            viewModel.setAlias(name, version.getValue(), comment.getText()).thenRun(() -> {
                if (viewModel.errorProperty().get().isEmpty()) {
                    comment.clear();
                }
            });
        });
        HBox form = new HBox(8, new Label("Point"), alias, new Label("at"), version, comment, set);
        form.setAlignment(Pos.CENTER_LEFT);
        Label message = new Label();
        message.setId("alias-message");
        message.getStyleClass().add("muted");
        message.textProperty().bind(viewModel.messageProperty());
        message.managedProperty().bind(viewModel.messageProperty().isNotEmpty());
        return new VBox(6, form, message);
    }

    private static ListCell<Integer> versionCell() {
        return new ListCell<>() {
            @Override
            protected void updateItem(Integer v, boolean empty) {
                super.updateItem(v, empty);
                setText(empty || v == null ? null : "v" + v);
            }
        };
    }

    private TableView<AliasEvent> historyTable() {
        TableView<AliasEvent> table = new TableView<>(viewModel.aliasHistory());
        table.setId("alias-history");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPrefHeight(200);
        table.setPlaceholder(new Label("No alias has been set yet."));
        table.getColumns().setAll(List.of(
                eventColumn("When", e -> Formats.dateTime(e.at(), zone), 130),
                eventColumn("User", AliasEvent::user, 90),
                eventColumn("Alias", AliasEvent::alias, 100),
                eventColumn("From", e -> e.fromVersion() == null ? "—" : "v" + e.fromVersion(), 60),
                eventColumn("To", e -> e.toVersion() == null ? "removed" : "v" + e.toVersion(), 70),
                eventColumn("Comment", AliasEvent::comment, 220)));
        return table;
    }

    /** The model's publish jobs: where each version went, and what waits in the outbox or failed, and why. */
    private TableView<OutboxRepository.Job> publishTable() {
        TableView<OutboxRepository.Job> table = new TableView<>(viewModel.publishJobs());
        table.setId("publish-jobs");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPrefHeight(160);
        table.setPlaceholder(new Label("Not published yet. Publish… sends the selected version to a registry; "
                + "while the target is unreachable the job waits in the outbox."));
        table.getColumns().setAll(List.of(
                jobColumn("When", j -> Formats.dateTime(j.updatedAt(), zone), 130),
                jobColumn("Version", j -> "v" + j.version(), 70),
                jobColumn("Target", OutboxRepository.Job::target, 240),
                jobColumn("State", j -> switch (j.state()) {
                    case DONE -> "published";
                    case QUEUED -> "queued (attempt " + j.attempts() + ")";
                    case RUNNING -> "publishing";
                    case FAILED -> "failed";
                }, 130),
                jobColumn("Result", j -> j.state() == OutboxRepository.State.DONE
                        ? (j.resultUrl() != null ? j.resultUrl() : j.resultDigest()) : j.lastError(), 260)));
        return table;
    }

    private static TableColumn<OutboxRepository.Job, String> jobColumn(String title,
            Function<OutboxRepository.Job, String> value, double width) {
        TableColumn<OutboxRepository.Job, String> col = new TableColumn<>(title);
        col.setCellValueFactory(c -> new javafx.beans.property.ReadOnlyStringWrapper(value.apply(c.getValue())));
        col.setPrefWidth(width);
        return col;
    }

    private static String aliasesText(Map<String, Integer> aliases) {
        return aliases.entrySet().stream().map(e -> e.getKey() + " → v" + e.getValue()).collect(Collectors.joining(", "));
    }

    private static String metricsText(Map<String, Double> metrics, int max) {
        return metrics.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(dev.lathe.app.MetricOrder.VALIDATION_FIRST)).limit(max)
                .map(e -> e.getKey() + " " + Formats.metric(e.getValue())).collect(Collectors.joining(", "));
    }

    private static String shortId(String id) {
        return id == null ? null : id.length() > 8 ? id.substring(0, 8) : id;
    }

    private static Node section(String title, Node body) {
        Label label = new Label(title);
        label.getStyleClass().add("section-title");
        return new VBox(6, label, body);
    }

    private static Region spacer() {
        Region r = new Region();
        HBox.setHgrow(r, Priority.ALWAYS);
        return r;
    }

    private static Node emptyState(String title, String text, String command) {
        Label t = new Label(title);
        t.getStyleClass().add("empty-title");
        Label x = new Label(text);
        x.getStyleClass().add("empty-text");
        x.setWrapText(true);
        VBox box = new VBox(8, t, x);
        if (command != null) {
            TextField c = new TextField(command);
            c.setEditable(false);
            c.getStyleClass().add("command");
            c.setPrefColumnCount(command.length());
            c.setMaxWidth(Region.USE_PREF_SIZE);
            box.getChildren().add(c);
        }
        box.getStyleClass().add("empty-state");
        box.setAlignment(Pos.CENTER);
        box.setPadding(new Insets(20));
        return box;
    }

    private static TableColumn<ModelVersion, String> column(String title, Function<ModelVersion, String> value,
                                                            double width) {
        return textColumn(title, value, width);
    }

    private static TableColumn<AliasEvent, String> eventColumn(String title, Function<AliasEvent, String> value,
                                                               double width) {
        return textColumn(title, value, width);
    }

    private static <R> TableColumn<R, String> textColumn(String title, Function<R, String> value, double width) {
        TableColumn<R, String> col = new TableColumn<>(title);
        col.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(value.apply(c.getValue())));
        col.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
                setTooltip(empty || item == null || item.length() < 24 ? null : new Tooltip(item));
            }
        });
        col.setPrefWidth(width);
        return col;
    }
}
