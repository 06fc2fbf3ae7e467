package dev.lathe.sweeps.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

public class DimensionTest {

    /** Every kind, with the range its values must stay in ([lo, hi]; infinite for unbounded kinds). */
    public record Case(Dimension dimension, double lo, double hi) {
    }

    public static List<Case> everyKind() {
        return List.of(
                new Case(new Dimension.Constant(30L), 30, 30),
                new Case(new Dimension.Categorical(List.of(1L, "adam", 2.5, true)), Double.NaN, Double.NaN),
                new Case(new Dimension.IntUniform(8, 64), 8, 64),
                new Case(new Dimension.Uniform(-2, 3), -2, 3),
                new Case(new Dimension.QUniform(0, 1, 0.1), 0, 1),
                new Case(new Dimension.LogUniform(1e-4, 1e-1), 1e-4, 1e-1),
                new Case(new Dimension.QLogUniform(1, 1024, 1), 1, 1024),
                new Case(new Dimension.InvLogUniform(1e-3, 1), 1e-3, 1),
                new Case(new Dimension.Normal(5, 2), Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY),
                new Case(new Dimension.QNormal(0, 10, 0.5), Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY),
                new Case(new Dimension.LogNormal(0, 0.5), 0, Double.POSITIVE_INFINITY),
                new Case(new Dimension.QLogNormal(2, 0.3, 1), 0, Double.POSITIVE_INFINITY));
    }

    /** Checks type and range of one value; categorical values must be among those listed. */
    public static void checkValue(Case c, Object v) {
        Dimension d = c.dimension();
        switch (d) {
            case Dimension.Categorical cat -> assertTrue(cat.values().contains(v), "listed value: " + v);
            case Dimension.Constant k -> assertEquals(k.value(), v);
            default -> {
                if (d.integral()) {
                    assertInstanceOf(Long.class, v, d + " gives Long");
                } else {
                    assertInstanceOf(Double.class, v, d + " gives Double");
                }
                double x = ((Number) v).doubleValue();
                assertTrue(x >= c.lo() && x <= c.hi(), d + ": " + x + " outside [" + c.lo() + ", " + c.hi() + "]");
            }
        }
    }

    @Test
    void samplesStayInRangeWithTheRightTypeForEveryKind() {
        SplittableRandom rng = new SplittableRandom(1);
        for (Case c : everyKind()) {
            for (int i = 0; i < 5000; i++) {
                checkValue(c, c.dimension().sample(rng));
            }
            // the inverse CDF at the very ends too
            for (double u : new double[] {0, 1e-300, 0.5, Math.nextDown(1.0), 1, -1, 2}) {
                checkValue(c, c.dimension().fromUnit(u));
            }
        }
    }

    @Test
    void logUniformValuesHasItsMedianAtTheGeometricMean() {
        double median = median(new Dimension.LogUniform(1e-4, 1e-1), 10_000);
        assertEquals(-2.5, Math.log10(median), 0.05, "median " + median);
        // W&B's inverse form is the same distribution
        assertEquals(-1.5, Math.log10(median(new Dimension.InvLogUniform(1e-3, 1), 10_000)), 0.05);
    }

    @Test
    void intUniformHitsBothEndsAndEveryValueBetween() {
        SplittableRandom rng = new SplittableRandom(2);
        TreeSet<Long> seen = new TreeSet<>();
        Dimension d = new Dimension.IntUniform(8, 16);
        for (int i = 0; i < 2000; i++) {
            seen.add((Long) d.sample(rng));
        }
        assertEquals(List.of(8L, 9L, 10L, 11L, 12L, 13L, 14L, 15L, 16L), new ArrayList<>(seen));
    }

    @Test
    void normalHasItsMeanAndStandardDeviation() {
        SplittableRandom rng = new SplittableRandom(3);
        double[] xs = new double[20_000];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = (Double) new Dimension.Normal(5, 2).sample(rng);
        }
        double mean = Arrays.stream(xs).average().orElseThrow();
        double sd = Math.sqrt(Arrays.stream(xs).map(x -> (x - mean) * (x - mean)).sum() / (xs.length - 1));
        assertEquals(5, mean, 0.06);
        assertEquals(2, sd, 0.06);
        // log_normal: mu and sigma are those of the logarithm
        double logMedian = Math.log(median(new Dimension.LogNormal(1, 0.5), 10_000));
        assertEquals(1, logMedian, 0.03);
    }

    @Test
    void quantizedValuesAreMultiplesOfQ() {
        SplittableRandom rng = new SplittableRandom(4);
        for (int i = 0; i < 2000; i++) {
            double x = (Double) new Dimension.QUniform(0, 1, 0.1).sample(rng);
            double k = x / 0.1;
            assertEquals(Math.rint(k), k, 1e-9);
            // the product is exact in decimal: 0.3, never 0.30000000000000004
            assertTrue(Dimension.format(x).length() <= 3, Dimension.format(x));
            long y = (Long) new Dimension.QNormal(0, 10, 5).sample(rng);
            assertEquals(0, y % 5);
        }
        // values stay inside [min, max] even when min is not a multiple of q
        Dimension off = new Dimension.QUniform(0.25, 2.25, 1);
        for (int i = 0; i < 1000; i++) {
            long v = (Long) off.sample(rng);
            assertTrue(v >= 1 && v <= 2, "got " + v);
        }
    }

    @Test
    void gridValuesOfTheDiscreteKinds() {
        assertEquals(List.of(1L, 2L, 3L), new Dimension.IntUniform(1, 3).gridValues());
        assertEquals(List.of(0.0, 0.1, 0.2, 0.3), new Dimension.QUniform(0, 0.3, 0.1).gridValues());
        assertEquals(List.of(0L, 5L, 10L), new Dimension.QUniform(0, 10, 5).gridValues());
        assertEquals(List.of("a", 2L), new Dimension.Categorical(List.of("a", 2L)).gridValues());
        assertEquals(List.of(7L), new Dimension.Constant(7L).gridValues());
        assertTrue(new Dimension.IntUniform(1, 10_000).isDiscrete());
        assertFalse(new Dimension.IntUniform(0, 10_000).isDiscrete());
        assertThrows(IllegalStateException.class, () -> new Dimension.IntUniform(0, 10_000).gridValues());
        assertFalse(new Dimension.Uniform(0, 1).isDiscrete());
        assertFalse(new Dimension.QNormal(0, 1, 1).isDiscrete());
        assertThrows(IllegalStateException.class, () -> new Dimension.LogUniform(1, 2).gridValues());
    }

    @Test
    void toUnitInvertsFromUnit() {
        for (Case c : everyKind()) {
            Dimension d = c.dimension();
            if (d instanceof Dimension.Constant) {
                continue;
            }
            for (double u = 0.05; u < 1; u += 0.1) {
                Object v = d.fromUnit(u);
                double back = d.toUnit(v);
                // discrete kinds come back to the middle of the value's bin, continuous ones exactly
                Object again = d.fromUnit(back);
                if (v instanceof Double x) {
                    assertEquals(x, (Double) again, Math.abs(x) * 1e-9, d + " at " + u);
                } else {
                    assertEquals(v, again, d + " at " + u);
                }
                assertEquals(back, d.toUnit(Dimension.format(v)), 1e-12, "the stored text maps the same");
            }
        }
        assertTrue(Double.isNaN(new Dimension.Categorical(List.of("a")).toUnit("b")));
        assertTrue(Double.isNaN(new Dimension.Uniform(0, 1).toUnit("not a number")));
    }

    @Test
    void formatsValuesAsTrainersReadThem() {
        assertEquals("32", Dimension.format(32L));
        assertEquals("0.001", Dimension.format(0.001));
        assertEquals("1e-05", Dimension.format(1e-5));
        assertEquals("0.30000000000000004", Dimension.format(0.1 + 0.2));
        assertEquals(0.1 + 0.2, Double.parseDouble(Dimension.format(0.1 + 0.2)));
        assertEquals("adam", Dimension.format("adam"));
        assertEquals("true", Dimension.format(true));
        assertEquals("2.5", SearchSpace.format(2.5));
        assertEquals("NaN", Dimension.format(Double.NaN));
    }

    private static double median(Dimension d, int n) {
        SplittableRandom rng = new SplittableRandom(5);
        double[] xs = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = ((Number) d.sample(rng)).doubleValue();
        }
        Arrays.sort(xs);
        return xs[n / 2];
    }
}
