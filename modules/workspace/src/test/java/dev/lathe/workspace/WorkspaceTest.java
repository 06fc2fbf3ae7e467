package dev.lathe.workspace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.core.DatasetRecord;
import dev.lathe.core.GitState;
import dev.lathe.core.MetricPoint;
import dev.lathe.core.MetricSummary;
import dev.lathe.core.Run;
import dev.lathe.core.RunDetail;
import dev.lathe.core.RunRow;
import dev.lathe.core.RunStatus;
import dev.lathe.workspace.MetricRepository.RunPoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspaceTest {
    @TempDir
    Path dir;

    @Test
    void runRoundTripKeepsEverythingRecorded() throws Exception {
        String runId;
        try (Workspace ws = Workspace.open(dir)) {
            var exp = ws.experiments().getOrCreate("iris");
            Run run = ws.runs().create(NewRun.running(exp.id(), "first").withTrainer("djl-mlp").withSeed(7L));
            runId = run.id();
            ws.runs().logParams(runId, Map.of("lr", "0.01", "epochs", "30"));
            ws.runs().setTags(runId, Map.of("team", "vision"));
            ws.runs().recordEnvironment(runId, Map.of("java.version", "25"));
            ws.runs().recordGit(runId, new GitState("abc123", "main", "git@example:x.git", true, "git/uncommitted.patch", "/src"));
            ws.datasets().recordForRun(runId, new DatasetRecord("aa".repeat(32), "iris.csv", "/data/iris.csv", 150, 5, "{}"), "train");
            ws.artifacts().add(runId, "model/lathe-model.json", "{\"trainer\":\"djl-mlp\"}".getBytes());
            long t = 1_700_000_000_000L;
            ws.metrics().writeBatch(List.of(new RunPoint(runId, "val_accuracy", 1, t, 0.5),
                    new RunPoint(runId, "val_accuracy", 2, t + 1, 0.9), new RunPoint(runId, "val_accuracy", 3, t + 2, 0.8)));
            ws.runs().finish(runId, RunStatus.FINISHED, null);
        }
        try (Workspace ws = Workspace.open(dir, Workspace.Mode.EXISTING)) {
            RunDetail d = ws.runs().detail(runId).orElseThrow();
            assertEquals(RunStatus.FINISHED, d.run().status());
            assertEquals("iris", d.experimentName());
            assertEquals(7L, d.run().seed());
            assertEquals(Map.of("epochs", "30", "lr", "0.01"), d.params());
            assertEquals("vision", d.tags().get("team"));
            assertEquals("25", d.environment().get("java.version"));
            assertTrue(d.git().orElseThrow().dirty());
            assertEquals(150, d.datasets().get(0).rows());
            MetricSummary s = d.metrics().get(0);
            assertEquals(0.8, s.last());
            assertEquals(3, s.lastStep());
            assertEquals(0.5, s.min());
            assertEquals(0.9, s.max());
            assertEquals(3, s.count());
            var artifact = d.artifacts().get(0);
            assertEquals("model/lathe-model.json", artifact.path());
            assertEquals("{\"trainer\":\"djl-mlp\"}", Files.readString(ws.blobs().path(artifact.sha256())));
            List<MetricPoint> history = ws.metrics().history(runId, "val_accuracy");
            assertEquals(List.of(1L, 2L, 3L), history.stream().map(MetricPoint::step).toList());
            assertEquals(runId, ws.runs().find(runId.substring(0, 6)).orElseThrow().id());
            List<RunRow> rows = ws.runs().rows(RunQuery.all());
            assertEquals("0.01", rows.get(0).params().get("lr"));
            assertEquals(0.8, rows.get(0).metrics().get("val_accuracy").last());
        }
    }

    @Test
    void summariesFoldBatchesOutOfOrderAndIgnoreNaN() {
        try (Workspace ws = Workspace.open(dir)) {
            var exp = ws.experiments().getOrCreate("e");
            String id = ws.runs().create(NewRun.running(exp.id(), "r")).id();
            ws.metrics().writeBatch(List.of(new RunPoint(id, "loss", 5, 10, 0.2), new RunPoint(id, "loss", 6, 11, Double.NaN)));
            ws.metrics().writeBatch(List.of(new RunPoint(id, "loss", 1, 12, 3.0)));
            MetricSummary s = ws.metrics().summaries(id).get(0);
            assertTrue(Double.isNaN(s.last()), "the last step logged NaN");
            assertEquals(6, s.lastStep());
            assertEquals(0.2, s.min());
            assertEquals(3.0, s.max());
            assertEquals(3, s.count());
            assertTrue(Double.isNaN(ws.metrics().history(id, "loss").get(2).value()));
        }
    }

    @Test
    void newSchemaIsAtTheLatestMigrationOnDisk() throws Exception {
        try (Workspace ws = Workspace.open(dir)) {
            assertEquals(Schema.LATEST, ws.schemaVersion());
            assertEquals("ok", ws.integrityCheck());
        }
        Path migrations = Path.of("src/main/resources/dev/lathe/workspace/migrations");
        try (Stream<Path> files = Files.list(migrations)) {
            int highest = files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("V"))
                    .mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__")))).max().orElseThrow();
            assertEquals(highest, Schema.LATEST, "Schema.LATEST must name the highest migration file");
        }
    }

    @Test
    void workspaceFromANewerLatheIsRefusedAndLeftUntouched() throws Exception {
        try (Workspace ws = Workspace.open(dir)) {
            ws.experiments().getOrCreate("keep-me");
        }
        Path db = dir.resolve(Workspace.DB_FILE);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum, "
                    + "installed_by, installed_on, execution_time, success) VALUES (99, '7', 'future', 'SQL', "
                    + "'V7__future.sql', 0, 'x', CURRENT_TIMESTAMP, 1, 1)");
            st.execute("UPDATE lathe_info SET value = '9.9.0' WHERE key = 'schema_written_by'");
            st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        byte[] before = Files.readAllBytes(db);
        NewerWorkspaceException e = assertThrows(NewerWorkspaceException.class, () -> Workspace.open(dir));
        assertTrue(e.getMessage().contains("schema version 7"), e.getMessage());
        assertTrue(e.getMessage().contains("9.9.0"), e.getMessage());
        assertTrue(e.getMessage().contains("up to " + Schema.LATEST), e.getMessage());
        assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(db), "a newer workspace must not be modified");
    }

    @Test
    void damagedDatabaseGivesAMessageNamingTheFile() throws Exception {
        Files.writeString(dir.resolve(Workspace.DB_FILE), "this is not a database, it is a text file ".repeat(200));
        WorkspaceException e = assertThrows(WorkspaceException.class, () -> Workspace.open(dir));
        assertTrue(e.getMessage().contains(dir.resolve(Workspace.DB_FILE).toString()), e.getMessage());
        assertTrue(e.getMessage().contains("damaged or not a Lathe workspace"), e.getMessage());
    }

    @Test
    void missingWorkspaceIsNotCreatedWhenAnExistingOneIsAsked() {
        Path missing = dir.resolve("nothing-here");
        WorkspaceException e = assertThrows(WorkspaceException.class, () -> Workspace.open(missing, Workspace.Mode.EXISTING));
        assertTrue(e.getMessage().contains("no Lathe workspace at " + missing), e.getMessage());
        assertFalse(Files.exists(missing));
    }

    @Test
    void unwritableFolderIsReported() throws Exception {
        Path file = dir.resolve("a-file");
        Files.writeString(file, "x");
        WorkspaceException e = assertThrows(WorkspaceException.class, () -> Workspace.open(file));
        assertTrue(e.getMessage().contains("is a file, not a folder"), e.getMessage());
    }

    @Test
    void ambiguousRunPrefixNamesTheCandidates() {
        try (Workspace ws = Workspace.open(dir)) {
            var exp = ws.experiments().getOrCreate("e");
            for (int i = 0; i < 300; i++) {
                ws.runs().create(NewRun.running(exp.id(), "r" + i));
            }
            // with 300 random ids, some pair shares its first hex digit: a 1-digit prefix is too short to search
            assertTrue(ws.runs().find("0").isEmpty());
            String id = ws.runs().list(RunQuery.all()).get(0).id();
            assertEquals(id, ws.runs().find(id.substring(0, 12)).orElseThrow().id());
        }
    }

    @Test
    void locationsFollowXdgAndTheEnvironmentVariable() {
        var linux = new WorkspaceLocations(Map.of("XDG_DATA_HOME", "/x/data"), "Linux", Path.of("/home/u"));
        assertEquals(Path.of("/x/data/lathe/workspace"), linux.defaultWorkspace());
        assertEquals(Path.of("/x/data/lathe/demo"), linux.demoWorkspace());
        var plain = new WorkspaceLocations(Map.of(), "Linux", Path.of("/home/u"));
        assertEquals(Path.of("/home/u/.local/share/lathe/workspace"), plain.defaultWorkspace());
        var env = new WorkspaceLocations(Map.of("LATHE_WORKSPACE", "/w"), "Linux", Path.of("/home/u"));
        assertEquals(Path.of("/w"), env.defaultWorkspace());
        var mac = new WorkspaceLocations(Map.of(), "Mac OS X", Path.of("/Users/u"));
        assertEquals(Path.of("/Users/u/Library/Application Support/Lathe/workspace"), mac.defaultWorkspace());
    }
}
