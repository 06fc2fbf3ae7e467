package dev.lathe.training.tabular;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.data.Table;
import dev.lathe.training.TrainingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureEncoderTest {
    @TempDir
    Path dir;

    private Table table() throws IOException {
        Path file = dir.resolve("cars.csv");
        Files.writeString(file, """
                weight,color,price
                1,red,10
                3,blue,20
                NA,red,30
                100,green,40
                ,,50
                """);
        return Table.readCsv(file);
    }

    @Test
    void statisticsComeFromTrainingRowsOnly() throws IOException {
        Table table = table();
        int[] train = {0, 1, 2};

        FeatureEncoder encoder = FeatureEncoder.fit(table, List.of("weight", "color"), train);

        FeatureSpec weight = encoder.features().getFirst();
        assertEquals(2.0, weight.mean(), "mean of 1 and 3; the 100 of a validation row does not leak in");
        assertEquals(1.0, weight.std());
        assertEquals(List.of("blue", "red"), encoder.features().get(1).levels(), "green only occurs in validation");
        assertEquals(List.of("weight", "color=blue", "color=red"), encoder.inputNames());
        assertEquals(3, encoder.width());
    }

    @Test
    void missingNumbersBecomeTheMeanAndUnseenLevelsAllZeros() throws IOException {
        Table table = table();
        FeatureEncoder encoder = FeatureEncoder.fit(table, List.of("weight", "color"), new int[] {0, 1, 2});

        double[][] x = encoder.encode(table, new int[] {0, 2, 3, 4});

        assertArrayEquals(new double[] {-1, 0, 1}, x[0]);
        assertArrayEquals(new double[] {0, 0, 1}, x[1], "missing weight -> 0 (the training mean)");
        assertArrayEquals(new double[] {98, 0, 0}, x[2], "unseen 'green' -> no level set");
        assertArrayEquals(new double[] {0, 0, 0}, x[3]);
    }

    @Test
    void encoderFromStoredSpecsEncodesTheSame() throws IOException {
        Table table = table();
        FeatureEncoder fitted = FeatureEncoder.fit(table, List.of("weight", "color"), new int[] {0, 1, 2});

        FeatureEncoder stored = FeatureEncoder.of(fitted.features());

        assertArrayEquals(fitted.encode(table, new int[] {0, 1, 2, 3, 4}), stored.encode(table, new int[] {0, 1, 2, 3, 4}));
    }

    @Test
    void missingOrRetypedColumnIsNamed() throws IOException {
        Table table = table();
        FeatureEncoder encoder = FeatureEncoder.of(List.of(FeatureSpec.numeric("color", 0, 1), FeatureSpec.numeric("size", 0, 1)));

        String retyped = assertThrows(TrainingException.class, () -> encoder.encode(table, new int[] {0})).getMessage();
        assertTrue(retyped.contains("column 'color' in cars.csv is text"), retyped);

        FeatureEncoder absent = FeatureEncoder.of(List.of(FeatureSpec.numeric("size", 0, 1)));
        String message = assertThrows(TrainingException.class, () -> absent.encode(table, new int[] {0})).getMessage();
        assertTrue(message.contains("column 'size'") && message.contains("weight, color, price"), message);
    }
}
