package dev.lathe.charts;

/** The exponential moving average TensorBoard applies to scalar curves, debiased so the start is not pulled to 0. */
public final class Smoothing {
    /** Above this the average barely moves; the sliders stop here. */
    public static final double MAX_WEIGHT = 0.99;

    private Smoothing() {
    }

    /**
     * The smoothed copy of values for a weight in [0, 0.99]; weight 0 returns values itself. Non-finite values
     * pass through unchanged and do not enter the average, as in TensorBoard.
     */
    public static double[] ema(double[] values, double weight) {
        if (weight < 0 || weight > MAX_WEIGHT) {
            throw new IllegalArgumentException("smoothing weight must be in [0, " + MAX_WEIGHT + "], got " + weight);
        }
        if (weight == 0) {
            return values;
        }
        double[] out = new double[values.length];
        double last = 0;
        int seen = 0;
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (!Double.isFinite(v)) {
                out[i] = v;
                continue;
            }
            last = last * weight + (1 - weight) * v;
            seen++;
            out[i] = last / (1 - Math.pow(weight, seen));
        }
        return out;
    }
}
