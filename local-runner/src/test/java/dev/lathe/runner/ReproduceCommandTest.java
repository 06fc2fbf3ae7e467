package dev.lathe.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lathe.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `lathe reproduce`: a run trained again from its record gives the same metrics, and refuses changed data. */
class ReproduceCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    Path ws;
    Path iris;

    @BeforeEach
    void data() throws Exception {
        ws = dir.resolve("ws");
        iris = Datasets.copy("iris.csv", dir);
    }

    private String train(String trainer, String... params) throws Exception {
        var args = new java.util.ArrayList<>(java.util.List.of("train", "--data", iris.toString(), "--label", "species",
                "--trainer", trainer, "--workspace", ws.toString(), "--seed", "5", "--format", "json"));
        for (String p : params) {
            args.addAll(java.util.List.of("--param", p));
        }
        var r = CliHarness.run(args.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.all());
        return JSON.readTree(r.out()).get("id").asText();
    }

    @Test
    void djlMlpOnCpuReproducesExactly() throws Exception {
        String id = train("djl-mlp", "epochs=8");
        var r = CliHarness.run("reproduce", id.substring(0, 8), "--workspace", ws.toString(), "--format", "json");
        assertEquals(0, r.exitCode(), r.all());
        JsonNode result = JSON.readTree(r.out());
        assertEquals("exact", result.get("verdict").asText(), result.toString());
        assertTrue(result.get("metrics").size() >= 4, result.toString());
        try (Workspace w = Workspace.open(ws)) {
            var tags = w.runs().detail(id).orElseThrow().tags();
            assertEquals("exact", tags.get("reproduced.verdict"));
            assertEquals(result.get("reproduced_by").asText(), tags.get("reproduced.by"));
            assertEquals(id, w.runs().detail(tags.get("reproduced.by")).orElseThrow().tags().get("reproduces"));
        }
    }

    @Test
    void changedDataIsRefusedNamingBothHashes() throws Exception {
        String id = train("tribuo-cart");
        String before = dev.lathe.data.Table.readCsv(iris).sha256();
        Files.writeString(iris, Files.readString(iris).replaceFirst("5.1,3.5", "5.2,3.5"));
        var r = CliHarness.run("reproduce", id, "--workspace", ws.toString());
        assertEquals(2, r.exitCode(), r.all());
        assertTrue(r.err().contains("the data changed") && r.err().contains(before)
                && r.err().contains(dev.lathe.data.Table.readCsv(iris).sha256()), r.err());
    }

    @Test
    void missingDataIsNamed() throws Exception {
        String id = train("tribuo-cart");
        Files.delete(iris);
        var r = CliHarness.run("reproduce", id, "--workspace", ws.toString());
        assertEquals(2, r.exitCode(), r.all());
        assertTrue(r.err().contains("missing") && r.err().contains(iris.toString()), r.err());
    }
}
