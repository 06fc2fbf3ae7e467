package dev.lathe.training;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * A trainer's hyperparameters after checking what a user gave against its {@link ParamSpec}s and filling in
 * the defaults. Iteration order is the order of the specs.
 */
public final class Params {
    private final String trainer;
    private final Map<String, Object> values;
    private final Map<String, String> strings;

    private Params(String trainer, Map<String, Object> values, Map<String, String> strings) {
        this.trainer = trainer;
        this.values = Collections.unmodifiableMap(values);
        this.strings = Collections.unmodifiableMap(strings);
    }

    /**
     * Checks the given params (name to text, as typed on a command line) against the specs.
     *
     * @throws TrainingException for an unknown name, a value of the wrong type, out of range or not among the
     *                           choices; the message names the param, the value and what is allowed
     */
    public static Params resolve(String trainer, List<ParamSpec> specs, Map<String, String> given) {
        given = given == null ? Map.of() : given;
        Map<String, ParamSpec> byName = new LinkedHashMap<>();
        specs.forEach(s -> byName.put(s.name(), s));
        for (String name : given.keySet()) {
            if (!byName.containsKey(name)) {
                throw new TrainingException("unknown param '" + name + "' for trainer " + trainer + " (known: "
                        + String.join(", ", new TreeSet<>(byName.keySet())) + ")");
            }
        }
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, String> strings = new LinkedHashMap<>();
        for (ParamSpec spec : specs) {
            String text = given.getOrDefault(spec.name(), spec.defaultValue());
            Object value = parse(trainer, spec, text == null ? "" : text.strip());
            values.put(spec.name(), value);
            strings.put(spec.name(), canonical(value));
        }
        return new Params(trainer, values, strings);
    }

    public int getInt(String name) {
        return (Integer) get(name, Integer.class);
    }

    public double getDouble(String name) {
        return (Double) get(name, Double.class);
    }

    public boolean getBoolean(String name) {
        return (Boolean) get(name, Boolean.class);
    }

    /** A choice's value (lower case, as listed in the spec). */
    public String getString(String name) {
        return (String) get(name, String.class);
    }

    @SuppressWarnings("unchecked")
    public List<Integer> getIntList(String name) {
        return (List<Integer>) get(name, List.class);
    }

    /** Every param with defaults applied, as text in a canonical form ("0.01", "64,32"), in spec order. */
    public Map<String, String> asStrings() {
        return strings;
    }

    private Object get(String name, Class<?> type) {
        Object value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("trainer " + trainer + " has no param '" + name + "'");
        }
        if (!type.isInstance(value)) {
            throw new IllegalArgumentException("param '" + name + "' of " + trainer + " is a " + value.getClass().getSimpleName());
        }
        return value;
    }

    private static Object parse(String trainer, ParamSpec spec, String text) {
        String prefix = "param " + spec.name() + "='" + text + "' for " + trainer;
        return switch (spec.type()) {
            case INT -> {
                int value;
                try {
                    value = Integer.parseInt(text);
                } catch (NumberFormatException e) {
                    throw new TrainingException(prefix + " is not an integer");
                }
                checkRange(trainer, spec, text, value);
                yield value;
            }
            case DOUBLE -> {
                double value;
                try {
                    value = Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw new TrainingException(prefix + " is not a number");
                }
                if (!Double.isFinite(value)) {
                    throw new TrainingException(prefix + " is not a finite number");
                }
                checkRange(trainer, spec, text, value);
                yield value;
            }
            case BOOLEAN -> switch (text.toLowerCase(Locale.ROOT)) {
                case "true", "yes", "on", "1" -> true;
                case "false", "no", "off", "0" -> false;
                default -> throw new TrainingException(prefix + " is not true or false");
            };
            case CHOICE -> {
                String value = text.toLowerCase(Locale.ROOT);
                if (!spec.choices().contains(value)) {
                    throw new TrainingException(prefix + " is not one of: " + String.join(", ", spec.choices()));
                }
                yield value;
            }
            case INT_LIST -> {
                List<Integer> list = new ArrayList<>();
                for (String part : text.split(",", -1)) {
                    try {
                        list.add(Integer.parseInt(part.strip()));
                    } catch (NumberFormatException e) {
                        throw new TrainingException(prefix + " is not a comma-separated list of integers (such as 64,32)");
                    }
                }
                for (int value : list) {
                    checkRange(trainer, spec, text, value);
                }
                yield List.copyOf(list);
            }
        };
    }

    private static void checkRange(String trainer, ParamSpec spec, String text, double value) {
        boolean low = spec.min() != null && value < spec.min();
        boolean high = spec.max() != null && value > spec.max();
        if (low || high) {
            String each = spec.type() == ParamSpec.Type.INT_LIST ? "each value " : "";
            String bounds = spec.min() != null && spec.max() != null
                    ? "between " + format(spec.min()) + " and " + format(spec.max())
                    : spec.min() != null ? "at least " + format(spec.min()) : "at most " + format(spec.max());
            throw new TrainingException("param " + spec.name() + "=" + text + " for " + trainer
                    + " is out of range: " + each + "must be " + bounds);
        }
    }

    private static String canonical(Object value) {
        return switch (value) {
            case Double d -> format(d);
            case List<?> list -> String.join(",", list.stream().map(String::valueOf).toList());
            default -> String.valueOf(value);
        };
    }

    /** Short, exact text for a number: 10, 0.01, 1e-06 (the exponent form only for very small or large values). */
    public static String format(double value) {
        if (value == 0) {
            return "0";
        }
        double magnitude = Math.abs(value);
        if (magnitude >= 1e-4 && magnitude < 1e15) {
            return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
        }
        BigDecimal exact = BigDecimal.valueOf(value).stripTrailingZeros();
        int exponent = exact.precision() - exact.scale() - 1;
        String mantissa = exact.movePointLeft(exponent).toPlainString();
        return String.format(Locale.ROOT, "%se%s%02d", mantissa, exponent < 0 ? "-" : "+", Math.abs(exponent));
    }

    @Override
    public String toString() {
        return trainer + strings;
    }
}
