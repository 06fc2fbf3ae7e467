package dev.lathe.sweeps.sample;

import dev.lathe.sweeps.TrialResult;
import dev.lathe.sweeps.space.Dimension;
import dev.lathe.sweeps.space.SearchSpace;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every combination of the dimensions' grid values exactly once. Combinations are numbered in mixed radix over
 * the dimensions in file order (the last varies fastest, like itertools.product); trial i takes combination
 * perm(i), where perm is a permutation of [0, size) fixed by the seed, so the first trials of a large or capped
 * grid spread over the whole grid instead of sweeping only the last dimension. Index-based, hence never
 * repeating across a resume.
 */
public final class GridSampler implements Sampler {
    private final List<String> names;
    private final List<List<Object>> values;
    private final long size;
    private final Permutation order;

    /**
     * @param shuffle false keeps the plain mixed-radix order (trial i is combination i)
     * @throws IllegalArgumentException when a dimension is not discrete or the grid is too large
     */
    public GridSampler(SearchSpace space, long seed, boolean shuffle) {
        this.names = space.names();
        this.values = new ArrayList<>();
        for (Dimension d : space.dimensions().values()) {
            if (!d.isDiscrete()) {
                throw new IllegalArgumentException("grid needs values or int_uniform/q_* ranges; " + d + " is not");
            }
            values.add(d.gridValues());
        }
        this.size = space.gridSize().orElseThrow(() -> new IllegalArgumentException("the grid is too large"));
        this.order = shuffle ? new Permutation(size, seed) : null;
    }

    @Override
    public Optional<Map<String, Object>> sample(int index, List<TrialResult> history) {
        if (index < 0 || index >= size) {
            return Optional.empty();
        }
        return Optional.of(combination(order == null ? index : order.apply(index)));
    }

    @Override
    public Optional<Long> size() {
        return Optional.of(size);
    }

    private Map<String, Object> combination(long number) {
        Object[] chosen = new Object[names.size()];
        for (int i = names.size() - 1; i >= 0; i--) {
            List<Object> vs = values.get(i);
            chosen[i] = vs.get((int) (number % vs.size()));
            number /= vs.size();
        }
        Map<String, Object> point = new LinkedHashMap<>();
        for (int i = 0; i < chosen.length; i++) {
            point.put(names.get(i), chosen[i]);
        }
        return Collections.unmodifiableMap(point);
    }

    /**
     * A keyed bijection of [0, n) without a table: a 4-round Feistel network on the smallest even number of bits
     * covering n, with cycle walking to stay below n (format-preserving encryption). Expected walk length is
     * under 4, so any index maps in constant time however large the grid.
     */
    static final class Permutation {
        private final long n;
        private final long seed;
        private final int halfBits;
        private final long mask;

        Permutation(long n, long seed) {
            this.n = n;
            this.seed = seed;
            int bits = Math.max(2, 64 - Long.numberOfLeadingZeros(Math.max(1, n - 1)));
            bits += bits & 1;
            this.halfBits = bits / 2;
            this.mask = (1L << halfBits) - 1;
        }

        long apply(long x) {
            if (n <= 1) {
                return x;
            }
            do {
                x = encrypt(x);
            } while (x >= n);
            return x;
        }

        private long encrypt(long x) {
            long left = x >>> halfBits;
            long right = x & mask;
            for (int round = 0; round < 4; round++) {
                long next = left ^ (Seeds.mix(seed, Seeds.GRID_ORDER, (right << 2) | round) & mask);
                left = right;
                right = next;
            }
            return (left << halfBits) | right;
        }
    }
}
