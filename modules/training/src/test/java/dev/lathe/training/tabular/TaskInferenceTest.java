package dev.lathe.training.tabular;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.data.CategoricalColumn;
import dev.lathe.data.NumericColumn;
import dev.lathe.training.Task;
import dev.lathe.training.TestData;
import dev.lathe.training.TrainingException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TaskInferenceTest {
    private static final CategoricalColumn TEXT = new CategoricalColumn("species", new String[] {"a", "b", null});
    private static final NumericColumn FEW_WHOLE = new NumericColumn("digit", new double[] {0, 1, 2, 1, Double.NaN});
    private static final NumericColumn MANY_WHOLE =
            new NumericColumn("count", IntStream.range(0, 21).asDoubleStream().toArray());
    private static final NumericColumn FRACTIONS = new NumericColumn("alcohol", new double[] {14.23, 13.2, 13});

    @Test
    void inferredFromTheLabel() {
        assertEquals(Task.CLASSIFICATION, TaskInference.infer(TEXT, null));
        assertEquals(Task.CLASSIFICATION, TaskInference.infer(FEW_WHOLE, null));
        assertEquals(Task.REGRESSION, TaskInference.infer(MANY_WHOLE, null), "21 distinct whole numbers are a count");
        assertEquals(Task.REGRESSION, TaskInference.infer(FRACTIONS, null));
        assertEquals(Task.CLASSIFICATION, TaskInference.infer(TestData.table("iris.csv").column("species"), null));
        assertEquals(Task.REGRESSION, TaskInference.infer(TestData.table("wine.csv").column("alcohol"), null));
    }

    @Test
    void aGivenTaskWins() {
        assertEquals(Task.REGRESSION, TaskInference.infer(FEW_WHOLE, Task.REGRESSION));
        assertEquals(Task.CLASSIFICATION, TaskInference.infer(MANY_WHOLE, Task.CLASSIFICATION));
    }

    @Test
    void impossibleRequestsAreRefused() {
        String fractions = assertThrows(TrainingException.class,
                () -> TaskInference.infer(FRACTIONS, Task.CLASSIFICATION)).getMessage();
        assertTrue(fractions.startsWith("label 'alcohol' has numbers with fractions (such as 14.23)"), fractions);

        String text = assertThrows(TrainingException.class, () -> TaskInference.infer(TEXT, Task.REGRESSION)).getMessage();
        assertEquals("label 'species' holds text (such as 'a'); regression needs a numeric label", text);
    }
}
