package dev.lathe.sweeps.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SearchSpaceTest {
    @Test
    void keepsFileOrderAndCountsTheGrid() {
        Map<String, Dimension> dims = new LinkedHashMap<>();
        dims.put("z", new Dimension.Categorical(List.of(1L, 2L)));
        dims.put("a", new Dimension.IntUniform(1, 3));
        dims.put("m", new Dimension.Constant("x"));
        SearchSpace space = new SearchSpace(dims);
        assertEquals(List.of("z", "a", "m"), space.names());
        assertEquals(6, space.gridSize().orElseThrow());
        dims.put("c", new Dimension.Uniform(0, 1));
        assertTrue(new SearchSpace(dims).gridSize().isEmpty(), "a continuous dimension has no grid");
        assertEquals(Map.of("a", "1", "b", "0.5"), SearchSpace.formatAll(Map.of("a", 1L, "b", 0.5)));
    }
}
