package dev.lathe.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.junit.jupiter.api.Test;

class ScatterChartTest {
    private static final List<ScatterChart.Point> POINTS = List.of(
            new ScatterChart.Point("a", "a", "0.001", 0.81, "FINISHED"),
            new ScatterChart.Point("b", "b", "0.01", 0.93, "FINISHED"),
            new ScatterChart.Point("c", "c", "0.1", 0.40, "FAILED"),
            new ScatterChart.Point("d", "d", "0", 0.30, "PRUNED"),
            new ScatterChart.Point("e", "e", "", 0.50, "FINISHED"));

    @Test
    void onePointPerRunColouredByStatusWithTheBestOnTop() {
        ScatterChart chart = ScatterChart.create("lr", "val_accuracy", POINTS, "b", false, Palette.LIGHT);
        assertEquals(List.of("FINISHED", "FAILED", "PRUNED", ScatterChart.BEST), chart.seriesKeys());
        assertEquals(4, chart.pointCount());
        assertEquals(1, chart.skipped(), "the run without lr");
        assertEquals(0.93, chart.dataset().getSeries(ScatterChart.BEST).getY(0).doubleValue(), 1e-12);
        assertInstanceOf(NumberAxis.class, chart.chart().getXYPlot().getDomainAxis());
        assertEquals("val_accuracy", chart.chart().getXYPlot().getRangeAxis().getLabel());
        String svg = ChartExport.svgDocument(chart.chart(), 700, 450);
        assertTrue(svg.contains("FAILED") && svg.contains("best") && svg.contains("lr"));
    }

    @Test
    void aLogAxisLeavesOutValuesItCannotPlace() {
        ScatterChart chart = ScatterChart.create("lr", "val_accuracy", POINTS, "b", true, Palette.LIGHT);
        assertInstanceOf(LogAxis.class, chart.chart().getXYPlot().getDomainAxis());
        assertEquals("lr (log)", chart.chart().getXYPlot().getDomainAxis().getLabel());
        // major ticks on whole decades, labelled plainly
        LogAxis axis = (LogAxis) chart.chart().getXYPlot().getDomainAxis();
        java.awt.Graphics2D g2 = new java.awt.image.BufferedImage(10, 10, java.awt.image.BufferedImage.TYPE_INT_RGB).createGraphics();
        List<?> ticks = axis.refreshTicks(g2, new org.jfree.chart.axis.AxisState(), new java.awt.geom.Rectangle2D.Double(0, 0, 600, 400),
                org.jfree.chart.ui.RectangleEdge.BOTTOM);
        List<Double> majors = new java.util.ArrayList<>();
        for (Object t : ticks) {
            org.jfree.chart.axis.ValueTick tick = (org.jfree.chart.axis.ValueTick) t;
            if (tick.getTickType() == org.jfree.chart.axis.TickType.MAJOR) {
                majors.add(tick.getValue());
            }
        }
        assertEquals(List.of(0.001, 0.01, 0.1), majors.stream().map(v -> Math.round(Math.log10(v)) * 1.0).map(e -> Math.pow(10, e)).toList());
        assertEquals("0.001", axis.getNumberFormatOverride().format(0.001));
        assertEquals(3, chart.pointCount());
        assertEquals(2, chart.skipped());
    }

    @Test
    void aTextParamGetsOneSlotPerValue() {
        List<ScatterChart.Point> points = List.of(new ScatterChart.Point("a", "a", "sgd", 0.7, "FINISHED"),
                new ScatterChart.Point("b", "b", "adam", 0.9, "FINISHED"), new ScatterChart.Point("c", "c", "adam", 0.85, "FINISHED"));
        ScatterChart chart = ScatterChart.create("optimizer", "val_accuracy", points, null, true, Palette.LIGHT);
        assertEquals(List.of("adam", "sgd"), chart.categories());
        SymbolAxis axis = assertInstanceOf(SymbolAxis.class, chart.chart().getXYPlot().getDomainAxis());
        assertEquals("sgd", axis.valueToString(1));
        assertEquals(List.of("FINISHED"), chart.seriesKeys());
        assertEquals(1.0, chart.dataset().getSeries("FINISHED").getX(0).doubleValue(), 0, "sgd is the second slot");
    }
}
