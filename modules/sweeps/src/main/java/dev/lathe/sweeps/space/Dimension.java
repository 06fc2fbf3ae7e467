package dev.lathe.sweeps.space;

import dev.lathe.training.Params;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * One hyperparameter's distribution, with W&B's sweep semantics (docs/sweeps.md). Values are Long for integer
 * kinds (int_uniform, and q_* with a whole q), Double for continuous kinds, and the listed value (Long, Double,
 * String or Boolean) for constant and categorical.
 *
 * <p>Every kind maps the unit interval onto its values ({@link #fromUnit}, the inverse CDF) and back
 * ({@link #toUnit}, the CDF): Sobol draws points in the unit cube, and TPE models the observed values there, which
 * for uniform and log-uniform kinds is exactly Optuna's linear or log space rescaled to [0, 1].
 */
public sealed interface Dimension {
    /** The largest grid a single dimension may contribute. */
    int MAX_GRID_VALUES = 10_000;

    /** The W&B distribution name (legacy exponent forms report their _values equivalent). */
    String distribution();

    /** A random value: the inverse CDF at a uniform draw, for every kind that does not say otherwise. */
    default Object sample(RandomGenerator rng) {
        return fromUnit(rng.nextDouble());
    }

    /** The value at quantile u in [0, 1); u outside is clamped. */
    Object fromUnit(double u);

    /**
     * Where a value sits in [0, 1]: the CDF for continuous kinds, the middle of its bin for integer and categorical
     * kinds. Accepts the value's text too (as stored with a run); NaN when the value does not belong here.
     */
    double toUnit(Object value);

    /** True when values are Longs. */
    boolean integral();

    /** True when the values form a finite set a grid can enumerate (at most {@link #MAX_GRID_VALUES}). */
    default boolean isDiscrete() {
        return false;
    }

    /**
     * Every value, in increasing order (listed order for categorical).
     *
     * @throws IllegalStateException when the kind is continuous, unbounded or too large for a grid
     */
    default List<Object> gridValues() {
        throw new IllegalStateException(distribution() + " is continuous: a grid needs values or int_uniform/q_* ranges");
    }

    /** How a value is passed to a trainer: Long "32", Double shortest round-trip ("0.001", "1e-05"), text as is. */
    static String format(Object value) {
        return switch (value) {
            case null -> "";
            case Double d -> formatDouble(d);
            case Float f -> formatDouble(f.doubleValue());
            case BigDecimal b -> b.stripTrailingZeros().toPlainString();
            case Number n -> n.toString();
            default -> value.toString();
        };
    }

    // ---- the kinds ----------------------------------------------------------------------------------------------

    record Constant(Object value) implements Dimension {
        public Constant {
            Objects.requireNonNull(value, "value");
        }

        public String distribution() {
            return "constant";
        }

        public Object sample(RandomGenerator rng) {
            return value;
        }

        public Object fromUnit(double u) {
            return value;
        }

        public double toUnit(Object v) {
            return format(v).equals(format(value)) ? 0.5 : Double.NaN;
        }

        public boolean integral() {
            return value instanceof Long;
        }

        @Override
        public boolean isDiscrete() {
            return true;
        }

        @Override
        public List<Object> gridValues() {
            return List.of(value);
        }
    }

    /** Equally likely values; any mix of Long, Double, String and Boolean. */
    record Categorical(List<Object> values) implements Dimension {
        public Categorical {
            values = List.copyOf(values);
            if (values.isEmpty()) {
                throw new IllegalArgumentException("categorical needs at least one value");
            }
        }

        public String distribution() {
            return "categorical";
        }

        public Object sample(RandomGenerator rng) {
            return values.get(rng.nextInt(values.size()));
        }

        public Object fromUnit(double u) {
            return values.get(bin(u, values.size()));
        }

        public double toUnit(Object v) {
            int index = indexOf(v);
            return index < 0 ? Double.NaN : (index + 0.5) / values.size();
        }

        /** The position of a value (compared by its text, so "32" matches 32L), or -1. */
        public int indexOf(Object v) {
            String text = format(v);
            for (int i = 0; i < values.size(); i++) {
                if (format(values.get(i)).equals(text)) {
                    return i;
                }
            }
            return -1;
        }

        public boolean integral() {
            return values.stream().allMatch(Long.class::isInstance);
        }

        @Override
        public boolean isDiscrete() {
            return true;
        }

        @Override
        public List<Object> gridValues() {
            return values;
        }
    }

    /** Every integer in [min, max], equally likely. */
    record IntUniform(long min, long max) implements Dimension {
        public IntUniform {
            if (min > max) {
                throw new IllegalArgumentException("min " + min + " is above max " + max);
            }
        }

        public String distribution() {
            return "int_uniform";
        }

        public Object fromUnit(double u) {
            return min + bin(u, count());
        }

        public double toUnit(Object v) {
            double x = number(v);
            if (Double.isNaN(x) || x < min || x > max) {
                return Double.NaN;
            }
            return (Math.rint(x) - min + 0.5) / count();
        }

        private long count() {
            return max - min + 1;
        }

        public boolean integral() {
            return true;
        }

        @Override
        public boolean isDiscrete() {
            return count() <= MAX_GRID_VALUES;
        }

        @Override
        public List<Object> gridValues() {
            checkGrid(count(), distribution());
            List<Object> all = new ArrayList<>();
            for (long v = min; v <= max; v++) {
                all.add(v);
            }
            return List.copyOf(all);
        }
    }

    /** Uniform on [min, max]. */
    record Uniform(double min, double max) implements Dimension {
        public String distribution() {
            return "uniform";
        }

        public Object fromUnit(double u) {
            return Math.min(max, min + unit(u) * (max - min));
        }

        public double toUnit(Object v) {
            return clampUnit((number(v) - min) / (max - min));
        }

        public boolean integral() {
            return false;
        }
    }

    /** round(U(min, max) / q) * q, kept within [min, max]: the multiples of q in the range. */
    record QUniform(double min, double max, double q) implements Dimension {
        public String distribution() {
            return "q_uniform";
        }

        public Object fromUnit(double u) {
            return quantize(min + unit(u) * (max - min), q, min, max);
        }

        public double toUnit(Object v) {
            return clampUnit((number(v) - min) / (max - min));
        }

        public boolean integral() {
            return isWhole(q);
        }

        @Override
        public boolean isDiscrete() {
            return multiplesIn(min, max, q) <= MAX_GRID_VALUES;
        }

        @Override
        public List<Object> gridValues() {
            return multiplesOf(q, min, max, distribution());
        }
    }

    /**
     * exp(U(log min, log max)): W&B's log_uniform_values (and its legacy log_uniform, whose exponents the parser
     * turns into values).
     */
    record LogUniform(double min, double max) implements Dimension {
        public String distribution() {
            return "log_uniform_values";
        }

        public Object fromUnit(double u) {
            return logUniform(u, min, max);
        }

        public double toUnit(Object v) {
            return logUnit(number(v), min, max);
        }

        public boolean integral() {
            return false;
        }
    }

    /** round(exp(U(log min, log max)) / q) * q, kept within [min, max]. */
    record QLogUniform(double min, double max, double q) implements Dimension {
        public String distribution() {
            return "q_log_uniform_values";
        }

        public Object fromUnit(double u) {
            return quantize(logUniform(u, min, max), q, min, max);
        }

        public double toUnit(Object v) {
            return logUnit(number(v), min, max);
        }

        public boolean integral() {
            return isWhole(q);
        }

        @Override
        public boolean isDiscrete() {
            return multiplesIn(min, max, q) <= MAX_GRID_VALUES;
        }

        @Override
        public List<Object> gridValues() {
            return multiplesOf(q, min, max, distribution());
        }
    }

    /**
     * 1/X with X log-uniform between 1/max and 1/min (W&B's inv_log_uniform_values). log(1/X) is then uniform
     * between log min and log max, so this is the same distribution as log_uniform_values; W&B keeps both names.
     */
    record InvLogUniform(double min, double max) implements Dimension {
        public String distribution() {
            return "inv_log_uniform_values";
        }

        public Object fromUnit(double u) {
            // W&B's ppf: exp(-(log(1/max) + (1 - u) * (log(1/min) - log(1/max)))), increasing in u
            double x = 1 / Math.exp(-Math.log(max) + (1 - unit(u)) * (Math.log(max) - Math.log(min)));
            return Math.max(min, Math.min(max, x));
        }

        public double toUnit(Object v) {
            return logUnit(number(v), min, max);
        }

        public boolean integral() {
            return false;
        }
    }

    record Normal(double mu, double sigma) implements Dimension {
        public String distribution() {
            return "normal";
        }

        public Object sample(RandomGenerator rng) {
            return rng.nextGaussian(mu, sigma);
        }

        public Object fromUnit(double u) {
            return mu + sigma * StdNormal.inverse(u);
        }

        public double toUnit(Object v) {
            return StdNormal.cdf((number(v) - mu) / sigma);
        }

        public boolean integral() {
            return false;
        }
    }

    /** round(N(mu, sigma) / q) * q. */
    record QNormal(double mu, double sigma, double q) implements Dimension {
        public String distribution() {
            return "q_normal";
        }

        public Object sample(RandomGenerator rng) {
            return quantize(rng.nextGaussian(mu, sigma), q, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
        }

        public Object fromUnit(double u) {
            return quantize(mu + sigma * StdNormal.inverse(u), q, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
        }

        public double toUnit(Object v) {
            return StdNormal.cdf((number(v) - mu) / sigma);
        }

        public boolean integral() {
            return isWhole(q);
        }
    }

    /** exp(N(mu, sigma)): mu and sigma are those of the value's logarithm. */
    record LogNormal(double mu, double sigma) implements Dimension {
        public String distribution() {
            return "log_normal";
        }

        public Object sample(RandomGenerator rng) {
            return Math.exp(rng.nextGaussian(mu, sigma));
        }

        public Object fromUnit(double u) {
            return Math.exp(mu + sigma * StdNormal.inverse(u));
        }

        public double toUnit(Object v) {
            double x = number(v);
            return x > 0 ? StdNormal.cdf((Math.log(x) - mu) / sigma) : Double.NaN;
        }

        public boolean integral() {
            return false;
        }
    }

    /** round(exp(N(mu, sigma)) / q) * q. */
    record QLogNormal(double mu, double sigma, double q) implements Dimension {
        public String distribution() {
            return "q_log_normal";
        }

        public Object sample(RandomGenerator rng) {
            return quantize(Math.exp(rng.nextGaussian(mu, sigma)), q, 0, Double.POSITIVE_INFINITY);
        }

        public Object fromUnit(double u) {
            return quantize(Math.exp(mu + sigma * StdNormal.inverse(u)), q, 0, Double.POSITIVE_INFINITY);
        }

        public double toUnit(Object v) {
            double x = number(v);
            // a value quantized down to 0 sits at the bottom of the distribution
            return x > 0 ? StdNormal.cdf((Math.log(x) - mu) / sigma) : x == 0 ? 0 : Double.NaN;
        }

        public boolean integral() {
            return isWhole(q);
        }
    }

    // ---- shared arithmetic --------------------------------------------------------------------------------------

    private static double unit(double u) {
        return Double.isNaN(u) ? 0 : Math.max(0, Math.min(Math.nextDown(1.0), u));
    }

    private static double clampUnit(double u) {
        return Double.isNaN(u) ? Double.NaN : Math.max(0, Math.min(1, u));
    }

    private static int bin(double u, long count) {
        return (int) Math.min(count - 1, (long) Math.floor(unit(u) * count));
    }

    private static double logUniform(double u, double min, double max) {
        double x = Math.exp(Math.log(min) + unit(u) * (Math.log(max) - Math.log(min)));
        return Math.max(min, Math.min(max, x));
    }

    private static double logUnit(double x, double min, double max) {
        return x > 0 ? clampUnit((Math.log(x) - Math.log(min)) / (Math.log(max) - Math.log(min))) : Double.NaN;
    }

    /** A number from a value or its text (history params may come back as stored strings); NaN otherwise. */
    private static double number(Object v) {
        return switch (v) {
            case Number n -> n.doubleValue();
            case String s -> {
                try {
                    yield Double.parseDouble(s.strip());
                } catch (NumberFormatException e) {
                    yield Double.NaN;
                }
            }
            case null, default -> Double.NaN;
        };
    }

    private static boolean isWhole(double q) {
        return q == Math.rint(q) && Math.abs(q) < 0x1p52;
    }

    /**
     * round(x / q) * q (half to even, as numpy), moved to the nearest multiple of q inside [lo, hi]. The product
     * goes through BigDecimal so 3 * 0.1 gives 0.3, not 0.30000000000000004; a whole q gives a Long.
     */
    private static Object quantize(double x, double q, double lo, double hi) {
        double k = Math.rint(x / q);
        k = Math.max(k, firstMultiple(lo, q));
        k = Math.min(k, lastMultiple(hi, q));
        return multiple(k, q);
    }

    private static Object multiple(double k, double q) {
        if (isWhole(q)) {
            return (long) k * (long) q;
        }
        return BigDecimal.valueOf(k).multiply(BigDecimal.valueOf(q)).doubleValue();
    }

    // a small tolerance so min = 0.3 with q = 0.1 counts 0.3 as a multiple despite 0.3 / 0.1 = 2.9999999999999996
    private static double firstMultiple(double lo, double q) {
        return Double.isInfinite(lo) ? Double.NEGATIVE_INFINITY : Math.ceil(lo / q - 1e-9);
    }

    private static double lastMultiple(double hi, double q) {
        return Double.isInfinite(hi) ? Double.POSITIVE_INFINITY : Math.floor(hi / q + 1e-9);
    }

    /** How many multiples of q lie in [lo, hi] (0 when none: the parser refuses such a range). */
    static double multiplesIn(double lo, double hi, double q) {
        return Math.max(0, lastMultiple(hi, q) - firstMultiple(lo, q) + 1);
    }

    private static List<Object> multiplesOf(double q, double lo, double hi, String kind) {
        double count = multiplesIn(lo, hi, q);
        checkGrid(count, kind);
        List<Object> all = new ArrayList<>();
        for (double k = firstMultiple(lo, q); k <= lastMultiple(hi, q); k++) {
            all.add(multiple(k, q));
        }
        return List.copyOf(all);
    }

    private static void checkGrid(double count, String kind) {
        if (count > MAX_GRID_VALUES) {
            throw new IllegalStateException(kind + " has " + (long) count
                    + " values, more than a grid takes (" + MAX_GRID_VALUES + ")");
        }
    }

    private static String formatDouble(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return Double.toString(d);
        }
        // Lathe's canonical number text, as runs record params: "0.001", "10", "1e-05"; it round-trips exactly
        return Params.format(d);
    }
}
