package dev.lathe.charts;

import java.util.Arrays;

/**
 * Largest-Triangle-Three-Buckets downsampling (Steinarsson 2013): keeps the points that carry the visual shape of
 * a line, so a chart with one point per pixel looks like the full data. Methods return the indices kept, in
 * order, so callers can pick matching values from any parallel array (steps, bands).
 *
 * <p>Points whose x or y is not finite are skipped: they cannot be drawn and would poison the triangle areas.
 */
public final class Lttb {
    private Lttb() {
    }

    /** The indices LTTB keeps of (x, y), x ascending; all finite indices when there are no more than target. */
    public static int[] indices(double[] x, double[] y, int target) {
        return indices(x, y, 0, x.length, target);
    }

    /** As {@link #indices(double[], double[], int)} on the half-open range [from, to) of the arrays. */
    public static int[] indices(double[] x, double[] y, int from, int to, int target) {
        check(x, y, from, to, target);
        int[] finite = finiteIndices(x, y, from, to);
        if (finite.length <= target || target < 3) {
            return finite.length <= target ? finite : endpoints(finite, target);
        }
        return lttb(x, y, finite, target);
    }

    /**
     * MinMax-LTTB (Van Der Donckt et al. 2023): first keeps the min and max of each of {@code ratio * target}
     * equal-count buckets, then runs LTTB on those. Much faster on long series and keeps spikes that plain LTTB
     * can miss between bucket averages.
     */
    public static int[] minMaxIndices(double[] x, double[] y, int from, int to, int target, int ratio) {
        check(x, y, from, to, target);
        int[] finite = finiteIndices(x, y, from, to);
        int preselect = Math.max(target, target * Math.max(1, ratio));
        if (finite.length <= preselect || target < 3) {
            return finite.length <= target ? finite : target < 3 ? endpoints(finite, target) : lttb(x, y, finite, target);
        }
        // first and last stay; the inside is cut into preselect/2 buckets, each giving its min and max
        int buckets = Math.max(1, (preselect - 2) / 2);
        int inner = finite.length - 2;
        int[] kept = new int[2 + 2 * buckets];
        int n = 0;
        kept[n++] = finite[0];
        for (int b = 0; b < buckets; b++) {
            int start = 1 + (int) ((long) b * inner / buckets);
            int end = 1 + (int) ((long) (b + 1) * inner / buckets);
            if (start >= end) {
                continue;
            }
            int lo = start;
            int hi = start;
            for (int i = start + 1; i < end; i++) {
                if (y[finite[i]] < y[finite[lo]]) {
                    lo = i;
                }
                if (y[finite[i]] > y[finite[hi]]) {
                    hi = i;
                }
            }
            kept[n++] = finite[Math.min(lo, hi)];
            if (lo != hi) {
                kept[n++] = finite[Math.max(lo, hi)];
            }
        }
        kept[n++] = finite[finite.length - 1];
        int[] candidates = Arrays.copyOf(kept, n);
        return candidates.length <= target ? candidates : lttb(x, y, candidates, target);
    }

    /** LTTB over the points at candidates (ascending indices, all finite), candidates.length > target >= 3. */
    private static int[] lttb(double[] x, double[] y, int[] candidates, int target) {
        int n = candidates.length;
        int[] out = new int[target];
        out[0] = candidates[0];
        // the inner n-2 points split into target-2 buckets; one point is chosen per bucket
        double bucketSize = (double) (n - 2) / (target - 2);
        int a = 0; // position in candidates of the point chosen last
        for (int b = 0; b < target - 2; b++) {
            int start = (int) Math.floor(b * bucketSize) + 1;
            int end = (int) Math.floor((b + 1) * bucketSize) + 1;
            // the third triangle vertex: the average of the next bucket (or the last point for the final bucket)
            int nextStart = end;
            int nextEnd = Math.min((int) Math.floor((b + 2) * bucketSize) + 1, n);
            double avgX = 0;
            double avgY = 0;
            if (b == target - 3) {
                avgX = x[candidates[n - 1]];
                avgY = y[candidates[n - 1]];
            } else {
                for (int i = nextStart; i < nextEnd; i++) {
                    avgX += x[candidates[i]];
                    avgY += y[candidates[i]];
                }
                int count = nextEnd - nextStart;
                avgX /= count;
                avgY /= count;
            }
            double ax = x[candidates[a]];
            double ay = y[candidates[a]];
            double maxArea = -1;
            int chosen = start;
            for (int i = start; i < end; i++) {
                double px = x[candidates[i]];
                double py = y[candidates[i]];
                // twice the triangle's area; the factor does not change which point wins
                double area = Math.abs((ax - avgX) * (py - ay) - (ax - px) * (avgY - ay));
                if (area > maxArea) {
                    maxArea = area;
                    chosen = i;
                }
            }
            out[b + 1] = candidates[chosen];
            a = chosen;
        }
        out[target - 1] = candidates[n - 1];
        return out;
    }

    private static int[] finiteIndices(double[] x, double[] y, int from, int to) {
        int[] idx = new int[to - from];
        int n = 0;
        for (int i = from; i < to; i++) {
            if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
                idx[n++] = i;
            }
        }
        return n == idx.length ? idx : Arrays.copyOf(idx, n);
    }

    private static int[] endpoints(int[] finite, int target) {
        return switch (target) {
            case 0 -> new int[0];
            case 1 -> new int[] {finite[0]};
            default -> new int[] {finite[0], finite[finite.length - 1]};
        };
    }

    private static void check(double[] x, double[] y, int from, int to, int target) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("x and y differ in length: " + x.length + " vs " + y.length);
        }
        if (from < 0 || to > x.length || from > to) {
            throw new IllegalArgumentException("bad range [" + from + ", " + to + ") of " + x.length + " points");
        }
        if (target < 0) {
            throw new IllegalArgumentException("target must be >= 0, got " + target);
        }
    }
}
