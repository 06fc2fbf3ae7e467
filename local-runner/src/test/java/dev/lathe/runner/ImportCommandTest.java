package dev.lathe.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `lathe import mlflow` on a small MLflow file store written here in MLflow 2.x's layout. */
class ImportCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PARENT = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private static final String CHILD = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

    @TempDir
    Path dir;
    Path mlruns;
    Path ws;

    @BeforeEach
    void store() throws IOException {
        mlruns = dir.resolve("project/mlruns");
        ws = dir.resolve("ws");
        Path exp = mlruns.resolve("123");
        write(exp.resolve("meta.yaml"), """
                artifact_location: file:///C:/elsewhere/mlruns/123
                creation_time: 1748193650998
                experiment_id: '123'
                lifecycle_stage: active
                name: grid search
                """);
        run(exp, PARENT, "parent-run", 3, Map.of("mlflow.runName", "parent-run"));
        run(exp, CHILD, "child-run", 4, Map.of("mlflow.runName", "child-run", "mlflow.parentRunId", PARENT));
        write(exp.resolve(CHILD).resolve("metrics/accuracy"), "1748193651000 0.5 0\n1748193652000 0.75 1\n");
        write(exp.resolve(CHILD).resolve("params/max_depth"), "4");
        write(exp.resolve(CHILD).resolve("artifacts/model/MLmodel"), "flavors: {}\n");
    }

    private static void run(Path exp, String id, String name, int status, Map<String, String> tags) throws IOException {
        Path r = exp.resolve(id);
        write(r.resolve("meta.yaml"), """
                artifact_uri: file:///C:/elsewhere/mlruns/123/%s/artifacts
                end_time: 1748193660000
                experiment_id: '123'
                lifecycle_stage: active
                run_id: %s
                run_name: %s
                start_time: 1748193650000
                status: %d
                tags: []
                user_id: someone
                """.formatted(id, id, name, status));
        for (var t : tags.entrySet()) {
            write(r.resolve("tags").resolve(t.getKey()), t.getValue());
        }
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    @Test
    void importsPrintsTheSummaryAndTheRunsAreListed() throws Exception {
        var r = CliHarness.run("import", "mlflow", mlruns.toString(), "--workspace", ws.toString(), "--format", "json");
        assertEquals(0, r.exitCode(), r.all());
        JsonNode summary = JSON.readTree(r.out());
        assertEquals(1, summary.get("experiments").asInt());
        assertEquals(2, summary.get("runs_imported").asInt());
        assertEquals(0, summary.get("runs_skipped").asInt());
        assertEquals(2, summary.get("metric_points").asInt());
        assertEquals(1, summary.get("artifacts").asInt());
        assertEquals(0, summary.get("problems").size());

        var list = CliHarness.run("runs", "list", "--workspace", ws.toString(), "--format", "json");
        assertEquals(0, list.exitCode(), list.all());
        JsonNode runs = JSON.readTree(list.out());
        assertEquals(2, runs.size());
        var table = CliHarness.run("runs", "list", "--workspace", ws.toString());
        assertTrue(table.out().contains("child-run") && table.out().contains("parent-run"), table.out());
        var show = CliHarness.run("runs", "show", CHILD, "--workspace", ws.toString(), "--format", "json");
        assertTrue(show.out().contains(PARENT), show.out());
        assertTrue(show.out().contains("FAILED"), show.out());
    }

    @Test
    void aSecondImportSkipsAndTheProjectFolderIsAccepted() {
        assertEquals(0, CliHarness.run("import", "mlflow", mlruns.toString(), "-w", ws.toString()).exitCode());
        var again = CliHarness.run("import", "mlflow", mlruns.getParent().toString(), "-w", ws.toString());
        assertEquals(0, again.exitCode(), again.all());
        assertTrue(again.out().contains("Imported 0 runs (2 already there) from 1 experiments"), again.out());
    }

    @Test
    void reportsAMalformedMetricLineAndImportsTheRest() throws IOException {
        write(mlruns.resolve("123").resolve(CHILD).resolve("metrics/loss"), "1748193651000 0.5 0\nnot a metric line\n");
        var r = CliHarness.run("import", "mlflow", mlruns.toString(), "-w", ws.toString());
        assertEquals(0, r.exitCode(), r.all());
        assertTrue(r.out().contains("Imported 2 runs"), r.out());
        assertTrue(r.err().contains("metrics/loss:2: expected 'timestamp value step'"), r.err());
    }

    @Test
    void aFolderThatIsNotAStoreIsBadInput() {
        var r = CliHarness.run("import", "mlflow", dir.toString(), "-w", ws.toString());
        assertEquals(ExitCodes.BAD_INPUT, r.exitCode(), r.all());
        assertTrue(r.err().contains("not an MLflow file store"), r.err());
    }
}
