package dev.lathe.charts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LttbTest {
    private static double[] range(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
        }
        return x;
    }

    private static double[] noise(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = Math.sin(i / 50.0) + 0.1 * r.nextGaussian();
        }
        return y;
    }

    @Test
    void returnsTargetCountKeepingFirstAndLast() {
        double[] x = range(10_000);
        double[] y = noise(10_000, 1);
        for (int[] idx : new int[][] {Lttb.indices(x, y, 500), Lttb.minMaxIndices(x, y, 0, x.length, 500, 4)}) {
            assertEquals(500, idx.length);
            assertEquals(0, idx[0]);
            assertEquals(9_999, idx[idx.length - 1]);
        }
    }

    @Test
    void keepsIndicesStrictlyAscendingSoXStaysMonotone() {
        double[] x = range(5_000);
        double[] y = noise(5_000, 2);
        for (int[] idx : new int[][] {Lttb.indices(x, y, 300), Lttb.minMaxIndices(x, y, 0, x.length, 300, 4)}) {
            for (int i = 1; i < idx.length; i++) {
                assertTrue(idx[i] > idx[i - 1], "indices must ascend at " + i + ": " + idx[i - 1] + ", " + idx[i]);
            }
        }
    }

    @Test
    void keepsTheExtremesOfASpikeSeries() {
        double[] x = range(10_000);
        double[] y = new double[10_000];
        y[3_333] = 100;
        y[7_777] = -50;
        for (int[] idx : new int[][] {Lttb.indices(x, y, 100), Lttb.minMaxIndices(x, y, 0, x.length, 100, 4)}) {
            assertTrue(Arrays.stream(idx).anyMatch(i -> i == 3_333), "the positive spike is kept");
            assertTrue(Arrays.stream(idx).anyMatch(i -> i == 7_777), "the negative spike is kept");
        }
    }

    @Test
    void isTheIdentityWhenThereAreNoMorePointsThanTheTarget() {
        double[] x = range(50);
        double[] y = noise(50, 3);
        int[] all = range50();
        assertArrayEquals(all, Lttb.indices(x, y, 50));
        assertArrayEquals(all, Lttb.indices(x, y, 1000));
        assertArrayEquals(all, Lttb.minMaxIndices(x, y, 0, 50, 1000, 4));
    }

    private static int[] range50() {
        int[] all = new int[50];
        Arrays.setAll(all, i -> i);
        return all;
    }

    @Test
    void skipsNonFinitePoints() {
        double[] x = range(1_000);
        double[] y = noise(1_000, 4);
        y[0] = Double.NaN;
        y[500] = Double.NaN;
        y[999] = Double.POSITIVE_INFINITY;
        int[] idx = Lttb.indices(x, y, 100);
        assertEquals(100, idx.length);
        assertEquals(1, idx[0], "the first finite point stands in for the first");
        assertEquals(998, idx[idx.length - 1]);
        assertTrue(Arrays.stream(idx).allMatch(i -> Double.isFinite(y[i])));
        assertArrayEquals(new int[] {1, 2}, Lttb.indices(new double[] {0, 1, 2}, new double[] {Double.NaN, 1, 2}, 10));
    }

    @Test
    void samplesOnlyTheGivenRange() {
        double[] x = range(10_000);
        double[] y = noise(10_000, 5);
        int[] idx = Lttb.minMaxIndices(x, y, 2_000, 3_000, 200, 4);
        assertEquals(200, idx.length);
        assertEquals(2_000, idx[0]);
        assertEquals(2_999, idx[idx.length - 1]);
    }

    @Test
    void rejectsMismatchedArrays() {
        assertThrows(IllegalArgumentException.class, () -> Lttb.indices(new double[3], new double[2], 2));
    }
}
