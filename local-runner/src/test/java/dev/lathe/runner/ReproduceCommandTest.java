package dev.lathe.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lathe.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `lathe reproduce`: a run trained again from its record gives the same metrics, refuses changed data, and re-runs
 * a command trial in a clean checkout of its commit with its uncommitted patch applied.
 */
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
        var args = new ArrayList<>(List.of("train", "--data", iris.toString(), "--label", "species",
                "--trainer", trainer, "--workspace", ws.toString(), "--seed", "5", "--format", "json"));
        for (String p : params) {
            args.addAll(List.of("--param", p));
        }
        var r = CliHarness.run(args.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.all());
        return JSON.readTree(r.out()).get("id").asText();
    }

    private JsonNode reproduceExactly(String id) throws Exception {
        var r = CliHarness.run("reproduce", id.substring(0, 8), "--workspace", ws.toString(), "--format", "json");
        assertEquals(0, r.exitCode(), r.all());
        JsonNode result = JSON.readTree(r.out());
        assertEquals("exact", result.get("verdict").asText(), result.toString());
        try (Workspace w = Workspace.open(ws)) {
            var detail = w.runs().detail(id).orElseThrow();
            assertEquals("exact", detail.tags().get("lathe.reproduced"));
            String by = result.get("reproduced_by").asText();
            assertEquals(by, detail.tags().get("lathe.reproduced.by"));
            assertEquals(id, w.runs().detail(by).orElseThrow().tags().get("lathe.reproduces"));
            Path table = w.artifacts().resolve(id, "reproduce/" + by + ".json").orElseThrow();
            JsonNode stored = JSON.readTree(table.toFile());
            assertEquals(result.get("metrics"), stored.get("metrics"));
        }
        return result;
    }

    @Test
    void djlMlpOnCpuReproducesExactly() throws Exception {
        String id = train("djl-mlp", "epochs=8");
        JsonNode result = reproduceExactly(id);
        assertTrue(result.get("metrics").size() >= 4, result.toString());
        for (JsonNode m : result.get("metrics")) {
            assertEquals("exact", m.get("verdict").asText(), m.toString());
            assertEquals(0.0, m.get("delta").asDouble(), m.toString());
        }
    }

    @Test
    void tribuoRunReproducesExactlyAndTheTableSaysSo() throws Exception {
        String id = train("tribuo-cart");
        reproduceExactly(id);
        var r = CliHarness.run("reproduce", id, "--workspace", ws.toString());
        assertEquals(0, r.exitCode(), r.all());
        assertTrue(r.out().contains("exact") && r.out().contains("DELTA"), r.out());
    }

    @Test
    void changedDataIsRefusedNamingBothHashes() throws Exception {
        String id = train("tribuo-cart");
        String before = dev.lathe.data.Table.readCsv(iris).sha256();
        Files.writeString(iris, Files.readString(iris).replaceFirst("5.1,3.5", "5.2,3.5"));
        var r = CliHarness.run("reproduce", id, "--workspace", ws.toString());
        assertEquals(2, r.exitCode(), r.all());
        assertTrue(r.err().contains("the data changed") && r.err().contains(before)
                && r.err().contains(dev.lathe.data.Table.readCsv(iris).sha256()) && r.err().contains(iris.toString()),
                r.err());
        try (Workspace w = Workspace.open(ws)) {
            assertFalse(w.runs().detail(id).orElseThrow().tags().containsKey("lathe.reproduced"));
        }
    }

    @Test
    void missingDataIsNamed() throws Exception {
        String id = train("tribuo-cart");
        Files.delete(iris);
        var r = CliHarness.run("reproduce", id, "--workspace", ws.toString());
        assertEquals(2, r.exitCode(), r.all());
        assertTrue(r.err().contains("missing") && r.err().contains(iris.toString()), r.err());
    }

    @Test
    void aTrainerThatNoLongerExistsIsNamed() throws Exception {
        String id = train("tribuo-cart");
        // as a run recorded by a Lathe that had a trainer this one lacks
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + ws.resolve(Workspace.DB_FILE));
             var st = c.prepareStatement("UPDATE run SET trainer = 'xgboost-gpu' WHERE id = ?")) {
            st.setString(1, id);
            assertEquals(1, st.executeUpdate());
        }
        var r = CliHarness.run("reproduce", id, "--workspace", ws.toString());
        assertEquals(2, r.exitCode(), r.all());
        assertTrue(r.err().contains("'xgboost-gpu'") && r.err().contains("does not have"), r.err());
    }

    @Test
    void aSweepTrialReproducesFromItsSweepsData() throws Exception {
        Path file = dir.resolve("iris.yaml");
        Files.writeString(file, """
                name: iris-one
                data: iris.csv
                label: species
                trainer: tribuo-cart
                method: grid
                metric: {name: val_accuracy, goal: maximize}
                parameters:
                  max_depth: {values: [3]}
                """);
        var s = CliHarness.run("sweep", "start", file.toString(), "--workspace", ws.toString());
        assertEquals(0, s.exitCode(), s.all());
        String id;
        try (Workspace w = Workspace.open(ws)) {
            id = w.runs().list(dev.lathe.workspace.RunQuery.all()).getFirst().id();
        }
        var r = CliHarness.run("reproduce", id, "--workspace", ws.toString(), "--format", "json");
        assertEquals(0, r.exitCode(), r.all());
        JsonNode result = JSON.readTree(r.out());
        assertEquals("exact", result.get("verdict").asText(), result.toString());
        assertFalse(result.get("data").get("verified").asBoolean(), "a trial records no hash to verify");
    }

    /** A project repository whose trial script reports the number held in value.txt as its metric. */
    private Path project() throws Exception {
        Path project = dir.resolve("project");
        Files.createDirectories(project);
        Files.writeString(project.resolve("value.txt"), "1.5\n");
        Files.writeString(project.resolve("train.sh"), """
                #!/usr/bin/env bash
                echo "{\\"step\\": 1, \\"score\\": $(cat value.txt), \\"x\\": $1}"
                """);
        Files.writeString(project.resolve("cmd.yaml"), """
                name: script
                trainer: command
                command: [bash, train.sh, "${x}"]
                method: random
                metric: {name: score, goal: maximize}
                parameters:
                  x: {distribution: uniform, min: 0, max: 1}
                run_cap: 1
                seed: 3
                """);
        try (Git git = Git.init().setDirectory(project.toFile()).setInitialBranch("main").call()) {
            git.add().addFilepattern(".").call();
            git.commit().setMessage("a project").setAuthor("t", "t@example.org").setCommitter("t", "t@example.org")
                    .setSign(false).call();
        }
        return project;
    }

    private String commandTrial(Path project) throws Exception {
        var r = CliHarness.run("sweep", "start", project.resolve("cmd.yaml").toString(), "--workspace", ws.toString());
        assertEquals(0, r.exitCode(), r.all());
        try (Workspace w = Workspace.open(ws)) {
            return w.runs().list(dev.lathe.workspace.RunQuery.all()).getFirst().id();
        }
    }

    @Test
    void commandTrialFromADirtyWorktreeIsReproducedWithItsPatch() throws Exception {
        Path project = project();
        Files.writeString(project.resolve("value.txt"), "2.25\n"); // uncommitted: the trial runs with it
        String id = commandTrial(project);
        try (Workspace w = Workspace.open(ws)) {
            var d = w.runs().detail(id).orElseThrow();
            assertTrue(d.git().orElseThrow().dirty());
            assertEquals(2.25, d.metrics().stream().filter(m -> m.key().equals("score")).findFirst().orElseThrow().last());
        }
        Files.writeString(project.resolve("value.txt"), "9\n"); // the user's tree moved on
        var r = CliHarness.run("reproduce", id, "--workspace", ws.toString(), "--format", "json");
        assertEquals(0, r.exitCode(), r.all());
        JsonNode result = JSON.readTree(r.out());
        // 2.25 can only come from the committed tree with the recorded patch on top (the commit says 1.5, now 9)
        assertEquals("exact", result.get("verdict").asText(), result.toString());
        assertTrue(result.get("code").get("patch_applied").asBoolean(), result.toString());
        assertTrue(result.get("code").get("checked_out").asBoolean(), result.toString());
        try (Workspace w = Workspace.open(ws)) {
            var again = w.runs().detail(result.get("reproduced_by").asText()).orElseThrow();
            assertEquals(2.25, again.metrics().stream().filter(m -> m.key().equals("score")).findFirst().orElseThrow()
                    .last());
            assertEquals("exact", w.runs().detail(id).orElseThrow().tags().get("lathe.reproduced"));
        }
        assertEquals("9\n", Files.readString(project.resolve("value.txt")), "the user's working tree is untouched");
    }

    @Test
    void aCommitThatIsGoneIsNamed() throws Exception {
        Path project = project();
        String id = commandTrial(project);
        String commit;
        try (Workspace w = Workspace.open(ws)) {
            commit = w.runs().detail(id).orElseThrow().git().orElseThrow().commit();
        }
        // history rewritten: the repository starts over and the recorded commit no longer exists
        try (var files = Files.walk(project.resolve(".git"))) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        try (Git git = Git.init().setDirectory(project.toFile()).call()) {
            git.add().addFilepattern(".").call();
            git.commit().setMessage("again").setAuthor("t", "t@example.org").setCommitter("t", "t@example.org")
                    .setSign(false).call();
        }
        var r = CliHarness.run("reproduce", id, "--workspace", ws.toString());
        assertEquals(2, r.exitCode(), r.all());
        assertTrue(r.err().contains(commit) && r.err().contains("not in the repository"), r.err());
    }
}
