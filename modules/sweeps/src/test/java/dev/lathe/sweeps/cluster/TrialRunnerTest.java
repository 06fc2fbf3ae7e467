package dev.lathe.sweeps.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `lathe trial run` on a node: one trial from its folder, events on stdout, the model in the folder, no workspace. */
class TrialRunnerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;

    private Path trialDir(String yaml, Map<String, String> params) throws Exception {
        try (var in = TrialRunnerTest.class.getResourceAsStream("/datasets/iris.csv")) {
            Files.copy(in, dir.resolve("iris.csv"), StandardCopyOption.REPLACE_EXISTING);
        }
        Path file = dir.resolve("s.yaml");
        Files.writeString(file, yaml);
        Path trial = Files.createDirectories(dir.resolve("shared/trial-0"));
        Files.writeString(trial.resolve(TrialRunner.SPEC),
                new TrialRunner.TrialFile(yaml, file.toString(), 0, "run-0", params, 5).toJson());
        return trial;
    }

    private static List<JsonNode> events(ByteArrayOutputStream out) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("{")) {
                events.add(JSON.readTree(line));
            }
        }
        return events;
    }

    @Test
    void trainsOneTrialPrintingEventsAndWritingItsModel() throws Exception {
        Path trial = trialDir("""
                data: iris.csv
                label: species
                trainer: tribuo-cart
                method: random
                metric: {name: val_accuracy}
                parameters:
                  max_depth: {min: 1, max: 8}
                run_cap: 2
                """, Map.of("max_depth", "4"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = new TrialRunner(trial, new PrintStream(out, true, StandardCharsets.UTF_8)).run();
        assertEquals(0, exit, out.toString());
        List<JsonNode> events = events(out);
        assertEquals("trial-started", events.getFirst().path("event").asText());
        assertTrue(events.stream().anyMatch(e -> e.path("event").asText().equals("params")
                && e.path("params").path("max_depth").asText().equals("4")), out.toString());
        assertTrue(events.stream().anyMatch(e -> e.path("event").asText().equals("metric")
                && e.path("key").asText().equals("val_accuracy")), out.toString());
        JsonNode end = events.getLast();
        assertEquals("trial-finished", end.path("event").asText());
        assertEquals("FINISHED", end.path("status").asText());
        assertTrue(end.path("value").asDouble() > 0.5, end.toString());
        assertTrue(end.path("metrics").has("val_accuracy"), end.toString());
        assertTrue(Files.list(trial.resolve(TrialRunner.MODEL)).findAny().isPresent(), "model written into the trial folder");
        assertTrue(!Files.exists(dir.resolve("ws")) && Files.list(dir).noneMatch(p -> p.toString().endsWith(".db")),
                "no workspace is made on the node");
    }

    @Test
    void theStopFileEndsTheTrialAfterItsCurrentStep() throws Exception {
        Files.writeString(dir.resolve("steps.sh"), "for i in $(seq 1 300); do echo \"step=$i score=$1\"; sleep 0.1; done\n");
        Path trial = trialDir("""
                trainer: command
                command: [bash, steps.sh, "${x}"]
                method: grid
                metric: {name: score}
                parameters:
                  x: {values: [0.5]}
                """, Map.of("x", "0.5"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> new TrialRunner(trial, ps).run());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!out.toString(StandardCharsets.UTF_8).contains("\"step\":3,") && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        Files.writeString(trial.resolve(TrialRunner.STOP), "PRUNED: pruned at step 3 by hyperband\n");
        assertEquals(0, exit.get(20, TimeUnit.SECONDS));
        JsonNode end = events(out).getLast();
        assertEquals("KILLED", end.path("status").asText(), end.toString());
        assertTrue(end.path("step").asLong() < 100, "stopped early: " + end);
    }
}
