package dev.lathe.app.sweeps;

import dev.lathe.app.Formats;
import dev.lathe.charts.ChartTheming;
import dev.lathe.charts.Palette;
import dev.lathe.core.RunStatus;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Circle;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A sweep live: a header (name, status, counts, progress, Stop and Resume), the trials table, and the
 * best-so-far curve with each ended trial as a point (pruned ones as hollow triangles). A crash shows the
 * runner's reason under the header; the view only renders what {@link SweepRunViewModel} holds.
 */
public final class SweepRunView {
    private static final Color BEST = new Color(0x2f6fde);
    private static final Color FINISHED = new Color(0x1a7f37);
    private static final Color PRUNED = new Color(0x9a6700);
    private static final Color OTHER = new Color(0xcf222e);

    private final SweepRunViewModel viewModel;
    private final BorderPane root = new BorderPane();
    private final XYSeries bestSeries = new XYSeries("best so far", true, false);
    private final XYSeries finishedSeries = new XYSeries("finished", false, true);
    private final XYSeries prunedSeries = new XYSeries("pruned", false, true);
    private final XYSeries otherSeries = new XYSeries("failed or killed", false, true);
    private final NumberAxis valueAxis = new NumberAxis("value");
    private final XYSeries trialSeries = new XYSeries("trial", true, false);
    /** The colours of both charts; the app binds it to View > Dark Theme. */
    private final javafx.beans.property.ObjectProperty<Palette.Theme> chartTheme =
            new javafx.beans.property.SimpleObjectProperty<>(Palette.LIGHT);

    public SweepRunView(SweepRunViewModel viewModel) {
        this.viewModel = viewModel;
        root.getStyleClass().add("sweep-run-view");
        root.getStylesheets().add(Objects.requireNonNull(SweepRunView.class.getResource("/dev/lathe/app/sweeps.css"))
                .toExternalForm());
        root.setTop(header());
        SplitPane charts = new SplitPane(chart(), trialChart());
        charts.setDividerPositions(0.5);
        SplitPane split = new SplitPane(table(), charts);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.55);
        root.setCenter(split);
    }

    /** The view's root, to mount in a window or a tab. */
    public Node node() {
        return root;
    }

    /** The colours of the live charts; setting it repaints them in place. {@link Palette#LIGHT} until bound. */
    public javafx.beans.property.ObjectProperty<Palette.Theme> chartThemeProperty() {
        return chartTheme;
    }

    private VBox header() {
        Label title = new Label();
        title.getStyleClass().add("sweep-title");
        title.textProperty().bind(Bindings.createStringBinding(() -> {
            String name = viewModel.nameProperty().get();
            String id = viewModel.sweepIdProperty().get();
            return name.isEmpty() ? "Sweep" : name + (id == null ? "" : "  ·  " + id.substring(0, Math.min(8, id.length())));
        }, viewModel.nameProperty(), viewModel.sweepIdProperty()));
        Label status = new Label();
        status.setId("sweep-status");
        status.getStyleClass().add("sweep-status");
        status.textProperty().bind(viewModel.sweepStatusProperty());
        status.visibleProperty().bind(viewModel.sweepStatusProperty().isNotEmpty());
        viewModel.sweepStatusProperty().subscribe(s -> {
            for (String name : new String[] {"running", "finished", "stopped", "crashed", "failed"}) {
                status.pseudoClassStateChanged(PseudoClass.getPseudoClass(name), name.equalsIgnoreCase(s));
            }
        });
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        Button stop = new Button("Stop");
        stop.setId("sweep-stop");
        stop.disableProperty().bind(viewModel.canStopProperty().not());
        stop.setOnAction(e -> viewModel.stop());
        Button resume = new Button("Resume");
        resume.setId("sweep-resume");
        resume.disableProperty().bind(viewModel.canResumeProperty().not());
        resume.setOnAction(e -> viewModel.resume());
        HBox top = new HBox(10, title, status, grow, stop, resume);
        top.setAlignment(Pos.CENTER_LEFT);

        ProgressBar progress = new ProgressBar();
        progress.setId("sweep-progress");
        progress.progressProperty().bind(viewModel.progressProperty());
        progress.setMaxWidth(Double.MAX_VALUE);
        progress.visibleProperty().bind(viewModel.runningProperty().or(viewModel.sweepIdProperty().isNotNull()));
        HBox.setHgrow(progress, Priority.ALWAYS);
        Label summary = new Label();
        summary.setId("sweep-summary");
        summary.getStyleClass().add("sweep-summary");
        summary.textProperty().bind(viewModel.summaryTextProperty());
        summary.setMinWidth(Region.USE_PREF_SIZE);
        HBox counts = new HBox(12, summary, progress);
        counts.setAlignment(Pos.CENTER_LEFT);

        // a read-only text area, so a long stack tail can be scrolled, selected and copied
        TextArea error = new TextArea();
        error.setId("sweep-error");
        error.getStyleClass().add("sweep-error");
        error.setEditable(false);
        error.setWrapText(true);
        error.setPrefRowCount(3);
        error.textProperty().bind(viewModel.errorProperty());
        error.visibleProperty().bind(viewModel.errorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());

        VBox header = new VBox(8, top, counts, error);
        header.getStyleClass().add("sweep-header");
        header.setPadding(new Insets(10, 12, 10, 12));
        return header;
    }

    private TableView<TrialRow> table() {
        TableView<TrialRow> table = new TableView<>(viewModel.trials());
        table.setId("sweep-trials");
        table.getStyleClass().add("sweep-trials");
        table.setPlaceholder(new Label("Trials appear here as the sweep runs"));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);

        TableColumn<TrialRow, Integer> trial = column("Trial", TrialRow::trial, i -> "#" + i);
        trial.setPrefWidth(60);
        trial.setMinWidth(56);
        trial.setMaxWidth(80);
        TableColumn<TrialRow, RunStatus> status = new TableColumn<>("Status");
        status.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().status()));
        status.setCellFactory(c -> new StatusCell());
        status.setPrefWidth(100);
        status.setMinWidth(96);
        status.setMaxWidth(120);
        TableColumn<TrialRow, Double> value = column("Value", TrialRow::value, Formats::metric);
        value.textProperty().bind(Bindings.createStringBinding(() -> viewModel.metricProperty().get().isEmpty()
                ? "Value" : viewModel.metricProperty().get(), viewModel.metricProperty()));
        value.getStyleClass().add("numeric");
        value.setPrefWidth(130);
        TableColumn<TrialRow, Long> step = column("Step", TrialRow::step, String::valueOf);
        step.getStyleClass().add("numeric");
        step.setPrefWidth(60);
        step.setMinWidth(56);
        step.setMaxWidth(80);
        TableColumn<TrialRow, String> params = column("Params", TrialRow::paramsText, s -> s);
        params.setPrefWidth(320);
        TableColumn<TrialRow, String> reason = column("Reason", TrialRow::reason, s -> s);
        reason.setPrefWidth(200);
        // cluster trials: the job that runs each one and its state (hidden for sweeps on this machine)
        TableColumn<TrialRow, String> job = column("Job", TrialRow::job, s -> s);
        job.setId("trial-job");
        job.setPrefWidth(150);
        job.visibleProperty().bind(Bindings.createBooleanBinding(
                () -> viewModel.trials().stream().anyMatch(t -> t.job() != null), viewModel.trials()));
        table.getColumns().setAll(java.util.List.of(trial, status, value, step, params, reason, job));
        table.getSelectionModel().selectedItemProperty().subscribe(row ->
                viewModel.selectTrial(row == null ? null : row.trial()));
        // the selection holds a row object: an update replaces the row, so follow the trial by its number
        viewModel.trials().addListener((ListChangeListener<TrialRow>) c -> {
            Integer wanted = viewModel.selectedTrialProperty().get();
            TrialRow shown = table.getSelectionModel().getSelectedItem();
            if (wanted != null && (shown == null || shown.trial() != wanted)) {
                for (int i = 0; i < viewModel.trials().size(); i++) {
                    if (viewModel.trials().get(i).trial() == wanted) {
                        table.getSelectionModel().select(i);
                        break;
                    }
                }
            }
        });
        return table;
    }

    private static <T> TableColumn<TrialRow, T> column(String title, Function<TrialRow, T> value,
                                                      Function<T, String> format) {
        TableColumn<TrialRow, T> col = new TableColumn<>(title);
        col.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(value.apply(c.getValue())));
        col.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(T item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : format.apply(item));
                // params and reasons are often wider than their column
                setTooltip(getText() == null || getText().length() < 24 ? null : new Tooltip(getText()));
            }
        });
        return col;
    }

    private Node chart() {
        XYSeriesCollection curve = new XYSeriesCollection(bestSeries);
        XYSeriesCollection dots = new XYSeriesCollection();
        dots.addSeries(finishedSeries);
        dots.addSeries(prunedSeries);
        dots.addSeries(otherSeries);

        NumberAxis x = new NumberAxis("trials done");
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        x.setAutoRangeIncludesZero(false);
        valueAxis.setAutoRangeIncludesZero(false);
        XYStepRenderer step = new XYStepRenderer();
        step.setSeriesPaint(0, BEST);
        step.setSeriesStroke(0, new BasicStroke(2.2f));
        step.setDefaultShapesVisible(false);
        XYLineAndShapeRenderer points = new XYLineAndShapeRenderer(false, true);
        points.setSeriesPaint(0, FINISHED);
        points.setSeriesShape(0, new Ellipse2D.Double(-4, -4, 8, 8));
        points.setSeriesPaint(1, PRUNED);
        points.setSeriesShape(1, triangle());
        points.setSeriesShapesFilled(1, false);
        points.setSeriesPaint(2, OTHER);
        points.setSeriesShape(2, new Ellipse2D.Double(-3, -3, 6, 6));
        points.setUseOutlinePaint(false);
        points.setDrawOutlines(true);

        XYPlot plot = new XYPlot(curve, x, valueAxis, step);
        plot.setDataset(1, dots);
        plot.setRenderer(1, points);
        plot.setOutlineVisible(false);
        JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        LegendTitle legend = chart.getLegend();
        legend.setPosition(RectangleEdge.TOP);
        legend.setFrame(org.jfree.chart.block.BlockBorder.NONE);
        legend.setItemLabelPadding(new org.jfree.chart.ui.RectangleInsets(2, 4, 2, 14));
        chartTheme.subscribe(theme -> ChartTheming.apply(chart, theme == null ? Palette.LIGHT : theme));

        viewModel.bestCurve().addListener((ListChangeListener<SweepRunViewModel.CurvePoint>) c -> redrawCurve());
        viewModel.trialPoints().addListener((ListChangeListener<SweepRunViewModel.TrialPoint>) c -> redrawPoints(c));
        viewModel.metricProperty().subscribe(m -> valueAxis.setLabel(m.isEmpty() ? "value" : m));
        redrawCurve();
        ChartViewer viewer = new ChartViewer(chart);
        viewer.setId("sweep-chart");
        viewer.setMinHeight(160);
        return viewer;
    }

    /** The selected trial's metric by step, growing as its points arrive (one redraw per UI batch). */
    private Node trialChart() {
        XYSeriesCollection data = new XYSeriesCollection(trialSeries);
        NumberAxis x = new NumberAxis("step");
        x.setAutoRangeIncludesZero(false);
        NumberAxis y = new NumberAxis("value");
        y.setAutoRangeIncludesZero(false);
        XYLineAndShapeRenderer line = new XYLineAndShapeRenderer(true, true);
        line.setSeriesPaint(0, BEST);
        line.setSeriesStroke(0, new BasicStroke(1.8f));
        line.setSeriesShape(0, new Ellipse2D.Double(-2.5, -2.5, 5, 5));
        XYPlot plot = new XYPlot(data, x, y, line);
        plot.setOutlineVisible(false);
        JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        org.jfree.chart.title.TextTitle title = new org.jfree.chart.title.TextTitle("Select a trial to see its curve",
                new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 12));
        chart.setTitle(title);
        chartTheme.subscribe(theme -> ChartTheming.apply(chart, theme == null ? Palette.LIGHT : theme));
        Runnable retitle = () -> {
            Integer trial = viewModel.selectedTrialProperty().get();
            String metric = viewModel.metricProperty().get();
            title.setText(trial == null ? "Select a trial to see its curve"
                    : "Trial #" + trial + (metric.isEmpty() ? "" : " · " + metric) + " by step"
                    + (viewModel.trialCurve().isEmpty() ? " (no points yet)" : ""));
            y.setLabel(metric.isEmpty() ? "value" : metric);
        };
        viewModel.selectedTrialProperty().subscribe(t -> retitle.run());
        viewModel.metricProperty().subscribe(m -> retitle.run());
        viewModel.trialCurve().addListener((ListChangeListener<SweepRunViewModel.StepPoint>) c -> {
            boolean reset = false;
            java.util.List<SweepRunViewModel.StepPoint> added = new java.util.ArrayList<>();
            while (c.next()) {
                if (c.wasRemoved()) {
                    reset = true;
                }
                if (c.wasAdded()) {
                    added.addAll(c.getAddedSubList());
                }
            }
            trialSeries.setNotify(false);
            if (reset) {
                trialSeries.clear();
                viewModel.trialCurve().forEach(p -> trialSeries.addOrUpdate(p.step(), p.value()));
            } else {
                added.forEach(p -> trialSeries.addOrUpdate(p.step(), p.value()));
            }
            trialSeries.setNotify(true);
            retitle.run();
        });
        ChartViewer viewer = new ChartViewer(chart);
        viewer.setId("trial-chart");
        viewer.setMinHeight(160);
        return viewer;
    }

    /** Points on the selected trial's chart, for tests. */
    int trialChartPoints() {
        return trialSeries.getItemCount();
    }

    private void redrawCurve() {
        // the curve only grows during a session and is cleared between them; a full redraw of a few hundred
        // points once per UI batch is cheaper than tracking changes
        bestSeries.setNotify(false);
        bestSeries.clear();
        viewModel.bestCurve().forEach(p -> bestSeries.add(p.done(), p.best()));
        bestSeries.setNotify(true);
    }

    private void redrawPoints(ListChangeListener.Change<? extends SweepRunViewModel.TrialPoint> c) {
        boolean reset = false;
        while (c.next()) {
            if (c.wasRemoved()) {
                reset = true;
            }
        }
        for (XYSeries s : new XYSeries[] {finishedSeries, prunedSeries, otherSeries}) {
            s.setNotify(false);
            if (reset) {
                s.clear();
            }
        }
        int from = reset ? 0 : finishedSeries.getItemCount() + prunedSeries.getItemCount() + otherSeries.getItemCount();
        for (SweepRunViewModel.TrialPoint p : viewModel.trialPoints().subList(from, viewModel.trialPoints().size())) {
            XYSeries target = switch (p.status()) {
                case FINISHED -> finishedSeries;
                case PRUNED -> prunedSeries;
                default -> otherSeries;
            };
            target.add(p.order(), p.value());
        }
        for (XYSeries s : new XYSeries[] {finishedSeries, prunedSeries, otherSeries}) {
            s.setNotify(true);
        }
    }

    private static java.awt.Shape triangle() {
        Path2D.Double t = new Path2D.Double();
        t.moveTo(0, -5);
        t.lineTo(5, 4);
        t.lineTo(-5, 4);
        t.closePath();
        return t;
    }

    /** The status as a coloured dot and a word (colours in sweeps.css, by pseudo-class). */
    private static final class StatusCell extends TableCell<TrialRow, RunStatus> {
        private final Circle dot = new Circle(4);

        StatusCell() {
            getStyleClass().add("status-cell");
            dot.getStyleClass().add("status-dot");
        }

        @Override
        protected void updateItem(RunStatus item, boolean empty) {
            super.updateItem(item, empty);
            for (RunStatus s : RunStatus.values()) {
                pseudoClassStateChanged(PseudoClass.getPseudoClass(s.name().toLowerCase(Locale.ROOT)), !empty && s == item);
            }
            setText(empty || item == null ? null : Formats.status(item));
            setGraphic(empty || item == null ? null : dot);
        }
    }
}
