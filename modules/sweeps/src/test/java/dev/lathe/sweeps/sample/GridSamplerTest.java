package dev.lathe.sweeps.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.sweeps.space.Dimension;
import dev.lathe.sweeps.space.SearchSpace;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GridSamplerTest {
    private final SearchSpace space = Spaces.of(
            "a", new Dimension.Categorical(List.of(1L, "two", 3.5)),
            "b", new Dimension.IntUniform(0, 3),
            "c", new Dimension.Constant("fixed"),
            "d", new Dimension.QUniform(0, 1, 0.5));

    @Test
    void coversEveryCombinationExactlyOnceThenIsEmpty() {
        for (boolean shuffle : new boolean[] {true, false}) {
            GridSampler grid = new GridSampler(space, 7, shuffle);
            assertEquals(Optional.of(36L), grid.size());
            Set<Map<String, Object>> seen = new HashSet<>();
            for (int i = 0; i < 36; i++) {
                Map<String, Object> p = grid.sample(i, List.of()).orElseThrow();
                assertTrue(seen.add(p), "repeated " + p);
                assertEquals("fixed", p.get("c"));
            }
            Set<Map<String, Object>> expected = new HashSet<>();
            for (Object a : List.of(1L, "two", 3.5)) {
                for (long b = 0; b <= 3; b++) {
                    for (double d : new double[] {0.0, 0.5, 1.0}) {
                        expected.add(Map.of("a", a, "b", b, "c", "fixed", "d", d));
                    }
                }
            }
            assertEquals(expected, seen);
            assertTrue(grid.sample(36, List.of()).isEmpty());
            assertTrue(grid.sample(1000, List.of()).isEmpty());
        }
    }

    @Test
    void plainOrderIsMixedRadixInFileOrder() {
        GridSampler grid = new GridSampler(space, 7, false);
        assertEquals(List.of(1L, 0L, "fixed", 0.0), List.copyOf(grid.sample(0, List.of()).orElseThrow().values()));
        assertEquals(List.of(1L, 0L, "fixed", 0.5), List.copyOf(grid.sample(1, List.of()).orElseThrow().values()));
        assertEquals(List.of(1L, 1L, "fixed", 0.0), List.copyOf(grid.sample(3, List.of()).orElseThrow().values()));
        assertEquals(List.of(3.5, 3L, "fixed", 1.0), List.copyOf(grid.sample(35, List.of()).orElseThrow().values()));
    }

    @Test
    void shuffledOrderDependsOnlyOnTheSeed() {
        List<Map<String, Object>> first = order(new GridSampler(space, 7, true));
        assertEquals(first, order(new GridSampler(space, 7, true)), "a resumed sweep sees the same order");
        assertNotEquals(first, order(new GridSampler(space, 8, true)));
        assertNotEquals(first, order(new GridSampler(space, 7, false)));
    }

    @Test
    void permutationIsABijectionForAwkwardSizes() {
        for (long n : new long[] {1, 2, 3, 5, 17, 64, 65, 1000, 4097, 100_003}) {
            GridSampler.Permutation perm = new GridSampler.Permutation(n, 42);
            BitSet hit = new BitSet();
            for (long i = 0; i < n; i++) {
                long j = perm.apply(i);
                assertTrue(j >= 0 && j < n);
                assertTrue(!hit.get((int) j), "twice: " + j);
                hit.set((int) j);
            }
            assertEquals(n, hit.cardinality());
        }
    }

    @Test
    void refusesContinuousDimensions() {
        assertThrows(IllegalArgumentException.class,
                () -> new GridSampler(Spaces.of("lr", new Dimension.Uniform(0, 1)), 0, true));
    }

    private static List<Map<String, Object>> order(GridSampler grid) {
        List<Map<String, Object>> all = new ArrayList<>();
        for (int i = 0; i < 36; i++) {
            all.add(grid.sample(i, List.of()).orElseThrow());
        }
        return all;
    }
}
