package dev.lathe.sweeps.schedule;

import dev.lathe.sweeps.SweepSpec.Goal;
import java.util.Arrays;

/** Shared arithmetic of the schedulers: they work on scores where higher is better whatever the goal. */
final class Scores {
    private Scores() {
    }

    /** The value as a score (higher is better); NaN becomes the worst score so diverged trials rank last. */
    static double score(Goal goal, double value) {
        if (Double.isNaN(value)) {
            return Double.NEGATIVE_INFINITY;
        }
        return goal == Goal.MAXIMIZE ? value : -value;
    }

    /**
     * The q-quantile of sorted values with linear interpolation between neighbours (numpy's default, which
     * Ray's ASHA uses), written out so that -Infinity (NaN scores) does not turn the result into NaN.
     */
    static double quantile(double[] sorted, int n, double q) {
        if (n == 0) {
            throw new IllegalArgumentException("quantile of nothing");
        }
        double pos = q * (n - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, n - 1);
        double frac = pos - lo;
        double a = sorted[lo];
        double b = sorted[hi];
        if (frac == 0 || a == b) {
            return a;
        }
        if (Double.isInfinite(a) || Double.isInfinite(b)) {
            // between -Inf and x the interpolation is -Inf (and between x and +Inf it is +Inf)
            return a == Double.NEGATIVE_INFINITY ? a : b;
        }
        return a + (b - a) * frac;
    }

    /** The median (the mean of the middle two for an even count), as numpy.median. */
    static double median(double[] values, int n) {
        double[] sorted = Arrays.copyOf(values, n);
        Arrays.sort(sorted);
        return quantile(sorted, n, 0.5);
    }
}
