package dev.lathe.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetProfileTest {

    @Test
    void irisNumericColumnHasSaneStatistics() {
        DatasetProfile profile = DatasetProfile.of(Table.readCsv(Datasets.path("iris.csv")));

        assertEquals(150, profile.rows());
        ColumnProfile petal = profile.column("petal_length");
        assertEquals("numeric", petal.type());
        assertEquals(150, petal.count());
        assertEquals(0, petal.missing());
        assertEquals(1.0, petal.min());
        assertEquals(6.9, petal.max());
        assertEquals(3.758, petal.mean(), 1e-9);
        assertEquals(1.7653, petal.std(), 1e-4);
        assertEquals(1.0, petal.binEdges().getFirst());
        assertEquals(6.9, petal.binEdges().getLast());
        assertEquals(petal.binEdges().size() - 1, petal.binCounts().size());
        assertEquals(150, petal.binCounts().stream().mapToLong(Long::longValue).sum());
        for (int i = 1; i < petal.binEdges().size(); i++) {
            assertTrue(petal.binEdges().get(i) > petal.binEdges().get(i - 1), "edges increase");
        }
        assertNull(petal.topLevels());
    }

    @Test
    void categoricalColumnCountsLevels() {
        ColumnProfile species = DatasetProfile.of(Table.readCsv(Datasets.path("iris.csv"))).column("species");

        assertEquals("categorical", species.type());
        assertEquals(3, species.distinct());
        assertEquals(List.of(new ColumnProfile.LevelCount("setosa", 50), new ColumnProfile.LevelCount("versicolor", 50),
                new ColumnProfile.LevelCount("virginica", 50)), species.topLevels());
        assertNull(species.mean());
    }

    @Test
    void jsonRoundTripKeepsEverything() {
        DatasetProfile profile = DatasetProfile.of(Table.readCsv(Datasets.path("wine.csv")));

        String json = profile.toJson();
        DatasetProfile back = DatasetProfile.fromJson(json);

        assertEquals(profile, back);
        assertTrue(json.contains("\"bin_edges\":["), json);
        assertTrue(json.contains("\"name\":\"cultivar\",\"type\":\"categorical\""), json);
        assertTrue(!json.contains("\"top_levels\":null"), "absent fields are left out, not null");
    }

    @Test
    void missingValuesAndOnlyFiftyLevelsAreKept(@TempDir Path dir) throws IOException {
        StringBuilder csv = new StringBuilder("x,level\n");
        for (int i = 0; i < 120; i++) {
            csv.append(i % 10 == 0 ? "" : String.valueOf(i % 7)).append(",L").append(i % 60).append('\n');
        }
        Path file = dir.resolve("many.csv");
        Files.writeString(file, csv);

        DatasetProfile profile = DatasetProfile.of(Table.readCsv(file));

        ColumnProfile x = profile.column("x");
        assertEquals(12, x.missing());
        assertEquals(108, x.count());
        assertEquals(108, x.binCounts().stream().mapToLong(Long::longValue).sum());
        ColumnProfile level = profile.column("level");
        assertEquals(60, level.distinct());
        assertEquals(50, level.topLevels().size());
        assertEquals(new ColumnProfile.LevelCount("L0", 2), level.topLevels().getFirst());
    }

    @Test
    void binOfClampsOutsideValues() {
        double[] edges = {0, 1, 2, 3};

        assertEquals(0, DatasetProfile.bin(edges, -5));
        assertEquals(0, DatasetProfile.bin(edges, 0.5));
        assertEquals(1, DatasetProfile.bin(edges, 1));
        assertEquals(2, DatasetProfile.bin(edges, 3), "max falls in the last bin");
        assertEquals(2, DatasetProfile.bin(edges, 99));
    }

    @Test
    void fromJsonRejectsGarbage() {
        assertThrows(IllegalArgumentException.class, () -> DatasetProfile.fromJson("[1,2"));
    }
}
