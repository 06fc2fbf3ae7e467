package dev.lathe.app.sweeps;

import java.io.File;
import java.nio.file.Path;
import java.util.Objects;
import javafx.beans.binding.Bindings;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableStringValue;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

/**
 * The new-sweep form: the sweep file's fields, the search space as one row of controls per parameter, and a live
 * preview of the YAML Save writes. Start is handed in, so the form knows nothing of running sweeps.
 */
public final class SweepFormView {
    private final SweepFormViewModel viewModel;
    private final VBox spaceRows = new VBox(6);
    private final Label fileError = new Label();
    private final VBox root;
    /** Set by the pane: saves and starts; the form only calls it. */
    private Runnable onStart = () -> { };

    public SweepFormView(SweepFormViewModel viewModel) {
        this.viewModel = viewModel;
        GridPane grid = new GridPane(10, 6);
        grid.getColumnConstraints().addAll(new ColumnConstraints(90), grow());
        int r = 0;
        grid.add(section("Sweep"), 0, r++, 2, 1);
        grid.addRow(r++, new Label("Name"), text(viewModel.nameProperty(), "sweep-name", "wine-mlp"));
        grid.addRow(r++, new Label("Data"), dataRow());
        grid.addRow(r++, new Label("Label"), labelBox());
        grid.addRow(r++, new Label("Trainer"), trainerBox());
        grid.addRow(r++, new Label("Metric"), metricRow());
        grid.addRow(r++, new Label("Method"), combo(viewModel.methodProperty(), SweepDraft.METHODS, "sweep-method"));
        grid.add(section("Search space"), 0, r++, 2, 1);
        grid.add(spaceRows, 0, r++, 2, 1);
        Button add = new Button("Add parameter");
        add.setId("sweep-add-param");
        add.setOnAction(e -> viewModel.addRow());
        grid.add(add, 0, r++, 2, 1);
        grid.add(section("Budget"), 0, r++, 2, 1);
        grid.addRow(r++, new Label("Early stop"), earlyStopRow());
        grid.addRow(r++, new Label("Run cap"), small(viewModel.runCapProperty(), "sweep-run-cap", "grid size"),
                new Label());
        grid.addRow(r++, new Label("Max minutes"), small(viewModel.maxMinutesProperty(), "sweep-max-minutes", "unlimited"));
        ComboBox<String> parallel = new ComboBox<>();
        parallel.getItems().setAll("auto", "1", "2", "4", "8");
        parallel.setEditable(true);
        parallel.setId("sweep-parallel");
        parallel.setPrefWidth(110);
        parallel.valueProperty().bindBidirectional(viewModel.parallelProperty());
        grid.addRow(r++, new Label("Parallel"), parallel);
        grid.addRow(r++, new Label("Seed"), small(viewModel.seedProperty(), "sweep-seed", "0"));

        viewModel.rows().addListener((ListChangeListener<SweepFormViewModel.SearchRow>) c -> {
            // rebuilt only when rows come or go, not when a field in one changes
            boolean structural = false;
            while (c.next()) {
                structural |= c.wasAdded() || c.wasRemoved() || c.wasPermutated();
            }
            if (structural) {
                rebuildRows();
            }
        });
        rebuildRows();

        Button open = new Button("Open YAML…");
        open.setOnAction(e -> chooseYaml());
        Button save = new Button("Save");
        save.setId("sweep-save");
        save.setOnAction(e -> viewModel.save());
        Button start = new Button("Start sweep");
        start.setId("sweep-start");
        start.setDefaultButton(true);
        start.setOnAction(e -> onStart.run());
        Region space = new Region();
        HBox.setHgrow(space, Priority.ALWAYS);
        HBox buttons = new HBox(8, open, save, space, start);
        buttons.setAlignment(Pos.CENTER_LEFT);

        Label target = new Label();
        target.getStyleClass().add("hint");
        target.textProperty().bind(Bindings.createStringBinding(() -> "Saves to " + viewModel.target(),
                viewModel.fileProperty(), viewModel.nameProperty()));
        target.setWrapText(true);
        fileError.getStyleClass().add("file-error");
        fileError.setId("sweep-file-error");
        fileError.setWrapText(true);
        fileError.managedProperty().bind(fileError.textProperty().isNotEmpty());
        Label message = new Label();
        message.getStyleClass().add("message");
        message.setWrapText(true);
        message.textProperty().bind(viewModel.messageProperty());
        message.managedProperty().bind(message.textProperty().isNotEmpty());

        TextArea yaml = new TextArea();
        yaml.setId("sweep-yaml");
        yaml.getStyleClass().add("yaml-preview");
        yaml.setEditable(false);
        yaml.setPrefRowCount(12);
        yaml.textProperty().bind(viewModel.yamlProperty());

        VBox form = new VBox(10, grid, buttons, fileError, message, target, section("Sweep file"), yaml);
        form.setPadding(new Insets(12));
        ScrollPane scroll = new ScrollPane(form);
        scroll.setFitToWidth(true);
        root = new VBox(scroll);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        root.getStyleClass().add("sweep-form");
        root.getStylesheets().add(Objects.requireNonNull(SweepFormView.class.getResource("/dev/lathe/app/sweeps.css"))
                .toExternalForm());
    }

    public Node node() {
        return root;
    }

    /** What Start does (save, then run); set by whoever owns the run view. */
    public void setOnStart(Runnable onStart) {
        this.onStart = onStart;
    }

    /** Shows the runner's message for a refused file ("FILE, line L, column C: ...") under the buttons. */
    public void bindFileError(ObservableStringValue message) {
        fileError.textProperty().bind(message);
    }

    private void rebuildRows() {
        spaceRows.getChildren().clear();
        if (viewModel.rows().isEmpty()) {
            Label none = new Label("No parameters yet: the trainer's defaults are used. Add one to search over it.");
            none.getStyleClass().add("hint");
            spaceRows.getChildren().add(none);
        }
        for (SweepFormViewModel.SearchRow row : viewModel.rows()) {
            spaceRows.getChildren().add(paramRow(row));
        }
    }

    private HBox paramRow(SweepFormViewModel.SearchRow row) {
        ComboBox<String> name = new ComboBox<>();
        name.setEditable(true);
        name.setPrefWidth(150);
        name.setMinWidth(Region.USE_PREF_SIZE);
        name.setPromptText("param");
        Bindings.bindContent(name.getItems(), mapNames());
        name.valueProperty().bindBidirectional(row.nameProperty());
        // choosing another known param fills a kind and range that fit it; the row's own name keeps its values
        String[] filledFor = {row.nameProperty().get()};
        name.setOnAction(e -> viewModel.trainerParams().stream()
                .filter(p -> p.name().equals(name.getValue()) && !p.name().equals(filledFor[0]))
                .findFirst().ifPresent(p -> {
                    filledFor[0] = p.name();
                    viewModel.fill(row, p);
                }));
        name.setCellFactory(list -> new ListCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : item + describe(item));
            }
        });
        ComboBox<String> kind = combo(row.kindProperty(), SweepDraft.KINDS, null);
        kind.setPrefWidth(190);
        kind.setMinWidth(Region.USE_PREF_SIZE);
        TextField a = new TextField();
        a.textProperty().bindBidirectional(row.aProperty());
        TextField b = new TextField();
        b.textProperty().bindBidirectional(row.bProperty());
        b.setPrefColumnCount(6);
        TextField q = new TextField();
        q.setPromptText("q");
        q.setPrefColumnCount(3);
        q.textProperty().bindBidirectional(row.qProperty());
        Runnable relabel = () -> {
            String k = row.kindProperty().get();
            boolean list = k.equals("values");
            boolean one = k.equals("value");
            boolean normal = k.contains("normal");
            a.setPromptText(list ? "a, b, \"c,d\"" : one ? "value" : normal ? "mu" : "min");
            a.setPrefColumnCount(list ? 16 : 6);
            b.setPromptText(normal ? "sigma" : "max");
            b.setVisible(!list && !one);
            b.setManaged(b.isVisible());
            q.setVisible(k.startsWith("q_"));
            q.setManaged(q.isVisible());
        };
        row.kindProperty().subscribe(k -> relabel.run());
        Label range = new Label();
        range.getStyleClass().add("hint");
        range.textProperty().bind(Bindings.createStringBinding(() -> describe(row.nameProperty().get()).strip(),
                row.nameProperty(), viewModel.trainerParams()));
        Button remove = new Button("✕");
        remove.setTooltip(new Tooltip("Remove this parameter"));
        remove.setOnAction(e -> viewModel.removeRow(row));
        HBox.setHgrow(a, Priority.ALWAYS);
        HBox line = new HBox(6, name, kind, a, b, q, remove);
        line.setAlignment(Pos.CENTER_LEFT);
        VBox both = new VBox(2, line, range);
        HBox box = new HBox(both);
        HBox.setHgrow(both, Priority.ALWAYS);
        return box;
    }

    private javafx.collections.ObservableList<String> mapNames() {
        javafx.collections.ObservableList<String> names = javafx.collections.FXCollections.observableArrayList();
        Runnable sync = () -> names.setAll(viewModel.trainerParams().stream().map(TrainerInfo.Param::name).toList());
        viewModel.trainerParams().addListener((ListChangeListener<TrainerInfo.Param>) c -> sync.run());
        sync.run();
        return names;
    }

    private String describe(String paramName) {
        return viewModel.trainerParams().stream().filter(p -> p.name().equals(paramName)).findFirst()
                .map(p -> "   " + p.rangeText()).orElse("");
    }

    private HBox dataRow() {
        TextField path = new TextField();
        path.setId("sweep-data");
        path.setEditable(false);
        path.setPromptText("a CSV file with a header row");
        path.textProperty().bind(Bindings.createStringBinding(() -> viewModel.dataFileProperty().get() == null ? ""
                : viewModel.dataFileProperty().get().toString(), viewModel.dataFileProperty()));
        Button choose = new Button("Choose…");
        choose.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        choose.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle("Data for the sweep");
            chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("CSV files", "*.csv"));
            File f = chooser.showOpenDialog(root.getScene().getWindow());
            if (f != null) {
                viewModel.dataFileProperty().set(f.toPath());
            }
        });
        HBox.setHgrow(path, Priority.ALWAYS);
        return new HBox(6, path, choose);
    }

    private void chooseYaml() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Open a sweep file");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Sweep files", "*.yaml", "*.yml"));
        Path current = viewModel.target().getParent();
        if (current != null && current.toFile().isDirectory()) {
            chooser.setInitialDirectory(current.toFile());
        }
        File f = chooser.showOpenDialog(root.getScene().getWindow());
        if (f != null) {
            viewModel.open(f.toPath());
        }
    }

    private ComboBox<String> labelBox() {
        ComboBox<String> box = new ComboBox<>(viewModel.columns());
        box.setId("sweep-label");
        box.setEditable(true);
        box.setMaxWidth(Double.MAX_VALUE);
        box.setPromptText("choose the data file first");
        box.valueProperty().bindBidirectional(viewModel.labelProperty());
        return box;
    }

    private ComboBox<String> trainerBox() {
        ComboBox<String> box = new ComboBox<>();
        box.setId("sweep-trainer");
        box.setMaxWidth(Double.MAX_VALUE);
        box.setPromptText("loading trainers…");
        Runnable sync = () -> box.getItems().setAll(viewModel.trainers().stream().map(TrainerInfo::name).toList());
        viewModel.trainers().addListener((ListChangeListener<TrainerInfo>) c -> sync.run());
        sync.run();
        box.setCellFactory(list -> new ListCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : item + viewModel.trainers().stream()
                        .filter(t -> t.name().equals(item)).findFirst().map(t -> " — " + t.description()).orElse(""));
            }
        });
        box.valueProperty().bindBidirectional(viewModel.trainerProperty());
        return box;
    }

    private HBox metricRow() {
        ComboBox<String> metric = new ComboBox<>();
        metric.getItems().setAll(SweepFormViewModel.METRICS);
        metric.setEditable(true);
        metric.setId("sweep-metric");
        metric.setPrefWidth(180);
        metric.valueProperty().bindBidirectional(viewModel.metricProperty());
        ComboBox<String> goal = combo(viewModel.goalProperty(), SweepFormViewModel.GOALS, "sweep-goal");
        goal.setMinWidth(132); // "maximize" whole, the metric box gives way instead
        metric.setMinWidth(100);
        return new HBox(6, metric, goal);
    }

    private HBox earlyStopRow() {
        ComboBox<String> type = combo(viewModel.earlyStopProperty(), SweepFormViewModel.EARLY_STOPS, "sweep-early-stop");
        Label minIterLabel = new Label("min_iter");
        TextField minIter = small(viewModel.minIterProperty(), null, "1");
        Label etaLabel = new Label("eta");
        TextField eta = small(viewModel.etaProperty(), null, "3");
        Label minTrialsLabel = new Label("min_trials");
        TextField minTrials = small(viewModel.minTrialsProperty(), null, "3");
        viewModel.earlyStopProperty().subscribe(t -> {
            boolean hyperband = "hyperband".equals(t);
            boolean median = "median".equals(t);
            for (Node n : new Node[] {minIterLabel, minIter}) {
                show(n, hyperband || median);
            }
            for (Node n : new Node[] {etaLabel, eta}) {
                show(n, hyperband);
            }
            for (Node n : new Node[] {minTrialsLabel, minTrials}) {
                show(n, median);
            }
        });
        HBox box = new HBox(6, type, minIterLabel, minIter, etaLabel, eta, minTrialsLabel, minTrials);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    private static void show(Node n, boolean visible) {
        n.setVisible(visible);
        n.setManaged(visible);
    }

    private static ComboBox<String> combo(StringProperty value, java.util.List<String> items, String id) {
        ComboBox<String> box = new ComboBox<>();
        box.getItems().setAll(items);
        if (id != null) {
            box.setId(id);
        }
        box.valueProperty().bindBidirectional(value);
        return box;
    }

    private static TextField text(StringProperty value, String id, String prompt) {
        TextField field = new TextField();
        field.setId(id);
        field.setPromptText(prompt);
        field.textProperty().bindBidirectional(value);
        return field;
    }

    private static TextField small(StringProperty value, String id, String prompt) {
        TextField field = text(value, id, prompt);
        field.setPrefColumnCount(5);
        field.setMaxWidth(Region.USE_PREF_SIZE);
        return field;
    }

    private static Label section(String title) {
        Label label = new Label(title.toUpperCase(java.util.Locale.ROOT));
        label.getStyleClass().add("section");
        return label;
    }

    private static ColumnConstraints grow() {
        ColumnConstraints c = new ColumnConstraints();
        c.setHgrow(Priority.ALWAYS);
        c.setFillWidth(true);
        return c;
    }
}
