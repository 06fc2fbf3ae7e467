package dev.lathe.charts;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.jfree.chart.JFreeChart;

/**
 * Bench main: 100 runs x 10,000 steps, downsampled to a 1,200 px wide chart and drawn into a 1200x800 image,
 * against drawing the full data. Prints medians; the goal is selection-to-drawn under 300 ms.
 * Run: {@code java -cp <charts + jfreechart + workspace jars> dev.lathe.charts.ChartBench [repeats]}.
 */
public final class ChartBench {
    private static final int SERIES = 100;
    private static final int POINTS = 10_000;
    private static final int WIDTH = 1200;
    private static final int HEIGHT = 800;

    private ChartBench() {
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        int repeats = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        List<MetricSeries> data = curves(new SplittableRandom(42));
        ChartOptions sampled = ChartOptions.of("val_loss").withPointsPerSeries(WIDTH);
        // as many points as the data has: nothing is dropped, so this draws everything
        ChartOptions full = ChartOptions.of("val_loss").withPointsPerSeries(POINTS);

        // warm-up so the JIT has compiled LTTB and the renderer before anything is timed
        for (int i = 0; i < 3; i++) {
            draw(OverlayChart.create(data, sampled).chart());
        }
        long[] build = new long[repeats];
        long[] render = new long[repeats];
        long[] smoothBuild = new long[repeats];
        long[] fullRender = new long[repeats];
        for (int r = 0; r < repeats; r++) {
            long t0 = System.nanoTime();
            MetricChart chart = OverlayChart.create(data, sampled);
            long t1 = System.nanoTime();
            draw(chart.chart());
            long t2 = System.nanoTime();
            OverlayChart.create(data, sampled.withSmoothing(0.9));
            long t3 = System.nanoTime();
            build[r] = t1 - t0;
            render[r] = t2 - t1;
            smoothBuild[r] = t3 - t2;
        }
        long[] smoothRender = new long[repeats];
        for (int r = 0; r < repeats; r++) {
            MetricChart chart = OverlayChart.create(data, sampled);
            chart.chart().setAntiAlias(true);
            long t0 = System.nanoTime();
            draw(chart.chart());
            smoothRender[r] = System.nanoTime() - t0;
        }
        MetricChart everything = OverlayChart.create(data, full);
        draw(everything.chart());
        for (int r = 0; r < Math.min(repeats, 3); r++) {
            long t0 = System.nanoTime();
            draw(everything.chart());
            fullRender[r] = System.nanoTime() - t0;
        }
        System.out.printf("%d series x %d points -> %d points/series, %dx%d image, median of %d%n",
                SERIES, POINTS, WIDTH, WIDTH, HEIGHT, repeats);
        System.out.printf("downsample (build chart, MinMax-LTTB): %6.1f ms%n", median(build));
        System.out.printf("downsample with smoothing 0.9:         %6.1f ms%n", median(smoothBuild));
        System.out.printf("render downsampled:                    %6.1f ms%n", median(render));
        System.out.printf("selection-to-drawn (build + render):   %6.1f ms%n", median(build) + median(render));
        System.out.printf("render downsampled, antialiased:       %6.1f ms%n", median(smoothRender));
        System.out.printf("render full data (median of %d):        %6.1f ms%n", Math.min(repeats, 3),
                median(Arrays.copyOf(fullRender, Math.min(repeats, 3))));
    }

    private static void draw(JFreeChart chart) {
        BufferedImage image = chart.createBufferedImage(WIDTH, HEIGHT);
        image.flush();
    }

    /** Noisy decaying loss curves with a few spikes, like real training logs. */
    private static List<MetricSeries> curves(SplittableRandom random) {
        List<MetricSeries> out = new ArrayList<>(SERIES);
        for (int s = 0; s < SERIES; s++) {
            long[] steps = new long[POINTS];
            double[] values = new double[POINTS];
            double rate = 0.0002 + random.nextDouble() * 0.0008;
            for (int i = 0; i < POINTS; i++) {
                steps[i] = i;
                double spike = random.nextDouble() < 0.001 ? 1.5 : 0;
                values[i] = 0.1 + 2.0 * Math.exp(-rate * i) + 0.05 * random.nextGaussian() + spike;
            }
            out.add(new MetricSeries("run-" + s, "run " + s, steps, values));
        }
        return out;
    }

    private static double median(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2] / 1e6;
    }
}
