package dev.lathe.sweeps.sample;

import dev.lathe.sweeps.SweepSpec;

/** The sampler for a sweep's method. */
public final class Samplers {
    private Samplers() {
    }

    /** grid (shuffled by the seed), random, sobol, or bayes (TPE). */
    public static Sampler create(SweepSpec spec) {
        return switch (spec.method()) {
            case GRID -> new GridSampler(spec.parameters(), spec.seed(), true);
            case RANDOM -> new RandomSampler(spec.parameters(), spec.seed());
            case SOBOL -> new SobolSampler(spec.parameters(), spec.seed());
            case BAYES -> new TpeSampler(spec.parameters(), spec.seed(), spec.metric().goal());
        };
    }
}
