package dev.lathe.data.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.data.ColumnProfile;
import dev.lathe.data.DatasetProfile;
import dev.lathe.data.Table;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drift on the real wine data: a shifted column is found and named, a bootstrap resample is not flagged. */
class DriftCheckTest {
    @TempDir
    Path dir;

    private static Path wine() throws URISyntaxException {
        return Path.of(DriftCheckTest.class.getResource("/datasets/wine.csv").toURI());
    }

    private static DatasetProfile profile() throws Exception {
        // through JSON, as the workspace stores it
        return DatasetProfile.fromJson(DatasetProfile.of(Table.readCsv(wine())).toJson());
    }

    /** wine.csv with one column moved by k of its standard deviations. */
    private Path shifted(String column, double k) throws Exception {
        List<String> lines = Files.readAllLines(wine());
        int index = List.of(lines.getFirst().split(",")).indexOf(column);
        double std = DatasetProfile.of(Table.readCsv(wine())).column(column).std();
        List<String> out = new ArrayList<>(List.of(lines.getFirst()));
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            f[index] = String.format(Locale.ROOT, "%.4f", Double.parseDouble(f[index]) + k * std);
            out.add(String.join(",", f));
        }
        Path p = dir.resolve("shifted.csv");
        Files.write(p, out);
        return p;
    }

    private Path bootstrap(long seed) throws Exception {
        List<String> lines = Files.readAllLines(wine());
        Random random = new Random(seed);
        List<String> out = new ArrayList<>(List.of(lines.getFirst()));
        for (int i = 1; i < lines.size(); i++) {
            out.add(lines.get(1 + random.nextInt(lines.size() - 1)));
        }
        Path p = dir.resolve("resample-" + seed + ".csv");
        Files.write(p, out);
        return p;
    }

    @Test
    void aColumnShiftedByTwoStandardDeviationsIsFoundAndNamed() throws Exception {
        DriftReport r = DriftCheck.compare(profile(), Table.readCsv(shifted("color_intensity", 2)), 0.2, null, Set.of());
        assertTrue(r.drifted());
        assertEquals(List.of("color_intensity"), r.driftedFeatures());
        FeatureDrift f = r.features().stream().filter(x -> x.name().equals("color_intensity")).findFirst().orElseThrow();
        assertTrue(f.psi() > 1, "a 2-std shift is a major one: " + f);
        assertTrue(f.ks() > 0.5, "most of the mass moved: " + f);
        assertEquals(f.binEdges().size() - 1, f.sharesNow().size());
    }

    @Test
    void bootstrapResamplesAreNotFlagged() throws Exception {
        DatasetProfile profile = profile();
        for (long seed = 1; seed <= 5; seed++) {
            DriftReport r = DriftCheck.compare(profile, Table.readCsv(bootstrap(seed)), 0.2, null, Set.of());
            assertFalse(r.drifted(), "seed " + seed + ": " + r.driftedFeatures());
            for (FeatureDrift f : r.features()) {
                assertEquals(FeatureDrift.Status.OK, f.status(), f.toString());
                if (f.ks() != null) {
                    assertTrue(f.ks() < 0.2, f.toString());
                }
            }
        }
    }

    @Test
    void missingNewAndRetypedColumnsAreReported() throws Exception {
        List<String> lines = Files.readAllLines(wine());
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",", -1);
            // drop proline (column 12), add "batch", and hue written as words (a text column now)
            String hue = i == 0 ? f[10] : Double.parseDouble(f[10]) < 1 ? "low" : "high";
            out.add(String.join(",", f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9], hue, f[11], f[13])
                    + "," + (i == 0 ? "batch" : "b" + (i % 3)));
        }
        Path p = dir.resolve("changed.csv");
        Files.write(p, out);
        DriftReport r = DriftCheck.compare(profile(), Table.readCsv(p), 0.2, null, Set.of());
        assertEquals(List.of("hue", "proline"), r.driftedFeatures().stream().sorted().toList());
        assertEquals(FeatureDrift.Status.MISSING_COLUMN, feature(r, "proline").status());
        assertEquals(FeatureDrift.Status.TYPE_CHANGED, feature(r, "hue").status());
        assertEquals(FeatureDrift.Status.NEW_COLUMN, feature(r, "batch").status());
        assertFalse(feature(r, "batch").drifted());
        // the label may be absent from scoring data
        DriftReport unlabelled = DriftCheck.compare(profile(), Table.readCsv(shifted("alcohol", 0)), 0.2, null,
                Set.of("cultivar"));
        assertFalse(unlabelled.drifted(), unlabelled.driftedFeatures().toString());
    }

    @Test
    void aNewCategoryIsListedAndShiftsTheLabelColumn() throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(wine()));
        for (int i = 1; i < 60; i++) {
            lines.set(i, lines.get(i).replace("class_0", "class_9"));
        }
        Path p = dir.resolve("cats.csv");
        Files.write(p, lines);
        FeatureDrift f = feature(DriftCheck.compare(profile(), Table.readCsv(p), 0.2, null, Set.of()), "cultivar");
        assertTrue(f.drifted(), f.toString());
        assertEquals(List.of("class_9"), f.newCategories());
        assertEquals(List.of("class_0"), f.goneCategories());
    }

    @Test
    void anOlderProfileWithoutTheSketchStillReadsAndApproximatesKs() throws Exception {
        String json = DatasetProfile.of(Table.readCsv(wine())).toJson().replaceAll(",\"quantiles\":\\[[^]]*]", "");
        assertFalse(json.contains("quantiles"));
        DatasetProfile old = DatasetProfile.fromJson(json);
        ColumnProfile c = old.column("color_intensity");
        assertNull(c.quantiles());
        assertNotNull(c.binEdges());
        FeatureDrift f = feature(DriftCheck.compare(old, Table.readCsv(shifted("color_intensity", 2)), 0.2, null,
                Set.of()), "color_intensity");
        assertTrue(f.drifted() && f.ks() > 0.5 && f.note().contains("approximated"), f.toString());
    }

    private static FeatureDrift feature(DriftReport r, String name) {
        return r.features().stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
    }
}
