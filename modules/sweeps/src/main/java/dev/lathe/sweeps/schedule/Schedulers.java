package dev.lathe.sweeps.schedule;

import dev.lathe.sweeps.SweepSpec;

/** Builds the scheduler a sweep file asks for. */
public final class Schedulers {
    private Schedulers() {
    }

    /**
     * @param et     the sweep's early_terminate block; null for no early stopping
     * @param metric the sweep metric, whose goal decides which values are better
     * @return {@link Scheduler#NONE} when {@code et} is null
     * @throws IllegalArgumentException for settings out of range (min_iter &lt; 1, eta &lt; 2, ...)
     */
    public static Scheduler create(SweepSpec.EarlyTerminate et, SweepSpec.Metric metric) {
        if (et == null) {
            return Scheduler.NONE;
        }
        if (metric == null) {
            throw new IllegalArgumentException("early stopping needs the sweep metric");
        }
        return switch (et.type()) {
            case HYPERBAND -> new AshaScheduler(metric.goal(), et.minIter(), et.eta(),
                    et.maxIter() == null ? null : et.maxIter().longValue(), et.brackets());
            case MEDIAN -> new MedianStoppingRule(metric.goal(), et.minIter(), et.minTrials());
        };
    }
}
