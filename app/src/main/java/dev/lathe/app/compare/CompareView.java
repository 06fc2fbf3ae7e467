package dev.lathe.app.compare;

import dev.lathe.app.Formats;
import dev.lathe.charts.MetricChart;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javafx.animation.PauseTransition;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Separator;
import javafx.scene.control.Slider;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.util.Duration;
import javafx.util.StringConverter;
import org.jfree.chart.fx.ChartViewer;

/**
 * The compare screen: controls on top, the metric chart (drag to zoom; the zoomed range is re-sampled from the
 * full data by {@link MetricChart}), and below it the params that differ across the runs, one column per run.
 */
public final class CompareView extends BorderPane {
    private static final String STYLESHEET = Objects.requireNonNull(
            CompareView.class.getResource("/dev/lathe/app/charts.css")).toExternalForm();
    /** Loads shorter than this show no spinner: a flash of one reads as flicker. */
    private static final Duration SPINNER_DELAY = Duration.millis(500);
    private static final String NO_GROUP = "None (one line per run)";

    private final CompareViewModel viewModel;
    private final AnalysisViewModel analysis;
    private final ChartViewer viewer = new ChartViewer();
    private final ChartViewer parallelViewer = new ChartViewer();
    private final ChartViewer scatterViewer = new ChartViewer();
    private final ChartViewer importanceViewer = new ChartViewer();
    private final TableView<ParamDiff> diffTable = new TableView<>();
    private final TabPane tabs = new TabPane();
    private final Tab curvesTab = new Tab("Curves");
    private final Tab parallelTab = new Tab("Parallel coordinates");
    private final Tab scatterTab = new Tab("Scatter");
    private final Tab importanceTab = new Tab("Importance");

    public CompareView(CompareViewModel viewModel) {
        this.viewModel = viewModel;
        this.analysis = viewModel.analysis();
        getStyleClass().add("compare-view");
        getStylesheets().add(STYLESHEET);
        setId("compare-view");

        curvesTab.setContent(chartPane());
        parallelTab.setContent(new ParallelPane(analysis, parallelViewer));
        scatterTab.setContent(scatterPane());
        importanceTab.setContent(importancePane());
        tabs.getTabs().setAll(curvesTab, parallelTab, scatterTab, importanceTab);
        tabs.getTabs().forEach(t -> t.setClosable(false));
        tabs.setId("compare-tabs");
        curvesTab.setId("tab-curves");
        parallelTab.setId("tab-parallel");
        scatterTab.setId("tab-scatter");
        importanceTab.setId("tab-importance");
        setTop(toolbar());
        SplitPane split = new SplitPane(tabs, diffPane());
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.68);
        setCenter(split);

        Label message = new Label();
        message.getStyleClass().add("detail-message");
        message.textProperty().bind(javafx.beans.binding.Bindings.when(viewModel.errorProperty().isEmpty())
                .then(viewModel.messageProperty()).otherwise(viewModel.errorProperty()));
        setBottom(message);
    }

    /** The screen, for a layout that wants a Node rather than this class. */
    public Node node() {
        return this;
    }

    /** The metric chart's viewer, for tests and keyboard shortcuts. */
    public ChartViewer chartViewer() {
        return viewer;
    }

    /** The parallel-coordinates viewer. */
    public ChartViewer parallelViewer() {
        return parallelViewer;
    }

    /** Shows a tab: 0 curves, 1 parallel coordinates, 2 scatter, 3 importance. */
    public void selectTab(int index) {
        tabs.getSelectionModel().select(index);
    }

    private Node toolbar() {
        ComboBox<String> metric = new ComboBox<>(viewModel.metrics());
        metric.setId("compare-metric");
        metric.valueProperty().bindBidirectional(viewModel.metricProperty());
        metric.setPrefWidth(180);

        Slider smoothing = new Slider(0, 0.99, 0);
        smoothing.setId("compare-smoothing");
        smoothing.setPrefWidth(140);
        smoothing.valueProperty().bindBidirectional(viewModel.smoothingProperty());
        Label smoothingValue = new Label();
        smoothingValue.textProperty().bind(smoothing.valueProperty().map(v -> String.format(Locale.ROOT, "%.2f", v.doubleValue())));
        smoothingValue.setMinWidth(32);

        CheckBox log = new CheckBox("Log y");
        log.setId("compare-log");
        log.selectedProperty().bindBidirectional(viewModel.logYProperty());

        // null (no grouping) shows as its own entry at the top
        ObservableList<String> groupChoices = FXCollections.observableArrayList();
        Runnable fillGroups = () -> {
            List<String> all = new ArrayList<>();
            all.add(null);
            all.addAll(viewModel.groupKeys());
            groupChoices.setAll(all);
        };
        viewModel.groupKeys().addListener((ListChangeListener<String>) c -> fillGroups.run());
        fillGroups.run();
        ComboBox<String> group = new ComboBox<>(groupChoices);
        group.setId("compare-group");
        group.setConverter(new StringConverter<>() {
            @Override
            public String toString(String key) {
                return key == null ? NO_GROUP : key;
            }

            @Override
            public String fromString(String text) {
                return NO_GROUP.equals(text) ? null : text;
            }
        });
        // a ComboBox shows a null value as empty: the prompt and the cells say "None" instead
        group.setPromptText(NO_GROUP);
        group.setCellFactory(list -> new javafx.scene.control.ListCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item == null ? NO_GROUP : item);
            }
        });
        group.valueProperty().bindBidirectional(viewModel.groupByProperty());

        Button png = new Button("Export PNG…");
        png.setId("export-png");
        png.setOnAction(e -> export("png"));
        Button svg = new Button("Export SVG…");
        svg.setId("export-svg");
        svg.setOnAction(e -> export("svg"));
        javafx.beans.binding.BooleanBinding nothing = javafx.beans.binding.Bindings.createBooleanBinding(
                () -> currentChart() == null, tabs.getSelectionModel().selectedItemProperty(), viewModel.chartProperty(),
                analysis.parallelProperty(), analysis.scatterProperty(), analysis.importanceProperty());
        png.disableProperty().bind(nothing);
        svg.disableProperty().bind(nothing);

        // a flow, not a row: on a narrow window the controls wrap instead of being cut to "..."
        List<HBox> curveControls = List.of(group("Metric", metric), group("Smoothing", smoothing, smoothingValue, log),
                group("Group by", this.groupBox(group)));
        for (HBox box : curveControls) {
            box.visibleProperty().bind(curvesTab.selectedProperty());
            box.managedProperty().bind(curvesTab.selectedProperty());
        }
        javafx.scene.layout.FlowPane bar = new javafx.scene.layout.FlowPane(8, 6);
        bar.getChildren().addAll(curveControls);
        bar.getChildren().add(group(null, png, svg));
        bar.getStyleClass().add("compare-toolbar");
        bar.setAlignment(Pos.CENTER_LEFT);
        return bar;
    }

    /** A labelled group of toolbar controls that keeps its labels and buttons whole. */
    static HBox group(String label, Node... controls) {
        HBox box = new HBox(6);
        box.setAlignment(Pos.CENTER_LEFT);
        if (label != null) {
            box.getChildren().add(new Label(label));
        }
        box.getChildren().addAll(controls);
        for (Node n : box.getChildren()) {
            if (n instanceof Region r && !(n instanceof ComboBox<?>) && !(n instanceof Slider)) {
                r.setMinWidth(Region.USE_PREF_SIZE);
            }
        }
        box.setPadding(new javafx.geometry.Insets(0, 8, 0, 0));
        return box;
    }

    private Node groupBox(ComboBox<String> group) {
        group.setPrefWidth(200);
        return group;
    }

    private Node chartPane() {
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setId("compare-progress");
        spinner.setMaxSize(64, 64);
        spinner.setVisible(false);
        // determinate once histories report how far they are
        spinner.progressProperty().bind(viewModel.progressProperty().map(p -> p.doubleValue() < 0
                ? ProgressIndicator.INDETERMINATE_PROGRESS : p.doubleValue()));
        PauseTransition delay = new PauseTransition(SPINNER_DELAY);
        delay.setOnFinished(e -> spinner.setVisible(viewModel.loadingProperty().get()));
        viewModel.loadingProperty().subscribe(busy -> {
            if (busy) {
                delay.playFromStart();
            } else {
                delay.stop();
                spinner.setVisible(false);
            }
        });

        Label empty = new Label("Select two or more runs and choose Compare.");
        empty.getStyleClass().add("compare-empty");
        empty.visibleProperty().bind(viewModel.chartProperty().isNull().and(viewModel.loadingProperty().not()));
        viewer.visibleProperty().bind(viewModel.chartProperty().isNotNull());
        // ChartViewer refuses null; without a chart it is hidden instead (visible binding above)
        viewModel.chartProperty().subscribe(c -> {
            if (c != null) {
                viewer.setChart(c.chart());
            }
        });

        StackPane pane = new StackPane(viewer, empty, spinner);
        pane.getStyleClass().add("chart-frame");
        pane.setMinHeight(200);
        return pane;
    }

    private Node scatterPane() {
        ComboBox<String> param = new ComboBox<>(analysis.params());
        param.setId("scatter-param");
        param.valueProperty().bindBidirectional(analysis.scatterParamProperty());
        param.setPrefWidth(160);
        ComboBox<String> metric = new ComboBox<>(analysis.metrics());
        metric.setId("scatter-metric");
        metric.valueProperty().bindBidirectional(analysis.scatterMetricProperty());
        metric.setPrefWidth(160);
        CheckBox log = new CheckBox("Log x");
        log.setId("scatter-log");
        log.selectedProperty().bindBidirectional(analysis.scatterLogXProperty());
        javafx.scene.layout.FlowPane bar = new javafx.scene.layout.FlowPane(8, 6, group("Param", param), group("Metric", metric),
                group(null, log));
        bar.getStyleClass().add("compare-toolbar");
        return chartTab(bar, scatterViewer, analysis.scatterProperty().map(c -> c.chart()),
                "The runs share all their params: nothing to plot.");
    }

    private Node importancePane() {
        Button compute = new Button("Compute importance");
        compute.setId("importance-compute");
        compute.setMinWidth(Region.USE_PREF_SIZE);
        compute.setOnAction(e -> analysis.computeImportance());
        compute.disableProperty().bind(analysis.importanceLoadingProperty().or(analysis.objectiveProperty().isNull()));
        ProgressIndicator busy = new ProgressIndicator();
        busy.setMaxSize(18, 18);
        busy.visibleProperty().bind(analysis.importanceLoadingProperty());
        Label note = new Label();
        note.setId("importance-message");
        note.setWrapText(true);
        note.textProperty().bind(analysis.importanceMessageProperty());
        note.getStyleClass().add("muted");
        HBox bar = new HBox(8, compute, busy, note);
        bar.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(note, Priority.ALWAYS);
        bar.getStyleClass().add("compare-toolbar");
        // the first visit computes it; later ones show what was computed until asked again
        importanceTab.selectedProperty().subscribe(selected -> {
            if (selected && analysis.importanceProperty().get() == null && !analysis.importanceLoadingProperty().get()) {
                analysis.computeImportance();
            }
        });
        return chartTab(bar, importanceViewer, analysis.importanceProperty().map(c -> c.chart()),
                "Param importance ranks params by how much a random forest's held-out error rises when each is shuffled.");
    }

    /** Controls above a chart viewer that is hidden (a placeholder shown instead) while there is no chart. */
    static Node chartTab(Node controls, ChartViewer viewer, javafx.beans.value.ObservableValue<org.jfree.chart.JFreeChart> chart,
                         String empty) {
        Label placeholder = new Label(empty);
        placeholder.getStyleClass().add("compare-empty");
        placeholder.setWrapText(true);
        placeholder.visibleProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(() -> chart.getValue() == null, chart));
        viewer.visibleProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(() -> chart.getValue() != null, chart));
        chart.subscribe(c -> {
            if (c != null) {
                viewer.setChart(c);
            }
        });
        StackPane pane = new StackPane(viewer, placeholder);
        pane.getStyleClass().add("chart-frame");
        pane.setMinHeight(200);
        BorderPane box = new BorderPane(pane);
        box.setTop(controls);
        return box;
    }

    private Node diffPane() {
        diffTable.setId("compare-params");
        diffTable.getStyleClass().addAll("kv-table", "diff-table");
        diffTable.setItems(viewModel.paramDiffs());
        diffTable.setPlaceholder(new Label("The runs share all their params."));
        viewModel.runs().subscribe(this::rebuildColumns);
        Label title = new Label("Params that differ");
        title.getStyleClass().add("section-title");
        VBox box = new VBox(6, title, diffTable);
        VBox.setVgrow(diffTable, Priority.ALWAYS);
        box.setStyle("-fx-padding: 8 12 8 12;");
        return box;
    }

    private void rebuildColumns() {
        List<TableColumn<ParamDiff, String>> columns = new ArrayList<>();
        TableColumn<ParamDiff, String> key = new TableColumn<>("Param");
        key.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().key()));
        key.setPrefWidth(160);
        columns.add(key);
        List<CompareRun> runs = viewModel.runs();
        for (int i = 0; i < runs.size(); i++) {
            int index = i;
            TableColumn<ParamDiff, String> col = new TableColumn<>(runs.get(i).label());
            col.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(Formats.param(c.getValue().values().get(index))));
            col.getStyleClass().add("diff-value");
            // wide enough for the run's label in the header, within reason
            col.setPrefWidth(Math.clamp(runs.get(i).label().length() * 7.5 + 28, 90, 240));
            columns.add(col);
        }
        diffTable.getColumns().setAll(columns);
    }

    /** The chart of the selected tab, or null when it has none yet. */
    private org.jfree.chart.JFreeChart currentChart() {
        Tab tab = tabs.getSelectionModel().getSelectedItem();
        if (tab == parallelTab) {
            return analysis.parallelProperty().get() == null ? null : analysis.parallelProperty().get().chart();
        } else if (tab == scatterTab) {
            return analysis.scatterProperty().get() == null ? null : analysis.scatterProperty().get().chart();
        } else if (tab == importanceTab) {
            return analysis.importanceProperty().get() == null ? null : analysis.importanceProperty().get().chart();
        }
        return viewModel.chartProperty().get() == null ? null : viewModel.chartProperty().get().chart();
    }

    private ChartViewer currentViewer() {
        Tab tab = tabs.getSelectionModel().getSelectedItem();
        return tab == parallelTab ? parallelViewer : tab == scatterTab ? scatterViewer : tab == importanceTab ? importanceViewer : viewer;
    }

    private String exportName() {
        Tab tab = tabs.getSelectionModel().getSelectedItem();
        if (tab == parallelTab) {
            return "parallel";
        } else if (tab == scatterTab) {
            return analysis.scatterParamProperty().get() + "-" + analysis.scatterMetricProperty().get();
        } else if (tab == importanceTab) {
            return "importance";
        }
        String metric = viewModel.metricProperty().get();
        return metric == null ? "chart" : metric;
    }

    private void export(String format) {
        org.jfree.chart.JFreeChart chart = currentChart();
        ChartViewer shown = currentViewer();
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export chart as " + format.toUpperCase(Locale.ROOT));
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(format.toUpperCase(Locale.ROOT), "*." + format));
        chooser.setInitialFileName(exportName() + "." + format);
        File file = chooser.showSaveDialog(getScene().getWindow());
        if (file == null) {
            return;
        }
        // the size on screen, so the file looks like what the user sees; a sane minimum for a collapsed pane
        int w = Math.max(640, (int) Math.round(shown.getWidth()));
        int h = Math.max(400, (int) Math.round(shown.getHeight()));
        if (format.equals("png")) {
            viewModel.exportPng(chart, file.toPath(), w, h);
        } else {
            viewModel.exportSvg(chart, file.toPath(), w, h);
        }
    }
}
