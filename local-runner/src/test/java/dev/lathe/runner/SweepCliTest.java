package dev.lathe.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lathe.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sweeps from the command line: real trainers, real workspace, real processes for the command trainer. */
class SweepCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    Path ws;

    @BeforeEach
    void data() throws Exception {
        ws = dir.resolve("ws");
        Datasets.copy("wine.csv", dir);
        Datasets.copy("iris.csv", dir);
    }

    private Path sweepFile(String name, String yaml) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, yaml);
        return p;
    }

    private JsonNode status(String... extra) throws Exception {
        String[] base = {"sweep", "status", "--workspace", ws.toString(), "--format", "json"};
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, 2);
        System.arraycopy(extra, 0, all, 2, extra.length);
        System.arraycopy(base, 2, all, 2 + extra.length, base.length - 2);
        var r = CliHarness.run(all);
        assertEquals(0, r.exitCode(), r.all());
        return JSON.readTree(r.out());
    }

    @Test
    void bayesSweepWithHyperbandPrunesAndFindsAGoodTrial() throws Exception {
        Path file = sweepFile("wine-mlp.yaml", """
                name: wine-mlp
                data: wine.csv
                label: cultivar
                trainer: djl-mlp
                method: bayes
                metric: {name: val_accuracy, goal: maximize}
                parameters:
                  epochs: {value: 9}
                  lr: {distribution: log_uniform_values, min: 0.00001, max: 0.1}
                  hidden: {values: ["16", "32"]}
                early_terminate: {type: hyperband, min_iter: 1, eta: 3}
                run_cap: 10
                parallel: 2
                seed: 7
                """);
        var r = CliHarness.run("sweep", "start", file.toString(), "--workspace", ws.toString());
        assertEquals(0, r.exitCode(), r.all());
        JsonNode s = status();
        assertEquals("FINISHED", s.get("status").asText());
        assertEquals(10, s.get("done").asInt(), s.toString());
        assertTrue(s.get("pruned").asInt() >= 1, "hyperband should prune some of 10 trials: " + s);
        JsonNode best = s.get("best");
        assertNotNull(best);
        assertTrue(best.get("value").asDouble() >= 0.9, best.toString());
        assertTrue(best.get("params").has("lr"));
        for (JsonNode t : s.get("trials")) {
            if (t.get("status").asText().equals("PRUNED")) {
                assertTrue(t.get("step").asInt() < 9, "a pruned trial stops before the last epoch: " + t);
                assertTrue(t.get("reason").asText().contains("hyperband"), t.toString());
            }
        }
        // trials are ordinary runs: they show in `runs list` with the sweep's tag
        var runs = JSON.readTree(CliHarness.run("runs", "list", "--workspace", ws.toString(), "--format", "json").out());
        assertEquals(10, runs.size());
        assertEquals("wine-mlp", runs.get(0).get("tags").get("sweep").asText());
    }

    @Test
    void gridSweepCoversEveryPointOnce() throws Exception {
        Path file = sweepFile("grid.yaml", """
                name: iris-cart
                data: iris.csv
                label: species
                trainer: tribuo-cart
                method: grid
                metric: {name: val_accuracy, goal: maximize}
                parameters:
                  max_depth: {values: [1, 2, 3]}
                  min_child_weight: {values: [1, 5]}
                """);
        var r = CliHarness.run("sweep", "start", file.toString(), "--workspace", ws.toString(), "--format", "json");
        assertEquals(0, r.exitCode(), r.all());
        JsonNode s = status();
        assertEquals(6, s.get("done").asInt(), s.toString());
        Set<String> configs = new HashSet<>();
        for (JsonNode t : s.get("trials")) {
            configs.add(t.get("params").get("max_depth").asText() + "/" + t.get("params").get("min_child_weight").asText());
        }
        assertEquals(6, configs.size(), configs.toString());
        var list = CliHarness.run("sweep", "list", "--workspace", ws.toString());
        assertTrue(list.out().contains("iris-cart") && list.out().contains("6/6"), list.out());
    }

    @Test
    void commandSweepRunsAScriptAndReadsItsMetrics() throws Exception {
        Path script = dir.resolve("train.sh");
        Files.writeString(script, """
                #!/usr/bin/env bash
                # a stand-in training script: the loss falls faster with a larger lr
                lr="$1"
                for step in 1 2 3 4; do
                  loss=$(awk -v l="$lr" -v s="$step" 'BEGIN { printf "%.4f", 1 / (1 + l * s) }')
                  echo "{\\"step\\": $step, \\"val_loss\\": $loss}"
                done
                echo "done training"
                """);
        Path file = sweepFile("cmd.yaml", """
                name: script
                trainer: command
                command: [bash, train.sh, "${lr}"]
                method: random
                metric: {name: val_loss, goal: minimize}
                parameters:
                  lr: {distribution: uniform, min: 0.1, max: 2.0}
                run_cap: 4
                seed: 3
                """);
        var r = CliHarness.run("sweep", "start", file.toString(), "--workspace", ws.toString());
        assertEquals(0, r.exitCode(), r.all());
        JsonNode s = status();
        assertEquals(4, s.get("finished").asInt(), s.toString());
        JsonNode best = s.get("best");
        double bestLr = best.get("params").get("lr").asDouble();
        for (JsonNode t : s.get("trials")) {
            assertEquals(4, t.get("step").asInt());
            assertTrue(t.get("params").get("lr").asDouble() <= bestLr, "the largest lr gives the lowest loss: " + s);
        }
    }

    @Test
    void badSweepFileIsRefusedWithItsLineAndNothingIsWritten() throws Exception {
        Path file = sweepFile("bad.yaml", """
                name: bad
                data: wine.csv
                label: cultivar
                trainer: djl-mlp
                method: random
                metric: {name: val_accuracy, goal: maximize}
                parameters:
                  lr: {distribution: log_uniform_values, min: 0.1, max: 0.0001}
                run_cap: 3
                """);
        var r = CliHarness.run("sweep", "start", file.toString(), "--workspace", ws.toString());
        assertEquals(2, r.exitCode(), r.all());
        assertTrue(r.err().contains("bad.yaml") && r.err().contains("line 8"), r.err());
        assertFalse(Files.exists(ws.resolve(Workspace.DB_FILE)), "a bad sweep file must not create anything");
    }

    @Test
    void aMetricTheTrainerDoesNotLogIsRefused() throws Exception {
        Path file = sweepFile("typo.yaml", """
                name: typo
                data: iris.csv
                label: species
                trainer: tribuo-cart
                method: random
                metric: {name: val_acc, goal: maximize}
                parameters:
                  max_depth: {values: [2, 3]}
                run_cap: 2
                """);
        var r = CliHarness.run("sweep", "start", file.toString(), "--workspace", ws.toString());
        assertEquals(2, r.exitCode(), r.all());
        assertTrue(r.err().contains("typo.yaml, line 6") && r.err().contains("'val_acc'")
                && r.err().contains("val_accuracy"), r.err());
        assertFalse(Files.exists(ws.resolve(Workspace.DB_FILE)));
    }

    @Test
    void resumingAnUnknownSweepNamesIt() {
        Workspace.open(ws).close();
        var r = CliHarness.run("sweep", "resume", "abcd1234", "--workspace", ws.toString());
        assertEquals(2, r.exitCode(), r.all());
        assertTrue(r.err().contains("no sweep with id 'abcd1234'"), r.err());
    }

    @Test
    void stoppedSweepResumesToItsBudget() throws Exception {
        Path script = dir.resolve("slow.sh");
        Files.writeString(script, """
                #!/usr/bin/env bash
                for step in 1 2 3 4 5 6; do
                  sleep 0.15
                  echo "step=$step score=$(awk -v x="$1" -v s="$step" 'BEGIN { print x * s }')"
                done
                """);
        Path file = sweepFile("slow.yaml", """
                name: slow
                trainer: command
                command: [bash, slow.sh, "${x}"]
                method: sobol
                metric: {name: score, goal: maximize}
                parameters:
                  x: {distribution: uniform, min: 0, max: 1}
                run_cap: 6
                parallel: 2
                """);
        Thread sweep = Thread.ofPlatform().start(() ->
                CliHarness.run("sweep", "start", file.toString(), "--workspace", ws.toString()));
        String id = null;
        for (int i = 0; i < 100 && id == null; i++) {
            Thread.sleep(100);
            if (Files.exists(ws.resolve(Workspace.DB_FILE))) {
                var list = JSON.readTree(CliHarness.run("sweep", "list", "--workspace", ws.toString(), "--format", "json").out());
                if (list.size() > 0 && list.get(0).get("running").asInt() > 0) {
                    id = list.get(0).get("id").asText();
                }
            }
        }
        assertNotNull(id, "the sweep should have started a trial");
        var stop = CliHarness.run("sweep", "stop", id, "--workspace", ws.toString());
        assertEquals(0, stop.exitCode(), stop.all());
        sweep.join(30_000);
        JsonNode stopped = status(id);
        assertEquals("STOPPED", stopped.get("status").asText(), stopped.toString());
        assertTrue(stopped.get("done").asInt() < 6, stopped.toString());
        assertTrue(stopped.get("killed").asInt() >= 1, "running trials end KILLED: " + stopped);

        var resumed = CliHarness.run("sweep", "resume", id.substring(0, 8), "--workspace", ws.toString());
        assertEquals(0, resumed.exitCode(), resumed.all());
        JsonNode done = status(id);
        assertEquals("FINISHED", done.get("status").asText());
        assertEquals(6, done.get("finished").asInt(), done.toString());
        Set<String> xs = new HashSet<>();
        done.get("trials").forEach(t -> xs.add(t.get("params").get("x").asText()));
        assertEquals(6, xs.size(), "a killed trial is re-run with its params, never sampled anew: " + xs);
    }
}
