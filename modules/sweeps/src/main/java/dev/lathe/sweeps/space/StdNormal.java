package dev.lathe.sweeps.space;

import org.apache.commons.math3.special.Erf;

/** The standard normal distribution's CDF, its inverse and log density, shared by the search space and TPE. */
public final class StdNormal {
    private static final double SQRT2 = Math.sqrt(2);
    private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
    /** Probabilities closer to 0 or 1 than this are clamped: beyond about 8 sigma the inverse loses precision. */
    private static final double EDGE = 0x1p-53;

    private StdNormal() {
    }

    public static double cdf(double z) {
        return 0.5 * Erf.erfc(-z / SQRT2);
    }

    /** The z with cdf(z) = p; p is clamped into (0, 1) so the result is always finite. */
    public static double inverse(double p) {
        double clamped = Math.min(1 - EDGE, Math.max(EDGE, p));
        return -SQRT2 * Erf.erfcInv(2 * clamped);
    }

    public static double logPdf(double z) {
        return -0.5 * z * z - LOG_SQRT_2PI;
    }
}
