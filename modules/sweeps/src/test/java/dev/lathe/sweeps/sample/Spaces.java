package dev.lathe.sweeps.sample;

import dev.lathe.sweeps.space.Dimension;
import dev.lathe.sweeps.space.SearchSpace;
import java.util.LinkedHashMap;
import java.util.Map;

/** Small search spaces for the sampler tests. */
final class Spaces {
    private Spaces() {
    }

    static SearchSpace of(Object... nameThenDimension) {
        Map<String, Dimension> dims = new LinkedHashMap<>();
        for (int i = 0; i < nameThenDimension.length; i += 2) {
            dims.put((String) nameThenDimension[i], (Dimension) nameThenDimension[i + 1]);
        }
        return new SearchSpace(dims);
    }
}
