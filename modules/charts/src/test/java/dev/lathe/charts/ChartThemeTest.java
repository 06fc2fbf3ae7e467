package dev.lathe.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Paint;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.Axis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.category.DefaultCategoryDataset;
import org.junit.jupiter.api.Test;

/** Every chart drawn in the dark theme has a dark background and light axis text, and light is still the default. */
class ChartThemeTest {
    private static final List<MetricSeries> SERIES = List.of(
            new MetricSeries("a", "run-a", new long[] {1, 2, 3}, new double[] {0.9, 0.5, 0.3}),
            new MetricSeries("b", "run-b", new long[] {1, 2, 3}, new double[] {0.8, 0.6, 0.2}));

    private static double luminance(Paint paint) {
        Color c = (Color) paint;
        return (0.2126 * c.getRed() + 0.7152 * c.getGreen() + 0.0722 * c.getBlue()) / 255;
    }

    /** The colour of the drawn chart's top-left corner: its background as a user sees it. */
    private static double cornerLuminance(JFreeChart chart) {
        BufferedImage image = chart.createBufferedImage(400, 300);
        return luminance(new Color(image.getRGB(1, 1)));
    }

    private static void assertDark(JFreeChart chart, Axis... axes) {
        assertTrue(luminance(chart.getBackgroundPaint()) < 0.2, "chart background is dark");
        assertTrue(luminance(chart.getPlot().getBackgroundPaint()) < 0.2, "plot background is dark");
        assertTrue(cornerLuminance(chart) < 0.2, "drawn background is dark");
        for (Axis axis : axes) {
            assertTrue(luminance(axis.getLabelPaint()) > 0.6, "axis label is light: " + axis.getLabel());
            assertTrue(luminance(axis.getTickLabelPaint()) > 0.6, "tick labels are light: " + axis.getLabel());
        }
    }

    private static void assertLight(JFreeChart chart, Axis... axes) {
        assertTrue(cornerLuminance(chart) > 0.9, "drawn background is light");
        for (Axis axis : axes) {
            assertTrue(luminance(axis.getLabelPaint()) < 0.5, "axis label is dark: " + axis.getLabel());
        }
    }

    private static Axis[] axes(XYPlot plot) {
        return new Axis[] {plot.getDomainAxis(), plot.getRangeAxis()};
    }

    @Test
    void overlayChartFollowsTheTheme() {
        MetricChart dark = OverlayChart.create(SERIES, ChartOptions.of("val_loss"), Palette.DARK);
        assertEquals(Palette.DARK, dark.theme());
        assertDark(dark.chart(), axes(dark.chart().getXYPlot()));
        assertTrue(luminance(dark.chart().getLegend().getItemPaint()) > 0.6, "legend text is light");
        MetricChart byDefault = OverlayChart.create(SERIES, ChartOptions.of("val_loss"));
        assertEquals(Palette.LIGHT, byDefault.theme());
        assertLight(byDefault.chart(), axes(byDefault.chart().getXYPlot()));
    }

    @Test
    void bandChartFollowsTheTheme() {
        MetricChart dark = BandChart.create(SERIES, s -> "all", ChartOptions.of("val_loss"), Palette.DARK);
        assertDark(dark.chart(), axes(dark.chart().getXYPlot()));
        MetricChart byDefault = BandChart.create(SERIES, s -> "all", ChartOptions.of("val_loss"));
        assertLight(byDefault.chart(), axes(byDefault.chart().getXYPlot()));
    }

    @Test
    void scatterChartFollowsTheTheme() {
        List<ScatterChart.Point> points = List.of(new ScatterChart.Point("a", "a", "0.1", 0.8, "FINISHED"),
                new ScatterChart.Point("b", "b", "0.01", 0.9, "FINISHED"));
        ScatterChart dark = ScatterChart.create("lr", "val_accuracy", points, "b", false, Palette.DARK);
        assertDark(dark.chart(), axes(dark.chart().getXYPlot()));
        ScatterChart light = ScatterChart.create("lr", "val_accuracy", points, "b", false, Palette.LIGHT);
        assertLight(light.chart(), axes(light.chart().getXYPlot()));
    }

    @Test
    void importanceChartFollowsTheTheme() {
        List<ImportanceChart.Bar> bars = List.of(new ImportanceChart.Bar("lr", 70, 5), new ImportanceChart.Bar("batch", 30, 5));
        ImportanceChart dark = ImportanceChart.create(bars, "share (%)", "note", Palette.DARK);
        CategoryPlot plot = dark.chart().getCategoryPlot();
        assertDark(dark.chart(), plot.getRangeAxis());
        assertTrue(luminance(plot.getDomainAxis().getTickLabelPaint()) > 0.6, "param names are light");
        ImportanceChart light = ImportanceChart.create(bars, "share (%)", "note", Palette.LIGHT);
        assertLight(light.chart(), light.chart().getCategoryPlot().getRangeAxis());
    }

    @Test
    void parallelCoordinatesSwitchThemeInPlaceAndKeepTheirBrushes() {
        List<ParallelCoordinatesChart.Row> rows = List.of(
                new ParallelCoordinatesChart.Row("a", "a", Map.of("lr", "0.1"), 0.8),
                new ParallelCoordinatesChart.Row("b", "b", Map.of("lr", "0.01"), 0.9),
                new ParallelCoordinatesChart.Row("c", "c", Map.of("lr", "0.001"), 0.7));
        ParallelCoordinatesChart chart = ParallelCoordinatesChart.create(List.of("lr"), "val_accuracy", true, rows, Palette.LIGHT);
        assertTrue(cornerLuminance(chart.chart()) > 0.9);
        chart.brushValues(1, 0.75, 1.0);
        List<String> brushed = chart.selectedIds();
        chart.setTheme(Palette.DARK);
        assertDark(chart.chart());
        assertTrue(luminance(chart.theme().text()) > 0.6, "axis names and ticks are drawn light");
        assertEquals(brushed, chart.selectedIds(), "switching theme keeps the brush");
        assertEquals(1, chart.brushes().size());
    }

    @Test
    void chartTheming_repaintsAFactoryChartBothWays() {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        data.addValue(3, "training", "bin 1");
        data.addValue(5, "live", "bin 1");
        JFreeChart chart = ChartFactory.createBarChart(null, "bin", "share", data);
        CategoryPlot plot = chart.getCategoryPlot();
        ChartTheming.apply(chart, Palette.DARK);
        assertDark(chart, plot.getDomainAxis(), plot.getRangeAxis());
        assertTrue(luminance(chart.getLegend().getItemPaint()) > 0.6, "legend text is light");
        ChartTheming.apply(chart, Palette.LIGHT);
        assertLight(chart, plot.getDomainAxis(), plot.getRangeAxis());
    }
}
