package dev.lathe.app.compare;

import dev.lathe.charts.ParallelCoordinatesChart;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Turns brushed ranges of the parallel-coordinates chart into runs-table filter text (the language of
 * {@code dev.lathe.workspace.query.RunFilter}): {@code params.lr >= 0.001 and params.lr <= 0.01 and params.optimizer
 * in ("adam", "sgd") and metrics.val_accuracy >= 0.9}. Bounds are rounded outward to 4 significant digits, so the
 * text stays short and every brushed run still matches.
 */
public final class BrushFilter {
    /** What the filter language reads as one field name (see its tokenizer). */
    private static final Pattern FIELD_KEY = Pattern.compile("[\\p{L}\\p{N}_.\\-:+]+");
    private static final MathContext DIGITS = new MathContext(4);

    private BrushFilter() {
    }

    /**
     * The filter for these brushes; "" when there are none. Axes whose name the language cannot spell as a field
     * (a space or a slash in a param name), and brushes between two levels that hold none, are left out and listed
     * in {@link Text#skipped()}.
     */
    public static Text of(List<ParallelCoordinatesChart.Brush> brushes) {
        List<String> parts = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (ParallelCoordinatesChart.Brush b : brushes) {
            if (!FIELD_KEY.matcher(b.axis()).matches()) {
                skipped.add(b.axis());
                continue;
            }
            String field = (b.objective() ? "metrics." : "params.") + b.axis();
            if (b.categorical()) {
                if (b.levels().isEmpty()) {
                    // a brush between two levels holds no run and has no text in the language
                    skipped.add(b.axis());
                } else if (b.levels().size() == 1) {
                    parts.add(field + " = " + quote(b.levels().getFirst()));
                } else {
                    parts.add(field + " in (" + String.join(", ", b.levels().stream().map(BrushFilter::quote).toList()) + ")");
                }
            } else {
                parts.add(field + " >= " + round(b.min(), RoundingMode.FLOOR) + " and " + field + " <= " + round(b.max(), RoundingMode.CEILING));
            }
        }
        return new Text(String.join(" and ", parts), List.copyOf(skipped));
    }

    /** Filter text and the brushed axes it could not name. */
    public record Text(String filter, List<String> skipped) {
    }

    static String round(double v, RoundingMode mode) {
        if (v == 0) {
            return "0";
        }
        BigDecimal exact = new BigDecimal(v);
        BigDecimal nearest = exact.round(DIGITS);
        // a bound that is a short number up to floating-point noise (10^log10(0.01)) stays that number
        BigDecimal d = Math.abs(nearest.doubleValue() - v) <= 1e-9 * Math.abs(v) ? nearest
                : exact.round(new MathContext(DIGITS.getPrecision(), mode));
        d = d.stripTrailingZeros();
        // plain notation: the filter language reads 1E-4 as a word, not a number
        return d.toPlainString();
    }

    static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
