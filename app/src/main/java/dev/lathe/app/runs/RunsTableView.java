package dev.lathe.app.runs;

import dev.lathe.app.Formats;
import dev.lathe.core.MetricSummary;
import dev.lathe.core.RunStatus;
import dev.lathe.workspace.query.RunField;
import dev.lathe.workspace.query.RunSort;
import javafx.animation.PauseTransition;
import javafx.beans.binding.Bindings;
import javafx.scene.control.Alert;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ContextMenu;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.util.StringConverter;
import org.controlsfx.control.CheckComboBox;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TableRow;
import javafx.scene.control.TextInputDialog;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.util.Duration;
import org.controlsfx.control.textfield.CustomTextField;
import org.controlsfx.control.textfield.TextFields;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Circle;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;

/**
 * The runs table with its filter box. Filtering and sorting happen in the workspace: a click on a header
 * (shift-click adds a key) becomes the view-model's sort, and the table shows the loaded pages, asking for the
 * next one as the user scrolls near the end. Columns: fixed ones, then "Metrics" (last values) and "Params",
 * one per key in scope; the first few of each show, the rest are listed in the table's column menu (+).
 */
public final class RunsTableView extends BorderPane {
    /** The table's font size in lathe.css, for measuring text before it is on screen. */
    private static final double CELL_FONT_SIZE = 13;
    private static final double MIN_COLUMN_WIDTH = 60;
    private static final double MAX_COLUMN_WIDTH = 280;
    /** Cell padding (lathe.css) plus slack for the sort arrow in headers. */
    private static final double CELL_PADDING = 24;
    private static final double HEADER_PADDING = 36;
    private static final int FIT_SAMPLE_ROWS = 500;
    /** Key columns shown at first per group; the rest start hidden so 70 keys do not bury the table. */
    private static final int VISIBLE_KEYS = 8;
    /** Ask for the next page when a row this close to the last loaded one is drawn. */
    private static final int PREFETCH_ROWS = 60;
    private static final Duration FILTER_DELAY = Duration.millis(200);
    private static final PseudoClass INVALID = PseudoClass.getPseudoClass("invalid");
    private static final PseudoClass ARCHIVED = PseudoClass.getPseudoClass("archived");
    private static final String COLUMN_ID = "lathe.column-id";

    private final RunsTableViewModel viewModel;
    private final TableView<RunItem> table = new TableView<>();
    private final CustomTextField filter = (CustomTextField) TextFields.createClearableTextField();
    private final List<TableColumn<RunItem, ?>> fixedColumns = new ArrayList<>();
    private final TableColumn<RunItem, String> paramsGroup = new TableColumn<>("Params");
    private final TableColumn<RunItem, Double> metricsGroup = new TableColumn<>("Metrics");
    /** Key columns by key, reused across reloads so a sort or a width on a column that stays survives. */
    private final Map<String, TableColumn<RunItem, String>> paramColumns = new HashMap<>();
    private final Map<String, TableColumn<RunItem, Double>> metricColumns = new HashMap<>();
    /** What each sortable column sorts by in the workspace. */
    private final Map<TableColumn<RunItem, ?>, RunField> sortFields = new HashMap<>();
    /**
     * Columns not yet sized to their content, with the text their cells show. Each is fitted once, on the first
     * rows it sees, so a width the user drags stays put across reloads.
     */
    private final Map<TableColumn<RunItem, ?>, Function<RunItem, String>> unfitted = new LinkedHashMap<>();
    private final Text measure = new Text();
    private final ColumnChoices choices;
    /** The user's show/hide choices by column id, saved on each change. */
    private final Map<String, Boolean> chosen = new HashMap<>();
    private final Map<String, TableColumn<RunItem, ?>> columnsById = new LinkedHashMap<>();
    private final CheckComboBox<String> columnChooser = new CheckComboBox<>();
    /** Set while the chooser's checks are rebuilt from the columns, so that is not taken as the user's choice. */
    private boolean syncingChooser;

    public RunsTableView(RunsTableViewModel viewModel, ZoneId zone) {
        this(viewModel, zone, ColumnChoices.inMemory());
    }

    /** @param choices where the columns the user shows and hides are remembered (per workspace, in the app) */
    public RunsTableView(RunsTableViewModel viewModel, ZoneId zone, ColumnChoices choices) {
        this.viewModel = viewModel;
        this.choices = choices;
        this.chosen.putAll(choices.load());
        getStyleClass().add("runs-view");
        getStylesheets().add(java.util.Objects.requireNonNull(
                getClass().getResource("/dev/lathe/app/workbench.css")).toExternalForm());
        table.setId("runs-table");
        table.setTableMenuButtonVisible(true);
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        table.setItems(viewModel.rows());
        // the workspace sorts: the table only reports what the user asked for
        table.setSortPolicy(t -> {
            viewModel.setSort(t.getSortOrder().stream().filter(sortFields::containsKey)
                    .map(c -> new RunSort(sortFields.get(c), c.getSortType() == TableColumn.SortType.DESCENDING))
                    .toList());
            return true;
        });

        fixedColumns.add(sortable(statusColumn(), RunField.column(RunField.Attr.STATUS)));
        fixedColumns.add(sortable(textColumn("Name", RunItem::name), RunField.column(RunField.Attr.NAME)));
        fixedColumns.add(sortable(textColumn("Experiment", RunItem::experiment), RunField.column(RunField.Attr.EXPERIMENT)));
        fixedColumns.add(sortable(textColumn("Trainer", RunItem::trainer), RunField.column(RunField.Attr.TRAINER)));
        fixedColumns.add(sortable(column("Started", RunItem::startedAt, t -> Formats.dateTime(t, zone), false),
                RunField.column(RunField.Attr.STARTED)));
        fixedColumns.add(sortable(column("Duration", RunItem::duration, Formats::duration, true),
                RunField.column(RunField.Attr.DURATION)));
        for (TableColumn<RunItem, ?> col : fixedColumns) {
            track("attr:" + col.getText(), col, true);
        }
        paramsGroup.getStyleClass().add("column-group");
        metricsGroup.getStyleClass().add("column-group");

        viewModel.paramKeys().addListener((ListChangeListener<String>) change -> rebuildColumns());
        viewModel.metricKeys().addListener((ListChangeListener<String>) change -> rebuildColumns());
        viewModel.rows().addListener((ListChangeListener<RunItem>) change -> fitNewColumns());
        rebuildColumns();

        table.setRowFactory(t -> new RunTableRow());
        table.getSelectionModel().getSelectedItems().addListener((ListChangeListener<RunItem>) change ->
                viewModel.select(table.getSelectionModel().getSelectedItems().stream()
                        .filter(java.util.Objects::nonNull).map(r -> r.run().id()).toList()));
        table.setOnKeyPressed(e -> {
            RunItem current = table.getSelectionModel().getSelectedItem();
            if (current == null) {
                return;
            }
            if (e.getCode() == KeyCode.ENTER) {
                viewModel.open(current.run().id());
                e.consume();
            }
        });
        // a filter: the table's own behaviour takes F2 (cell editing) before a handler would see it
        table.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (table.getSelectionModel().getSelectedItem() == null || e.isShortcutDown() || e.isAltDown()) {
                return;
            }
            if (e.getCode() == KeyCode.F2) {
                e.consume();
                renameSelected();
            } else if (e.getCode() == KeyCode.DELETE) {
                e.consume();
                archiveSelected();
            }
        });

        viewModel.emptyStateProperty().subscribe(state -> table.setPlaceholder(placeholder(state)));
        setTop(filterBar());
        setCenter(table);
    }

    /** Puts the keyboard in the filter box (Ctrl+F). */
    public void focusFilter() {
        filter.requestFocus();
        filter.selectAll();
    }

    private VBox filterBar() {
        filter.setId("run-filter");
        filter.setPromptText("Filter runs: metrics.val_accuracy > 0.9 and params.lr < 0.01 and status = FINISHED");
        filter.getStyleClass().add("run-filter");
        // applied once typing pauses, not per key: each application is a query
        PauseTransition pause = new PauseTransition(FILTER_DELAY);
        pause.setOnFinished(e -> viewModel.setFilterText(filter.getText()));
        filter.textProperty().subscribe(text -> pause.playFromStart());
        filter.setOnAction(e -> {
            pause.stop();
            viewModel.setFilterText(filter.getText());
        });
        Label error = new Label();
        error.setId("filter-error");
        error.getStyleClass().add("filter-error");
        error.textProperty().bind(viewModel.filterErrorProperty());
        error.visibleProperty().bind(viewModel.filterErrorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());
        filter.pseudoClassStateChanged(INVALID, false);
        viewModel.filterErrorProperty().subscribe(e -> filter.pseudoClassStateChanged(INVALID, !e.isEmpty()));
        columnChooser.setId("column-chooser");
        columnChooser.setTitle("Columns");
        columnChooser.setShowCheckedCount(true);
        columnChooser.setPrefWidth(170);
        columnChooser.setMinWidth(Region.USE_PREF_SIZE);
        columnChooser.setTooltip(new Tooltip("Choose the columns shown; remembered for this workspace"));
        columnChooser.setConverter(new StringConverter<>() {
            @Override
            public String toString(String id) {
                if (id == null) {
                    return "";
                }
                int colon = id.indexOf(':');
                String kind = id.substring(0, colon);
                String name = id.substring(colon + 1);
                return kind.equals("attr") ? name : kind + ": " + name;
            }

            @Override
            public String fromString(String s) {
                return s;
            }
        });
        columnChooser.getCheckModel().getCheckedItems().addListener((ListChangeListener<String>) change -> {
            if (syncingChooser) {
                return;
            }
            for (var entry : columnsById.entrySet()) {
                boolean checked = columnChooser.getCheckModel().isChecked(entry.getKey());
                if (entry.getValue().isVisible() != checked) {
                    entry.getValue().setVisible(checked);
                }
            }
        });
        CheckBox archived = new CheckBox("Show archived");
        archived.setId("show-archived");
        archived.setTooltip(new Tooltip("List archived runs too (greyed), to unarchive them"));
        archived.setSelected(viewModel.showArchivedProperty().get());
        archived.selectedProperty().subscribe(viewModel::setShowArchived);
        HBox.setHgrow(filter, Priority.ALWAYS);
        HBox line = new HBox(8, filter, columnChooser, archived);
        line.setAlignment(Pos.CENTER_LEFT);
        VBox bar = new VBox(4, line, error);
        bar.getStyleClass().add("filter-bar");
        return bar;
    }

    /**
     * Follows a column's visibility (from the chooser or the table's own + menu): each change is the user's
     * choice and is saved. The column starts as chosen before, else as given.
     */
    private void track(String id, TableColumn<RunItem, ?> col, boolean byDefault) {
        col.setVisible(chosen.getOrDefault(id, byDefault));
        col.getProperties().put(COLUMN_ID, id);
        col.visibleProperty().addListener((obs, was, visible) -> {
            if (!Boolean.valueOf(visible).equals(chosen.get(id))) {
                chosen.put(id, visible);
                choices.save(Map.copyOf(chosen));
            }
            syncChooser();
        });
    }

    /** Rebuilds the chooser's items and checks from the table's columns. */
    private void syncChooser() {
        syncingChooser = true;
        try {
            List<String> ids = List.copyOf(columnsById.keySet());
            if (!columnChooser.getItems().equals(ids)) {
                columnChooser.getItems().setAll(ids);
            }
            for (var entry : columnsById.entrySet()) {
                boolean visible = entry.getValue().isVisible();
                if (columnChooser.getCheckModel().isChecked(entry.getKey()) != visible) {
                    if (visible) {
                        columnChooser.getCheckModel().check(entry.getKey());
                    } else {
                        columnChooser.getCheckModel().clearCheck(entry.getKey());
                    }
                }
                // the popup's boxes follow these, which the check model does not update by itself
                var box = columnChooser.getItemBooleanProperty(entry.getKey());
                if (box != null && box.get() != visible) {
                    box.set(visible);
                }
            }
        } finally {
            syncingChooser = false;
        }
    }

    /** The column chooser (a check list of every column), for tests and screenshots. */
    public CheckComboBox<String> columnChooser() {
        return columnChooser;
    }

    private <T> TableColumn<RunItem, T> sortable(TableColumn<RunItem, T> col, RunField field) {
        sortFields.put(col, field);
        return col;
    }

    private void rebuildColumns() {
        List<TableColumn<RunItem, String>> params = new ArrayList<>();
        for (String key : viewModel.paramKeys()) {
            boolean visible = params.size() < VISIBLE_KEYS;
            params.add(paramColumns.computeIfAbsent(key, k -> tracked("param:" + k, paramColumn(k), visible)));
        }
        paramColumns.keySet().retainAll(viewModel.paramKeys());
        List<TableColumn<RunItem, Double>> metrics = new ArrayList<>();
        for (String key : viewModel.metricKeys()) {
            boolean visible = metrics.size() < VISIBLE_KEYS;
            metrics.add(metricColumns.computeIfAbsent(key, k -> tracked("metric:" + k, metricColumn(k), visible)));
        }
        metricColumns.keySet().retainAll(viewModel.metricKeys());
        unfitted.keySet().removeIf(col -> !fixedColumns.contains(col) && !params.contains(col) && !metrics.contains(col));
        paramsGroup.getColumns().setAll(params);
        metricsGroup.getColumns().setAll(metrics);

        // an empty group would show as a blank column, so groups only appear when they hold a key
        List<TableColumn<RunItem, ?>> all = new ArrayList<>(fixedColumns);
        // metrics before params: the values runs are compared by should not need a horizontal scroll
        if (!metrics.isEmpty()) {
            all.add(metricsGroup);
        }
        if (!params.isEmpty()) {
            all.add(paramsGroup);
        }
        table.getColumns().setAll(all);
        columnsById.clear();
        for (TableColumn<RunItem, ?> col : fixedColumns) {
            columnsById.put((String) col.getProperties().get(COLUMN_ID), col);
        }
        metrics.forEach(col -> columnsById.put((String) col.getProperties().get(COLUMN_ID), col));
        params.forEach(col -> columnsById.put((String) col.getProperties().get(COLUMN_ID), col));
        syncChooser();
        fitNewColumns();
    }

    private <T> TableColumn<RunItem, T> tracked(String id, TableColumn<RunItem, T> col, boolean visible) {
        track(id, col, visible);
        return col;
    }

    private TableColumn<RunItem, RunStatus> statusColumn() {
        TableColumn<RunItem, RunStatus> col = new TableColumn<>("Status");
        col.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().status()));
        col.setCellFactory(c -> new StatusCell());
        // the dot and its gap come before the word
        unfitted.put(col, r -> "●  " + Formats.status(r.status()));
        return col;
    }

    private TableColumn<RunItem, String> textColumn(String title, Function<RunItem, String> value) {
        return column(title, value, s -> s, false);
    }

    private <T> TableColumn<RunItem, T> column(String title, Function<RunItem, T> value, Function<T, String> format,
                                              boolean numeric) {
        TableColumn<RunItem, T> col = new TableColumn<>(title);
        col.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(value.apply(c.getValue())));
        col.setCellFactory(c -> new FormattedCell<>(format));
        if (numeric) {
            col.getStyleClass().add("numeric");
        }
        unfitted.put(col, r -> {
            T v = value.apply(r);
            return v == null ? null : format.apply(v);
        });
        return col;
    }

    private TableColumn<RunItem, String> paramColumn(String key) {
        return sortable(column(key, r -> r.param(key), s -> s, false), RunField.param(key));
    }

    private TableColumn<RunItem, Double> metricColumn(String key) {
        TableColumn<RunItem, Double> col = new TableColumn<>(key);
        col.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().lastValue(key)));
        col.setCellFactory(c -> new MetricCell(key));
        col.getStyleClass().add("numeric");
        sortFields.put(col, RunField.metric(key));
        unfitted.put(col, r -> {
            Double v = r.lastValue(key);
            return v == null ? null : Formats.metric(v);
        });
        return col;
    }

    /**
     * Sizes columns not yet sized to their header and the values at hand, within bounds. Without rows the
     * headers alone set the width (so the empty table reads well) and the columns wait for real values.
     */
    private void fitNewColumns() {
        if (unfitted.isEmpty()) {
            return;
        }
        List<RunItem> sample = viewModel.rows().subList(0, Math.min(FIT_SAMPLE_ROWS, viewModel.rows().size()));
        Font regular = Font.font("System", FontWeight.NORMAL, CELL_FONT_SIZE);
        Font bold = Font.font("System", FontWeight.BOLD, CELL_FONT_SIZE);
        unfitted.forEach((col, text) -> {
            double widest = textWidth(col.getText(), bold) + HEADER_PADDING;
            for (RunItem r : sample) {
                String s = text.apply(r);
                if (s != null) {
                    widest = Math.max(widest, textWidth(s, regular) + CELL_PADDING);
                }
            }
            col.setPrefWidth(Math.clamp(Math.ceil(widest), MIN_COLUMN_WIDTH, MAX_COLUMN_WIDTH));
        });
        if (!sample.isEmpty()) {
            unfitted.clear();
        }
    }

    private double textWidth(String s, Font font) {
        measure.setFont(font);
        measure.setText(s);
        return measure.getLayoutBounds().getWidth();
    }

    private static VBox placeholder(EmptyState state) {
        Label title = new Label(state.title());
        title.getStyleClass().add("empty-title");
        VBox box = new VBox(8, title);
        box.getStyleClass().add("empty-state");
        box.setAlignment(Pos.CENTER);
        box.setMaxWidth(640);
        if (!state.text().isBlank()) {
            Label text = new Label(state.text());
            text.getStyleClass().add("empty-text");
            text.setWrapText(true);
            box.getChildren().add(text);
        }
        for (String command : state.commands()) {
            // a read-only field rather than a label, so the command can be selected and copied
            TextField field = new TextField(command);
            field.setEditable(false);
            field.getStyleClass().add("command");
            field.setPrefColumnCount(command.length());
            field.setMaxWidth(Region.USE_PREF_SIZE);
            box.getChildren().add(field);
        }
        return box;
    }

    /** Shows a value through a formatter; empty for a missing value. */
    private static class FormattedCell<T> extends TableCell<RunItem, T> {
        private final Function<T, String> format;

        FormattedCell(Function<T, String> format) {
            this.format = format;
        }

        @Override
        protected void updateItem(T item, boolean empty) {
            super.updateItem(item, empty);
            setText(empty || item == null ? null : format.apply(item));
        }
    }

    /** The last value to 4 digits; the tooltip gives the full value, its step and the range seen. */
    private static final class MetricCell extends TableCell<RunItem, Double> {
        private final String key;

        MetricCell(String key) {
            this.key = key;
        }

        @Override
        protected void updateItem(Double item, boolean empty) {
            super.updateItem(item, empty);
            MetricSummary m = empty || item == null || getTableRow() == null || getTableRow().getItem() == null
                    ? null : getTableRow().getItem().metric(key);
            setText(empty || item == null ? null : Formats.metric(item));
            setTooltip(m == null ? null : new Tooltip("%s = %s at step %d%nmin %s · max %s · %d points".formatted(
                    key, m.last(), m.lastStep(), Formats.metric(m.min()), Formats.metric(m.max()), m.count())));
        }
    }

    /** The status as a word and a coloured dot (colours in lathe.css, by pseudo-class). */
    private static final class StatusCell extends TableCell<RunItem, RunStatus> {
        private static final Map<RunStatus, PseudoClass> PSEUDO_CLASSES = pseudoClasses();
        private final Circle dot = new Circle(4);

        StatusCell() {
            getStyleClass().add("status-cell");
            dot.getStyleClass().add("status-dot");
        }

        @Override
        protected void updateItem(RunStatus item, boolean empty) {
            super.updateItem(item, empty);
            PSEUDO_CLASSES.forEach((status, pc) -> pseudoClassStateChanged(pc, !empty && status == item));
            setText(empty || item == null ? null : Formats.status(item));
            setGraphic(empty || item == null ? null : dot);
        }

        private static Map<RunStatus, PseudoClass> pseudoClasses() {
            Map<RunStatus, PseudoClass> map = new EnumMap<>(RunStatus.class);
            for (RunStatus s : RunStatus.values()) {
                map.put(s, PseudoClass.getPseudoClass(s.name().toLowerCase(Locale.ROOT)));
            }
            return Collections.unmodifiableMap(map);
        }
    }

    /** A row: double-click opens the run, a right-click acts on the selection; drawing near the end loads more. */
    private final class RunTableRow extends TableRow<RunItem> {
        RunTableRow() {
            setOnMouseClicked(e -> {
                if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && getItem() != null) {
                    viewModel.open(getItem().run().id());
                }
            });
            contextMenuProperty().bind(emptyProperty().map(empty -> empty ? null : rowMenu()));
        }

        @Override
        protected void updateItem(RunItem item, boolean empty) {
            super.updateItem(item, empty);
            pseudoClassStateChanged(ARCHIVED, !empty && item != null && item.archived());
        }

        @Override
        public void updateIndex(int i) {
            super.updateIndex(i);
            if (i >= 0 && i >= viewModel.rows().size() - PREFETCH_ROWS) {
                viewModel.loadMore();
            }
        }
    }

    private ContextMenu rowMenu() {
        MenuItem open = new MenuItem("Open");
        open.setOnAction(e -> selectedIds().stream().findFirst().ifPresent(viewModel::open));
        MenuItem compare = new MenuItem("Compare\tCtrl+D");
        compare.disableProperty().bind(Bindings.not(viewModel.canCompareProperty()));
        compare.setOnAction(e -> viewModel.compareSelected());
        MenuItem rename = new MenuItem("Rename…\tF2");
        rename.setOnAction(e -> renameSelected());
        MenuItem note = new MenuItem("Edit note…");
        note.setOnAction(e -> editNote());
        MenuItem tag = new MenuItem("Add tag…");
        tag.setOnAction(e -> addTag());
        MenuItem untag = new MenuItem("Remove tag…");
        untag.setOnAction(e -> removeTag());
        boolean anyArchived = table.getSelectionModel().getSelectedItems().stream()
                .anyMatch(r -> r != null && r.archived());
        MenuItem archive = new MenuItem(anyArchived ? "Unarchive" : "Archive\tDelete");
        archive.setId("archive-runs");
        archive.setOnAction(e -> {
            if (anyArchived) {
                viewModel.unarchive(selectedIds());
            } else {
                archiveSelected();
            }
        });
        return new ContextMenu(open, compare, new SeparatorMenuItem(), rename, note, tag, untag,
                new SeparatorMenuItem(), archive);
    }

    /** Renames the focused run (F2). */
    public void renameSelected() {
        RunItem item = table.getSelectionModel().getSelectedItem();
        if (item == null) {
            return;
        }
        TextInputDialog dialog = new TextInputDialog(item.run().name() == null ? "" : item.run().name());
        dialog.setTitle("Rename run");
        dialog.setHeaderText("New name for run " + item.name() + " (empty: no name)");
        dialog.initOwner(getScene().getWindow());
        dialog.showAndWait().ifPresent(name -> viewModel.rename(item.run().id(), name));
    }

    /** Archives the selected runs (Delete): they leave the table and stay in the workspace. */
    public void archiveSelected() {
        List<String> ids = selectedIds();
        if (ids.isEmpty()) {
            return;
        }
        if (table.getSelectionModel().getSelectedItems().stream().allMatch(r -> r != null && r.archived())) {
            viewModel.unarchive(ids);
        } else {
            viewModel.archive(ids);
        }
    }

    private void addTag() {
        List<String> ids = selectedIds();
        TextInputDialog dialog = new TextInputDialog("key=value");
        dialog.setTitle("Add tag");
        dialog.setHeaderText("Tag " + Formats.count(ids.size(), "run") + " with key=value");
        dialog.initOwner(getScene().getWindow());
        dialog.showAndWait().flatMap(text -> viewModel.addTag(ids, text)).ifPresent(this::warn);
    }

    private void removeTag() {
        List<String> ids = selectedIds();
        TextInputDialog dialog = new TextInputDialog();
        dialog.setTitle("Remove tag");
        dialog.setHeaderText("Remove a tag (its key) from " + Formats.count(ids.size(), "run"));
        dialog.initOwner(getScene().getWindow());
        dialog.showAndWait().filter(key -> !key.isBlank()).ifPresent(key -> viewModel.removeTag(ids, key));
    }

    /** Edits the note of the selected runs; with one run selected, its current note is shown first. */
    private void editNote() {
        List<String> ids = selectedIds();
        if (ids.isEmpty()) {
            return;
        }
        if (ids.size() == 1) {
            viewModel.noteOf(ids.getFirst(), current -> showNoteDialog(ids, current));
        } else {
            showNoteDialog(ids, "");
        }
    }

    private void showNoteDialog(List<String> ids, String current) {
        NoteDialog.ask(getScene().getWindow(), ids.size() == 1 ? "Note for this run"
                : "Note for " + Formats.count(ids.size(), "run") + " (replaces theirs)", current)
                .ifPresent(text -> viewModel.setNote(ids, text));
    }

    private void warn(String message) {
        Alert alert = new Alert(Alert.AlertType.WARNING, message);
        alert.initOwner(getScene().getWindow());
        alert.setHeaderText(null);
        alert.showAndWait();
    }

    private List<String> selectedIds() {
        return List.copyOf(viewModel.selectedRunIds());
    }
}
