package dev.lathe.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ParallelCoordinatesChartTest {

    /** A sweep-like set of runs: lr log-uniform, a categorical optimizer, dropout uniform, accuracy from lr. */
    private static List<ParallelCoordinatesChart.Row> runs(int n, int extraParams, long seed) {
        Random random = new Random(seed);
        String[] optimizers = {"adam", "sgd", "rmsprop"};
        List<ParallelCoordinatesChart.Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double lr = Math.pow(10, -4 + 3 * random.nextDouble());
            Map<String, String> values = new HashMap<>();
            values.put("lr", Double.toString(lr));
            values.put("optimizer", optimizers[i % 3]);
            if (i % 10 != 0) {
                values.put("dropout", String.format(java.util.Locale.ROOT, "%.3f", 0.5 * random.nextDouble()));
            }
            for (int p = 0; p < extraParams; p++) {
                values.put("param_" + p, Integer.toString(random.nextInt(100)));
            }
            rows.add(new ParallelCoordinatesChart.Row("id" + i, "run-" + i, values, 0.95 - 0.08 * Math.pow(Math.log10(lr) + 2.5, 2)));
        }
        return rows;
    }

    private static List<String> params(int extra) {
        List<String> params = new ArrayList<>(List.of("lr", "optimizer", "dropout"));
        for (int p = 0; p < extra; p++) {
            params.add("param_" + p);
        }
        return params;
    }

    @Test
    void oneAxisPerParamPlusTheObjectiveWithScalesChosenFromTheValues() {
        ParallelCoordinatesChart chart = ParallelCoordinatesChart.create(params(0), "val_accuracy", true, runs(30, 0, 1), Palette.LIGHT);
        assertEquals(List.of("lr", "optimizer", "dropout", "val_accuracy"), chart.axisNames());
        assertEquals(30, chart.lineCount());
        assertTrue(chart.isLog(0), "lr spans three decades");
        assertTrue(chart.isCategorical(1));
        assertEquals(List.of("adam", "rmsprop", "sgd"), chart.levels(1));
        assertFalse(chart.isLog(2));
        assertFalse(chart.isCategorical(3));
        // the best run is the one with the highest accuracy
        int best = chart.bestRow();
        for (ParallelCoordinatesChart.Row r : chart.rows()) {
            assertTrue(r.objective() <= chart.rows().get(best).objective());
        }
        String svg = ChartExport.svgDocument(chart.chart(), 900, 500);
        for (String label : List.of("lr (log)", "optimizer", "dropout", "val_accuracy", "adam", "rmsprop", "unset", "0.01")) {
            assertTrue(svg.contains(label), label);
        }
    }

    @Test
    void brushingANumericAndACategoricalAxisSelectsTheRunsInsideBoth() {
        List<ParallelCoordinatesChart.Row> rows = runs(60, 0, 2);
        ParallelCoordinatesChart chart = ParallelCoordinatesChart.create(params(0), "val_accuracy", true, rows, Palette.LIGHT);
        int[] events = new int[1];
        chart.addBrushListener(() -> events[0]++);
        assertEquals(60, chart.selected().size(), "nothing brushed: all runs");
        chart.brushValues(0, 1e-3, 1e-2);
        chart.brush(1, 0, 0.1);
        assertEquals(2, events[0]);
        Set<String> expected = new HashSet<>();
        for (ParallelCoordinatesChart.Row r : rows) {
            double lr = Double.parseDouble(r.values().get("lr"));
            if (lr >= 1e-3 * (1 - 1e-9) && lr <= 1e-2 * (1 + 1e-9) && r.values().get("optimizer").equals("adam")) {
                expected.add(r.id());
            }
        }
        assertFalse(expected.isEmpty());
        assertEquals(expected, new HashSet<>(chart.selectedIds()));
        List<ParallelCoordinatesChart.Brush> brushes = chart.brushes();
        assertEquals(2, brushes.size());
        assertEquals("lr", brushes.get(0).axis());
        assertEquals(1e-3, brushes.get(0).min(), 1e-12);
        assertEquals(1e-2, brushes.get(0).max(), 1e-12);
        assertEquals(List.of("adam"), brushes.get(1).levels());
        assertTrue(brushes.get(1).categorical());

        chart.clearBrush(1);
        assertTrue(chart.selected().size() > expected.size());
        chart.clearBrushes();
        assertEquals(60, chart.selected().size());
    }

    @Test
    void aRunWithoutTheParamIsOutsideAnyBrushOnThatAxis() {
        List<ParallelCoordinatesChart.Row> rows = runs(30, 0, 3);
        ParallelCoordinatesChart chart = ParallelCoordinatesChart.create(params(0), "val_accuracy", true, rows, Palette.LIGHT);
        chart.brush(2, 0, 1);
        // every tenth run has no dropout
        assertEquals(27, chart.selected().size());
        assertFalse(chart.selectedIds().contains("id0"));
    }

    @Test
    void fiveHundredRunsOnTwentyAxesDrawAndMouseMapsToEachAxisInOrder() throws IOException {
        ParallelCoordinatesChart chart = ParallelCoordinatesChart.create(params(16), "val_accuracy", false, runs(500, 16, 4), Palette.DARK);
        assertEquals(20, chart.axisCount());
        assertEquals(-1, chart.axisAt(100), "nothing drawn yet");
        long start = System.nanoTime();
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(ChartExport.pngBytes(chart.chart(), 1200, 700)));
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(ms < 5000, "drawing took " + ms + " ms");
        assertEquals(1200, image.getWidth());
        // the axes in order, each hit by some x, between-axis gaps by none
        List<Integer> hit = new ArrayList<>();
        boolean gap = false;
        for (int x = 0; x < 1200; x++) {
            int a = chart.axisAt(x);
            gap |= a < 0;
            if (a >= 0 && (hit.isEmpty() || hit.getLast() != a)) {
                hit.add(a);
            }
        }
        assertTrue(gap);
        assertEquals(java.util.stream.IntStream.range(0, 20).boxed().toList(), hit);
        assertEquals(1.0, chart.positionAt(-100));
        assertEquals(0.0, chart.positionAt(10_000));
        // dark background, many colours of the objective scale
        assertEquals(Palette.DARK.background().getRGB(), image.getRGB(2, 2));
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < 700; y += 3) {
            for (int x = 0; x < 1200; x += 3) {
                colours.add(image.getRGB(x, y));
            }
        }
        assertTrue(colours.size() > 200, colours.size() + " colours");
    }

    @Test
    void numberLabelsAreShort() {
        assertEquals("0.001", ParallelCoordinatesChart.format(0.001));
        assertEquals("1e-4", ParallelCoordinatesChart.format(1e-4));
        assertEquals("2.5e-4", ParallelCoordinatesChart.format(2.5e-4));
        assertEquals("0.1235", ParallelCoordinatesChart.format(0.123456));
        assertEquals("64", ParallelCoordinatesChart.format(64));
        assertEquals("1.5e5", ParallelCoordinatesChart.format(150000));
    }

    @Test
    void logScaleOnlyForValuesBunchedAtTheLowEndOfDecades() {
        Random random = new Random(9);
        double[] logUniform = new double[40];
        double[] uniform = new double[40];
        for (int i = 0; i < 40; i++) {
            logUniform[i] = Math.pow(10, -4 + 3 * random.nextDouble());
            uniform[i] = 0.002 + 0.5 * random.nextDouble();
        }
        assertTrue(ParallelCoordinatesChart.prefersLog(logUniform));
        assertFalse(ParallelCoordinatesChart.prefersLog(uniform), "a uniform dropout spans decades but stays linear");
        assertFalse(ParallelCoordinatesChart.prefersLog(new double[] {0, 0.001, 0.1}), "zero has no place on a log scale");
        assertFalse(ParallelCoordinatesChart.prefersLog(new double[] {16, 32, 64}));
    }
}
