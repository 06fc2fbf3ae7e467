package dev.lathe.sweeps.space;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The sweep's hyperparameters in file order, name to distribution. The order matters: samplers draw dimensions
 * in it, and the grid's mixed-radix numbering follows it.
 */
public record SearchSpace(Map<String, Dimension> dimensions) {
    public SearchSpace {
        dimensions = Collections.unmodifiableMap(new LinkedHashMap<>(dimensions));
    }

    public List<String> names() {
        return List.copyOf(dimensions.keySet());
    }

    public Dimension get(String name) {
        return dimensions.get(name);
    }

    public int size() {
        return dimensions.size();
    }

    /**
     * The number of grid points, or empty when some dimension is not discrete or the product does not fit in a
     * long.
     */
    public OptionalLong gridSize() {
        long size = 1;
        for (Dimension d : dimensions.values()) {
            if (!d.isDiscrete()) {
                return OptionalLong.empty();
            }
            try {
                size = Math.multiplyExact(size, d.gridValues().size());
            } catch (ArithmeticException e) {
                return OptionalLong.empty();
            }
        }
        return OptionalLong.of(size);
    }

    /** How a value is passed to a trainer; see {@link Dimension#format}. */
    public static String format(Object value) {
        return Dimension.format(value);
    }

    /** Every value of a point as trainer text, in the space's order. */
    public static Map<String, String> formatAll(Map<String, Object> point) {
        Map<String, String> text = new LinkedHashMap<>();
        point.forEach((k, v) -> text.put(k, Dimension.format(v)));
        return Collections.unmodifiableMap(text);
    }
}
