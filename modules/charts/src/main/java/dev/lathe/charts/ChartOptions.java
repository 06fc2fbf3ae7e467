package dev.lathe.charts;

/**
 * How a metric chart draws its lines.
 *
 * @param metric          the metric key, shown as the y axis label
 * @param smoothing       exponential moving average weight in [0, 0.99] (0 = raw), as TensorBoard's slider
 * @param logY            a log y axis; values <= 0 are left out, a log axis cannot place them
 * @param pointsPerSeries the most points drawn per line, about the plot's width in pixels
 * @param maxLegendItems  above this many lines the legend is hidden: 500 entries would squeeze the plot to nothing
 */
public record ChartOptions(String metric, double smoothing, boolean logY, int pointsPerSeries, int maxLegendItems) {
    public static final int DEFAULT_POINTS = 1200;
    public static final int DEFAULT_MAX_LEGEND_ITEMS = 20;

    public ChartOptions {
        if (smoothing < 0 || smoothing > Smoothing.MAX_WEIGHT) {
            throw new IllegalArgumentException("smoothing must be in [0, " + Smoothing.MAX_WEIGHT + "], got " + smoothing);
        }
        if (pointsPerSeries < 3) {
            throw new IllegalArgumentException("pointsPerSeries must be >= 3, got " + pointsPerSeries);
        }
    }

    public static ChartOptions of(String metric) {
        return new ChartOptions(metric, 0, false, DEFAULT_POINTS, DEFAULT_MAX_LEGEND_ITEMS);
    }

    public ChartOptions withSmoothing(double weight) {
        return new ChartOptions(metric, weight, logY, pointsPerSeries, maxLegendItems);
    }

    public ChartOptions withLogY(boolean log) {
        return new ChartOptions(metric, smoothing, log, pointsPerSeries, maxLegendItems);
    }

    public ChartOptions withPointsPerSeries(int points) {
        return new ChartOptions(metric, smoothing, logY, points, maxLegendItems);
    }
}
