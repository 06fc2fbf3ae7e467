package dev.lathe.sweeps.sample;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Random generators derived from (sweep seed, purpose, trial index) alone, so a resumed sweep recreates exactly
 * the draws it would have made without keeping any generator state.
 */
final class Seeds {
    static final long RANDOM = 1;
    static final long SOBOL_SHIFT = 2;
    static final long GRID_ORDER = 3;
    static final long TPE = 4;

    private Seeds() {
    }

    static RandomGenerator rng(long seed, long purpose, long index) {
        return new SplittableRandom(mix(seed, purpose, index));
    }

    /** SplitMix64's finaliser over the three inputs; (7, 1, 0) and (8, 0, 0) give unrelated streams. */
    static long mix(long seed, long purpose, long index) {
        long z = mix64(seed + 0x9E3779B97F4A7C15L);
        z = mix64(z ^ (purpose * 0xBF58476D1CE4E5B9L));
        return mix64(z ^ (index * 0x94D049BB133111EBL + 0x2545F4914F6CDD1DL));
    }

    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
