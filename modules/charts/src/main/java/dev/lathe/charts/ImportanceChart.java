package dev.lathe.charts;

import java.awt.BasicStroke;
import java.awt.Font;
import java.text.DecimalFormat;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.category.StatisticalBarRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;

/**
 * Param importance as horizontal bars, most important on top, each with its spread as an error bar and its value
 * as a label. The numbers come from elsewhere (the training module's permutation importance); this only draws them.
 */
public final class ImportanceChart {
    /** Row key of the one bar series. */
    static final String SERIES = "importance";

    /** One param's bar: value and its standard deviation, in the unit named by the value axis label. */
    public record Bar(String param, double value, double std) {
    }

    private final JFreeChart chart;
    private final DefaultStatisticalCategoryDataset dataset;

    private ImportanceChart(JFreeChart chart, DefaultStatisticalCategoryDataset dataset) {
        this.chart = chart;
        this.dataset = dataset;
    }

    /**
     * @param bars       in the order to show, top to bottom
     * @param valueLabel the value axis label, e.g. "share of importance (%)"
     * @param note       a line under the chart (how it was measured, how well the model fits), or null
     */
    public static ImportanceChart create(List<Bar> bars, String valueLabel, String note, Palette.Theme theme) {
        DefaultStatisticalCategoryDataset dataset = new DefaultStatisticalCategoryDataset();
        for (Bar bar : bars) {
            dataset.add(bar.value(), Double.isFinite(bar.std()) ? bar.std() : 0, SERIES, bar.param());
        }
        CategoryAxis params = new CategoryAxis(null);
        params.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        params.setTickLabelPaint(theme.text());
        params.setAxisLinePaint(theme.grid());
        params.setTickMarksVisible(false);
        params.setCategoryMargin(0.25);
        params.setMaximumCategoryLabelWidthRatio(0.35f);
        NumberAxis values = new NumberAxis(valueLabel);
        values.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        values.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        values.setLabelPaint(theme.text());
        values.setTickLabelPaint(theme.text());
        values.setAxisLinePaint(theme.grid());
        values.setTickMarkPaint(theme.grid());
        values.setAutoRangeIncludesZero(true);
        values.setUpperMargin(0.12);
        StatisticalBarRenderer renderer = new StatisticalBarRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setDrawBarOutline(false);
        renderer.setSeriesPaint(0, Palette.color(0));
        renderer.setErrorIndicatorPaint(theme.text());
        renderer.setErrorIndicatorStroke(new BasicStroke(1f));
        renderer.setMaximumBarWidth(0.08);
        renderer.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}", new DecimalFormat("0.#")));
        renderer.setDefaultItemLabelsVisible(true);
        renderer.setDefaultItemLabelPaint(theme.text());
        renderer.setDefaultItemLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        // the value above its bar, clear of the bar's edge and of the error whisker at its end
        renderer.setItemLabelAnchorOffset(5);
        CategoryPlot plot = new CategoryPlot(dataset, params, values, renderer);
        plot.setOrientation(PlotOrientation.HORIZONTAL);
        plot.setBackgroundPaint(theme.background());
        plot.setOutlineVisible(false);
        plot.setRangeGridlinePaint(theme.grid());
        plot.setRangeGridlineStroke(new BasicStroke(1f));
        plot.setDomainGridlinesVisible(false);
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
        JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        chart.setBackgroundPaint(theme.background());
        chart.setPadding(new RectangleInsets(8, 4, 4, 16));
        if (note != null && !note.isBlank()) {
            TextTitle subtitle = new TextTitle(note, new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            subtitle.setPaint(theme.text());
            subtitle.setPosition(RectangleEdge.BOTTOM);
            subtitle.setPadding(new RectangleInsets(6, 4, 0, 4));
            chart.addSubtitle(subtitle);
        }
        return new ImportanceChart(chart, dataset);
    }

    public JFreeChart chart() {
        return chart;
    }

    /** Param names, top to bottom. */
    @SuppressWarnings("unchecked")
    public List<String> params() {
        return (List<String>) (List<?>) dataset.getColumnKeys();
    }

    /** The bar value of param. */
    public double value(String param) {
        return dataset.getMeanValue(SERIES, param).doubleValue();
    }
}
