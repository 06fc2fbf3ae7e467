package dev.lathe.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `lathe trial run`: one trial on a node, printing the runner protocol, with no workspace anywhere. */
class TrialRunCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;

    @Test
    void trainsOneTrialOfASweepFileIntoATrialFolder() throws Exception {
        Datasets.copy("iris.csv", dir);
        Path file = dir.resolve("iris.yaml");
        Files.writeString(file, """
                data: iris.csv
                label: species
                trainer: tribuo-cart
                method: random
                metric: {name: val_accuracy}
                parameters:
                  max_depth: {min: 1, max: 8}
                run_cap: 3
                executor: {type: slurm, cpus: 1}
                """);
        Path trial = dir.resolve("shared/t1");
        var r = CliHarness.run("trial", "run", "--dir", trial.toString(), "--sweep", file.toString(),
                "--param", "max_depth=3", "--seed", "2");
        assertEquals(0, r.exitCode(), r.all());
        List<JsonNode> events = r.out().lines().filter(l -> l.startsWith("{")).map(l -> {
            try {
                return JSON.readTree(l);
            } catch (Exception e) {
                throw new IllegalStateException(l, e);
            }
        }).toList();
        assertTrue(events.stream().anyMatch(e -> e.path("event").asText().equals("params")
                && e.path("params").path("max_depth").asText().equals("3")), r.out());
        JsonNode end = events.getLast();
        assertEquals("trial-finished", end.path("event").asText(), r.out());
        assertEquals("FINISHED", end.path("status").asText());
        assertTrue(end.path("metrics").path("val_accuracy").asDouble() > 0.5, end.toString());
        assertTrue(Files.isRegularFile(trial.resolve("trial.json")));
        try (var files = Files.list(trial.resolve("model"))) {
            assertTrue(files.findAny().isPresent(), "the model is in the trial folder");
        }
        try (var all = Files.walk(dir)) {
            assertTrue(all.noneMatch(p -> p.getFileName().toString().endsWith(".db")), "no workspace was made");
        }
    }

    @Test
    void aFolderWithoutATrialFileIsRefused() {
        var r = CliHarness.run("trial", "run", "--dir", dir.resolve("nothing").toString());
        assertEquals(ExitCodes.BAD_INPUT, r.exitCode(), r.all());
        assertTrue(r.err().contains("no trial.json in " + dir.resolve("nothing")), r.err());
    }
}
