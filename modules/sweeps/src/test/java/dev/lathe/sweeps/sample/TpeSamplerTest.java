package dev.lathe.sweeps.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.sweeps.SweepSpec.Goal;
import dev.lathe.sweeps.TrialResult;
import dev.lathe.sweeps.TrialResult.State;
import dev.lathe.sweeps.space.Dimension;
import dev.lathe.sweeps.space.SearchSpace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

class TpeSamplerTest {
    private static final SearchSpace BRANIN_SPACE = Spaces.of(
            "x1", new Dimension.Uniform(-5, 10),
            "x2", new Dimension.Uniform(0, 15));
    private static final double BRANIN_MIN = 0.397887;

    /** The Branin-Hoo function; global minimum 0.397887 at three points. */
    static double branin(Map<String, Object> p) {
        double x1 = (Double) p.get("x1");
        double x2 = (Double) p.get("x2");
        double b = 5.1 / (4 * Math.PI * Math.PI);
        double c = 5 / Math.PI;
        double t = 1 / (8 * Math.PI);
        return Math.pow(x2 - b * x1 * x1 + c * x1 - 6, 2) + 10 * (1 - t) * Math.cos(x1) + 10;
    }

    /** Runs a sequential sweep of n trials and returns the best objective (lowest for minimize). */
    static double bestOf(Sampler sampler, int n, ToDoubleFunction<Map<String, Object>> f, Goal goal) {
        List<TrialResult> history = new ArrayList<>();
        double best = goal == Goal.MINIMIZE ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            Map<String, Object> p = sampler.sample(i, List.copyOf(history)).orElseThrow();
            double y = f.applyAsDouble(p);
            history.add(new TrialResult(i, p, y, State.FINISHED, 1));
            best = goal == Goal.MINIMIZE ? Math.min(best, y) : Math.max(best, y);
        }
        return best;
    }

    @Test
    void beatsRandomSearchOnBranin() {
        int seeds = 5;
        double tpe = 0;
        double random = 0;
        int wins = 0;
        StringBuilder detail = new StringBuilder();
        for (long seed = 1; seed <= seeds; seed++) {
            double t = bestOf(new TpeSampler(BRANIN_SPACE, seed, Goal.MINIMIZE), 60, TpeSamplerTest::branin, Goal.MINIMIZE);
            double r = bestOf(new RandomSampler(BRANIN_SPACE, seed), 60, TpeSamplerTest::branin, Goal.MINIMIZE);
            assertTrue(t >= BRANIN_MIN - 1e-6);
            tpe += t / seeds;
            random += r / seeds;
            wins += t < r ? 1 : 0;
            detail.append(String.format(" seed %d: tpe %.4f random %.4f;", seed, t, r));
        }
        System.out.printf("Branin, 60 trials, mean best over %d seeds: TPE %.4f, random %.4f (optimum %.6f), TPE"
                + " better on %d of %d;%s%n", seeds, tpe, random, BRANIN_MIN, wins, seeds, detail);
        assertTrue(tpe < random, "TPE " + tpe + " vs random " + random + ":" + detail);
    }

    @Test
    void respectsTheGoal() {
        // maximising -branin is the same problem; a sampler that ignored the goal would chase the worst points
        double tpe = 0;
        double random = 0;
        for (long seed = 1; seed <= 3; seed++) {
            tpe += bestOf(new TpeSampler(BRANIN_SPACE, seed, Goal.MAXIMIZE), 50, p -> -branin(p), Goal.MAXIMIZE);
            random += bestOf(new RandomSampler(BRANIN_SPACE, seed), 50, p -> -branin(p), Goal.MAXIMIZE);
        }
        assertTrue(tpe > random, "TPE " + tpe + " vs random " + random);
    }

    @Test
    void startsWithTheRandomPointsUntilTenTrialsHaveAnObjective() {
        TpeSampler tpe = new TpeSampler(BRANIN_SPACE, 9, Goal.MINIMIZE);
        RandomSampler random = new RandomSampler(BRANIN_SPACE, 9);
        List<TrialResult> history = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            Map<String, Object> p = tpe.sample(i, history).orElseThrow();
            assertEquals(random.sample(i, List.of()).orElseThrow(), p, "trial " + i);
            // failed and running trials do not count towards the ten
            history.add(new TrialResult(i, p, null, i % 2 == 0 ? State.FAILED : State.RUNNING, 0));
        }
        for (int i = 0; i < 10; i++) {
            history.add(new TrialResult(15 + i, random.sample(15 + i, List.of()).orElseThrow(), (double) i,
                    i < 5 ? State.FINISHED : State.PRUNED, i));
        }
        assertNotEquals(random.sample(25, List.of()).orElseThrow(), tpe.sample(25, history).orElseThrow(),
                "ten finished or pruned trials switch TPE on");
    }

    @Test
    void isReproducibleFromSeedIndexAndHistory() {
        List<TrialResult> history = new ArrayList<>();
        RandomSampler random = new RandomSampler(BRANIN_SPACE, 4);
        for (int i = 0; i < 20; i++) {
            Map<String, Object> p = random.sample(i, List.of()).orElseThrow();
            history.add(new TrialResult(i, p, branin(p), State.FINISHED, 1));
        }
        Map<String, Object> a = new TpeSampler(BRANIN_SPACE, 4, Goal.MINIMIZE).sample(20, history).orElseThrow();
        Map<String, Object> b = new TpeSampler(BRANIN_SPACE, 4, Goal.MINIMIZE).sample(20, history).orElseThrow();
        assertEquals(a, b);
        assertNotEquals(a, new TpeSampler(BRANIN_SPACE, 4, Goal.MINIMIZE).sample(21, history).orElseThrow(),
                "parallel slots (other indices, same history) get other points");
    }

    @Test
    void learnsCategoricalAndIntegerDimensions() {
        SearchSpace space = Spaces.of(
                "opt", new Dimension.Categorical(List.of("sgd", "adam", "rmsprop", "adagrad")),
                "layers", new Dimension.IntUniform(1, 8),
                "lr", new Dimension.LogUniform(1e-5, 1),
                "epochs", new Dimension.Constant(30L));
        // best with adam, 3 layers and lr near 1e-2
        ToDoubleFunction<Map<String, Object>> loss = p -> (p.get("opt").equals("adam") ? 0 : 1)
                + Math.abs((Long) p.get("layers") - 3) * 0.3
                + Math.abs(Math.log10((Double) p.get("lr")) + 2) * 0.5;
        TpeSampler tpe = new TpeSampler(space, 2, Goal.MINIMIZE);
        List<TrialResult> history = new ArrayList<>();
        int adamLate = 0;
        for (int i = 0; i < 80; i++) {
            Map<String, Object> p = tpe.sample(i, List.copyOf(history)).orElseThrow();
            assertInstanceOf(Long.class, p.get("layers"));
            long layers = (Long) p.get("layers");
            assertTrue(layers >= 1 && layers <= 8);
            assertEquals(30L, p.get("epochs"));
            if (i >= 50 && p.get("opt").equals("adam")) {
                adamLate++;
            }
            history.add(new TrialResult(i, p, loss.applyAsDouble(p), State.FINISHED, 1));
        }
        assertTrue(adamLate >= 18, "late trials mostly pick the best category: " + adamLate + " of 30");
    }

    @Test
    void readsHistoryParamsStoredAsText() {
        List<TrialResult> history = new ArrayList<>();
        RandomSampler random = new RandomSampler(BRANIN_SPACE, 4);
        for (int i = 0; i < 20; i++) {
            Map<String, Object> p = random.sample(i, List.of()).orElseThrow();
            Map<String, Object> asText = Map.of("x1", p.get("x1").toString(), "x2", p.get("x2").toString());
            history.add(new TrialResult(i, asText, branin(p), State.FINISHED, 1));
        }
        List<TrialResult> typed = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Map<String, Object> p = random.sample(i, List.of()).orElseThrow();
            typed.add(new TrialResult(i, p, branin(p), State.FINISHED, 1));
        }
        TpeSampler tpe = new TpeSampler(BRANIN_SPACE, 4, Goal.MINIMIZE);
        assertEquals(tpe.sample(20, typed), tpe.sample(20, history));
    }

    @Test
    void optunaDefaults() {
        assertEquals(1, TpeSampler.gamma(10));
        assertEquals(2, TpeSampler.gamma(11));
        assertEquals(25, TpeSampler.gamma(1000));
        double[] w = TpeSampler.observationWeights(30);
        assertEquals(1.0 / 30, w[0], 1e-12);
        assertEquals(1.0, w[4], 1e-12);
        assertEquals(1.0, w[29], 1e-12);
        assertEquals(List.of(1.0, 1.0), java.util.Arrays.stream(TpeSampler.observationWeights(2)).boxed().toList());
    }
}
