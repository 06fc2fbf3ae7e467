package dev.lathe.training.tabular;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.data.Table;
import dev.lathe.training.Task;
import dev.lathe.training.TestData;
import dev.lathe.training.Trainer;
import dev.lathe.training.Trainers;
import dev.lathe.training.TrainingException;
import dev.lathe.training.TrainingRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreparedDataTest {
    @TempDir
    Path dir;

    private final Trainer cart = Trainers.byName("tribuo-cart");

    private PreparedData prepare(Table table, String label, Task task) {
        return PreparedData.prepare(new TrainingRequest(table, label, task, Map.of(), 1, dir.resolve("model")), cart, 0.2);
    }

    private String error(Table table, String label, Task task) {
        return assertThrows(TrainingException.class, () -> prepare(table, label, task)).getMessage();
    }

    private Table csv(String text) throws IOException {
        Path file = dir.resolve("data.csv");
        Files.writeString(file, text);
        return Table.readCsv(file);
    }

    @Test
    void irisBecomesThreeClassesSplitPerClass() {
        PreparedData data = prepare(TestData.table("iris.csv"), "species", null);

        assertEquals(Task.CLASSIFICATION, data.task());
        assertEquals(List.of("setosa", "versicolor", "virginica"), data.classes());
        assertEquals(120, data.trainX().length);
        assertEquals(30, data.valX().length);
        assertEquals(4, data.trainX()[0].length);
        assertEquals(30, data.valClasses().length);
    }

    @Test
    void absentLabelNamesTheColumns() {
        assertEquals("label column 'kind' is not in iris.csv (columns: sepal_length, sepal_width, petal_length, "
                + "petal_width, species)", error(TestData.table("iris.csv"), "kind", null));
    }

    @Test
    void singleClassHasNothingToLearn() throws IOException {
        Table table = csv("x,y\n1,a\n2,a\n3,a\n");

        assertEquals("label 'y' has a single class 'a': nothing to learn", error(table, "y", null));
    }

    @Test
    void missingLabelNamesTheFirstLine() throws IOException {
        Table table = csv("x,y\n1,a\n2,b\n3,\n4,a\n5,NA\n");

        assertEquals("label 'y' is missing on line 4 of data.csv (2 rows in all); fill in or remove those rows",
                error(table, "y", null));
    }

    @Test
    void trainerThatCannotDoTheTaskSaysWhichCan() {
        Trainer logistic = Trainers.byName("tribuo-logistic");
        Table wine = TestData.table("wine.csv");

        String message = assertThrows(TrainingException.class, () -> PreparedData.prepare(
                new TrainingRequest(wine, "alcohol", null, Map.of(), 1, dir), logistic, 0.2)).getMessage();

        assertEquals("trainer tribuo-logistic does not do regression (inferred from label 'alcohol'); trainers that do: "
                + "djl-mlp, tribuo-cart, tribuo-forest", message);
    }

    @Test
    void labelAloneIsNotEnough() throws IOException {
        assertTrue(error(csv("y\na\nb\n"), "y", null).contains("no feature columns"));
    }

    @Test
    void wholeNumberClassesAreOrderedByValue() throws IOException {
        StringBuilder text = new StringBuilder("x,digit\n");
        for (int i = 0; i < 40; i++) {
            text.append(i).append(',').append(new int[] {2, 10, 1}[i % 3]).append('\n');
        }
        PreparedData data = prepare(csv(text.toString()), "digit", null);

        assertEquals(List.of("1", "2", "10"), data.classes());
    }
}
