package dev.lathe.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.labels.XYToolTipGenerator;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * One param against one metric, one point per run: how the metric moves with the param. Points are coloured by run
 * status (one legend entry per status) and the best run is drawn as a larger outlined diamond of its own series.
 * A numeric param gets a number axis (or a log axis: non-positive values are left out and counted in
 * {@link #skipped()}); a param with text values gets its distinct values as labelled slots along x.
 */
public final class ScatterChart {
    /** The best run's series key. */
    public static final String BEST = "best";

    /** One run: the param's value as stored (text; "" = unset, left out) and the metric's value. */
    public record Point(String id, String label, String x, double y, String status) {
    }

    private final JFreeChart chart;
    private final XYSeriesCollection dataset;
    private final List<String> categories;
    private final int skipped;

    private ScatterChart(JFreeChart chart, XYSeriesCollection dataset, List<String> categories, int skipped) {
        this.chart = chart;
        this.dataset = dataset;
        this.categories = categories;
        this.skipped = skipped;
    }

    /**
     * @param bestId the run to highlight (usually the best on the objective), or null
     * @param logX   a log x axis (numeric params only)
     */
    public static ScatterChart create(String param, String metric, List<Point> points, String bestId, boolean logX,
                                      Palette.Theme theme) {
        List<Point> usable = points.stream().filter(p -> p.x() != null && !p.x().isEmpty() && Double.isFinite(p.y())).toList();
        boolean numeric = usable.stream().allMatch(p -> Double.isFinite(ParallelCoordinatesChart.number(p.x())));
        List<String> categories = numeric ? List.of() : usable.stream().map(Point::x).distinct()
                .sorted(Comparator.comparingDouble(ParallelCoordinatesChart::number).thenComparing(Comparator.naturalOrder())).toList();
        boolean log = logX && numeric;
        Map<String, XYSeries> byStatus = new LinkedHashMap<>();
        XYSeries bestSeries = new XYSeries(BEST, false, true);
        int skipped = points.size() - usable.size();
        for (Point p : usable) {
            double x = numeric ? ParallelCoordinatesChart.number(p.x()) : categories.indexOf(p.x());
            if (log && !(x > 0)) {
                skipped++;
                continue;
            }
            byStatus.computeIfAbsent(p.status() == null ? "UNKNOWN" : p.status(), k -> new XYSeries(k, false, true)).add(x, p.y());
            if (p.id().equals(bestId)) {
                bestSeries.add(x, p.y());
            }
        }
        XYSeriesCollection dataset = new XYSeriesCollection();
        byStatus.values().forEach(dataset::addSeries);
        if (!bestSeries.isEmpty()) {
            dataset.addSeries(bestSeries);
        }

        ValueAxis xAxis;
        if (!numeric) {
            xAxis = new SymbolAxis(param, categories.toArray(String[]::new));
        } else if (log) {
            LogAxis axis = new LogAxis(param + " (log)");
            axis.setSmallestValue(1e-300);
            // one tick per decade when there are a few, as plain numbers (0.001, not 1E-3)
            double lo = usable.stream().mapToDouble(p -> ParallelCoordinatesChart.number(p.x())).filter(v -> v > 0).min().orElse(1);
            double hi = usable.stream().mapToDouble(p -> ParallelCoordinatesChart.number(p.x())).filter(v -> v > 0).max().orElse(1);
            if (Math.log10(hi / lo) >= 1.5) {
                // tick units are in decades on a log axis: whole ones only
                axis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
            }
            axis.setNumberFormatOverride(new java.text.DecimalFormat("0.##########"));
            xAxis = axis;
        } else {
            NumberAxis axis = new NumberAxis(param);
            axis.setAutoRangeIncludesZero(false);
            // a value every run shares gets a readable span, not ticks in scientific notation a billionth apart
            axis.setAutoRangeMinimumSize(1e-3);
            xAxis = axis;
        }
        NumberAxis yAxis = new NumberAxis(metric);
        yAxis.setAutoRangeIncludesZero(false);
        yAxis.setAutoRangeMinimumSize(1e-3);
        for (ValueAxis axis : List.of(xAxis, yAxis)) {
            axis.setLabelPaint(theme.text());
            axis.setTickLabelPaint(theme.text());
            axis.setAxisLinePaint(theme.grid());
            axis.setTickMarkPaint(theme.grid());
            axis.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            axis.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        }
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(false, true);
        renderer.setUseOutlinePaint(true);
        renderer.setDrawOutlines(true);
        for (int i = 0; i < dataset.getSeriesCount(); i++) {
            String key = (String) dataset.getSeriesKey(i);
            if (key.equals(BEST)) {
                renderer.setSeriesShape(i, diamond(7));
                renderer.setSeriesPaint(i, new Color(0xF2C14E));
                renderer.setSeriesOutlinePaint(i, theme.highlight());
                renderer.setSeriesOutlineStroke(i, new BasicStroke(1.6f));
            } else {
                Color c = statusColor(key);
                renderer.setSeriesShape(i, new Ellipse2D.Double(-3.5, -3.5, 7, 7));
                renderer.setSeriesPaint(i, new Color(c.getRed(), c.getGreen(), c.getBlue(), 190));
                renderer.setSeriesOutlinePaint(i, c.darker());
                renderer.setSeriesOutlineStroke(i, new BasicStroke(0.6f));
            }
        }
        XYToolTipGenerator tips = (data, series, item) -> data.getSeriesKey(series) + ": " + param + " = "
                + ParallelCoordinatesChart.format(data.getXValue(series, item)) + ", " + metric + " = "
                + ParallelCoordinatesChart.format(data.getYValue(series, item));
        renderer.setDefaultToolTipGenerator(tips);
        XYPlot plot = new XYPlot(dataset, xAxis, yAxis, renderer);
        plot.setBackgroundPaint(theme.background());
        plot.setOutlineVisible(false);
        plot.setDomainGridlinePaint(theme.grid());
        plot.setRangeGridlinePaint(theme.grid());
        plot.setDomainGridlineStroke(new BasicStroke(1f));
        plot.setRangeGridlineStroke(new BasicStroke(1f));
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
        JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        chart.setBackgroundPaint(theme.background());
        chart.setPadding(new RectangleInsets(8, 4, 4, 12));
        LegendTitle legend = new LegendTitle(plot);
        legend.setPosition(RectangleEdge.BOTTOM);
        legend.setFrame(BlockBorder.NONE);
        legend.setBackgroundPaint(theme.background());
        legend.setItemFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        legend.setItemPaint(theme.text());
        chart.addLegend(legend);
        return new ScatterChart(chart, dataset, categories, skipped);
    }

    /** Status colours: finished blue, failed red, running orange, the rest grey. */
    static Color statusColor(String status) {
        return switch (status) {
            case "FINISHED" -> Palette.color(0);
            case "FAILED", "KILLED" -> Palette.color(2);
            case "RUNNING" -> Palette.color(1);
            case "PRUNED" -> Palette.color(6);
            default -> Palette.color(9);
        };
    }

    private static Path2D diamond(double r) {
        Path2D.Double d = new Path2D.Double();
        d.moveTo(0, -r);
        d.lineTo(r, 0);
        d.lineTo(0, r);
        d.lineTo(-r, 0);
        d.closePath();
        return d;
    }

    public JFreeChart chart() {
        return chart;
    }

    public XYSeriesCollection dataset() {
        return dataset;
    }

    /** The slots of a text param along x, in order; empty for a numeric param. */
    public List<String> categories() {
        return categories;
    }

    /** Runs not drawn: no value for the param or metric, or a value a log axis cannot place. */
    public int skipped() {
        return skipped;
    }

    /** Points drawn, the best run counted once. */
    public int pointCount() {
        int n = 0;
        for (int i = 0; i < dataset.getSeriesCount(); i++) {
            if (!BEST.equals(dataset.getSeriesKey(i))) {
                n += dataset.getItemCount(i);
            }
        }
        return n;
    }

    /** Series keys: the statuses present, then {@link #BEST} when a best run is drawn. */
    public List<String> seriesKeys() {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < dataset.getSeriesCount(); i++) {
            keys.add((String) dataset.getSeriesKey(i));
        }
        return keys;
    }
}
