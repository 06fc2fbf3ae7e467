package dev.lathe.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `lathe drift` against a registered model trained on the real wine data. */
class DriftCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static Path ws;
    static Path wine;
    static String runId;

    /** One model for all the checks: training is the slow part. */
    @BeforeAll
    static void model() throws Exception {
        ws = dir.resolve("ws");
        wine = Datasets.copy("wine.csv", dir);
        var r = CliHarness.run("train", "--data", wine.toString(), "--label", "cultivar", "--trainer", "tribuo-cart",
                "--workspace", ws.toString(), "--format", "json");
        assertEquals(0, r.exitCode(), r.all());
        runId = JSON.readTree(r.out()).get("id").asText();
        assertEquals(0, CliHarness.run("models", "register", runId, "--name", "wine", "--workspace", ws.toString())
                .exitCode());
    }

    private Path shifted(String column, double stds) throws Exception {
        List<String> lines = Files.readAllLines(wine);
        int index = List.of(lines.getFirst().split(",")).indexOf(column);
        double[] v = lines.subList(1, lines.size()).stream().mapToDouble(l -> Double.parseDouble(l.split(",")[index]))
                .toArray();
        double mean = java.util.Arrays.stream(v).average().orElseThrow();
        double std = Math.sqrt(java.util.Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum() / (v.length - 1));
        List<String> out = new ArrayList<>(List.of(lines.getFirst()));
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            f[index] = String.format(Locale.ROOT, "%.4f", Double.parseDouble(f[index]) + stds * std);
            out.add(String.join(",", f));
        }
        Path p = dir.resolve("shifted-" + column + ".csv");
        Files.write(p, out);
        return p;
    }

    @Test
    void aShiftedColumnIsNamedAndExitsFive() throws Exception {
        var r = CliHarness.run("drift", "wine@latest", "--data", shifted("proline", 2).toString(), "--workspace",
                ws.toString());
        assertEquals(5, r.exitCode(), r.all());
        assertTrue(r.out().contains("drift beyond PSI 0.2 in: proline"), r.out());
        var j = CliHarness.run("drift", "--run", runId, "--data", shifted("proline", 2).toString(), "--workspace",
                ws.toString(), "--format", "json");
        assertEquals(5, j.exitCode(), j.all());
        JsonNode report = JSON.readTree(j.out());
        assertEquals("proline", report.get("drifted_features").get(0).asText());
        assertEquals(1, report.get("drifted_features").size());
    }

    @Test
    void aBootstrapResampleIsNotFlagged() throws Exception {
        List<String> lines = Files.readAllLines(wine);
        Random random = new Random(11);
        List<String> out = new ArrayList<>(List.of(lines.getFirst()));
        for (int i = 1; i < lines.size(); i++) {
            out.add(lines.get(1 + random.nextInt(lines.size() - 1)));
        }
        Path resample = dir.resolve("resample.csv");
        Files.write(resample, out);
        var r = CliHarness.run("drift", "wine", "--data", resample.toString(), "--threshold", "0.2", "--workspace",
                ws.toString(), "--format", "json");
        assertEquals(0, r.exitCode(), r.all());
        assertFalse(JSON.readTree(r.out()).get("drifted").asBoolean(), r.out());
    }

    @Test
    void badInputIsNamed() throws Exception {
        var missing = CliHarness.run("drift", "wine", "--data", dir.resolve("nope.csv").toString(), "--workspace",
                ws.toString());
        assertEquals(2, missing.exitCode(), missing.all());
        assertTrue(missing.err().contains("nope.csv"), missing.err());
        var noModel = CliHarness.run("drift", "beer@champion", "--data", wine.toString(), "--workspace", ws.toString());
        assertEquals(2, noModel.exitCode(), noModel.all());
        assertTrue(noModel.err().contains("beer"), noModel.err());
    }
}
