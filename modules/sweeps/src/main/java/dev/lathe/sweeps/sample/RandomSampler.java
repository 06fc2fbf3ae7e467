package dev.lathe.sweeps.sample;

import dev.lathe.sweeps.TrialResult;
import dev.lathe.sweeps.space.Dimension;
import dev.lathe.sweeps.space.SearchSpace;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/** Independent draws from each dimension's distribution; trial i's point depends only on (seed, i). */
public final class RandomSampler implements Sampler {
    private final SearchSpace space;
    private final long seed;

    public RandomSampler(SearchSpace space, long seed) {
        this.space = space;
        this.seed = seed;
    }

    @Override
    public Optional<Map<String, Object>> sample(int index, List<TrialResult> history) {
        return Optional.of(point(space, seed, index));
    }

    /** The random point for an index; TPE uses the same points for its startup trials. */
    static Map<String, Object> point(SearchSpace space, long seed, int index) {
        RandomGenerator rng = Seeds.rng(seed, Seeds.RANDOM, index);
        Map<String, Object> point = new LinkedHashMap<>();
        for (Map.Entry<String, Dimension> e : space.dimensions().entrySet()) {
            point.put(e.getKey(), e.getValue().sample(rng));
        }
        return Collections.unmodifiableMap(point);
    }
}
