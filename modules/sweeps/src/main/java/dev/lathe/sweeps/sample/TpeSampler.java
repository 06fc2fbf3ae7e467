package dev.lathe.sweeps.sample;

import dev.lathe.sweeps.SweepSpec.Goal;
import dev.lathe.sweeps.TrialResult;
import dev.lathe.sweeps.space.Dimension;
import dev.lathe.sweeps.space.SearchSpace;
import dev.lathe.sweeps.space.StdNormal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Bayesian optimisation with the Tree-structured Parzen Estimator (Bergstra et al. 2011), following Optuna's
 * default, independent (univariate) TPE:
 * <ul>
 *   <li>the first {@value #N_STARTUP_TRIALS} trials with an objective are random (the same points
 *       {@link RandomSampler} gives);</li>
 *   <li>then the trials split into the gamma(n) = min(ceil(0.1 n), 25) best ("below", l) and the rest ("above",
 *       g); FINISHED trials rank by objective (respecting the goal), PRUNED ones after all finished ones, those
 *       that got further first, then by their last value; FAILED and RUNNING trials are ignored (as Optuna without
 *       constant_liar: parallel slots still get different points because every index has its own seed);</li>
 *   <li>each dimension draws {@value #N_EI_CANDIDATES} candidates from l and keeps the one maximising
 *       l(x) / g(x).</li>
 * </ul>
 * Numeric dimensions are modelled in their unit coordinate (the CDF, see {@link Dimension#toUnit}): for uniform
 * and log-uniform kinds that is Optuna's linear or log space rescaled to [0, 1], for int and q_* kinds a bin per
 * value, and for the normal kinds the prior's own quantiles. There each estimator is a mixture of Gaussians
 * truncated to [0, 1], one per observation with a bandwidth from its neighbours' distances (Optuna's rule with
 * the "magic clip" to at least 1/min(100, kernels + 1)), plus a prior kernel N(0.5, 1) of weight
 * {@value #PRIOR_WEIGHT}; observation weights are Optuna's default ramp (older trials fade beyond 25). Int and
 * q_* candidates are snapped to their value before scoring. Categorical dimensions use Optuna's smoothed counts.
 * Every call is seeded from (seed, index), so a resumed sweep asks the same questions and gets the same answers.
 */
public final class TpeSampler implements Sampler {
    public static final int N_STARTUP_TRIALS = 10;
    public static final int N_EI_CANDIDATES = 24;
    public static final double PRIOR_WEIGHT = 1.0;

    private final SearchSpace space;
    private final long seed;
    private final Goal goal;

    public TpeSampler(SearchSpace space, long seed, Goal goal) {
        this.space = space;
        this.seed = seed;
        this.goal = goal;
    }

    @Override
    public Optional<Map<String, Object>> sample(int index, List<TrialResult> history) {
        List<TrialResult> finished = new ArrayList<>();
        List<TrialResult> pruned = new ArrayList<>();
        for (TrialResult t : history) {
            if (t.objective() == null || !Double.isFinite(t.objective())) {
                continue;
            }
            switch (t.state()) {
                case FINISHED -> finished.add(t);
                case PRUNED -> pruned.add(t);
                case RUNNING, FAILED -> {
                }
            }
        }
        int n = finished.size() + pruned.size();
        if (n < N_STARTUP_TRIALS) {
            return Optional.of(RandomSampler.point(space, seed, index));
        }
        Comparator<TrialResult> byValue = Comparator.comparingDouble(TrialResult::objective);
        if (goal == Goal.MAXIMIZE) {
            byValue = byValue.reversed();
        }
        finished.sort(byValue);
        pruned.sort(Comparator.comparingLong(TrialResult::lastStep).reversed().thenComparing(byValue));
        List<TrialResult> ranked = new ArrayList<>(finished);
        ranked.addAll(pruned);
        int nBelow = gamma(n);
        // observation order matters for the weight ramp: oldest first, as Optuna orders by trial number
        List<TrialResult> below = new ArrayList<>(ranked.subList(0, nBelow));
        List<TrialResult> above = new ArrayList<>(ranked.subList(nBelow, n));
        below.sort(Comparator.comparingInt(TrialResult::index));
        above.sort(Comparator.comparingInt(TrialResult::index));

        RandomGenerator rng = Seeds.rng(seed, Seeds.TPE, index);
        Map<String, Object> point = new LinkedHashMap<>();
        for (Map.Entry<String, Dimension> e : space.dimensions().entrySet()) {
            String name = e.getKey();
            Object value = switch (e.getValue()) {
                case Dimension.Constant c -> c.value();
                case Dimension.Categorical c -> suggestCategorical(c, name, below, above, rng);
                case Dimension d -> suggestNumeric(d, name, below, above, rng);
            };
            point.put(name, value);
        }
        return Optional.of(Collections.unmodifiableMap(point));
    }

    /** Optuna's default gamma: the best 10%, rounded up, at most 25. */
    static int gamma(int n) {
        return Math.min((int) Math.ceil(0.1 * n), 25);
    }

    /** Optuna's default weights: flat for the newest 25 observations, a linear ramp from 1/n for older ones. */
    static double[] observationWeights(int n) {
        double[] w = new double[n];
        int ramp = Math.max(0, n - 25);
        for (int i = 0; i < n; i++) {
            if (i < ramp) {
                w[i] = ramp == 1 ? 1.0 / n : 1.0 / n + (1 - 1.0 / n) * i / (ramp - 1);
            } else {
                w[i] = 1;
            }
        }
        return w;
    }

    private static Object suggestNumeric(Dimension d, String name, List<TrialResult> below, List<TrialResult> above,
                                         RandomGenerator rng) {
        Parzen l = Parzen.fit(units(d, name, below));
        Parzen g = Parzen.fit(units(d, name, above));
        boolean snap = d.isDiscrete() || d instanceof Dimension.QNormal || d instanceof Dimension.QLogNormal;
        Object best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < N_EI_CANDIDATES; c++) {
            double u = l.sample(rng);
            Object value = d.fromUnit(u);
            double at = snap ? d.toUnit(value) : u;
            if (Double.isNaN(at)) {
                at = u;
            }
            double score = l.logPdf(at) - g.logPdf(at);
            if (best == null || score > bestScore) {
                best = value;
                bestScore = score;
            }
        }
        return best;
    }

    private static double[] units(Dimension d, String name, List<TrialResult> trials) {
        return trials.stream()
                .filter(t -> t.params() != null && t.params().containsKey(name))
                .mapToDouble(t -> d.toUnit(t.params().get(name)))
                .filter(u -> !Double.isNaN(u))
                .toArray();
    }

    private static Object suggestCategorical(Dimension.Categorical d, String name, List<TrialResult> below,
                                             List<TrialResult> above, RandomGenerator rng) {
        double[] l = categorical(d, name, below);
        double[] g = categorical(d, name, above);
        int best = -1;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < N_EI_CANDIDATES; c++) {
            int k = pick(l, rng.nextDouble());
            double score = Math.log(l[k]) - Math.log(g[k]);
            if (best < 0 || score > bestScore) {
                best = k;
                bestScore = score;
            }
        }
        return d.values().get(best);
    }

    /**
     * Optuna's categorical estimator: each observation is a kernel putting mass 1 + prior/(n+1) on its value and
     * prior/(n+1) on every value, normalised; the prior kernel is uniform; kernels are mixed with the observation
     * weights and the prior weight.
     */
    static double[] categorical(Dimension.Categorical d, String name, List<TrialResult> trials) {
        int k = d.values().size();
        List<Integer> observed = new ArrayList<>();
        for (TrialResult t : trials) {
            if (t.params() != null && t.params().containsKey(name)) {
                int i = d.indexOf(t.params().get(name));
                if (i >= 0) {
                    observed.add(i);
                }
            }
        }
        double[] p = new double[k];
        int n = observed.size();
        double[] w = observationWeights(n);
        double total = PRIOR_WEIGHT;
        for (double x : w) {
            total += x;
        }
        double base = PRIOR_WEIGHT / (n + 1);
        double rowSum = base * k + 1;
        for (int c = 0; c < k; c++) {
            p[c] = PRIOR_WEIGHT / total / k;
        }
        for (int i = 0; i < n; i++) {
            double wi = w[i] / total;
            for (int c = 0; c < k; c++) {
                p[c] += wi * (base + (c == observed.get(i) ? 1 : 0)) / rowSum;
            }
        }
        return p;
    }

    private static int pick(double[] weights, double r) {
        double sum = 0;
        for (double w : weights) {
            sum += w;
        }
        double target = r * sum;
        double acc = 0;
        for (int i = 0; i < weights.length; i++) {
            acc += weights[i];
            if (target < acc) {
                return i;
            }
        }
        return weights.length - 1;
    }

    /** A mixture of Gaussians truncated to [0, 1]. */
    record Parzen(double[] mus, double[] sigmas, double[] weights) {
        static Parzen fit(double[] observations) {
            int n = observations.length;
            double[] mus = new double[n + 1];
            double[] sigmas = new double[n + 1];
            double[] weights = new double[n + 1];
            System.arraycopy(observations, 0, mus, 0, n);
            if (n > 0) {
                Integer[] order = new Integer[n];
                for (int i = 0; i < n; i++) {
                    order[i] = i;
                }
                Arrays.sort(order, Comparator.comparingDouble(i -> observations[i]));
                double[] ends = new double[n + 2];
                ends[0] = 0;
                ends[n + 1] = 1;
                for (int i = 0; i < n; i++) {
                    ends[i + 1] = observations[order[i]];
                }
                double[] sorted = new double[n];
                for (int i = 0; i < n; i++) {
                    sorted[i] = Math.max(ends[i + 1] - ends[i], ends[i + 2] - ends[i + 1]);
                }
                // consider_endpoints=False: the outermost kernels look only inwards
                if (n >= 2) {
                    sorted[0] = ends[2] - ends[1];
                    sorted[n - 1] = ends[n] - ends[n - 1];
                }
                double minSigma = 1.0 / Math.min(100.0, 1.0 + n + 1);
                for (int i = 0; i < n; i++) {
                    sigmas[order[i]] = Math.max(minSigma, Math.min(1.0, sorted[i]));
                }
                double[] w = observationWeights(n);
                System.arraycopy(w, 0, weights, 0, n);
            }
            mus[n] = 0.5;
            sigmas[n] = 1.0;
            weights[n] = PRIOR_WEIGHT;
            double total = 0;
            for (double w : weights) {
                total += w;
            }
            for (int i = 0; i <= n; i++) {
                weights[i] /= total;
            }
            return new Parzen(mus, sigmas, weights);
        }

        double sample(RandomGenerator rng) {
            int k = pick(weights, rng.nextDouble());
            double mu = mus[k];
            double sigma = sigmas[k];
            double lo = StdNormal.cdf(-mu / sigma);
            double hi = StdNormal.cdf((1 - mu) / sigma);
            double x = mu + sigma * StdNormal.inverse(lo + rng.nextDouble() * (hi - lo));
            return Math.max(0, Math.min(Math.nextDown(1.0), x));
        }

        double logPdf(double x) {
            double max = Double.NEGATIVE_INFINITY;
            double[] terms = new double[mus.length];
            for (int k = 0; k < mus.length; k++) {
                double z = (x - mus[k]) / sigmas[k];
                double mass = StdNormal.cdf((1 - mus[k]) / sigmas[k]) - StdNormal.cdf(-mus[k] / sigmas[k]);
                terms[k] = Math.log(weights[k]) + StdNormal.logPdf(z) - Math.log(sigmas[k]) - Math.log(mass);
                max = Math.max(max, terms[k]);
            }
            double sum = 0;
            for (double t : terms) {
                sum += Math.exp(t - max);
            }
            return max + Math.log(sum);
        }
    }
}
