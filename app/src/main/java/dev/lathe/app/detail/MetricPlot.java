package dev.lathe.app.detail;

import org.jfree.chart.JFreeChart;

/** The per-step curve of one metric of the shown run, ready for a ChartViewer. */
public record MetricPlot(String key, JFreeChart chart) {
}
