package dev.lathe.charts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.jfree.chart.axis.LogAxis;
import org.jfree.data.Range;
import org.jfree.data.xy.IntervalXYDataset;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.Test;

class MetricChartTest {
    private static MetricSeries series(String id, String label, double... values) {
        long[] steps = new long[values.length];
        for (int i = 0; i < steps.length; i++) {
            steps[i] = i + 1;
        }
        return new MetricSeries(id, label, steps, values);
    }

    private static MetricSeries ramp(String id, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = Math.sin(i / 30.0);
        }
        return series(id, id, v);
    }

    @Test
    void overlayDrawsOneLabelledLinePerRun() {
        MetricChart chart = OverlayChart.create(List.of(series("a", "run-a", 1, 2, 3), series("b", "run-b", 3, 2, 1),
                series("c", "run-c", 2, 2, 2)), ChartOptions.of("val_loss"));
        XYDataset data = chart.dataset();
        assertEquals(3, data.getSeriesCount());
        assertEquals(List.of("run-a", "run-b", "run-c"), chart.keys());
        assertEquals("run-b", data.getSeriesKey(1));
        assertEquals(3, data.getItemCount(1));
        assertEquals(3.0, data.getYValue(1, 0));
        assertNotNull(chart.chart().getLegend(), "a few runs get a legend");
        assertEquals("val_loss", chart.chart().getXYPlot().getRangeAxis().getLabel());
    }

    @Test
    void aMetricLoggedOnceIsDrawnAsAPoint() {
        MetricChart chart = OverlayChart.create(List.of(series("a", "a", 1, 2), series("b", "b", 0.5)), ChartOptions.of("acc"));
        var renderer = (org.jfree.chart.renderer.xy.XYLineAndShapeRenderer) chart.chart().getXYPlot().getRenderer();
        assertEquals(Boolean.FALSE, renderer.getSeriesShapesVisible(0));
        assertEquals(Boolean.TRUE, renderer.getSeriesShapesVisible(1));
    }

    @Test
    void runsWithTheSameNameGetDistinctLegendKeys() {
        MetricChart chart = OverlayChart.create(List.of(series("aaaaaaaaaa", "lr", 1), series("bbbbbbbbbb", "lr", 2)),
                ChartOptions.of("loss"));
        assertEquals(List.of("lr", "lr [bbbbbbbb]"), chart.keys());
    }

    @Test
    void manyRunsHideTheLegend() {
        List<MetricSeries> many = java.util.stream.IntStream.range(0, 30).mapToObj(i -> ramp("r" + i, 10)).toList();
        assertNull(OverlayChart.create(many, ChartOptions.of("loss")).chart().getLegend());
    }

    @Test
    void smoothingAndLogAxisChangeTheDrawnValues() {
        MetricChart smooth = OverlayChart.create(List.of(series("a", "a", 10, 0, 0)), ChartOptions.of("loss").withSmoothing(0.5));
        assertEquals(2.5 / 0.75, smooth.dataset().getYValue(0, 1), 1e-12);

        MetricChart log = OverlayChart.create(List.of(series("a", "a", 0, 1, 10)), ChartOptions.of("loss").withLogY(true));
        assertInstanceOf(LogAxis.class, log.chart().getXYPlot().getRangeAxis());
        assertEquals(2, log.dataset().getItemCount(0), "a zero cannot sit on a log axis and is left out");
    }

    @Test
    void downsamplesToThePointBudgetAndResamplesAZoomedRangeFromTheFullData() {
        MetricChart chart = OverlayChart.create(List.of(ramp("a", 10_000)), ChartOptions.of("loss").withPointsPerSeries(200));
        assertEquals(200, chart.dataset().getItemCount(0));
        assertEquals(1, chart.dataset().getXValue(0, 0));
        assertEquals(10_000, chart.dataset().getXValue(0, 199));

        // a zoom on the axis, as the viewer's mouse drag does it
        chart.chart().getXYPlot().getDomainAxis().setRange(new Range(1_000, 1_150));
        XYDataset zoomed = chart.dataset();
        assertEquals(153, zoomed.getItemCount(0), "all 151 points in view are drawn, plus one beyond each edge");
        assertEquals(999, zoomed.getXValue(0, 0));
        assertEquals(1_151, zoomed.getXValue(0, 152));

        chart.showRange(null);
        assertEquals(200, chart.dataset().getItemCount(0));
        assertEquals(10_000, chart.dataset().getXValue(0, 199));
    }

    @Test
    void bandsAreMeanAndStdPerStepOfEachGroup() {
        List<MetricSeries> runs = List.of(series("a", "a", 1, 2), series("b", "b", 3, 6), series("c", "c", 5, 5));
        Map<String, String> lr = Map.of("a", "0.1", "b", "0.1", "c", "0.01");
        List<BandChart.Band> bands = BandChart.bands(runs, s -> lr.get(s.runId()), 0);
        assertEquals(2, bands.size());
        BandChart.Band first = bands.getFirst();
        assertEquals("0.1", first.key());
        assertArrayEquals(new long[] {1, 2}, first.steps());
        assertArrayEquals(new double[] {2, 4}, first.mean(), 1e-12);
        assertArrayEquals(new double[] {1, 2}, first.std(), 1e-12);
        assertArrayEquals(new int[] {2, 2}, first.runs());
        assertArrayEquals(new double[] {0, 0}, bands.get(1).std(), 1e-12);

        MetricChart chart = BandChart.create(runs, s -> lr.get(s.runId()), ChartOptions.of("acc"));
        IntervalXYDataset data = assertInstanceOf(IntervalXYDataset.class, chart.dataset());
        assertEquals(2, data.getSeriesCount());
        assertEquals(List.of("0.1", "0.01"), chart.keys());
        assertEquals(4, data.getYValue(0, 1), 1e-12);
        assertEquals(2, data.getStartYValue(0, 1), 1e-12);
        assertEquals(6, data.getEndYValue(0, 1), 1e-12);
    }

    @Test
    void bandsOnlyAverageTheRunsThatLoggedAStep() {
        List<MetricSeries> runs = List.of(series("a", "a", 1, 2, 3), series("b", "b", 3));
        BandChart.Band band = BandChart.bands(runs, s -> "all", 0).getFirst();
        assertArrayEquals(new double[] {2, 2, 3}, band.mean(), 1e-12);
        assertArrayEquals(new int[] {2, 1, 1}, band.runs());
        assertTrue(band.std()[2] == 0);
    }
}
