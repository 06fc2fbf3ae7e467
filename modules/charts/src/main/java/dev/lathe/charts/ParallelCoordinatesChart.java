package dev.lathe.charts;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Composite;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.PlotRenderingInfo;
import org.jfree.chart.plot.PlotState;
import org.jfree.chart.ui.RectangleInsets;

/**
 * Parallel coordinates: one vertical axis per param plus the objective metric last, one polyline per run, coloured
 * by the objective (viridis: yellow is the better end, whether the goal is to maximize or minimize). Numeric params
 * get a linear scale, or a log scale when all values are positive and span two decades or more (a learning rate);
 * other params get their distinct values as evenly spaced levels. A run without a param passes through an "unset"
 * slot below that axis.
 *
 * <p>Brushing: {@link #brush} keeps a range on an axis; runs outside any brushed range are drawn as grey context
 * and left out of {@link #selected()}. {@link #axisAt} and {@link #positionAt} map mouse coordinates of the last
 * drawing to an axis and a position, so a viewer can brush by dragging. Drawn by a {@link Plot} subclass, so the
 * chart shows in a ChartViewer and exports through {@link ChartExport} like any other. Stays readable at 500 runs
 * and 20 axes: lines get more transparent as they get more numerous, labels stagger on two rows when axes are close.
 *
 * <p>Not thread-safe: build anywhere, then use on one thread (the FX thread once shown).
 */
public final class ParallelCoordinatesChart {
    /** The position of a run without a value for an axis; drawn in a slot a fixed distance below the axis. */
    static final double UNSET_POSITION = -1;
    /** Pixels from the axis bottom to the unset slot. */
    private static final double UNSET_GAP = 14;
    /**
     * Above this many lines they are drawn into a pixel buffer ({@link LineRaster}) except for SVG: Java2D's software
     * loops take about a second for 500 antialiased translucent polylines, too slow to follow a brush drag.
     */
    static final int VECTOR_MAX_LINES = 60;
    /** {@link #VECTOR_MAX_LINES}, changeable so {@link ParallelBench} can time the Java2D path it replaces. */
    static int vectorMaxLines = VECTOR_MAX_LINES;
    static final String UNSET_LABEL = "unset";
    private static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 12);
    private static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 10);

    /**
     * One run: its values by axis name (params as stored, text; "" or absent = unset) and its objective value.
     */
    public record Row(String id, String label, Map<String, String> values, double objective) {
        public Row {
            values = Map.copyOf(values);
        }
    }

    /**
     * A brushed range in data units: numbers [min, max] on a numeric axis, or the levels covered on a categorical one.
     *
     * @param objective whether this is the objective metric's axis (the last one)
     */
    public record Brush(String axis, boolean objective, boolean categorical, double min, double max, List<String> levels) {
        public Brush {
            levels = List.copyOf(levels);
        }
    }

    /** One axis: its name and how values map to positions in [0, 1] (0 = bottom). */
    static final class Scale {
        final String name;
        final boolean categorical;
        final boolean log;
        final double min;
        final double max;
        final List<String> levels;

        private Scale(String name, boolean categorical, boolean log, double min, double max, List<String> levels) {
            this.name = name;
            this.categorical = categorical;
            this.log = log;
            this.min = min;
            this.max = max;
            this.levels = levels;
        }

        static Scale of(String name, List<String> values) {
            List<String> present = values.stream().filter(v -> v != null && !v.isEmpty()).toList();
            double[] numbers = new double[present.size()];
            boolean numeric = !present.isEmpty();
            for (int i = 0; i < numbers.length && numeric; i++) {
                numbers[i] = number(present.get(i));
                numeric = Double.isFinite(numbers[i]);
            }
            if (!numeric) {
                // numbers-as-text sort by value, the rest by text
                List<String> levels = present.stream().distinct().sorted(Comparator.comparingDouble(ParallelCoordinatesChart::number)
                        .thenComparing(Comparator.naturalOrder())).toList();
                return new Scale(name, true, false, 0, Math.max(0, levels.size() - 1), levels);
            }
            double lo = Arrays.stream(numbers).min().orElse(0);
            double hi = Arrays.stream(numbers).max().orElse(1);
            return new Scale(name, false, prefersLog(numbers), lo, hi, List.of());
        }

        static Scale numeric(String name, double[] values) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (double v : values) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
            if (lo > hi) {
                lo = 0;
                hi = 1;
            }
            return new Scale(name, false, false, lo, hi, List.of());
        }

        double position(String text) {
            if (text == null || text.isEmpty()) {
                return UNSET_POSITION;
            }
            if (categorical) {
                int i = levels.indexOf(text);
                return i < 0 ? UNSET_POSITION : levels.size() == 1 ? 0.5 : i / (double) (levels.size() - 1);
            }
            return position(number(text));
        }

        double position(double v) {
            if (!Double.isFinite(v)) {
                return UNSET_POSITION;
            }
            if (max == min) {
                return 0.5;
            }
            return log ? (Math.log10(v) - Math.log10(min)) / (Math.log10(max) - Math.log10(min)) : (v - min) / (max - min);
        }

        double value(double position) {
            double p = Math.clamp(position, 0.0, 1.0);
            if (max == min) {
                return min;
            }
            return log ? Math.pow(10, Math.log10(min) + p * (Math.log10(max) - Math.log10(min))) : min + p * (max - min);
        }
    }

    private final List<Row> rows;
    private final List<Scale> scales;
    private final boolean maximize;
    private Palette.Theme theme;
    /** Position of each row on each axis, [row][axis]. */
    private final double[][] positions;
    /** Objective goodness in [0, 1] by rank, 1 = best; NaN when the run has no objective value. */
    private final double[] goodness;
    private final double[] sortedObjectives;
    private final int best;
    private final Map<Integer, double[]> brushes = new TreeMap<>();
    private final List<Runnable> brushListeners = new CopyOnWriteArrayList<>();
    private final ParallelPlot plot;
    private final JFreeChart chart;
    // geometry of the last drawing, for mouse mapping
    private double drawnLeft = Double.NaN;
    private double drawnSpacing;
    private double drawnTop;
    private double drawnBottom;

    private ParallelCoordinatesChart(List<Row> rows, List<Scale> scales, boolean maximize, Palette.Theme theme) {
        this.rows = List.copyOf(rows);
        this.scales = List.copyOf(scales);
        this.maximize = maximize;
        this.theme = theme;
        int n = rows.size();
        int axes = scales.size();
        positions = new double[n][axes];
        for (int r = 0; r < n; r++) {
            Row row = rows.get(r);
            for (int a = 0; a < axes - 1; a++) {
                positions[r][a] = scales.get(a).position(row.values().get(scales.get(a).name));
            }
            positions[r][axes - 1] = scales.get(axes - 1).position(row.objective());
        }
        // colour by rank, not value: objectives bunch near the best (most trials of a good sweep are good), and
        // a linear map would paint them all one colour
        sortedObjectives = rows.stream().mapToDouble(Row::objective).filter(Double::isFinite).sorted().toArray();
        goodness = new double[n];
        int bestRow = -1;
        for (int r = 0; r < n; r++) {
            goodness[r] = goodness(rows.get(r).objective());
            if (!Double.isNaN(goodness[r]) && (bestRow < 0 || goodness[r] > goodness[bestRow])) {
                bestRow = r;
            }
        }
        best = bestRow;
        plot = new ParallelPlot();
        chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        chart.setBackgroundPaint(theme.background());
        chart.setPadding(new RectangleInsets(4, 4, 4, 4));
        chart.setAntiAlias(true);
    }

    /**
     * @param params    the param axes, left to right (the objective's axis comes last)
     * @param objective the objective metric's name, the last axis
     * @param maximize  whether larger objective values are better (they get the bright end of the colours)
     */
    public static ParallelCoordinatesChart create(List<String> params, String objective, boolean maximize, List<Row> rows,
                                                  Palette.Theme theme) {
        List<Scale> scales = new ArrayList<>(params.size() + 1);
        for (String p : params) {
            scales.add(Scale.of(p, rows.stream().map(r -> r.values().getOrDefault(p, "")).toList()));
        }
        scales.add(Scale.numeric(objective, rows.stream().mapToDouble(Row::objective).toArray()));
        return new ParallelCoordinatesChart(rows, scales, maximize, theme);
    }

    public JFreeChart chart() {
        return chart;
    }

    /** The colours drawn now. */
    public Palette.Theme theme() {
        return theme;
    }

    /** Redraws in other colours, keeping the brushes (the app's theme was switched). */
    public void setTheme(Palette.Theme theme) {
        this.theme = java.util.Objects.requireNonNull(theme, "theme");
        chart.setBackgroundPaint(theme.background());
        plot.setBackgroundPaint(theme.background());
        plot.changed();
    }

    /** Axis names, left to right: the params, then the objective. */
    public List<String> axisNames() {
        return scales.stream().map(s -> s.name).toList();
    }

    public int axisCount() {
        return scales.size();
    }

    /** How many polylines (runs) the chart draws, selected or not. */
    public int lineCount() {
        return rows.size();
    }

    public List<Row> rows() {
        return rows;
    }

    public boolean isCategorical(int axis) {
        return scales.get(axis).categorical;
    }

    public boolean isLog(int axis) {
        return scales.get(axis).log;
    }

    /** The levels of a categorical axis, bottom to top. */
    public List<String> levels(int axis) {
        return scales.get(axis).levels;
    }

    public boolean maximize() {
        return maximize;
    }

    /** The row with the best objective value, or -1 when no run has one. */
    public int bestRow() {
        return best;
    }

    /** The axis drawn nearest x in the last drawing, or -1 when x is between axes or nothing was drawn yet. */
    public int axisAt(double x) {
        if (Double.isNaN(drawnLeft)) {
            return -1;
        }
        int n = scales.size();
        int i = n == 1 ? 0 : (int) Math.round((x - drawnLeft) / drawnSpacing);
        if (i < 0 || i >= n) {
            return -1;
        }
        double axisX = drawnLeft + i * drawnSpacing;
        return Math.abs(x - axisX) <= Math.max(12, (n == 1 ? 40 : drawnSpacing) / 3) ? i : -1;
    }

    /** The position (0 = axis bottom, 1 = top, clamped) of y in the last drawing. */
    public double positionAt(double y) {
        if (Double.isNaN(drawnLeft) || drawnBottom <= drawnTop) {
            return 0;
        }
        return Math.clamp((drawnBottom - y) / (drawnBottom - drawnTop), 0.0, 1.0);
    }

    /** Keeps runs whose position on axis lies in [from, to] (positions, either order); redraws. */
    public void brush(int axis, double from, double to) {
        double lo = Math.clamp(Math.min(from, to), 0.0, 1.0);
        double hi = Math.clamp(Math.max(from, to), 0.0, 1.0);
        brushes.put(axis, new double[] {lo, hi});
        changed();
    }

    /** Brushes axis to the data range [min, max] (numeric axes). */
    public void brushValues(int axis, double min, double max) {
        Scale s = scales.get(axis);
        brush(axis, s.position(min), s.position(max));
    }

    public void clearBrush(int axis) {
        if (brushes.remove(axis) != null) {
            changed();
        }
    }

    public void clearBrushes() {
        if (!brushes.isEmpty()) {
            brushes.clear();
            changed();
        }
    }

    /** Called after every brush change, on the thread that changed it. */
    public void addBrushListener(Runnable listener) {
        brushListeners.add(listener);
    }

    /** The brushed ranges in data units, left to right. */
    public List<Brush> brushes() {
        List<Brush> out = new ArrayList<>();
        brushes.forEach((axis, range) -> {
            Scale s = scales.get(axis);
            boolean objective = axis == scales.size() - 1;
            if (s.categorical) {
                List<String> in = new ArrayList<>();
                for (String level : s.levels) {
                    double p = s.position(level);
                    if (p >= range[0] && p <= range[1]) {
                        in.add(level);
                    }
                }
                out.add(new Brush(s.name, objective, true, Double.NaN, Double.NaN, in));
            } else {
                out.add(new Brush(s.name, objective, false, s.value(range[0]), s.value(range[1]), List.of()));
            }
        });
        return out;
    }

    /** Rows inside every brushed range (all rows when nothing is brushed), in row order. */
    public List<Integer> selected() {
        List<Integer> out = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            if (isSelected(r)) {
                out.add(r);
            }
        }
        return out;
    }

    /** Ids of the selected rows. */
    public List<String> selectedIds() {
        return selected().stream().map(r -> rows.get(r).id()).toList();
    }

    private boolean isSelected(int row) {
        for (Map.Entry<Integer, double[]> e : brushes.entrySet()) {
            double p = positions[row][e.getKey()];
            if (p == UNSET_POSITION || p < e.getValue()[0] || p > e.getValue()[1]) {
                return false;
            }
        }
        return true;
    }

    /** The share of finite objectives below v (ties count half), turned so 1 is the best end. */
    private double goodness(double v) {
        int m = sortedObjectives.length;
        if (!Double.isFinite(v) || m == 0) {
            return Double.NaN;
        }
        if (m == 1) {
            return 1;
        }
        int below = lowerBound(sortedObjectives, v);
        int upTo = lowerBound(sortedObjectives, Math.nextUp(v));
        double rank = Math.clamp((below + (upTo - below - 1) / 2.0) / (m - 1), 0.0, 1.0);
        return maximize ? rank : 1 - rank;
    }

    private static int lowerBound(double[] sorted, double v) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private void changed() {
        plot.changed();
        brushListeners.forEach(Runnable::run);
    }

    /**
     * Whether values read better on a log scale: all positive, spanning two decades or more, and bunched at the low
     * end of a linear scale (at least 40% in its lowest tenth), as a log-uniform learning rate is; a uniform dropout
     * from 0.002 to 0.5 spans decades too but is spread evenly and stays linear.
     */
    public static boolean prefersLog(double[] values) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        int n = 0;
        for (double v : values) {
            if (Double.isFinite(v)) {
                if (!(v > 0)) {
                    return false;
                }
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
                n++;
            }
        }
        if (n < 2 || hi / lo < 100) {
            return false;
        }
        double cut = lo + 0.1 * (hi - lo);
        int low = 0;
        for (double v : values) {
            if (Double.isFinite(v) && v < cut) {
                low++;
            }
        }
        return low >= 0.4 * n;
    }

    /** Line opacity for n lines: opaque for a few, faint for hundreds so density shows instead of a solid mass. */
    static float lineAlpha(int n) {
        return (float) Math.clamp(0.9 * Math.sqrt(30.0 / Math.max(1, n)), 0.22, 0.9);
    }

    static double number(String text) {
        if (text == null) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** A short label for a number: 4 significant digits, scientific below 0.001 and from 100,000. */
    public static String format(double v) {
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        String s;
        if (a < 1e-3 || a >= 1e5) {
            s = String.format(java.util.Locale.ROOT, "%.2e", v).replaceFirst("\\.?0+e", "e").replace("e-0", "e-").replace("e+0", "e").replace("e+", "e");
        } else {
            s = new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
        }
        return s;
    }

    /** Tick values for a numeric scale: decades on a log axis, about five round numbers on a linear one. */
    static List<Double> ticks(Scale s) {
        List<Double> out = new ArrayList<>();
        if (s.max == s.min) {
            out.add(s.min);
            return out;
        }
        if (s.log) {
            for (int e = (int) Math.ceil(Math.log10(s.min) - 1e-9); e <= Math.floor(Math.log10(s.max) + 1e-9); e++) {
                out.add(Math.pow(10, e));
            }
            if (out.size() >= 2) {
                return out;
            }
            out.clear();
        }
        double step = niceStep((s.max - s.min) / 4);
        for (double t = Math.ceil(s.min / step) * step; t <= s.max + step * 1e-9; t += step) {
            out.add(Math.abs(t) < step * 1e-9 ? 0 : t);
        }
        if (out.size() < 2) {
            out.clear();
            out.add(s.min);
            out.add(s.max);
        }
        return out;
    }

    private static double niceStep(double raw) {
        double exp = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / exp;
        return (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * exp;
    }

    /** Draws the axes, lines and brushes; knows nothing of datasets, which JFreeChart's plots need only for their own drawing. */
    private final class ParallelPlot extends Plot {
        ParallelPlot() {
            setBackgroundPaint(theme.background());
            setOutlineVisible(false);
            setInsets(new RectangleInsets(0, 0, 0, 0));
        }

        void changed() {
            fireChangeEvent();
        }

        @Override
        public String getPlotType() {
            return "Parallel coordinates";
        }

        @Override
        public void draw(Graphics2D g2, Rectangle2D area, Point2D anchor, PlotState parentState, PlotRenderingInfo info) {
            if (info != null) {
                info.setPlotArea(area);
                info.setDataArea(area);
            }
            drawBackground(g2, area);
            int n = scales.size();
            g2.setFont(LABEL_FONT);
            FontMetrics labelMetrics = g2.getFontMetrics();
            g2.setFont(TICK_FONT);
            FontMetrics tickMetrics = g2.getFontMetrics();
            double rightRoom = Math.min(70, Math.max(30, widestTick(n - 1, tickMetrics) + 8));
            double left = area.getX() + 18;
            double right = area.getMaxX() - rightRoom;
            double spacing = n == 1 ? 0 : (right - left) / (n - 1);
            if (n == 1) {
                left = area.getCenterX();
            }
            boolean stagger = false;
            for (Scale s : scales) {
                stagger |= n > 1 && labelMetrics.stringWidth(s.name) > spacing - 6;
            }
            int lineHeight = labelMetrics.getHeight();
            double top = area.getY() + 10 + lineHeight * (stagger ? 2 : 1);
            double bottom = area.getMaxY() - 24;
            drawnLeft = left;
            drawnSpacing = spacing;
            drawnTop = top;
            drawnBottom = bottom;
            if (bottom <= top + 10) {
                return;
            }

            Object aa = g2.getRenderingHint(RenderingHints.KEY_ANTIALIASING);
            g2.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            drawLines(g2, area, left, spacing, top, bottom);
            for (int a = 0; a < n; a++) {
                drawAxis(g2, a, left + a * spacing, top, bottom, spacing, tickMetrics, a == n - 1 ? rightRoom : spacing);
            }
            drawBrushes(g2, left, spacing, top, bottom);
            drawLabels(g2, left, spacing, area.getY() + 4, stagger, labelMetrics, area);
            g2.setRenderingHint(RenderingHints.KEY_ANTIALIASING, aa);
        }

        private void drawLines(Graphics2D g2, Rectangle2D area, double left, double spacing, double top, double bottom) {
            int count = rows.size();
            float alpha = lineAlpha(count);
            boolean anyBrush = !brushes.isEmpty();
            List<Integer> context = new ArrayList<>();
            List<Integer> on = new ArrayList<>();
            for (int r = 0; r < count; r++) {
                (anyBrush && !isSelected(r) ? context : on).add(r);
            }
            // worst first, so the best runs are drawn on top; runs without an objective first of all
            on.sort(Comparator.comparingDouble(r -> Double.isNaN(goodness[r]) ? -1 : goodness[r]));
            float contextAlpha = Math.min(alpha, 0.5f);
            if (count > vectorMaxLines && !(g2 instanceof org.jfree.svg.SVGGraphics2D)) {
                int x0 = (int) Math.floor(area.getX());
                int y0 = (int) Math.floor(area.getY());
                LineRaster raster = new LineRaster((int) Math.ceil(area.getMaxX()) - x0, (int) Math.ceil(area.getMaxY()) - y0,
                        theme.background().getRGB());
                for (int r : context) {
                    rasterize(raster, r, theme.context().getRGB(), contextAlpha, left - x0, spacing, top - y0, bottom - y0);
                }
                for (int r : on) {
                    Color c = Double.isNaN(goodness[r]) ? theme.context() : Palette.sequential(goodness[r]);
                    rasterize(raster, r, c.getRGB(), alpha, left - x0, spacing, top - y0, bottom - y0);
                }
                g2.drawImage(raster.image(), x0, y0, null);
            } else {
                Composite composite = g2.getComposite();
                g2.setStroke(new BasicStroke(1f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                g2.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, contextAlpha));
                g2.setPaint(theme.context());
                for (int r : context) {
                    g2.draw(path(r, left, spacing, top, bottom));
                }
                g2.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, alpha));
                g2.setStroke(new BasicStroke(count > 100 ? 1f : 1.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                for (int r : on) {
                    g2.setPaint(Double.isNaN(goodness[r]) ? theme.context() : Palette.sequential(goodness[r]));
                    g2.draw(path(r, left, spacing, top, bottom));
                }
                g2.setComposite(composite);
            }
            if (best >= 0 && (!anyBrush || isSelected(best))) {
                Path2D path = path(best, left, spacing, top, bottom);
                g2.setStroke(new BasicStroke(4f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                g2.setPaint(theme.background());
                g2.draw(path);
                g2.setStroke(new BasicStroke(2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                g2.setPaint(theme.highlight());
                g2.draw(path);
            }
        }

        private void rasterize(LineRaster raster, int row, int rgb, double alpha, double left, double spacing, double top,
                               double bottom) {
            double[] p = positions[row];
            double px = left;
            double py = y(p[0], top, bottom);
            for (int a = 1; a < p.length; a++) {
                double x = left + a * spacing;
                double y = y(p[a], top, bottom);
                raster.line(px, py, x, y, rgb, alpha);
                px = x;
                py = y;
            }
        }

        private Path2D path(int row, double left, double spacing, double top, double bottom) {
            Path2D.Double path = new Path2D.Double();
            double[] p = positions[row];
            for (int a = 0; a < p.length; a++) {
                double x = left + a * spacing;
                double y = y(p[a], top, bottom);
                if (a == 0) {
                    path.moveTo(x, y);
                } else {
                    path.lineTo(x, y);
                }
            }
            return path;
        }

        private double widestTick(int axis, FontMetrics metrics) {
            double w = 0;
            for (String label : tickLabels(scales.get(axis)).keySet()) {
                w = Math.max(w, metrics.stringWidth(label));
            }
            return w;
        }

        /** Tick labels by position. */
        private Map<String, Double> tickLabels(Scale s) {
            Map<String, Double> out = new LinkedHashMap<>();
            if (s.categorical) {
                for (String level : s.levels) {
                    out.put(level, s.position(level));
                }
            } else {
                for (double t : ticks(s)) {
                    out.put(format(t), s.position(t));
                }
            }
            return out;
        }

        private void drawAxis(Graphics2D g2, int axis, double x, double top, double bottom, double spacing,
                              FontMetrics metrics, double room) {
            Scale s = scales.get(axis);
            boolean objective = axis == scales.size() - 1;
            if (objective) {
                // the objective axis doubles as the colour legend
                for (double y = top; y < bottom; y += 2) {
                    double value = s.value((bottom - y - 1) / (bottom - top));
                    double v = value < (sortedObjectives.length == 0 ? 0 : sortedObjectives[0]) ? Double.NaN : goodness(value);
                    g2.setPaint(Double.isNaN(v) ? Palette.sequential(maximize ? 0 : 1) : Palette.sequential(v));
                    g2.fill(new Rectangle2D.Double(x - 3, y, 6, Math.min(2, bottom - y)));
                }
            } else {
                g2.setPaint(theme.text());
                g2.setStroke(new BasicStroke(1.2f));
                g2.draw(new Line2D.Double(x, top, x, bottom));
            }
            g2.setFont(TICK_FONT);
            Map<String, Double> labels = tickLabels(s);
            // every k-th level label when they would overlap
            int every = Math.max(1, (int) Math.ceil(labels.size() * (metrics.getHeight() - 1) / Math.max(1, bottom - top)));
            int i = 0;
            double maxWidth = Math.max(20, room - 8);
            for (Map.Entry<String, Double> e : labels.entrySet()) {
                double y = bottom - e.getValue() * (bottom - top);
                g2.setPaint(theme.text());
                g2.setStroke(new BasicStroke(1f));
                g2.draw(new Line2D.Double(x - 3, y, x + 3, y));
                if (i++ % every == 0) {
                    String text = fit(e.getKey(), metrics, maxWidth);
                    haloText(g2, text, (float) (x + 5), (float) (y + metrics.getAscent() / 2.0 - 1), metrics);
                }
            }
            if (hasUnset(axis)) {
                double y = y(UNSET_POSITION, top, bottom);
                g2.setPaint(theme.text());
                g2.draw(new Line2D.Double(x - 3, y, x + 3, y));
                haloText(g2, fit(UNSET_LABEL, metrics, maxWidth), (float) (x + 5), (float) (y + metrics.getAscent() / 2.0 - 1), metrics);
            }
        }

        private boolean hasUnset(int axis) {
            for (double[] p : positions) {
                if (p[axis] == UNSET_POSITION) {
                    return true;
                }
            }
            return false;
        }

        private void haloText(Graphics2D g2, String text, float x, float y, FontMetrics metrics) {
            // an opaque backing: translucent fills take Java2D's slow loops, and the label must read over any line
            g2.setPaint(theme.background());
            g2.fill(new Rectangle2D.Double(x - 1, y - metrics.getAscent(), metrics.stringWidth(text) + 2, metrics.getHeight() - 1));
            g2.setPaint(theme.text());
            g2.drawString(text, x, y);
        }

        private void drawBrushes(Graphics2D g2, double left, double spacing, double top, double bottom) {
            Composite c = g2.getComposite();
            for (Map.Entry<Integer, double[]> e : brushes.entrySet()) {
                double x = left + e.getKey() * spacing;
                double y1 = bottom - e.getValue()[1] * (bottom - top);
                double y0 = bottom - e.getValue()[0] * (bottom - top);
                Rectangle2D box = new Rectangle2D.Double(x - 8, y1, 16, Math.max(2, y0 - y1));
                g2.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.25f));
                g2.setPaint(theme.highlight());
                g2.fill(box);
                g2.setComposite(c);
                g2.setStroke(new BasicStroke(1.2f));
                g2.draw(box);
            }
        }

        private void drawLabels(Graphics2D g2, double left, double spacing, double y, boolean stagger, FontMetrics metrics,
                                Rectangle2D area) {
            g2.setFont(LABEL_FONT);
            g2.setPaint(theme.text());
            int n = scales.size();
            for (int a = 0; a < n; a++) {
                double x = left + a * spacing;
                double room = n == 1 ? area.getWidth() : stagger ? 2 * spacing - 8 : spacing - 4;
                String text = fit(scales.get(a).name + (scales.get(a).log ? " (log)" : ""), metrics, room);
                double w = metrics.stringWidth(text);
                double tx = Math.clamp(x - w / 2, area.getX(), area.getMaxX() - w);
                double ty = y + metrics.getAscent() + (stagger && a % 2 == 1 ? metrics.getHeight() : 0);
                g2.drawString(text, (float) tx, (float) ty);
            }
        }

        private static double y(double position, double top, double bottom) {
            return position == UNSET_POSITION ? bottom + UNSET_GAP : bottom - position * (bottom - top);
        }

        /** text cut with an ellipsis to fit width. */
        private static String fit(String text, FontMetrics metrics, double width) {
            if (metrics.stringWidth(text) <= width) {
                return text;
            }
            for (int end = text.length() - 1; end > 0; end--) {
                String cut = text.substring(0, end) + "…";
                if (metrics.stringWidth(cut) <= width) {
                    return cut;
                }
            }
            return "…";
        }
    }
}
