package dev.lathe.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lathe.data.Table;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line end to end: real CSV files, real trainers, a real workspace in a temp folder. */
class CliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    Path ws;
    Path wine;
    Path iris;

    @BeforeEach
    void data() throws Exception {
        ws = dir.resolve("ws");
        wine = copy("wine.csv");
        iris = copy("iris.csv");
    }

    private Path copy(String name) {
        return Datasets.copy(name, dir);
    }

    private CliHarness.Result lathe(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        return CliHarness.run(all.toArray(String[]::new));
    }

    @Test
    void trainersListsEveryTrainerWithItsParams() throws Exception {
        var r = lathe("trainers", "--format", "json");
        assertEquals(0, r.exitCode(), r.all());
        JsonNode list = JSON.readTree(r.out());
        List<String> names = new ArrayList<>();
        list.forEach(t -> names.add(t.get("name").asText()));
        assertTrue(names.containsAll(List.of("djl-mlp", "tribuo-logistic", "tribuo-cart", "tribuo-forest")), names.toString());
        assertTrue(list.get(0).get("params").size() > 0);
        var table = lathe("trainers");
        assertTrue(table.out().contains("djl-mlp") && table.out().contains("PARAM"), table.out());
    }

    @Test
    void trainRecordsAFinishedRunVisibleInRunsList() throws Exception {
        var r = lathe("train", "--data", wine.toString(), "--label", "cultivar", "--trainer", "tribuo-logistic",
                "--workspace", ws.toString(), "--seed", "3");
        assertEquals(0, r.exitCode(), r.all());
        assertTrue(r.out().contains("FINISHED"), r.out());

        JsonNode runs = JSON.readTree(lathe("runs", "list", "--workspace", ws.toString(), "--format", "json").out());
        assertEquals(1, runs.size());
        JsonNode run = runs.get(0);
        assertEquals("FINISHED", run.get("status").asText());
        assertEquals("wine", run.get("experiment").asText());
        assertEquals("tribuo-logistic", run.get("trainer").asText());
        assertEquals(3, run.get("seed").asLong());
        assertTrue(run.get("params").size() > 0, run.toString());
        assertTrue(run.get("metrics").get("val_accuracy").get("last").asDouble() >= 0.9, run.toString());
        assertEquals(Table.readCsv(wine).sha256(), run.get("datasets").get(0).get("sha256").asText());
        assertNotNull(run.get("git"), "the tests run inside the project's git work tree");
        assertEquals(40, run.get("git").get("commit").asText().length(), run.toString());

        String id = run.get("id").asText();
        var show = lathe("runs", "show", id.substring(0, 8), "--workspace", ws.toString());
        assertEquals(0, show.exitCode(), show.all());
        assertTrue(show.out().contains("val_accuracy") && show.out().contains("sha256") && show.out().contains("model/"),
                show.out());
        JsonNode detail = JSON.readTree(lathe("runs", "show", id, "--workspace", ws.toString(), "--format", "json").out());
        assertTrue(detail.get("artifacts").toString().contains("model/lathe-model.json"), detail.toString());
        assertTrue(detail.get("environment").has("java.version"));

        JsonNode experiments = JSON.readTree(lathe("experiments", "list", "--workspace", ws.toString(), "--format", "json").out());
        assertEquals("wine", experiments.get(0).get("name").asText());
        assertEquals(1, experiments.get(0).get("runs").asInt());
    }

    @Test
    void djlMlpTrainsWineWithPerEpochCurves() throws Exception {
        var r = lathe("train", "--data", wine.toString(), "--label", "cultivar", "--trainer", "djl-mlp",
                "--param", "epochs=20", "--workspace", ws.toString());
        assertEquals(0, r.exitCode(), r.all());
        JsonNode run = JSON.readTree(lathe("runs", "list", "--workspace", ws.toString(), "--format", "json").out()).get(0);
        assertEquals("20", run.get("params").get("epochs").asText());
        assertEquals(20, run.get("metrics").get("train_loss").get("count").asInt(), run.toString());
        assertEquals(20, run.get("metrics").get("val_loss").get("step").asInt());
    }

    @Test
    void eventsModePrintsOneJsonObjectPerLine() throws Exception {
        var r = lathe("train", "--data", iris.toString(), "--label", "species", "--trainer", "tribuo-cart",
                "--workspace", ws.toString(), "--events");
        assertEquals(0, r.exitCode(), r.all());
        List<String> events = new ArrayList<>();
        for (String line : r.out().split("\n")) {
            events.add(JSON.readTree(line).get("event").asText());
        }
        assertEquals("run-started", events.get(0));
        assertTrue(events.contains("metric"), events.toString());
        assertTrue(events.contains("run-finished"), events.toString());
    }

    @Test
    void benchIngestPrintsItsFigures() throws Exception {
        var r = lathe("bench", "ingest", "--points", "20000", "--runs", "4", "--keys", "5", "--format", "json",
                "--dir", dir.resolve("bench").toString());
        assertEquals(0, r.exitCode(), r.all());
        JsonNode figures = JSON.readTree(r.out());
        assertEquals(20000, figures.get("points").asLong());
        assertTrue(figures.get("points_per_second").asDouble() > 0);
        assertTrue(figures.get("engine_rows_per_second").asDouble() > 0);
        assertTrue(figures.has("batch_commit_ms_p99"));
    }

    @Test
    void noWorkspaceGivesAClearMessage() {
        var r = lathe("runs", "list", "--workspace", dir.resolve("missing").toString());
        assertEquals(3, r.exitCode());
        assertTrue(r.err().contains("no Lathe workspace at"), r.err());
        assertFalse(Files.exists(dir.resolve("missing")));
    }
}
