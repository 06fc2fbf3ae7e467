package dev.lathe.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.core.AliasEvent;
import dev.lathe.core.DatasetRecord;
import dev.lathe.core.GitState;
import dev.lathe.core.ModelVersion;
import dev.lathe.core.RegisteredModel;
import dev.lathe.core.RunStatus;
import dev.lathe.workspace.MetricRepository.RunPoint;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryRepositoryTest {
    @TempDir
    Path dir;
    Workspace ws;
    String experimentId;

    @BeforeEach
    void open() {
        ws = Workspace.open(dir);
        experimentId = ws.experiments().getOrCreate("iris").id();
    }

    @org.junit.jupiter.api.AfterEach
    void close() {
        ws.close();
    }

    /** A run as `lathe train` leaves one: params, metrics, dataset, git state and a model folder. */
    private String trainedRun(String lr, double accuracy, RunStatus status, boolean withModel) {
        String id = ws.runs().create(NewRun.running(experimentId, "r").withTrainer("tribuo-cart")).id();
        ws.runs().logParams(id, Map.of("lr", lr));
        ws.metrics().writeBatch(List.of(new RunPoint(id, "val_accuracy", 1, 1_700_000_000_000L, accuracy)));
        ws.datasets().recordForRun(id, new DatasetRecord("ab".repeat(32), "iris.csv", "/d/iris.csv", 150, 5, "{}"), "train");
        ws.runs().recordGit(id, new GitState("c0ffee", "main", null, false, null, "/src"));
        if (withModel) {
            ws.artifacts().add(id, RegistryRepository.MODEL_MANIFEST, "{}".getBytes());
        }
        ws.runs().finish(id, status, status == RunStatus.FINISHED ? null : "diverged");
        return id;
    }

    @Test
    void registersVersionsWithTheirLineage() {
        String first = trainedRun("0.1", 0.9, RunStatus.FINISHED, true);
        String second = trainedRun("0.01", 0.95, RunStatus.FINISHED, true);
        ModelVersion v1 = ws.registry().register(first, "iris-cls", "baseline");
        ModelVersion v2 = ws.registry().register(second.substring(0, 8), "iris-cls", null);
        assertEquals(1, v1.version());
        assertEquals(2, v2.version());
        assertEquals(second, v2.runId());
        assertEquals("baseline", v1.description());
        assertEquals("ab".repeat(32), v2.datasetSha256());
        assertEquals("c0ffee", v2.gitCommit());
        assertEquals("tribuo-cart", v2.trainer());
        assertEquals(Map.of("lr", "0.01"), v2.params());
        assertEquals(Map.of("val_accuracy", 0.95), v2.metrics());

        List<RegisteredModel> models = ws.registry().list();
        assertEquals(1, models.size());
        assertEquals(2, models.get(0).latestVersion());
        assertEquals(List.of(2, 1), ws.registry().versions("iris-cls").stream().map(ModelVersion::version).toList());
        assertEquals(first, ws.registry().get("iris-cls", 1).orElseThrow().runId());
    }

    @Test
    void refusesRunsThatAreNotFinishedOrHaveNoModel() {
        String failed = trainedRun("0.1", 0.2, RunStatus.FAILED, true);
        String bare = trainedRun("0.1", 0.9, RunStatus.FINISHED, false);
        var e1 = assertThrows(RegistryException.class, () -> ws.registry().register(failed, "m", null));
        assertTrue(e1.getMessage().contains("FAILED") && e1.getMessage().contains("only a FINISHED run"), e1.getMessage());
        var e2 = assertThrows(RegistryException.class, () -> ws.registry().register(bare, "m", null));
        assertTrue(e2.getMessage().contains("no model folder"), e2.getMessage());
        var e3 = assertThrows(RegistryException.class, () -> ws.registry().register("deadbeef", "m", null));
        assertTrue(e3.getMessage().contains("no run with id 'deadbeef'"), e3.getMessage());
        String good = trainedRun("0.1", 0.9, RunStatus.FINISHED, true);
        assertThrows(RegistryException.class, () -> ws.registry().register(good, "bad name", null));
        assertThrows(RegistryException.class, () -> ws.registry().register(good, "m@x", null));
        assertTrue(ws.registry().list().isEmpty(), "a refused registration creates no model");
    }

    @Test
    void aliasesMoveAndKeepTheirHistory() {
        ws.registry().register(trainedRun("0.1", 0.9, RunStatus.FINISHED, true), "iris-cls", null);
        ws.registry().register(trainedRun("0.2", 0.95, RunStatus.FINISHED, true), "iris-cls", null);
        AliasEvent created = ws.registry().setAlias("iris-cls", "champion", 1, "first good one").orElseThrow();
        assertNull(created.fromVersion());
        assertEquals(1, created.toVersion());
        assertTrue(ws.registry().setAlias("iris-cls", "champion", 1, "again").isEmpty(), "same version: no-op");
        ws.registry().setAlias("iris-cls", "champion", 2, "better val_accuracy");
        ws.registry().setAlias("iris-cls", "staging", 2, null);
        ws.registry().deleteAlias("iris-cls", "staging", "not needed");

        assertEquals(2, ws.registry().resolve("iris-cls@champion").version());
        assertEquals(List.of("champion"), ws.registry().get("iris-cls", 2).orElseThrow().aliases());
        assertEquals(Map.of("champion", 2), ws.registry().list().get(0).aliases());

        List<AliasEvent> history = ws.registry().aliasHistory("iris-cls");
        assertEquals(4, history.size(), history.toString());
        AliasEvent deleted = history.get(0);
        assertEquals("staging", deleted.alias());
        assertEquals(2, deleted.fromVersion());
        assertNull(deleted.toVersion());
        AliasEvent moved = history.get(2);
        assertEquals("champion", moved.alias());
        assertEquals(1, moved.fromVersion());
        assertEquals(2, moved.toVersion());
        assertEquals("better val_accuracy", moved.comment());
        assertEquals(System.getProperty("user.name"), moved.user());
        assertEquals("first good one", history.get(3).comment());
    }

    @Test
    void resolvesEveryReferenceForm() {
        ws.registry().register(trainedRun("0.1", 0.9, RunStatus.FINISHED, true), "iris-cls", null);
        ws.registry().register(trainedRun("0.2", 0.95, RunStatus.FINISHED, true), "iris-cls", null);
        ws.registry().setAlias("iris-cls", "production", 1, null);
        assertEquals(2, ws.registry().resolve("iris-cls").version());
        assertEquals(2, ws.registry().resolve("iris-cls@latest").version());
        assertEquals(1, ws.registry().resolve("iris-cls:1").version());
        assertEquals(1, ws.registry().resolve("iris-cls@production").version());

        assertTrue(assertThrows(RegistryException.class, () -> ws.registry().resolve("nope@champion"))
                .getMessage().contains("no registered model named 'nope'"));
        var noVersion = assertThrows(RegistryException.class, () -> ws.registry().resolve("iris-cls:7"));
        assertTrue(noVersion.getMessage().contains("has no version 7 (it has versions 1 to 2)"), noVersion.getMessage());
        var noAlias = assertThrows(RegistryException.class, () -> ws.registry().resolve("iris-cls@champion"));
        assertTrue(noAlias.getMessage().contains("no alias 'champion' (it has production)"), noAlias.getMessage());
        assertThrows(RegistryException.class, () -> ws.registry().resolve("iris-cls:x"));
        assertThrows(RegistryException.class, () -> ws.registry().resolve("iris-cls:0"));
    }

    @Test
    void aliasNamesAreCheckedAndLatestIsReserved() {
        ws.registry().register(trainedRun("0.1", 0.9, RunStatus.FINISHED, true), "iris-cls", null);
        for (String bad : List.of("Champion", "1st", "", "a b", "x@y")) {
            assertThrows(RegistryException.class, () -> ws.registry().setAlias("iris-cls", bad, 1, null), bad);
        }
        var latest = assertThrows(RegistryException.class, () -> ws.registry().setAlias("iris-cls", "latest", 1, null));
        assertTrue(latest.getMessage().contains("reserved"), latest.getMessage());
        assertThrows(RegistryException.class, () -> ws.registry().setAlias("iris-cls", "champion", 3, null));
        assertThrows(RegistryException.class, () -> ws.registry().deleteAlias("iris-cls", "champion", null));
        ws.registry().setAlias("iris-cls", "release_2-rc", 1, null);
        assertTrue(ws.registry().aliasHistory("iris-cls").size() == 1);
    }
}
