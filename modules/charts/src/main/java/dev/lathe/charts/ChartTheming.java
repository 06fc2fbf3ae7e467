package dev.lathe.charts;

import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.Axis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.title.Title;

/**
 * Paints a chart built elsewhere (ChartFactory, or a plot put together by hand) in a {@link Palette.Theme}:
 * background, grid and axis lines, axis labels, titles and legend. Data colours are left alone. Applying it again
 * with another theme repaints the chart in place, so a shown chart follows a theme switch without being rebuilt.
 */
public final class ChartTheming {
    private ChartTheming() {
    }

    public static void apply(JFreeChart chart, Palette.Theme theme) {
        chart.setBackgroundPaint(theme.background());
        Plot plot = chart.getPlot();
        plot.setBackgroundPaint(theme.background());
        List<Axis> axes = new ArrayList<>();
        if (plot instanceof XYPlot xy) {
            xy.setDomainGridlinePaint(theme.grid());
            xy.setRangeGridlinePaint(theme.grid());
            xy.setDomainZeroBaselinePaint(theme.grid());
            xy.setRangeZeroBaselinePaint(theme.grid());
            for (int i = 0; i < xy.getDomainAxisCount(); i++) {
                axes.add(xy.getDomainAxis(i));
            }
            for (int i = 0; i < xy.getRangeAxisCount(); i++) {
                axes.add(xy.getRangeAxis(i));
            }
        } else if (plot instanceof CategoryPlot category) {
            category.setDomainGridlinePaint(theme.grid());
            category.setRangeGridlinePaint(theme.grid());
            category.setRangeZeroBaselinePaint(theme.grid());
            for (int i = 0; i < category.getDomainAxisCount(); i++) {
                axes.add(category.getDomainAxis(i));
            }
            for (int i = 0; i < category.getRangeAxisCount(); i++) {
                axes.add(category.getRangeAxis(i));
            }
        }
        for (Axis axis : axes) {
            if (axis != null) {
                axis.setLabelPaint(theme.text());
                axis.setTickLabelPaint(theme.text());
                axis.setAxisLinePaint(theme.grid());
                axis.setTickMarkPaint(theme.grid());
            }
        }
        for (int i = 0; i < chart.getSubtitleCount(); i++) {
            Title title = chart.getSubtitle(i);
            if (title instanceof LegendTitle legend) {
                legend.setBackgroundPaint(theme.background());
                legend.setItemPaint(theme.highlight());
            } else if (title instanceof TextTitle text) {
                text.setPaint(theme.text());
            }
        }
        if (chart.getTitle() != null) {
            chart.getTitle().setPaint(theme.highlight());
        }
    }
}
