package dev.lathe.training.importance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.common.tree.RandomForestTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.ensemble.AveragingCombiner;
import org.tribuo.regression.rtree.CARTRegressionTrainer;
import org.tribuo.regression.rtree.impurity.MeanSquaredError;

/**
 * Which params of a sweep mattered for its objective. A Tribuo random forest regressor learns objective from
 * params; a param's importance is its <em>permutation importance on held-out trials</em>: with k-fold cross
 * validation, the rise in the held-out mean squared error when that param's values are shuffled among the
 * held-out trials (breaking its link to the objective), averaged over folds and shuffles. A param the forest
 * never needed scores about zero; shuffling can even help a little by chance, hence the clip to zero in
 * {@link Importance#share()}.
 *
 * <p>Numeric params (every value set reads as a number) are one input each, a trial without the param gets the
 * median; other params are one-hot encoded and shuffled as a whole. Params with one value across all trials are
 * left out: they cannot explain anything. Deterministic for a given seed.
 */
public final class ParamImportance {
    /** The fewest trials worth fitting a forest to: below this the held-out folds are one or two trials each. */
    public static final int MIN_TRIALS = 8;
    private static final String TARGET = "objective";
    private static final int MAX_DEPTH = 32;
    /** Tribuo logs every tree it grows at INFO; held here so the setting is not garbage collected with the logger. */
    private static final java.util.logging.Logger BAGGING_LOG = java.util.logging.Logger.getLogger("org.tribuo.ensemble.BaggingTrainer");

    static {
        BAGGING_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    private final int trees;
    private final int folds;
    private final int repeats;
    private final long seed;

    /**
     * @param trees   forest size
     * @param folds   cross-validation folds (fewer when there are fewer trials)
     * @param repeats shuffles per param and fold
     */
    public ParamImportance(int trees, int folds, int repeats, long seed) {
        if (trees < 1 || folds < 2 || repeats < 1) {
            throw new IllegalArgumentException("need trees >= 1, folds >= 2, repeats >= 1; got " + trees + ", " + folds + ", " + repeats);
        }
        this.trees = trees;
        this.folds = folds;
        this.repeats = repeats;
        this.seed = seed;
    }

    /** 100 trees, 5 folds, 3 shuffles. */
    public static ParamImportance defaults() {
        return new ParamImportance(100, 5, 3, 17);
    }

    /** One finished trial: its params as stored (text) and its objective value. */
    public record Trial(Map<String, String> params, double objective) {
        public Trial {
            params = Map.copyOf(params);
        }
    }

    /**
     * One param's importance.
     *
     * @param mseIncrease mean rise of the held-out squared error when the param is shuffled (objective units²)
     * @param std         its standard deviation over folds and shuffles
     * @param stdError    the standard error of mseIncrease (std over the square root of folds x shuffles): the
     *                    error bar to draw
     * @param share       mseIncrease clipped at zero, as a share of the sum over params (0..1)
     * @param categorical whether the param was one-hot encoded
     */
    public record Importance(String param, double mseIncrease, double std, double stdError, double share, boolean categorical) {
    }

    /**
     * @param params     most important first
     * @param trials     trials used (those with a finite objective)
     * @param heldOutR2  R² of the forest's held-out predictions: near or below zero, the params explain little and
     *                   the ranking is noise
     * @param method     how importance was measured, in words, for a tooltip or a report
     */
    public record Result(List<Importance> params, int trials, double heldOutR2, String method) {
        public Result {
            params = List.copyOf(params);
        }
    }

    /** @throws IllegalArgumentException when fewer than {@link #MIN_TRIALS} trials have a finite objective or no param varies */
    public Result compute(List<Trial> trials) {
        List<Trial> usable = trials.stream().filter(t -> Double.isFinite(t.objective())).toList();
        if (usable.size() < MIN_TRIALS) {
            throw new IllegalArgumentException("param importance needs at least " + MIN_TRIALS
                    + " trials with a value of the objective, got " + usable.size());
        }
        List<Column> columns = columns(usable);
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("no param takes more than one value across the " + usable.size() + " trials");
        }
        int n = usable.size();
        double[] y = usable.stream().mapToDouble(Trial::objective).toArray();
        String[] names = columns.stream().flatMap(c -> c.featureNames().stream()).toArray(String[]::new);
        // Tribuo sorts feature names; keep them unique and in a fixed order
        Random random = new Random(seed);
        int[] order = shuffled(n, random);
        int k = Math.min(folds, n / 2);
        double[][] increases = new double[columns.size()][k * repeats];
        double[] heldOutPrediction = new double[n];
        for (int f = 0; f < k; f++) {
            List<Integer> train = new ArrayList<>();
            List<Integer> test = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                (i % k == f ? test : train).add(order[i]);
            }
            Model<Regressor> forest = fit(columns, names, usable, y, train, seed + f);
            double[] base = predict(forest, columns, names, test, null, null);
            for (int t = 0; t < test.size(); t++) {
                heldOutPrediction[test.get(t)] = base[t];
            }
            double baseMse = mse(base, y, test);
            for (int c = 0; c < columns.size(); c++) {
                for (int r = 0; r < repeats; r++) {
                    int[] perm = shuffled(test.size(), random);
                    double[] shuffled = predict(forest, columns, names, test, columns.get(c), perm);
                    increases[c][f * repeats + r] = mse(shuffled, y, test) - baseMse;
                }
            }
        }
        List<Importance> out = new ArrayList<>();
        double total = 0;
        double[] means = new double[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            means[c] = Arrays.stream(increases[c]).average().orElse(0);
            total += Math.max(0, means[c]);
        }
        for (int c = 0; c < columns.size(); c++) {
            double mean = means[c];
            double var = Arrays.stream(increases[c]).map(v -> (v - mean) * (v - mean)).average().orElse(0);
            double std = Math.sqrt(var);
            out.add(new Importance(columns.get(c).param(), mean, std, std / Math.sqrt(increases[c].length),
                    total > 0 ? Math.max(0, mean) / total : 0, columns.get(c).categorical()));
        }
        out.sort(Comparator.comparingDouble(Importance::mseIncrease).reversed().thenComparing(Importance::param));
        String method = "permutation importance: rise in held-out mean squared error when a param is shuffled, "
                + k + "-fold cross-validation, " + repeats + " shuffles per fold, random forest of " + trees + " trees (Tribuo)";
        return new Result(out, n, r2(heldOutPrediction, y), method);
    }

    /** One param as forest inputs: one numeric feature, or one 0/1 feature per level. */
    private record Column(String param, boolean categorical, double[] numbers, List<String> levels, String[] values) {
        List<String> featureNames() {
            if (!categorical) {
                return List.of("p:" + param);
            }
            return levels.stream().map(l -> "p:" + param + "=" + l).toList();
        }

        /** The feature values of trial row, reading the param from row source. */
        void write(int source, Map<String, Double> into) {
            if (!categorical) {
                into.put("p:" + param, numbers[source]);
            } else {
                for (String l : levels) {
                    into.put("p:" + param + "=" + l, l.equals(values[source]) ? 1.0 : 0.0);
                }
            }
        }
    }

    private static List<Column> columns(List<Trial> trials) {
        TreeSet<String> keys = new TreeSet<>();
        trials.forEach(t -> keys.addAll(t.params().keySet()));
        List<Column> out = new ArrayList<>();
        for (String key : keys) {
            String[] values = trials.stream().map(t -> t.params().getOrDefault(key, "")).toArray(String[]::new);
            if (new TreeSet<>(Arrays.asList(values)).size() < 2) {
                continue;
            }
            double[] numbers = new double[values.length];
            boolean numeric = true;
            List<Double> present = new ArrayList<>();
            for (int i = 0; i < values.length && numeric; i++) {
                if (values[i].isEmpty()) {
                    numbers[i] = Double.NaN;
                    continue;
                }
                try {
                    numbers[i] = Double.parseDouble(values[i].strip());
                    numeric = Double.isFinite(numbers[i]);
                    present.add(numbers[i]);
                } catch (NumberFormatException e) {
                    numeric = false;
                }
            }
            if (numeric && !present.isEmpty()) {
                double median = median(present);
                for (int i = 0; i < numbers.length; i++) {
                    if (Double.isNaN(numbers[i])) {
                        numbers[i] = median;
                    }
                }
                out.add(new Column(key, false, numbers, List.of(), values));
            } else {
                out.add(new Column(key, true, null, List.copyOf(new TreeSet<>(Arrays.asList(values))), values));
            }
        }
        return out;
    }

    private Model<Regressor> fit(List<Column> columns, String[] names, List<Trial> trials, double[] y, List<Integer> rows, long seed) {
        RegressionFactory factory = new RegressionFactory();
        MutableDataset<Regressor> data = new MutableDataset<>(
                new SimpleDataSourceProvenance("sweep trials (" + rows.size() + ")", factory), factory);
        for (int row : rows) {
            data.add(example(columns, names, row, row, null, y[row]));
        }
        // small leaves: a sweep has tens of trials, not thousands; a share of the params per split makes it a forest
        float fraction = columns.size() == 1 ? 1.0f : 0.7f;
        CARTRegressionTrainer tree = new CARTRegressionTrainer(MAX_DEPTH, 2.0f, 0.0f, fraction, false,
                new MeanSquaredError(), seed);
        return new RandomForestTrainer<>(tree, new AveragingCombiner(), trees, seed).train(data);
    }

    /**
     * Predictions for rows; when shuffle is given, the row at position t reads that column from rows[perm[t]].
     */
    private static double[] predict(Model<Regressor> model, List<Column> columns, String[] names, List<Integer> rows,
                                    Column shuffle, int[] perm) {
        List<Example<Regressor>> examples = new ArrayList<>(rows.size());
        for (int t = 0; t < rows.size(); t++) {
            int row = rows.get(t);
            examples.add(example(columns, names, row, perm == null ? row : rows.get(perm[t]), shuffle, Double.NaN));
        }
        List<Prediction<Regressor>> predictions = model.predict(examples);
        double[] out = new double[predictions.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = predictions.get(i).getOutput().getValues()[0];
        }
        return out;
    }

    private static Example<Regressor> example(List<Column> columns, String[] names, int row, int shuffledRow, Column shuffle,
                                              double y) {
        Map<String, Double> features = new LinkedHashMap<>();
        for (Column c : columns) {
            c.write(c == shuffle ? shuffledRow : row, features);
        }
        double[] values = new double[names.length];
        for (int i = 0; i < names.length; i++) {
            values[i] = features.get(names[i]);
        }
        return new ArrayExample<>(new Regressor(TARGET, Double.isNaN(y) ? 0 : y), names, values);
    }

    private static double mse(double[] predicted, double[] y, List<Integer> rows) {
        double sum = 0;
        for (int t = 0; t < rows.size(); t++) {
            double d = predicted[t] - y[rows.get(t)];
            sum += d * d;
        }
        return sum / rows.size();
    }

    private static double r2(double[] predicted, double[] y) {
        double mean = Arrays.stream(y).average().orElse(0);
        double ss = 0;
        double res = 0;
        for (int i = 0; i < y.length; i++) {
            ss += (y[i] - mean) * (y[i] - mean);
            res += (y[i] - predicted[i]) * (y[i] - predicted[i]);
        }
        return ss == 0 ? 0 : 1 - res / ss;
    }

    private static int[] shuffled(int n, Random random) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }

    private static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
