package dev.lathe.app.runs;

import dev.lathe.app.Formats;
import dev.lathe.core.MetricSummary;
import dev.lathe.core.RunStatus;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.collections.transformation.SortedList;
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
 * The runs table: fixed columns, then a "Metrics" group (last values) and a "Params" group with one column per
 * key the shown runs use. Columns sort by their typed value (numbers as numbers), never by the formatted text.
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

    private final RunsTableViewModel viewModel;
    private final TableView<RunItem> table = new TableView<>();
    private final List<TableColumn<RunItem, ?>> fixedColumns = new ArrayList<>();
    private final TableColumn<RunItem, String> paramsGroup = new TableColumn<>("Params");
    private final TableColumn<RunItem, Double> metricsGroup = new TableColumn<>("Metrics");
    /** Key columns by key, reused across reloads so a sort on a column that stays survives a new experiment. */
    private final Map<String, TableColumn<RunItem, String>> paramColumns = new HashMap<>();
    private final Map<String, TableColumn<RunItem, Double>> metricColumns = new HashMap<>();
    /**
     * Columns not yet sized to their content, with the text their cells show. Each is fitted once, on the first
     * rows it sees, so a width the user drags stays put across reloads.
     */
    private final Map<TableColumn<RunItem, ?>, Function<RunItem, String>> unfitted = new LinkedHashMap<>();
    private final Text measure = new Text();

    public RunsTableView(RunsTableViewModel viewModel, ZoneId zone) {
        this.viewModel = viewModel;
        getStyleClass().add("runs-view");
        table.setId("runs-table");
        table.setTableMenuButtonVisible(true);

        SortedList<RunItem> sorted = new SortedList<>(viewModel.rows());
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);

        fixedColumns.add(statusColumn());
        fixedColumns.add(textColumn("Name", RunItem::name));
        fixedColumns.add(textColumn("Experiment", RunItem::experiment));
        fixedColumns.add(textColumn("Trainer", RunItem::trainer));
        fixedColumns.add(column("Started", RunItem::startedAt, t -> Formats.dateTime(t, zone), false));
        fixedColumns.add(column("Duration", RunItem::duration, Formats::duration, true));
        paramsGroup.getStyleClass().add("column-group");
        metricsGroup.getStyleClass().add("column-group");

        viewModel.paramKeys().addListener((ListChangeListener<String>) change -> rebuildColumns());
        viewModel.metricKeys().addListener((ListChangeListener<String>) change -> rebuildColumns());
        viewModel.rows().addListener((ListChangeListener<RunItem>) change -> fitNewColumns());
        rebuildColumns();

        viewModel.emptyStateProperty().subscribe(state -> table.setPlaceholder(placeholder(state)));
        setCenter(table);
    }

    private void rebuildColumns() {
        List<TableColumn<RunItem, String>> params = new ArrayList<>();
        for (String key : viewModel.paramKeys()) {
            params.add(paramColumns.computeIfAbsent(key, this::paramColumn));
        }
        paramColumns.keySet().retainAll(viewModel.paramKeys());
        List<TableColumn<RunItem, Double>> metrics = new ArrayList<>();
        for (String key : viewModel.metricKeys()) {
            metrics.add(metricColumns.computeIfAbsent(key, this::metricColumn));
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
        fitNewColumns();
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
        TableColumn<RunItem, String> col = column(key, r -> r.param(key), s -> s, false);
        col.setComparator(ParamOrder.INSTANCE);
        return col;
    }

    private TableColumn<RunItem, Double> metricColumn(String key) {
        TableColumn<RunItem, Double> col = new TableColumn<>(key);
        col.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().lastValue(key)));
        col.setCellFactory(c -> new MetricCell(key));
        col.getStyleClass().add("numeric");
        col.setComparator(Comparator.nullsLast(Comparator.naturalOrder()));
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

    /** Params are text, but mostly numbers: compare as numbers when both are, else as text; missing last. */
    private enum ParamOrder implements Comparator<String> {
        INSTANCE;

        @Override
        public int compare(String a, String b) {
            if (a == null || b == null) {
                return a == null ? (b == null ? 0 : 1) : -1;
            }
            Double x = number(a);
            Double y = number(b);
            if (x != null && y != null) {
                return Double.compare(x, y);
            }
            return a.compareToIgnoreCase(b);
        }

        private static Double number(String s) {
            try {
                return Double.valueOf(s.strip());
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }

}
