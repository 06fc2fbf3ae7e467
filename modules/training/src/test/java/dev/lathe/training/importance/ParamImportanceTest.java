package dev.lathe.training.importance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.training.importance.ParamImportance.Importance;
import dev.lathe.training.importance.ParamImportance.Result;
import dev.lathe.training.importance.ParamImportance.Trial;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ParamImportanceTest {

    /** 60 trials where the objective follows lr (a bowl on log10 lr) and dropout and optimizer are noise. */
    private static List<Trial> sweep(long seed) {
        Random random = new Random(seed);
        String[] optimizers = {"adam", "sgd", "rmsprop"};
        List<Trial> trials = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            double lr = Math.pow(10, -4 + 3 * random.nextDouble());
            double dropout = 0.5 * random.nextDouble();
            String optimizer = optimizers[random.nextInt(3)];
            double accuracy = 0.95 - 0.08 * Math.pow(Math.log10(lr) + 2.5, 2) + 0.005 * random.nextGaussian();
            trials.add(new Trial(Map.of("lr", Double.toString(lr), "dropout", Double.toString(dropout),
                    "optimizer", optimizer, "epochs", "30"), accuracy));
        }
        return trials;
    }

    @Test
    void theParamThatDrivesTheObjectiveRanksFirstAndNoiseNearZero() {
        Result result = ParamImportance.defaults().compute(sweep(1));
        List<String> ranking = result.params().stream().map(Importance::param).toList();
        // epochs never varies: it cannot explain anything and is left out
        assertEquals(3, ranking.size(), ranking.toString());
        assertEquals("lr", ranking.getFirst(), result.toString());
        Importance lr = result.params().getFirst();
        assertTrue(lr.share() > 0.8, "lr share " + lr.share());
        for (Importance noise : result.params().subList(1, 3)) {
            assertTrue(noise.mseIncrease() < lr.mseIncrease() / 10, noise + " vs " + lr);
        }
        assertTrue(result.params().stream().anyMatch(p -> p.param().equals("optimizer") && p.categorical()));
        assertTrue(result.heldOutR2() > 0.7, "held-out R2 " + result.heldOutR2());
        assertEquals(60, result.trials());
        assertTrue(result.method().startsWith("permutation importance"));
    }

    @Test
    void aCategoricalParamThatDrivesTheObjectiveRanksFirst() {
        Random random = new Random(3);
        List<Trial> trials = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String optimizer = i % 2 == 0 ? "adam" : "sgd";
            double lr = random.nextDouble();
            trials.add(new Trial(Map.of("optimizer", optimizer, "lr", Double.toString(lr)),
                    (optimizer.equals("adam") ? 0.9 : 0.6) + 0.01 * random.nextGaussian()));
        }
        Result result = ParamImportance.defaults().compute(trials);
        assertEquals(List.of("optimizer", "lr"), result.params().stream().map(Importance::param).toList());
    }

    @Test
    void sameSeedSameAnswer() {
        assertEquals(ParamImportance.defaults().compute(sweep(2)), ParamImportance.defaults().compute(sweep(2)));
    }

    @Test
    void tooFewTrialsOrNothingVaryingIsRefusedWithAReason() {
        List<Trial> few = sweep(1).subList(0, 5);
        assertEquals("param importance needs at least 8 trials with a value of the objective, got 5",
                assertThrows(IllegalArgumentException.class, () -> ParamImportance.defaults().compute(few)).getMessage());
        List<Trial> flat = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            flat.add(new Trial(Map.of("lr", "0.1"), i));
        }
        assertEquals("no param takes more than one value across the 10 trials",
                assertThrows(IllegalArgumentException.class, () -> ParamImportance.defaults().compute(flat)).getMessage());
    }
}
