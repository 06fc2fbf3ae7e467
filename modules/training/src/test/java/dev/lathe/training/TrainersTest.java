package dev.lathe.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrainersTest {

    @Test
    void serviceLoaderFindsTheFourTrainersSortedByName() {
        assertEquals(List.of("djl-mlp", "tribuo-cart", "tribuo-forest", "tribuo-logistic"),
                Trainers.all().stream().map(Trainer::name).toList());
    }

    @Test
    void byNameFindsOneAndNamesTheOthersWhenItCannot() {
        assertEquals("djl", Trainers.byName("djl-mlp").engine());
        assertEquals("unknown trainer 'x' (available: djl-mlp, tribuo-cart, tribuo-forest, tribuo-logistic)",
                assertThrows(TrainingException.class, () -> Trainers.byName("x")).getMessage());
    }

    @Test
    void everyTrainerDescribesItselfAndItsParams() {
        for (Trainer trainer : Trainers.all()) {
            assertFalse(trainer.description().isBlank(), trainer.name());
            assertFalse(trainer.tasks().isEmpty(), trainer.name());
            assertTrue(trainer.params().stream().anyMatch(p -> p.name().equals("val_fraction")), trainer.name());
            // the defaults themselves must pass the checks
            Params.resolve(trainer.name(), trainer.params(), java.util.Map.of());
        }
        assertEquals(List.of("djl-mlp", "tribuo-cart", "tribuo-forest"), Trainers.namesFor(Task.REGRESSION));
    }
}
