package dev.lathe.training;

import java.util.List;

/**
 * One hyperparameter a trainer accepts: its name, type, default, bounds and meaning. `lathe trainers`
 * prints these; {@link Params#resolve} checks given values against them.
 *
 * @param min     smallest allowed value for numbers (null: unbounded)
 * @param max     largest allowed value for numbers (null: unbounded)
 * @param choices allowed values for {@link Type#CHOICE}, empty otherwise
 */
public record ParamSpec(String name, Type type, String defaultValue, String description, Double min, Double max,
                        List<String> choices) {

    public enum Type { INT, DOUBLE, BOOLEAN, CHOICE, INT_LIST }

    public static ParamSpec integer(String name, int defaultValue, int min, int max, String description) {
        return new ParamSpec(name, Type.INT, String.valueOf(defaultValue), description, (double) min, (double) max, List.of());
    }

    public static ParamSpec real(String name, double defaultValue, double min, double max, String description) {
        return new ParamSpec(name, Type.DOUBLE, String.valueOf(defaultValue), description, min, max, List.of());
    }

    public static ParamSpec choice(String name, String defaultValue, List<String> choices, String description) {
        return new ParamSpec(name, Type.CHOICE, defaultValue, description, null, null, List.copyOf(choices));
    }

    public static ParamSpec flag(String name, boolean defaultValue, String description) {
        return new ParamSpec(name, Type.BOOLEAN, String.valueOf(defaultValue), description, null, null, List.of());
    }

    /** A comma-separated list of positive integers, such as hidden layer widths "64,32". */
    public static ParamSpec intList(String name, String defaultValue, int min, int max, String description) {
        return new ParamSpec(name, Type.INT_LIST, defaultValue, description, (double) min, (double) max, List.of());
    }
}
