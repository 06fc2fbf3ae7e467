package dev.lathe.charts;

import java.util.ArrayList;
import java.util.List;

/** One metric of N runs on one chart, one line per run, labelled by run in the legend. */
public final class OverlayChart {
    private OverlayChart() {
    }

    public static MetricChart create(List<MetricSeries> series, ChartOptions options) {
        return create(series, options, Palette.LIGHT);
    }

    public static MetricChart create(List<MetricSeries> series, ChartOptions options, Palette.Theme theme) {
        List<String> keys = MetricChart.uniqueKeys(series.stream().map(MetricSeries::label).toList(),
                series.stream().map(MetricSeries::runId).toList());
        List<MetricChart.Line> lines = new ArrayList<>(series.size());
        for (int i = 0; i < series.size(); i++) {
            MetricSeries s = series.get(i);
            // smoothing runs on the full series: an average over a sample would depend on the zoom
            double[] y = Smoothing.ema(s.values(), options.smoothing());
            lines.add(new MetricChart.Line(keys.get(i), s.x(), options.logY() ? MetricChart.forLogAxis(y) : y, null, null));
        }
        return new MetricChart(lines, options, theme);
    }
}
