package dev.lathe.training.tabular;

/** The evaluation measures every trainer reports, computed the same way for all of them. */
public final class Metrics {
    private Metrics() {
    }

    public static double accuracy(int[] truth, int[] predicted) {
        int right = 0;
        for (int i = 0; i < truth.length; i++) {
            if (truth[i] == predicted[i]) {
                right++;
            }
        }
        return truth.length == 0 ? Double.NaN : right / (double) truth.length;
    }

    /**
     * The unweighted mean of the per-class F1 scores, over the classes that occur in the truth or the
     * predictions (as scikit-learn's f1_score(average="macro") does).
     */
    public static double f1Macro(int[] truth, int[] predicted, int classes) {
        long[] truePositive = new long[classes];
        long[] falsePositive = new long[classes];
        long[] falseNegative = new long[classes];
        for (int i = 0; i < truth.length; i++) {
            if (truth[i] == predicted[i]) {
                truePositive[truth[i]]++;
            } else {
                falsePositive[predicted[i]]++;
                falseNegative[truth[i]]++;
            }
        }
        double sum = 0;
        int counted = 0;
        for (int c = 0; c < classes; c++) {
            long denominator = 2 * truePositive[c] + falsePositive[c] + falseNegative[c];
            if (denominator > 0) {
                sum += 2.0 * truePositive[c] / denominator;
                counted++;
            }
        }
        return counted == 0 ? Double.NaN : sum / counted;
    }

    public static double rmse(double[] truth, double[] predicted) {
        double sum = 0;
        for (int i = 0; i < truth.length; i++) {
            double d = truth[i] - predicted[i];
            sum += d * d;
        }
        return Math.sqrt(sum / truth.length);
    }

    public static double mae(double[] truth, double[] predicted) {
        double sum = 0;
        for (int i = 0; i < truth.length; i++) {
            sum += Math.abs(truth[i] - predicted[i]);
        }
        return sum / truth.length;
    }

    /** Coefficient of determination: 1 is perfect, 0 is as good as predicting the mean; 0 or 1 for a constant truth. */
    public static double r2(double[] truth, double[] predicted) {
        double mean = 0;
        for (double t : truth) {
            mean += t;
        }
        mean /= truth.length;
        double residual = 0;
        double total = 0;
        for (int i = 0; i < truth.length; i++) {
            residual += (truth[i] - predicted[i]) * (truth[i] - predicted[i]);
            total += (truth[i] - mean) * (truth[i] - mean);
        }
        if (total == 0) {
            return residual == 0 ? 1.0 : 0.0;
        }
        return 1 - residual / total;
    }

    /** Population standard deviation. */
    public static double std(double[] values) {
        double mean = 0;
        for (double v : values) {
            mean += v;
        }
        mean /= values.length;
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        return Math.sqrt(squares / values.length);
    }
}
