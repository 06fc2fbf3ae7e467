package dev.lathe.interop;

import dev.lathe.core.Experiment;
import dev.lathe.core.GitState;
import dev.lathe.core.RunStatus;
import dev.lathe.workspace.ImportedRun;
import dev.lathe.workspace.MetricRepository.RunPoint;
import dev.lathe.workspace.Workspace;
import dev.lathe.workspace.WorkspaceException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Imports an MLflow file store (an {@code mlruns/} folder as MLflow 1.x and 2.x write it) into a workspace:
 * experiments by name, runs under their MLflow ids (so a second import skips them), params, tags, metric
 * histories, git commits, parent runs and artifacts, and the {@code models/} registry folder: registered models,
 * their versions under the same numbers (each pointing at its imported source run), aliases, and the legacy
 * Production/Staging stages as the aliases production/staging. A malformed file is reported with its path and
 * line and the rest still imports.
 */
public final class MlflowImporter {
    /** MLflow's tag naming a nested run's parent. */
    static final String PARENT_TAG = "mlflow.parentRunId";
    static final String RUN_NAME_TAG = "mlflow.runName";

    private MlflowImporter() {
    }

    /** A file that could not be read in full; line is 1-based, 0 when the problem has no line. */
    public record Problem(Path file, int line, String message) {
        @Override
        public String toString() {
            return file + (line > 0 ? ":" + line : "") + ": " + message;
        }
    }

    /**
     * What an import did. Params, tags, points and artifacts count those of the runs imported this time; models
     * counts the registered models read, versionsImported the versions added this time (versionsSkipped those
     * already there), aliases the aliases set this time.
     */
    public record Summary(int experiments, int runsImported, int runsSkipped, long metricPoints, int params,
                          int tags, int artifacts, int models, int versionsImported, int versionsSkipped,
                          int aliases, List<Problem> problems) {
    }

    /** A run's meta.yaml, read; the experiment is Lathe's id. */
    private record RunMeta(Path dir, String id, String experimentId, String name, RunStatus status,
                           Instant start, Instant end, boolean deleted) {
    }

    /**
     * Imports every experiment and run under mlruns (or under mlruns/mlruns when given the project folder).
     *
     * @throws IllegalArgumentException when the folder is not an MLflow file store
     */
    public static Summary importStore(Path mlruns, Workspace ws, Consumer<String> progress) {
        Path root = storeRoot(mlruns);
        var state = new State(ws, progress);
        List<RunMeta> runs = new ArrayList<>();
        int experiments = 0;
        for (Path expDir : childFolders(root)) {
            String folder = expDir.getFileName().toString();
            if (folder.startsWith(".") || folder.equals("models")) {
                continue; // .trash holds deleted experiments; models/ is the registry (not imported yet)
            }
            Map<String, Object> meta = state.yaml(expDir.resolve("meta.yaml"), "name");
            if (meta == null) {
                continue;
            }
            Experiment exp = ws.experiments().getOrCreate(String.valueOf(meta.get("name")));
            if ("deleted".equals(meta.get("lifecycle_stage"))) {
                ws.experiments().setArchived(exp.id(), true);
            }
            experiments++;
            int before = runs.size();
            for (Path runDir : childFolders(expDir)) {
                if (runDir.getFileName().toString().equals("datasets")) {
                    continue; // MLflow 2.4+ keeps logged dataset descriptions beside the runs
                }
                RunMeta run = state.runMeta(runDir, exp.id());
                if (run != null) {
                    runs.add(run);
                }
            }
            progress.accept("experiment " + exp.name() + ": " + (runs.size() - before) + " runs");
        }
        Map<String, RunMeta> byId = new LinkedHashMap<>();
        runs.forEach(r -> byId.put(r.id(), r));
        Set<String> done = new HashSet<>();
        for (RunMeta run : runs) {
            state.importWithParents(run, byId, done, new HashSet<>());
        }
        // the registry after the runs: a version points at its source run
        Path models = root.resolve("models");
        if (Files.isDirectory(models)) {
            state.registry = new MlflowRegistryImport(state.ws, state::yaml, state::keyValues, state.problems, progress)
                    .importAll(models);
        }
        int[] r = state.registry;
        return new Summary(experiments, state.imported, state.skipped, state.points, state.params, state.tags,
                state.artifacts, r[0], r[1], r[2], r[3], List.copyOf(state.problems));
    }

    private static Path storeRoot(Path given) {
        Path p = given.toAbsolutePath().normalize();
        if (!Files.isDirectory(p)) {
            throw new IllegalArgumentException("no folder at " + p + " (expected an MLflow mlruns folder)");
        }
        boolean hasExperiment = childFolders(p).stream().anyMatch(d -> Files.isRegularFile(d.resolve("meta.yaml")));
        if (!hasExperiment && Files.isDirectory(p.resolve("mlruns"))) {
            return storeRoot(p.resolve("mlruns"));
        }
        if (!hasExperiment) {
            throw new IllegalArgumentException(p + " is not an MLflow file store: no <experiment>/meta.yaml in it");
        }
        return p;
    }

    private static List<Path> childFolders(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** The mutable part of one import: counters, problems and the YAML loader. */
    private static final class State {
        final Workspace ws;
        final Consumer<String> progress;
        final List<Problem> problems = new ArrayList<>();
        int imported;
        int skipped;
        long points;
        int params;
        int tags;
        int artifacts;
        int[] registry = new int[4];

        State(Workspace ws, Consumer<String> progress) {
            this.ws = ws;
            this.progress = progress;
        }

        /** A meta.yaml as a map, or null (and a problem) when it cannot be parsed or lacks a required key. */
        Map<String, Object> yaml(Path file, String... required) {
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                problems.add(new Problem(file, 0, "cannot read: " + e.getMessage()));
                return null;
            }
            Object doc;
            try {
                // a fresh loader per file: Load is not meant to be shared, and files are small
                doc = new Load(LoadSettings.builder().setLabel(file.toString()).build()).loadFromString(text);
            } catch (MarkedYamlEngineException e) {
                int line = e.getProblemMark().map(m -> m.getLine() + 1).orElse(0);
                problems.add(new Problem(file, line, "not valid YAML: " + e.getProblem()));
                return null;
            } catch (YamlEngineException e) {
                problems.add(new Problem(file, 0, "not valid YAML: " + e.getMessage()));
                return null;
            }
            if (!(doc instanceof Map<?, ?> map)) {
                problems.add(new Problem(file, 1, "expected a YAML mapping"));
                return null;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> meta = (Map<String, Object>) map;
            for (String key : required) {
                if (meta.get(key) == null) {
                    // a truncated file parses but stops early: point at where it ends
                    problems.add(new Problem(file, (int) text.lines().count(), "no '" + key + "' (truncated?)"));
                    return null;
                }
            }
            return meta;
        }

        RunMeta runMeta(Path runDir, String experimentId) {
            Path file = runDir.resolve("meta.yaml");
            if (!Files.isRegularFile(file)) {
                return null;
            }
            Map<String, Object> meta = yaml(file, "run_id", "status");
            if (meta == null) {
                return null;
            }
            RunStatus status = status(meta.get("status"));
            if (status == null) {
                problems.add(new Problem(file, lineOf(file, "status:"), "unknown run status " + meta.get("status")));
                return null;
            }
            String name = meta.get("run_name") instanceof String s && !s.isBlank() ? s : null;
            return new RunMeta(runDir, String.valueOf(meta.get("run_id")), experimentId, name, status,
                    instant(meta.get("start_time")), instant(meta.get("end_time")),
                    "deleted".equals(meta.get("lifecycle_stage")));
        }

        /** Imports a run after its parent (the database holds parent ids as references). */
        void importWithParents(RunMeta run, Map<String, RunMeta> byId, Set<String> done, Set<String> visiting) {
            if (!done.add(run.id())) {
                return;
            }
            String parent = readTag(run.dir(), PARENT_TAG);
            if (parent != null && byId.containsKey(parent) && visiting.add(run.id())) {
                importWithParents(byId.get(parent), byId, done, visiting);
            }
            importRun(run, parent);
        }

        private void importRun(RunMeta run, String parent) {
            if (ws.runs().get(run.id()).isPresent()) {
                skipped++;
                return;
            }
            Map<String, String> runParams = keyValues(run.dir().resolve("params"));
            Map<String, String> runTags = keyValues(run.dir().resolve("tags"));
            if (parent != null && ws.runs().get(parent).isEmpty()) {
                problems.add(new Problem(run.dir().resolve("tags").resolve(PARENT_TAG), 1,
                        "parent run " + parent + " is not in the store; imported without a parent"));
                parent = null;
            }
            String commit = runTags.get("mlflow.source.git.commit");
            // MLflow does not record whether the tree was dirty: taken as clean
            GitState git = commit == null || commit.isBlank() ? null : new GitState(commit.strip(),
                    runTags.get("mlflow.source.git.branch"), runTags.get("mlflow.source.git.repoURL"), false, null, null);
            String name = runTags.getOrDefault(RUN_NAME_TAG, run.name());
            List<RunPoint> runPoints = metrics(run.id(), run.dir().resolve("metrics"));
            try {
                ws.runs().importRun(new ImportedRun(run.id(), run.experimentId(), name, run.status(), null,
                        run.start(), run.end(), parent, runParams, runTags, git));
                ws.metrics().writeBatch(runPoints);
            } catch (WorkspaceException e) {
                problems.add(new Problem(run.dir().resolve("meta.yaml"), 0, "not imported: " + e.getMessage()));
                return;
            }
            if (run.deleted()) {
                ws.runs().archive(run.id(), true);
            }
            imported++;
            points += runPoints.size();
            params += runParams.size();
            tags += runTags.size();
            artifacts += artifacts(run.id(), run.dir().resolve("artifacts"));
        }

        /** params/ and tags/: one file per key, the key being its path (MLflow keys may hold slashes). */
        Map<String, String> keyValues(Path dir) {
            Map<String, String> out = new TreeMap<>();
            for (Path f : files(dir)) {
                try {
                    out.put(key(dir, f), Files.readString(f, StandardCharsets.UTF_8));
                } catch (IOException e) {
                    problems.add(new Problem(f, 0, "cannot read: " + e.getMessage()));
                }
            }
            return out;
        }

        /** metrics/KEY: lines "timestamp value step" (MLflow before 1.0 wrote no step: taken as 0). */
        private List<RunPoint> metrics(String runId, Path dir) {
            List<RunPoint> out = new ArrayList<>();
            for (Path f : files(dir)) {
                String key = key(dir, f);
                List<String> lines;
                try {
                    lines = Files.readAllLines(f, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    problems.add(new Problem(f, 0, "cannot read: " + e.getMessage()));
                    continue;
                }
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i).strip();
                    if (line.isEmpty()) {
                        continue;
                    }
                    String[] parts = line.split("\\s+");
                    try {
                        if (parts.length != 2 && parts.length != 3) {
                            throw new NumberFormatException();
                        }
                        out.add(new RunPoint(runId, key, parts.length == 3 ? Long.parseLong(parts[2]) : 0,
                                Long.parseLong(parts[0]), number(parts[1])));
                    } catch (NumberFormatException e) {
                        problems.add(new Problem(f, i + 1, "expected 'timestamp value step', got '" + line + "'"));
                    }
                }
            }
            return out;
        }

        private int artifacts(String runId, Path dir) {
            int n = 0;
            for (Path f : files(dir)) {
                try {
                    ws.artifacts().add(runId, key(dir, f), f);
                    n++;
                } catch (RuntimeException e) {
                    problems.add(new Problem(f, 0, "artifact not imported: " + e.getMessage()));
                }
            }
            return n;
        }

        private String readTag(Path runDir, String key) {
            Path f = runDir.resolve("tags").resolve(key);
            try {
                return Files.isRegularFile(f) ? Files.readString(f, StandardCharsets.UTF_8).strip() : null;
            } catch (IOException e) {
                return null; // reported when the run's tags are read
            }
        }

        private List<Path> files(Path dir) {
            if (!Files.isDirectory(dir)) {
                return List.of();
            }
            try (Stream<Path> s = Files.walk(dir)) {
                return s.filter(Files::isRegularFile).sorted().toList();
            } catch (IOException e) {
                problems.add(new Problem(dir, 0, "cannot list: " + e.getMessage()));
                return List.of();
            }
        }
    }

    private static String key(Path dir, Path file) {
        return dir.relativize(file).toString().replace('\\', '/');
    }

    /** Python writes NaN and infinities as nan, inf and -inf. */
    static double number(String text) {
        return switch (text.toLowerCase(java.util.Locale.ROOT)) {
            case "nan" -> Double.NaN;
            case "inf", "+inf", "infinity" -> Double.POSITIVE_INFINITY;
            case "-inf", "-infinity" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }

    /** MLflow's RunStatus: numbers in meta.yaml (1 RUNNING, 2 SCHEDULED, 3 FINISHED, 4 FAILED, 5 KILLED). */
    static RunStatus status(Object value) {
        String s = String.valueOf(value).strip().toUpperCase(java.util.Locale.ROOT);
        return switch (s) {
            case "1", "RUNNING" -> RunStatus.RUNNING;
            case "2", "SCHEDULED" -> RunStatus.QUEUED;
            case "3", "FINISHED" -> RunStatus.FINISHED;
            case "4", "FAILED" -> RunStatus.FAILED;
            case "5", "KILLED" -> RunStatus.KILLED;
            default -> null;
        };
    }

    private static Instant instant(Object millis) {
        return millis instanceof Number n ? Instant.ofEpochMilli(n.longValue()) : null;
    }

    private static int lineOf(Path file, String prefix) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).startsWith(prefix)) {
                    return i + 1;
                }
            }
        } catch (IOException ignored) {
            // the line is a hint only
        }
        return 0;
    }
}
