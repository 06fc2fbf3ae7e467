package dev.lathe.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `lathe report`: one self-contained HTML file for a sweep or an experiment. */
class ReportCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aSweepReportIsSelfContainedAndNamesTheBestRun() throws Exception {
        Path ws = dir.resolve("ws");
        Datasets.copy("iris.csv", dir);
        Path file = dir.resolve("iris.yaml");
        Files.writeString(file, """
                name: iris-report
                data: iris.csv
                label: species
                trainer: tribuo-cart
                method: grid
                metric: {name: val_accuracy, goal: maximize}
                parameters:
                  max_depth: {values: [1, 3, 5]}
                """);
        var s = CliHarness.run("sweep", "start", file.toString(), "--workspace", ws.toString(), "--format", "json");
        assertEquals(0, s.exitCode(), s.all());
        String text = s.out().substring(s.out().indexOf("\n{") + 1);
        JsonNode sweep = JSON.readTree(text);
        String sweepId = sweep.get("id").asText();
        JsonNode best = sweep.get("best");

        Path out = dir.resolve("report.html");
        var r = CliHarness.run("report", sweepId.substring(0, 8), "--out", out.toString(), "--workspace", ws.toString());
        assertEquals(0, r.exitCode(), r.all());
        String html = Files.readString(out);
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertFalse(Pattern.compile("https?://").matcher(html).find(), "no external reference may remain");
        assertFalse(Pattern.compile("<(script|link|img|iframe)\\b").matcher(html).find(), "nothing to fetch");
        assertTrue(html.contains("<svg"), "charts are inline SVG");
        assertTrue(html.contains("<code id=\"best-run\">" + best.get("run_id").asText() + "</code>"), html);
        assertTrue(html.contains("<td>max_depth</td><td>" + best.get("params").get("max_depth").asText() + "</td>"),
                "the best run's params");
        assertTrue(html.contains("<th class=\"diff\">max_depth</th>"), "max_depth differs between the runs");
        for (JsonNode t : sweep.get("trials")) {
            assertTrue(html.contains(t.get("run_id").asText()), "every run is in the table");
        }

        // the experiment has the same runs
        Path byName = dir.resolve("experiment.html");
        assertEquals(0, CliHarness.run("report", "iris-report", "--out", byName.toString(), "--workspace",
                ws.toString()).exitCode());
        assertTrue(Files.readString(byName).contains(best.get("run_id").asText()));

        var missing = CliHarness.run("report", "nothing-here", "--out", byName.toString(), "--workspace", ws.toString());
        assertEquals(2, missing.exitCode(), missing.all());
        assertTrue(missing.err().contains("nothing-here"), missing.err());
        var nowhere = CliHarness.run("report", "iris-report", "--out", dir.resolve("no/such/folder.html").toString(),
                "--workspace", ws.toString());
        assertEquals(2, nowhere.exitCode(), nowhere.all());
        assertTrue(nowhere.err().contains("no/such"), nowhere.err());
    }
}
