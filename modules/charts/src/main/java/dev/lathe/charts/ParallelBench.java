package dev.lathe.charts;

import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.jfree.chart.JFreeChart;

/**
 * Bench main: parallel coordinates of 500 runs on 20 axes (19 params + the objective) drawn into a 1200x700
 * image, the way a brush drag redraws it. Prints medians of: building the chart, drawing it (pixel-buffer lines),
 * drawing it after a brush change, drawing it with Java2D's translucent antialiased paths (what the pixel buffer
 * replaces), and writing it as SVG. The goal is a redraw well under 100 ms so brushing follows the mouse.
 * Run: {@code java -cp <charts + jfreechart + jfreesvg jars> dev.lathe.charts.ParallelBench [repeats]}.
 */
public final class ParallelBench {
    private static final int RUNS = 500;
    private static final int PARAMS = 19;
    private static final int WIDTH = 1200;
    private static final int HEIGHT = 700;

    private ParallelBench() {
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        int repeats = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        SplittableRandom random = new SplittableRandom(42);
        List<String> params = new ArrayList<>();
        for (int p = 0; p < PARAMS; p++) {
            params.add(p == 0 ? "lr" : p == 1 ? "optimizer" : "param_" + p);
        }
        List<ParallelCoordinatesChart.Row> rows = new ArrayList<>();
        String[] optimizers = {"adam", "sgd", "rmsprop", "adamw"};
        for (int i = 0; i < RUNS; i++) {
            Map<String, String> values = new HashMap<>();
            double lr = Math.pow(10, -5 + 4 * random.nextDouble());
            values.put("lr", Double.toString(lr));
            values.put("optimizer", optimizers[random.nextInt(optimizers.length)]);
            for (int p = 2; p < PARAMS; p++) {
                values.put("param_" + p, Double.toString(random.nextDouble() * 100));
            }
            rows.add(new ParallelCoordinatesChart.Row("r" + i, "run-" + i, values, 0.95 - 0.05 * Math.pow(Math.log10(lr) + 3, 2)));
        }
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_ARGB);
        for (int i = 0; i < 5; i++) {
            draw(ParallelCoordinatesChart.create(params, "val_accuracy", true, rows, Palette.LIGHT).chart(), image);
        }
        long[] build = new long[repeats];
        long[] render = new long[repeats];
        long[] brushed = new long[repeats];
        long[] svg = new long[repeats];
        for (int r = 0; r < repeats; r++) {
            long t0 = System.nanoTime();
            ParallelCoordinatesChart chart = ParallelCoordinatesChart.create(params, "val_accuracy", true, rows, Palette.LIGHT);
            long t1 = System.nanoTime();
            draw(chart.chart(), image);
            long t2 = System.nanoTime();
            chart.brush(0, 0.3, 0.7 + r * 0.01);
            draw(chart.chart(), image);
            long t3 = System.nanoTime();
            ChartExport.svgDocument(chart.chart(), WIDTH, HEIGHT);
            long t4 = System.nanoTime();
            build[r] = t1 - t0;
            render[r] = t2 - t1;
            brushed[r] = t3 - t2;
            svg[r] = t4 - t3;
        }
        long[] java2d = new long[Math.min(3, repeats)];
        ParallelCoordinatesChart.vectorMaxLines = Integer.MAX_VALUE;
        try {
            ParallelCoordinatesChart chart = ParallelCoordinatesChart.create(params, "val_accuracy", true, rows, Palette.LIGHT);
            for (int r = 0; r < java2d.length; r++) {
                long t0 = System.nanoTime();
                draw(chart.chart(), image);
                java2d[r] = System.nanoTime() - t0;
            }
        } finally {
            ParallelCoordinatesChart.vectorMaxLines = ParallelCoordinatesChart.VECTOR_MAX_LINES;
        }
        System.out.printf("parallel coordinates, %d runs x %d axes, %dx%d, median of %d:%n", RUNS, PARAMS + 1, WIDTH, HEIGHT, repeats);
        System.out.printf("  build chart                      %7.1f ms%n", median(build));
        System.out.printf("  draw (pixel-buffer lines)        %7.1f ms%n", median(render));
        System.out.printf("  brush + redraw                   %7.1f ms%n", median(brushed));
        System.out.printf("  draw (Java2D translucent paths)  %7.1f ms  (median of %d)%n", median(java2d), java2d.length);
        System.out.printf("  SVG document                     %7.1f ms%n", median(svg));
    }

    private static void draw(JFreeChart chart, BufferedImage image) {
        Graphics2D g2 = image.createGraphics();
        try {
            chart.draw(g2, new Rectangle(0, 0, WIDTH, HEIGHT));
        } finally {
            g2.dispose();
        }
    }

    private static double median(long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return s[s.length / 2] / 1e6;
    }
}
