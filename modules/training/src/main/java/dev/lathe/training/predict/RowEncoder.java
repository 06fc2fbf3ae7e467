package dev.lathe.training.predict;

import dev.lathe.training.tabular.FeatureSpec;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Encodes request rows (column -> number or text) exactly as {@code FeatureEncoder} encodes table columns, but
 * checks each value on its own so an error can name the row and column it came from.
 */
final class RowEncoder {
    /** The CSV reader's missing markers: a request may send the same cells a CSV file holds. */
    private static final Set<String> MISSING = Set.of("", "na", "n/a", "nan", "null");
    /** Names listed in a missing-column message before "and N more". */
    private static final int NAMES_SHOWN = 20;

    private final List<FeatureSpec> features;
    private final List<Map<String, Integer>> levelIndex = new ArrayList<>();
    private final int width;

    RowEncoder(List<FeatureSpec> features) {
        this.features = List.copyOf(features);
        int w = 0;
        for (FeatureSpec f : this.features) {
            Map<String, Integer> index = new HashMap<>();
            if (!f.isNumeric()) {
                for (int i = 0; i < f.levels().size(); i++) {
                    index.put(f.levels().get(i), i);
                }
            }
            levelIndex.add(index);
            w += f.width();
        }
        this.width = w;
    }

    int width() {
        return width;
    }

    double[][] encode(List<? extends Map<String, ?>> rows) {
        double[][] out = new double[rows.size()][width];
        for (int r = 0; r < rows.size(); r++) {
            Map<String, ?> row = rows.get(r);
            if (row == null) {
                throw new PredictionException("row " + r + " is empty (null); send one value per column: " + names());
            }
            int offset = 0;
            for (int f = 0; f < features.size(); f++) {
                FeatureSpec spec = features.get(f);
                if (!row.containsKey(spec.name())) {
                    throw new PredictionException("row " + r + ": missing column '" + spec.name()
                            + "' (the model needs: " + names() + ")");
                }
                Object value = row.get(spec.name());
                if (spec.isNumeric()) {
                    double v = number(value, r, spec.name());
                    out[r][offset] = Double.isNaN(v) ? 0.0 : (v - spec.mean()) / spec.std();
                } else {
                    String level = text(value);
                    Integer index = level == null ? null : levelIndex.get(f).get(level);
                    if (index != null) {
                        out[r][offset + index] = 1.0;
                    }
                }
                offset += spec.width();
            }
        }
        return out;
    }

    /** The value as a number; NaN for a missing one (null, empty, NA, N/A, NaN, null). */
    private static double number(Object value, int row, String column) {
        return switch (value) {
            case null -> Double.NaN;
            case Number n -> {
                double v = n.doubleValue();
                if (Double.isInfinite(v)) {
                    throw notANumber(row, column, value);
                }
                yield v;
            }
            case String s -> {
                String t = s.strip();
                if (isMissing(t)) {
                    yield Double.NaN;
                }
                if (!isPlainNumber(t)) {
                    throw notANumber(row, column, value);
                }
                yield Double.parseDouble(t);
            }
            default -> throw notANumber(row, column, value);
        };
    }

    private static PredictionException notANumber(int row, String column, Object value) {
        return new PredictionException("row " + row + ", column '" + column + "': '" + value + "' is not a number");
    }

    /** The value as a level name; null for a missing one. A number is rendered as a CSV file would hold it. */
    private static String text(Object value) {
        String t = switch (value) {
            case null -> null;
            case String s -> s.strip();
            case Double d when d == Math.rint(d) && Math.abs(d) < 1e15 -> Long.toString(d.longValue());
            case Float d when d == Math.rint(d) && Math.abs(d) < 1e7 -> Long.toString(d.longValue());
            case BigDecimal b -> b.stripTrailingZeros().toPlainString();
            default -> value.toString();
        };
        return t == null || isMissing(t) ? null : t;
    }

    private static boolean isMissing(String s) {
        return s.length() <= 4 && MISSING.contains(s.toLowerCase(Locale.ROOT));
    }

    /**
     * A plain decimal as the CSV reader accepts it: [+-] digits [. digits] [e [+-] digits]. Java's parser alone
     * would also take "Infinity", hex floats and a "d" suffix.
     */
    static boolean isPlainNumber(String s) {
        int n = s.length();
        int i = 0;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        int digits = 0;
        while (i < n && Character.isDigit(s.charAt(i))) {
            i++;
            digits++;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && Character.isDigit(s.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int exponent = 0;
            while (i < n && Character.isDigit(s.charAt(i))) {
                i++;
                exponent++;
            }
            if (exponent == 0) {
                return false;
            }
        }
        return i == n;
    }

    private String names() {
        List<String> names = features.stream().map(FeatureSpec::name).toList();
        if (names.size() <= NAMES_SHOWN) {
            return String.join(", ", names);
        }
        return String.join(", ", names.subList(0, NAMES_SHOWN)) + " and " + (names.size() - NAMES_SHOWN) + " more";
    }
}
