package dev.lathe.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.event.AxisChangeEvent;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.Range;
import org.jfree.data.xy.DefaultXYDataset;
import org.jfree.data.xy.XYDataset;
import org.jfree.data.xy.YIntervalDataItem;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * A line chart of one metric that keeps the full data and draws a downsampled copy of it. When the x axis is
 * zoomed (ChartViewer drag, or {@link #showRange}) the visible range is sampled again from the full data, so
 * zooming in reveals detail instead of stretching the first sample. Built by {@link OverlayChart} (one line per
 * run) and {@link BandChart} (mean ± std band per group).
 *
 * <p>Not thread-safe, like JFreeChart itself: build it anywhere, then use it on one thread (the FX thread once shown).
 */
public final class MetricChart {
    /** Min/max preselection per LTTB point; 4 is the ratio the MinMaxLTTB paper recommends. */
    private static final int MINMAX_RATIO = 4;
    /**
     * Above this many lines the chart draws without antialiasing: on 100 noisy lines x 1,200 points Java2D takes
     * ~20 ms aliased against ~500 ms smoothed, and with that many overlapping lines the jaggies do not show.
     */
    static final int ANTIALIAS_MAX_LINES = 20;

    /**
     * One drawn line over its full data: x ascending, finite or not; lo/hi are the band's edges, or null for a plain line.
     */
    record Line(String key, double[] x, double[] y, double[] lo, double[] hi) {
        boolean isBand() {
            return lo != null;
        }
    }

    private final List<Line> lines;
    private final ChartOptions options;
    private final Palette.Theme theme;
    private final boolean bands;
    private final JFreeChart chart;
    private final XYPlot plot;
    /** The x range last sampled (null = all), so axis events caused by our own dataset swap do not loop. */
    private Range sampled;
    private boolean resampling;

    MetricChart(List<Line> lines, ChartOptions options, Palette.Theme theme) {
        this.lines = List.copyOf(lines);
        this.options = options;
        this.theme = java.util.Objects.requireNonNull(theme, "theme");
        this.bands = lines.stream().anyMatch(Line::isBand);
        NumberAxis xAxis = new NumberAxis("step");
        xAxis.setAutoRangeIncludesZero(false);
        xAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        ValueAxis yAxis;
        if (options.logY()) {
            LogAxis log = new LogAxis(options.metric());
            log.setSmallestValue(1e-12);
            yAxis = log;
        } else {
            NumberAxis linear = new NumberAxis(options.metric());
            linear.setAutoRangeIncludesZero(false);
            // a flat curve gets a readable span, not ticks in scientific notation a billionth apart
            linear.setAutoRangeMinimumSize(1e-3);
            yAxis = linear;
        }
        for (ValueAxis axis : List.of(xAxis, yAxis)) {
            axis.setLabelPaint(theme.text());
            axis.setTickLabelPaint(theme.text());
            axis.setAxisLinePaint(theme.grid());
            axis.setTickMarkPaint(theme.grid());
            axis.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            axis.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        }
        plot = new XYPlot(dataset(null), xAxis, yAxis, renderer());
        plot.setOrientation(PlotOrientation.VERTICAL);
        plot.setBackgroundPaint(theme.background());
        plot.setOutlineVisible(false);
        plot.setDomainGridlinePaint(theme.grid());
        plot.setRangeGridlinePaint(theme.grid());
        plot.setDomainGridlineStroke(new BasicStroke(1f));
        plot.setRangeGridlineStroke(new BasicStroke(1f));
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
        chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        chart.setBackgroundPaint(theme.background());
        chart.setAntiAlias(lines.size() <= ANTIALIAS_MAX_LINES);
        chart.setPadding(new RectangleInsets(8, 4, 4, 12));
        if (lines.size() <= options.maxLegendItems()) {
            LegendTitle legend = new LegendTitle(plot);
            legend.setPosition(RectangleEdge.BOTTOM);
            legend.setFrame(org.jfree.chart.block.BlockBorder.NONE);
            legend.setItemFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            legend.setBackgroundPaint(theme.background());
            legend.setItemPaint(theme.highlight());
            chart.addLegend(legend);
        }
        // zoom in the viewer changes the x axis; sample the new range from the full data
        xAxis.addChangeListener(this::domainChanged);
    }

    public JFreeChart chart() {
        return chart;
    }

    public ChartOptions options() {
        return options;
    }

    /** The colours it is drawn in. */
    public Palette.Theme theme() {
        return theme;
    }

    /** How many lines (runs, or groups) the chart draws. */
    public int lineCount() {
        return lines.size();
    }

    /** The legend keys, in drawing order. */
    public List<String> keys() {
        return lines.stream().map(Line::key).toList();
    }

    /** The dataset drawn now: the downsampled visible part of the data. */
    public XYDataset dataset() {
        return plot.getDataset();
    }

    /**
     * Zooms the x axis to [lower, upper] and samples that range from the full data; null shows everything.
     */
    public void showRange(Range x) {
        if (x == null) {
            plot.getDomainAxis().setAutoRange(true);
        } else {
            plot.getDomainAxis().setRange(x);
        }
        // setRange fires no event when the range is unchanged; make sure the sample matches anyway
        resample(x);
    }

    private void domainChanged(AxisChangeEvent event) {
        if (resampling) {
            return;
        }
        ValueAxis axis = plot.getDomainAxis();
        resample(axis.isAutoRange() ? null : axis.getRange());
    }

    private void resample(Range x) {
        if (x == null ? sampled == null : x.equals(sampled)) {
            return;
        }
        resampling = true;
        try {
            sampled = x;
            plot.setDataset(dataset(x));
        } finally {
            resampling = false;
        }
    }

    private XYDataset dataset(Range visible) {
        if (bands) {
            YIntervalSeriesCollection collection = new YIntervalSeriesCollection();
            for (Line line : lines) {
                YIntervalSeries series = new YIntervalSeries(line.key(), false, true);
                for (int i : sample(line, visible)) {
                    series.add(new YIntervalDataItem(line.x()[i], line.y()[i], line.lo()[i], line.hi()[i]), false);
                }
                collection.addSeries(series);
            }
            return collection;
        }
        DefaultXYDataset dataset = new DefaultXYDataset();
        for (Line line : lines) {
            int[] idx = sample(line, visible);
            double[][] data = new double[2][idx.length];
            for (int k = 0; k < idx.length; k++) {
                data[0][k] = line.x()[idx[k]];
                data[1][k] = line.y()[idx[k]];
            }
            dataset.addSeries(line.key(), data);
        }
        return dataset;
    }

    /** Indices of line to draw for the visible x range: one point beyond each edge so lines reach the border. */
    private int[] sample(Line line, Range visible) {
        double[] x = line.x();
        int from = 0;
        int to = x.length;
        if (visible != null) {
            from = Math.max(0, lowerBound(x, visible.getLowerBound()) - 1);
            to = Math.min(x.length, lowerBound(x, Math.nextUp(visible.getUpperBound())) + 1);
        }
        return Lttb.minMaxIndices(x, line.y(), from, to, options.pointsPerSeries(), MINMAX_RATIO);
    }

    /** The first index whose x is >= value (x ascending). */
    private static int lowerBound(double[] x, double value) {
        int i = Arrays.binarySearch(x, value);
        if (i < 0) {
            return -i - 1;
        }
        while (i > 0 && x[i - 1] == value) {
            i--;
        }
        return i;
    }

    private XYLineAndShapeRenderer renderer() {
        XYLineAndShapeRenderer renderer;
        if (bands) {
            DeviationRenderer deviation = new DeviationRenderer(true, false);
            deviation.setAlpha(0.18f);
            renderer = deviation;
        } else {
            renderer = new XYLineAndShapeRenderer(true, false);
            // one path per line: faster than segment by segment and the joins look right when antialiased
            renderer.setDrawSeriesLineAsPath(true);
        }
        // round joins look best but cost the most; many lines get the plain 1 px stroke
        BasicStroke stroke = lines.size() > ANTIALIAS_MAX_LINES ? new BasicStroke(1f)
                : new BasicStroke(1.6f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
        renderer.setAutoPopulateSeriesStroke(false);
        renderer.setDefaultStroke(stroke);
        renderer.setAutoPopulateSeriesShape(false);
        renderer.setDefaultShape(new java.awt.geom.Ellipse2D.Double(-3, -3, 6, 6));
        for (int i = 0; i < lines.size(); i++) {
            Color color = Palette.color(i);
            renderer.setSeriesPaint(i, color);
            renderer.setSeriesFillPaint(i, color);
            // a metric logged once (a final score) has no line to draw: show its point instead
            renderer.setSeriesShapesVisible(i, finiteCount(lines.get(i)) == 1);
        }
        return renderer;
    }

    private static int finiteCount(Line line) {
        int n = 0;
        for (int i = 0; i < line.y().length && n < 2; i++) {
            if (Double.isFinite(line.y()[i]) && Double.isFinite(line.x()[i])) {
                n++;
            }
        }
        return n;
    }

    /** The values a log axis can show: those <= 0 become NaN, which sampling skips. */
    static double[] forLogAxis(double[] values) {
        double[] out = values.clone();
        for (int i = 0; i < out.length; i++) {
            if (!(out[i] > 0)) {
                out[i] = Double.NaN;
            }
        }
        return out;
    }

    /** Legend keys must be unique; a second run with the same name gets its id's start appended. */
    static List<String> uniqueKeys(List<String> labels, List<String> ids) {
        List<String> keys = new ArrayList<>(labels.size());
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < labels.size(); i++) {
            String key = labels.get(i);
            if (!seen.add(key)) {
                String id = ids.get(i);
                key = key + " [" + id.substring(0, Math.min(8, id.length())) + "]";
                for (int n = 2; !seen.add(key); n++) {
                    key = labels.get(i) + " (" + n + ")";
                }
            }
            keys.add(key);
        }
        return keys;
    }
}
