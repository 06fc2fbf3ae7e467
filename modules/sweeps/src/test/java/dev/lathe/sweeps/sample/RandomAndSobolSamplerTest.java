package dev.lathe.sweeps.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.sweeps.space.Dimension;
import dev.lathe.sweeps.space.DimensionTest;
import dev.lathe.sweeps.space.SearchSpace;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

class RandomAndSobolSamplerTest {
    private static final List<DimensionTest.Case> CASES = DimensionTest.everyKind();
    private static final SearchSpace EVERY_KIND = everyKindSpace();

    private static SearchSpace everyKindSpace() {
        Map<String, Dimension> dims = new LinkedHashMap<>();
        for (int i = 0; i < CASES.size(); i++) {
            dims.put("p" + i, CASES.get(i).dimension());
        }
        return new SearchSpace(dims);
    }

    private static final List<BiFunction<SearchSpace, Long, Sampler>> SAMPLERS = List.of(
            RandomSampler::new, SobolSampler::new);

    @Test
    void everyKindStaysInRangeWithTheRightType() {
        for (BiFunction<SearchSpace, Long, Sampler> make : SAMPLERS) {
            Sampler sampler = make.apply(EVERY_KIND, 11L);
            for (int i = 0; i < 4096; i++) {
                Map<String, Object> p = sampler.sample(i, List.of()).orElseThrow();
                assertEquals(EVERY_KIND.names(), List.copyOf(p.keySet()), "file order");
                for (int j = 0; j < CASES.size(); j++) {
                    DimensionTest.checkValue(CASES.get(j), p.get("p" + j));
                }
            }
        }
    }

    @Test
    void shapesMatchTheDistributions() {
        SearchSpace space = Spaces.of(
                "lr", new Dimension.LogUniform(1e-4, 1e-1),
                "bs", new Dimension.IntUniform(8, 64),
                "opt", new Dimension.Categorical(List.of("adam", "sgd", "adamw")));
        for (BiFunction<SearchSpace, Long, Sampler> make : SAMPLERS) {
            Sampler sampler = make.apply(space, 3L);
            double[] lr = new double[10_000];
            TreeSet<Long> bs = new TreeSet<>();
            Map<Object, Integer> opt = new java.util.HashMap<>();
            for (int i = 0; i < lr.length; i++) {
                Map<String, Object> p = sampler.sample(i, List.of()).orElseThrow();
                lr[i] = (Double) p.get("lr");
                bs.add((Long) p.get("bs"));
                opt.merge(p.get("opt"), 1, Integer::sum);
            }
            Arrays.sort(lr);
            assertEquals(-2.5, Math.log10(lr[lr.length / 2]), 0.05, sampler.getClass().getSimpleName());
            assertEquals(8L, bs.first());
            assertEquals(64L, bs.last());
            assertEquals(57, bs.size(), "every batch size");
            for (int count : opt.values()) {
                assertEquals(10_000 / 3.0, count, 150);
            }
        }
    }

    @Test
    void theSameSeedAndIndexGiveTheSamePoint() {
        for (BiFunction<SearchSpace, Long, Sampler> make : SAMPLERS) {
            Sampler a = make.apply(EVERY_KIND, 5L);
            Sampler b = make.apply(EVERY_KIND, 5L);
            Map<String, Object> p17 = a.sample(17, List.of()).orElseThrow();
            a.sample(3, List.of());
            assertEquals(p17, a.sample(17, List.of()).orElseThrow(), "no hidden state");
            assertEquals(p17, b.sample(17, List.of()).orElseThrow(), "a fresh sampler (a resume) agrees");
            assertNotEquals(p17, a.sample(18, List.of()).orElseThrow());
            assertNotEquals(p17, make.apply(EVERY_KIND, 6L).sample(17, List.of()).orElseThrow(), "the seed matters");
        }
    }

    @Test
    void sobolSpreadsPointsMoreEvenlyThanRandom() {
        SearchSpace square = Spaces.of("x", new Dimension.Uniform(0, 1), "y", new Dimension.Uniform(0, 1));
        double sobol = worstCellError(new SobolSampler(square, 1));
        double random = worstCellError(new RandomSampler(square, 1));
        // 1024 points over 8 x 8 cells: Sobol puts 16 in nearly every cell, random strays by several
        assertTrue(sobol <= 2, "sobol " + sobol);
        assertTrue(sobol < random, "sobol " + sobol + " vs random " + random);
    }

    private static double worstCellError(Sampler sampler) {
        int[][] cells = new int[8][8];
        for (int i = 0; i < 1024; i++) {
            Map<String, Object> p = sampler.sample(i, List.of()).orElseThrow();
            cells[(int) ((Double) p.get("x") * 8)][(int) ((Double) p.get("y") * 8)]++;
        }
        return Arrays.stream(cells).flatMapToInt(Arrays::stream).map(c -> Math.abs(c - 16)).max().orElseThrow();
    }
}
