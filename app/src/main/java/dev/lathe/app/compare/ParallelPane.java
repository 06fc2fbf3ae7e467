package dev.lathe.app.compare;

import dev.lathe.charts.ParallelCoordinatesChart;
import java.util.List;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;
import org.controlsfx.control.CheckComboBox;
import org.jfree.chart.fx.ChartViewer;

/**
 * The parallel-coordinates tab: objective and axes on top, the chart, and brushing by mouse: drag along an axis to
 * keep a range, click an axis to drop its range, double-click to drop all. The brushed runs can be compared on
 * their own or sent to the runs table as filter text.
 */
final class ParallelPane extends BorderPane {
    private static final String HINT = "Drag along an axis to keep a range · click an axis to clear it · double-click to clear all";
    /** Mouse movement below this many pixels is a click, not a drag. */
    private static final double DRAG_THRESHOLD = 3;

    private final AnalysisViewModel analysis;
    private final ChartViewer viewer;
    private int dragAxis = -1;
    private double dragStartY;
    private double dragStartPosition;
    private boolean dragged;

    ParallelPane(AnalysisViewModel analysis, ChartViewer viewer) {
        this.analysis = analysis;
        this.viewer = viewer;
        setId("parallel-pane");
        ComboBox<String> objective = new ComboBox<>(analysis.metrics());
        objective.setId("parallel-objective");
        objective.valueProperty().bindBidirectional(analysis.objectiveProperty());
        objective.setPrefWidth(170);
        ComboBox<String> goal = new ComboBox<>(javafx.collections.FXCollections.observableArrayList("maximize", "minimize"));
        goal.setId("parallel-goal");
        goal.setValue(analysis.maximizeProperty().get() ? "maximize" : "minimize");
        analysis.maximizeProperty().subscribe(max -> goal.setValue(max ? "maximize" : "minimize"));
        goal.valueProperty().subscribe(v -> analysis.maximizeProperty().set(!"minimize".equals(v)));

        CheckComboBox<String> axes = new CheckComboBox<>(analysis.params());
        axes.setId("parallel-axes");
        axes.setTitle("Axes");
        axes.setPrefWidth(130);
        syncAxes(axes);

        Button compare = new Button("Compare brushed");
        compare.setId("parallel-compare");
        compare.setTooltip(new Tooltip("Narrow this comparison to the runs inside the brushed ranges"));
        compare.setOnAction(e -> analysis.compareBrushed());
        Button filter = new Button("Filter runs table");
        filter.setId("parallel-filter");
        filter.setOnAction(e -> analysis.filterRunsTable());
        filter.disableProperty().bind(analysis.brushFilterProperty().isEmpty());
        compare.disableProperty().bind(analysis.brushFilterProperty().isEmpty().or(analysis.brushedCountProperty().isEqualTo(0)));
        analysis.brushFilterProperty().subscribe(f -> filter.setTooltip(f.isEmpty() ? null : new Tooltip(f)));
        Button clear = new Button("Clear brushes");
        clear.setId("parallel-clear");
        clear.setOnAction(e -> {
            ParallelCoordinatesChart chart = analysis.parallelProperty().get();
            if (chart != null) {
                chart.clearBrushes();
            }
        });
        clear.disableProperty().bind(analysis.brushFilterProperty().isEmpty());

        FlowPane bar = new FlowPane(8, 6, CompareView.group("Objective", objective, goal), CompareView.group(null, axes),
                CompareView.group(null, compare, filter, clear));
        bar.getStyleClass().add("compare-toolbar");
        bar.setAlignment(Pos.CENTER_LEFT);
        Label message = new Label();
        message.setId("parallel-message");
        message.getStyleClass().add("muted");
        message.textProperty().bind(analysis.parallelMessageProperty().map(m -> m.isEmpty() ? HINT : m + " · " + HINT));
        VBox top = new VBox(2, bar, message);
        top.setStyle("-fx-padding: 0 0 4 0;");
        BorderPane chart = (BorderPane) CompareView.chartTab(top, viewer, analysis.parallelProperty().map(c -> c.chart()),
                "Parallel coordinates need runs with params that differ and a metric.");
        setCenter(chart);
        installBrushing();
    }

    /** Keeps the checked items and the view-model's axes in step both ways. */
    private void syncAxes(CheckComboBox<String> axes) {
        boolean[] syncing = new boolean[1];
        Runnable fromModel = () -> {
            syncing[0] = true;
            try {
                axes.getCheckModel().clearChecks();
                analysis.axes().forEach(a -> axes.getCheckModel().check(a));
            } finally {
                syncing[0] = false;
            }
        };
        analysis.axes().addListener((ListChangeListener<String>) c -> {
            if (!syncing[0]) {
                fromModel.run();
            }
        });
        analysis.params().addListener((ListChangeListener<String>) c -> fromModel.run());
        fromModel.run();
        axes.getCheckModel().getCheckedItems().addListener((ListChangeListener<String>) c -> {
            if (syncing[0]) {
                return;
            }
            syncing[0] = true;
            try {
                // in the params' order, not the order they were ticked
                List<String> checked = analysis.params().stream().filter(axes.getCheckModel()::isChecked).toList();
                analysis.axes().setAll(checked);
            } finally {
                syncing[0] = false;
            }
        });
    }

    /** Mouse brushing on the chart canvas; filters, so the viewer's own zoom handlers never see these drags. */
    private void installBrushing() {
        var canvas = viewer.getCanvas();
        canvas.addEventFilter(MouseEvent.MOUSE_PRESSED, e -> {
            ParallelCoordinatesChart chart = analysis.parallelProperty().get();
            if (chart == null || e.getButton() != MouseButton.PRIMARY) {
                return;
            }
            if (e.getClickCount() == 2) {
                chart.clearBrushes();
                e.consume();
                return;
            }
            dragAxis = chart.axisAt(e.getX());
            dragStartY = e.getY();
            dragStartPosition = chart.positionAt(e.getY());
            dragged = false;
            e.consume();
        });
        canvas.addEventFilter(MouseEvent.MOUSE_DRAGGED, e -> {
            ParallelCoordinatesChart chart = analysis.parallelProperty().get();
            if (chart == null || dragAxis < 0) {
                e.consume();
                return;
            }
            if (dragged || Math.abs(e.getY() - dragStartY) >= DRAG_THRESHOLD) {
                dragged = true;
                chart.brush(dragAxis, dragStartPosition, chart.positionAt(e.getY()));
            }
            e.consume();
        });
        canvas.addEventFilter(MouseEvent.MOUSE_RELEASED, e -> {
            ParallelCoordinatesChart chart = analysis.parallelProperty().get();
            if (chart != null && dragAxis >= 0 && !dragged) {
                chart.clearBrush(dragAxis);
            }
            dragAxis = -1;
            e.consume();
        });
    }
}
