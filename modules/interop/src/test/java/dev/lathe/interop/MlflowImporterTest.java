package dev.lathe.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.core.MetricPoint;
import dev.lathe.core.Run;
import dev.lathe.core.RunDetail;
import dev.lathe.core.RunStatus;
import dev.lathe.workspace.RunQuery;
import dev.lathe.workspace.Workspace;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Imports a real MLflow 2.x file store (a copy of the shared fixture) and compares with its files. */
class MlflowImporterTest {
    @TempDir
    Path dir;
    Path mlruns;

    @BeforeEach
    void fixture() throws URISyntaxException {
        mlruns = Path.of(Objects.requireNonNull(getClass().getResource("/mlflow-filestore/mlruns")).toURI());
    }

    /** Every run folder of the store: experiment/run/meta.yaml. */
    private static List<Path> runDirs(Path store) throws IOException {
        try (Stream<Path> s = Files.walk(store, 3)) {
            return s.filter(p -> p.getFileName().toString().equals("meta.yaml") && store.relativize(p).getNameCount() == 3)
                    .map(Path::getParent).sorted().toList();
        }
    }

    private static Map<String, String> filesUnder(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path f : s.filter(Files::isRegularFile).toList()) {
                    out.put(dir.relativize(f).toString().replace('\\', '/'), Files.readString(f));
                }
            }
        }
        return out;
    }

    private static Set<String> pathsUnder(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return Set.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(f -> dir.relativize(f).toString().replace('\\', '/'))
                    .collect(Collectors.toSet());
        }
    }

    @Test
    void importsEveryExperimentAndRunOfTheStore() throws IOException {
        List<String> said = new ArrayList<>();
        try (Workspace ws = Workspace.open(dir.resolve("ws"))) {
            var summary = MlflowImporter.importStore(mlruns, ws, said::add);

            assertEquals(List.of(), summary.problems());
            assertEquals(3, summary.experiments());
            assertEquals(46, runDirs(mlruns).size());
            assertEquals(46, summary.runsImported());
            assertEquals(0, summary.runsSkipped());
            assertEquals(Set.of("Default", "My First Experiment", "breast cancer dummy"),
                    ws.experiments().list().stream().map(e -> e.experiment().name()).collect(Collectors.toSet()));
            assertEquals(46, ws.runs().list(RunQuery.all()).size());
            assertEquals(summary.metricPoints(), ws.metrics().countPoints());
            assertEquals(3, said.size(), "one progress line per experiment");

            long failedInFiles = runDirs(mlruns).stream().filter(d -> read(d.resolve("meta.yaml")).contains("status: 4")).count();
            assertEquals(failedInFiles, ws.runs().list(new RunQuery(null, RunStatus.FAILED, 0)).size());
        }
    }

    @Test
    void namesParamsMetricsTagsAndArtifactsMatchTheFiles() throws IOException {
        try (Workspace ws = Workspace.open(dir.resolve("ws"))) {
            MlflowImporter.importStore(mlruns, ws, s -> { });
            for (Path run : runDirs(mlruns)) {
                String id = run.getFileName().toString();
                RunDetail d = ws.runs().detail(id).orElseThrow(() -> new AssertionError("run " + id + " missing"));
                Map<String, String> tags = filesUnder(run.resolve("tags"));
                assertEquals(tags.get("mlflow.runName"), d.run().name(), id);
                assertEquals(filesUnder(run.resolve("params")), d.params(), id);
                assertEquals(tags, d.tags(), id);
                assertEquals(pathsUnder(run.resolve("artifacts")),
                        d.artifacts().stream().map(a -> a.path()).collect(Collectors.toSet()), id);
                for (var metric : filesUnder(run.resolve("metrics")).entrySet()) {
                    List<MetricPoint> history = ws.metrics().history(id, metric.getKey());
                    List<String> lines = metric.getValue().lines().filter(l -> !l.isBlank()).toList();
                    assertEquals(lines.size(), history.size(), id + " " + metric.getKey());
                    for (int i = 0; i < lines.size(); i++) {
                        String[] f = lines.get(i).split(" ");
                        assertEquals(Long.parseLong(f[0]), history.get(i).timestamp(), id);
                        assertEquals(Double.parseDouble(f[1]), history.get(i).value(), 0.0, id);
                        assertEquals(Long.parseLong(f[2]), history.get(i).step(), id);
                    }
                }
                String commit = tags.get("mlflow.source.git.commit");
                if (commit != null) {
                    assertEquals(commit, d.git().orElseThrow().commit());
                    assertFalse(d.git().orElseThrow().dirty());
                }
                String meta = read(run.resolve("meta.yaml"));
                assertTrue(meta.contains("start_time: " + d.run().startedAt().toEpochMilli()), id);
            }
            // one run checked by hand against its files
            RunDetail wine = ws.runs().detail("70a8937b47ec48ec9fb71c79b3481dfe").orElseThrow();
            assertEquals("mercurial-jay-506", wine.run().name());
            assertEquals("My First Experiment", wine.experimentName());
            assertEquals(Map.of("max_depth", "10", "n_estimators", "25"), wine.params());
            assertEquals(1.0, wine.metrics().getFirst().last(), 0.0);
            assertEquals(RunStatus.FINISHED, wine.run().status());
            assertEquals(1748234601287L, wine.run().endedAt().toEpochMilli());
            assertEquals("9daf6ffa1277db36e8f04b4c27b5c1bd7d6e9615", wine.git().orElseThrow().commit());
        }
    }

    @Test
    void nestedRunsGetTheirParent() throws IOException {
        try (Workspace ws = Workspace.open(dir.resolve("ws"))) {
            MlflowImporter.importStore(mlruns, ws, s -> { });
            int nested = 0;
            for (Path run : runDirs(mlruns)) {
                Path tag = run.resolve("tags/mlflow.parentRunId");
                Run r = ws.runs().get(run.getFileName().toString()).orElseThrow();
                if (Files.exists(tag)) {
                    nested++;
                    assertEquals(Files.readString(tag).strip(), r.parentRunId());
                } else {
                    assertNull(r.parentRunId());
                }
            }
            assertEquals(32, nested);
        }
    }

    @Test
    void aSecondImportAddsNothing() {
        try (Workspace ws = Workspace.open(dir.resolve("ws"))) {
            var first = MlflowImporter.importStore(mlruns, ws, s -> { });
            long points = ws.metrics().countPoints();
            var second = MlflowImporter.importStore(mlruns, ws, s -> { });
            assertEquals(0, second.runsImported());
            assertEquals(first.runsImported(), second.runsSkipped());
            assertEquals(0, second.metricPoints());
            assertEquals(46, ws.runs().list(RunQuery.all()).size());
            assertEquals(3, ws.experiments().list().size());
            assertEquals(points, ws.metrics().countPoints());
        }
    }

    @Test
    void malformedFilesAreReportedWithPathAndLineAndTheRestImports() throws IOException {
        Path copy = dir.resolve("mlruns");
        copyTree(mlruns, copy);
        List<Path> runs = runDirs(copy);
        // a meta.yaml cut off in the middle of a key, as a full disk or a killed process leaves it
        Path truncated = runs.get(0).resolve("meta.yaml");
        List<String> lines = Files.readAllLines(truncated);
        Files.writeString(truncated, String.join("\n", lines.subList(0, 3)) + "\nexperim");
        // a metric file with a line that is not "timestamp value step"
        Path badRun = runs.stream().skip(1).filter(r -> Files.isDirectory(r.resolve("metrics"))).findFirst().orElseThrow();
        Path metric;
        try (Stream<Path> s = Files.list(badRun.resolve("metrics"))) {
            metric = s.sorted().findFirst().orElseThrow();
        }
        String good = Files.readString(metric).strip();
        Files.writeString(metric, good + "\n1748234583645 not-a-number 1\n");

        try (Workspace ws = Workspace.open(dir.resolve("ws"))) {
            var summary = MlflowImporter.importStore(copy, ws, s -> { });
            assertEquals(2, summary.problems().size(), summary.problems().toString());
            var yaml = summary.problems().get(0);
            assertEquals(truncated, yaml.file());
            assertEquals(4, yaml.line(), yaml.toString()); // the cut-off "experim" line
            var bad = summary.problems().get(1);
            assertEquals(metric, bad.file());
            assertEquals(2, bad.line());
            assertTrue(bad.toString().contains(metric + ":2: expected 'timestamp value step'"), bad.toString());

            assertEquals(45, summary.runsImported());
            assertTrue(ws.runs().get(runs.get(0).getFileName().toString()).isEmpty());
            // the run with the bad line keeps its good point
            String badId = badRun.getFileName().toString();
            assertEquals(1, ws.metrics().history(badId, metric.getFileName().toString()).size());
        }
    }

    @Test
    void refusesAFolderThatIsNotAStore() {
        try (Workspace ws = Workspace.open(dir.resolve("ws"))) {
            var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> MlflowImporter.importStore(dir, ws, s -> { }));
            assertTrue(e.getMessage().contains("not an MLflow file store"), e.getMessage());
        }
    }

    @Test
    void readsMlflowStatusesAndPythonNumbers() {
        assertEquals(RunStatus.RUNNING, MlflowImporter.status(1));
        assertEquals(RunStatus.QUEUED, MlflowImporter.status(2));
        assertEquals(RunStatus.FINISHED, MlflowImporter.status(3));
        assertEquals(RunStatus.FAILED, MlflowImporter.status(4));
        assertEquals(RunStatus.KILLED, MlflowImporter.status("KILLED"));
        assertNull(MlflowImporter.status(9));
        assertTrue(Double.isNaN(MlflowImporter.number("nan")));
        assertEquals(Double.NEGATIVE_INFINITY, MlflowImporter.number("-inf"));
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
