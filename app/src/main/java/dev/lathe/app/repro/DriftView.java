package dev.lathe.app.repro;

import dev.lathe.charts.ChartTheming;
import dev.lathe.charts.Palette;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * The drift report: a table of features (PSI, KS, status, drifted ones first) and, for the selected feature, a chart
 * of its distribution in the training data against the new data, bin by bin (or level by level).
 */
public final class DriftView extends BorderPane {
    private final javafx.scene.layout.StackPane chart = new javafx.scene.layout.StackPane();
    private final Label chartTitle = new Label();
    private final ObservableValue<Palette.Theme> theme;
    /** The chart shown now, repainted in place when the theme changes; null while none is shown. */
    private JFreeChart shown;
    /** Repaints the shown chart in the theme's new colours; a field, so the weak listener below keeps it. */
    private final javafx.beans.value.ChangeListener<Palette.Theme> repaint = (obs, old, t) -> {
        if (shown != null) {
            ChartTheming.apply(shown, current());
        }
    };

    public DriftView(DriftViewModel viewModel) {
        this(viewModel, new javafx.beans.property.SimpleObjectProperty<>(Palette.LIGHT));
    }

    /** @param theme the chart colours, following the app's theme */
    public DriftView(DriftViewModel viewModel, ObservableValue<Palette.Theme> theme) {
        this.theme = theme;
        setId("drift-view");
        Label summary = new Label();
        summary.setId("drift-summary");
        summary.setWrapText(true);
        summary.textProperty().bind(viewModel.summaryProperty());
        summary.setStyle("-fx-font-weight: bold;");

        TableView<DriftViewModel.Feature> table = new TableView<>(viewModel.features());
        table.setId("drift-table");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().setAll(List.of(column("Feature", DriftViewModel.Feature::name),
                column("Type", DriftViewModel.Feature::type), column("PSI", f -> fmt(f.psi())),
                column("KS", f -> fmt(f.ks())), column("Status", f -> f.status().replace('_', ' ')
                        + (f.drifted() ? " !" : "")), column("Note", DriftViewModel.Feature::note)));
        table.setPrefHeight(300);
        // a cleared selection (the table clears it when its items are replaced) keeps the chart shown
        table.getSelectionModel().selectedItemProperty().subscribe(f -> {
            if (f != null) {
                showChart(f);
            }
        });
        viewModel.features().addListener((ListChangeListener<DriftViewModel.Feature>) c -> {
            // the first drifted feature, else the first, is charted at once
            List<DriftViewModel.Feature> all = viewModel.features();
            // charted now; the row is selected after the table's own handling of the new items, which clears
            // its selection
            all.stream().filter(DriftViewModel.Feature::drifted).findFirst().or(() -> all.stream().findFirst())
                    .ifPresent(f -> {
                        showChart(f);
                        javafx.application.Platform.runLater(() -> table.getSelectionModel().select(f));
                    });
        });
        chart.setPrefSize(760, 320);
        chartTitle.setId("drift-chart-title");
        VBox content = new VBox(10, summary, table, chartTitle, chart);
        content.setPadding(new Insets(14));
        setCenter(content);
        // weakly: the theme outlives this window (it belongs to the run's tab, or the app)
        theme.addListener(new javafx.beans.value.WeakChangeListener<>(repaint));
    }

    private Palette.Theme current() {
        return theme.getValue() == null ? Palette.LIGHT : theme.getValue();
    }

    private void showChart(DriftViewModel.Feature f) {
        if (f == null || f.before().isEmpty()) {
            chart.getChildren().clear();
            shown = null;
            chartTitle.setText(f == null ? "" : f.name() + ": nothing to chart (" + f.status().replace('_', ' ') + ")");
            return;
        }
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (int i = 0; i < f.before().size(); i++) {
            String bucket = i < f.buckets().size() ? f.buckets().get(i) : String.valueOf(i);
            data.addValue(f.before().get(i), "training data", bucket);
            data.addValue(i < f.now().size() ? f.now().get(i) : 0.0, "new data", bucket);
        }
        JFreeChart c = ChartFactory.createBarChart(null, f.type().equals("numeric") ? "bin (training deciles)"
                : "level", "share of rows", data, PlotOrientation.VERTICAL, true, false, false);
        var plot = c.getCategoryPlot();
        ChartTheming.apply(c, current());
        plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        BarRenderer renderer = (BarRenderer) plot.getRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setSeriesPaint(0, new java.awt.Color(0x8C959F));
        renderer.setSeriesPaint(1, f.drifted() ? new java.awt.Color(0xCF222E) : new java.awt.Color(0x5B8DEF));
        shown = c;
        chart.getChildren().setAll(new ChartViewer(c));
        chartTitle.setText(f.name() + ": PSI " + fmt(f.psi()) + (f.ks() == null ? "" : ", KS " + fmt(f.ks())));
    }

    private static String fmt(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.4f", v);
    }

    private static <T> TableColumn<T, String> column(String title, Function<T, String> value) {
        TableColumn<T, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(value.apply(cd.getValue())));
        return c;
    }
}
