package dev.lathe.app;

import dev.lathe.core.RunStatus;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How numbers, times and counts read in the app. Locale.ROOT: metric values must not change with the locale. */
public final class Formats {
    private static final MathContext FOUR_DIGITS = new MathContext(4, RoundingMode.HALF_UP);
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

    private Formats() {
    }

    /** "1 run", "4 runs". */
    public static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** A metric value to 4 significant digits: 0.9312, 12.5, 1.235e+07. */
    public static String metric(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "∞" : "-∞";
        }
        if (value == 0) {
            return "0";
        }
        double magnitude = Math.abs(value);
        if (magnitude >= 1e-3 && magnitude < 1e6) {
            return BigDecimal.valueOf(value).round(FOUR_DIGITS).stripTrailingZeros().toPlainString();
        }
        return String.format(Locale.ROOT, "%.3e", value);
    }

    /**
     * A param value for a table cell: numbers written with many digits (a sampled learning rate, say) shortened to 4
     * significant digits like metrics; integers, short decimals and text as they are.
     */
    public static String param(String value) {
        if (value == null || value.length() <= 8 || !value.matches("[-+]?\\d*\\.\\d+([eE][-+]?\\d+)?")) {
            return value;
        }
        return metric(Double.parseDouble(value));
    }

    /** "850 ms", "42s", "3m 05s", "1h 02m", "2d 03h". */
    public static String duration(Duration d) {
        if (d == null) {
            return "";
        }
        long ms = Math.max(0, d.toMillis());
        long s = ms / 1000;
        if (s < 1) {
            return ms + " ms";
        }
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return "%dm %02ds".formatted(s / 60, s % 60);
        }
        if (s < 86400) {
            return "%dh %02dm".formatted(s / 3600, s % 3600 / 60);
        }
        return "%dd %02dh".formatted(s / 86400, s % 86400 / 3600);
    }

    public static String dateTime(Instant t, ZoneId zone) {
        return t == null ? "" : DATE_TIME.format(t.atZone(zone));
    }

    /** "Finished", "Running". */
    public static String status(RunStatus status) {
        String name = status.name();
        return name.charAt(0) + name.substring(1).toLowerCase(Locale.ROOT);
    }
}
