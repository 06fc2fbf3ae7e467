package dev.lathe.charts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SmoothingTest {
    @Test
    void zeroWeightReturnsTheRawValues() {
        double[] v = {1, 5, 2};
        assertSame(v, Smoothing.ema(v, 0));
    }

    @Test
    void debiasedAverageKeepsAConstantSeriesAndStartsAtTheFirstValue() {
        assertArrayEquals(new double[] {3, 3, 3, 3}, Smoothing.ema(new double[] {3, 3, 3, 3}, 0.9), 1e-12);
        double[] s = Smoothing.ema(new double[] {10, 0, 0}, 0.5);
        assertEquals(10, s[0], 1e-12);
        // (0.5*10*0.5 + 0.5*0) / (1 - 0.25) = 2.5 / 0.75
        assertEquals(2.5 / 0.75, s[1], 1e-12);
        assertTrue(s[2] < s[1]);
    }

    @Test
    void nanPassesThroughWithoutPoisoningTheAverage() {
        double[] s = Smoothing.ema(new double[] {1, Double.NaN, 1}, 0.6);
        assertTrue(Double.isNaN(s[1]));
        assertEquals(1, s[2], 1e-12);
    }

    @Test
    void rejectsWeightsOutsideTheSlider() {
        assertThrows(IllegalArgumentException.class, () -> Smoothing.ema(new double[1], 1.0));
    }
}
