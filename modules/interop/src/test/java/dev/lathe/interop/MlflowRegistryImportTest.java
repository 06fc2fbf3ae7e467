package dev.lathe.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.core.ModelVersion;
import dev.lathe.workspace.Workspace;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The models/ registry folder of an MLflow file store, written here in MLflow FileStore's layout (sorted YAML keys
 * as yaml.safe_dump writes them) on top of a copy of the real MLflow 2.x store, pointing at two of its runs.
 */
class MlflowRegistryImportTest {
    private static final String RUN_A = "70a8937b47ec48ec9fb71c79b3481dfe";
    private static final String RUN_B = "eb5a51188ac54c7e99adcbb4c1539d92";

    @TempDir
    Path dir;
    Path store;

    @BeforeEach
    void store() throws Exception {
        Path fixture = Path.of(Objects.requireNonNull(getClass().getResource("/mlflow-filestore/mlruns")).toURI());
        store = dir.resolve("mlruns");
        try (Stream<Path> files = Files.walk(fixture)) {
            for (Path f : files.toList()) {
                Path target = store.resolve(fixture.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
        Path model = store.resolve("models/iris classifier");
        write(model.resolve("meta.yaml"), """
                aliases: []
                creation_timestamp: 1748234400000
                description: Predicts the iris species
                last_updated_timestamp: 1748234500000
                name: iris classifier
                """);
        write(model.resolve("tags/team"), "vision");
        version(model, 1, RUN_A, "Archived", "first try");
        version(model, 2, RUN_B, "Production", "");
        version(model, 3, RUN_B, "Deleted_Internal", "");
        write(model.resolve("version-2/tags/validated"), "true");
        write(model.resolve("aliases/champion"), "2");
        write(model.resolve("aliases/Baseline"), "1");
    }

    private static void version(Path model, int n, String run, String stage, String description) throws Exception {
        write(model.resolve("version-" + n + "/meta.yaml"), """
                aliases: []
                creation_timestamp: %d
                current_stage: %s
                description: '%s'
                last_updated_timestamp: %d
                name: iris classifier
                run_id: %s
                run_link: ''
                source: file:///E:/MyProjects/Learning/MlFlow-Pipeline/mlruns/965571450743552747/%s/artifacts/model
                status: READY
                status_message: ''
                user_id: ''
                version: %d
                """.formatted(1748234400000L + n, stage, description, 1748234400000L + n, run, run, n));
    }

    private static void write(Path file, String text) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    @Test
    void modelsVersionsAliasesAndTagsImportOnceAndLinkTheirRuns() throws URISyntaxException {
        try (Workspace ws = Workspace.open(dir.resolve("ws"), Workspace.Mode.CREATE)) {
            var first = MlflowImporter.importStore(store, ws, line -> { });
            assertEquals(1, first.models());
            assertEquals(2, first.versionsImported(), "version 3 was deleted in MLflow");
            // champion and baseline from aliases/, production from version 2's stage
            assertEquals(3, first.aliases());
            assertTrue(first.problems().stream().anyMatch(p -> p.message().contains("imported as 'iris-classifier'")),
                    first.problems().toString());

            List<ModelVersion> versions = ws.registry().versions("iris-classifier");
            assertEquals(List.of(2, 1), versions.stream().map(ModelVersion::version).toList());
            assertEquals(RUN_B, versions.get(0).runId());
            assertEquals(RUN_A, versions.get(1).runId());
            assertEquals("first try", versions.get(1).description());
            assertEquals(Map.of("baseline", 1, "champion", 2, "production", 2),
                    ws.registry().model("iris-classifier").orElseThrow().aliases());
            assertEquals(RUN_B, ws.registry().resolve("iris-classifier@champion").runId());
            // lineage copied from the imported run
            var runB = ws.runs().detail(RUN_B).orElseThrow();
            assertEquals(runB.params(), versions.get(0).params());
            assertEquals("true", runB.tags().get("mlflow.registry.iris-classifier.v2.validated"));
            assertEquals("vision", runB.tags().get("mlflow.registry.iris-classifier.team"));
            assertTrue(runB.tags().get("mlflow.registry.iris-classifier.v2.source").endsWith(RUN_B + "/artifacts/model"));

            var again = MlflowImporter.importStore(store, ws, line -> { });
            assertEquals(0, again.versionsImported());
            assertEquals(2, again.versionsSkipped());
            assertEquals(0, again.aliases());
            assertEquals(2, ws.registry().versions("iris-classifier").size());
            assertEquals(3, ws.registry().aliasHistory("iris-classifier").size(), "no alias moved twice");
        }
    }
}
