package dev.lathe.interop;

import dev.lathe.core.RegisteredModel;
import dev.lathe.workspace.RegistryException;
import dev.lathe.workspace.RegistryRepository;
import dev.lathe.workspace.Workspace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Reads the model registry of an MLflow file store, laid out as MLflow's FileStore writes it:
 * <pre>
 * models/NAME/meta.yaml               name, description, creation_timestamp, ...
 * models/NAME/tags/KEY                one file per tag, the value as its content
 * models/NAME/aliases/ALIAS           the version number the alias points at
 * models/NAME/version-N/meta.yaml     version, run_id, source, current_stage, description, creation_timestamp, ...
 * models/NAME/version-N/tags/KEY
 * </pre>
 * Versions keep their numbers and point at their source run (imported before). Registered-model and version tags
 * become tags of the source run ({@code mlflow.registry.NAME.KEY} and {@code mlflow.registry.NAME.vN.KEY}), as
 * Lathe's registry has no tags of its own. A version whose stage is Production or Staging gives the alias
 * production or staging (the newest such version), unless the store has an alias of that name. An alias that
 * already points elsewhere in the workspace is left as it is and reported, so importing again changes nothing.
 */
final class MlflowRegistryImport {
    static final String TAG_PREFIX = "mlflow.registry.";
    private static final String COMMENT = "imported from MLflow";

    private final Workspace ws;
    private final YamlReader yaml;
    private final Function<Path, Map<String, String>> keyValues;
    private final List<MlflowImporter.Problem> problems;
    private final Consumer<String> progress;
    private int models;
    private int added;
    private int skipped;
    private int aliases;

    MlflowRegistryImport(Workspace ws, YamlReader yaml, Function<Path, Map<String, String>> keyValues,
                         List<MlflowImporter.Problem> problems, Consumer<String> progress) {
        this.ws = ws;
        this.yaml = yaml;
        this.keyValues = keyValues;
        this.problems = problems;
        this.progress = progress;
    }

    /** How the importer reads a meta.yaml: the map, or null with a problem recorded. */
    @FunctionalInterface
    interface YamlReader {
        Map<String, Object> read(Path file, String... required);
    }

    /** @return models read, versions added, versions already there, aliases set */
    int[] importAll(Path modelsDir) {
        for (Path modelDir : folders(modelsDir)) {
            importModel(modelDir);
        }
        return new int[] {models, added, skipped, aliases};
    }

    private void importModel(Path modelDir) {
        Path metaFile = modelDir.resolve("meta.yaml");
        if (!Files.isRegularFile(metaFile)) {
            return;
        }
        Map<String, Object> meta = yaml.read(metaFile, "name");
        if (meta == null) {
            return;
        }
        String mlflowName = String.valueOf(meta.get("name"));
        String name = latheName(mlflowName);
        if (!name.equals(mlflowName)) {
            problems.add(new MlflowImporter.Problem(metaFile, line(metaFile, "name:"), "model name '" + mlflowName
                    + "' is imported as '" + name + "' (Lathe names use letters, digits, '.', '_' and '-')"));
        }
        String description = text(meta.get("description"));
        Map<String, String> modelTags = keyValues.apply(modelDir.resolve("tags"));
        models++;
        // versions in number order
        Map<Integer, Path> versions = new TreeMap<>();
        for (Path v : folders(modelDir)) {
            String folder = v.getFileName().toString();
            if (folder.startsWith("version-")) {
                try {
                    versions.put(Integer.parseInt(folder.substring("version-".length())), v);
                } catch (NumberFormatException e) {
                    problems.add(new MlflowImporter.Problem(v, 0, "not a version folder (version-N)"));
                }
            }
        }
        Map<String, Integer> stageAliases = new LinkedHashMap<>();
        List<Integer> present = new ArrayList<>();
        for (var e : versions.entrySet()) {
            Path vFile = e.getValue().resolve("meta.yaml");
            Map<String, Object> vm = yaml.read(vFile, "version");
            if (vm == null) {
                continue;
            }
            String stage = text(vm.get("current_stage"));
            if (stage != null && stage.equalsIgnoreCase("Deleted_Internal")) {
                continue; // MLflow's deleted versions stay on disk with this stage
            }
            int number = e.getKey();
            String runId = text(vm.get("run_id"));
            if (runId == null) {
                problems.add(new MlflowImporter.Problem(vFile, line(vFile, "run_id:"), "version " + number + " of "
                        + mlflowName + " has no run_id; Lathe keeps a version only with its run, so it is skipped"));
                continue;
            }
            boolean runHere = ws.runs().get(runId).isPresent();
            if (!runHere) {
                problems.add(new MlflowImporter.Problem(vFile, line(vFile, "run_id:"), "version " + number + " of "
                        + mlflowName + " comes from run " + runId + ", which is not in this store; the version is "
                        + "imported pointing at it"));
            }
            Object created = vm.get("creation_timestamp");
            try {
                if (ws.registry().importVersion(name, description, number, runId, text(vm.get("description")),
                        created instanceof Number n ? Instant.ofEpochMilli(n.longValue()) : null)) {
                    added++;
                } else {
                    skipped++;
                }
            } catch (RegistryException ex) {
                problems.add(new MlflowImporter.Problem(vFile, 0, "version " + number + " not imported: "
                        + ex.getMessage()));
                continue;
            }
            present.add(number);
            if (runHere) {
                Map<String, String> tags = new LinkedHashMap<>();
                modelTags.forEach((k, val) -> tags.put(TAG_PREFIX + name + "." + k, val));
                keyValues.apply(e.getValue().resolve("tags")).forEach((k, val) ->
                        tags.put(TAG_PREFIX + name + ".v" + number + "." + k, val));
                String source = text(vm.get("source"));
                if (source != null) {
                    tags.put(TAG_PREFIX + name + ".v" + number + ".source", source);
                }
                if (!tags.isEmpty()) {
                    ws.runs().setTags(runId, tags);
                }
            }
            if (stage != null && (stage.equalsIgnoreCase("Production") || stage.equalsIgnoreCase("Staging"))) {
                stageAliases.put(stage.toLowerCase(Locale.ROOT), number); // later versions win
            }
        }
        Map<String, Integer> wanted = new LinkedHashMap<>(stageAliases);
        Path aliasDir = modelDir.resolve("aliases");
        for (var a : keyValues.apply(aliasDir).entrySet()) {
            Path file = aliasDir.resolve(a.getKey());
            String alias = a.getKey().toLowerCase(Locale.ROOT);
            try {
                RegistryRepository.checkAlias(alias);
            } catch (RegistryException ex) {
                problems.add(new MlflowImporter.Problem(file, 0, "alias not imported: " + ex.getMessage()));
                continue;
            }
            try {
                wanted.put(alias, Integer.parseInt(a.getValue().strip()));
            } catch (NumberFormatException ex) {
                problems.add(new MlflowImporter.Problem(file, 1, "expected a version number, got '"
                        + a.getValue().strip() + "'"));
            }
        }
        RegisteredModel model = ws.registry().model(name).orElse(null);
        for (var a : wanted.entrySet()) {
            if (!present.contains(a.getValue())) {
                problems.add(new MlflowImporter.Problem(aliasDir, 0, "alias " + a.getKey() + " of " + mlflowName
                        + " points at version " + a.getValue() + ", which was not imported"));
                continue;
            }
            Integer now = model == null ? null : model.aliases().get(a.getKey());
            if (now != null && !now.equals(a.getValue())) {
                problems.add(new MlflowImporter.Problem(aliasDir, 0, name + "@" + a.getKey() + " already points at "
                        + "version " + now + " in the workspace (MLflow says " + a.getValue() + "); left as it is"));
                continue;
            }
            if (ws.registry().setAlias(name, a.getKey(), a.getValue(), COMMENT).isPresent()) {
                aliases++;
            }
        }
        progress.accept("model " + name + ": " + present.size() + " versions, " + wanted.size() + " aliases");
    }

    /** MLflow allows spaces and more in names; Lathe's become '-'. */
    static String latheName(String name) {
        String s = name.strip().replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^[-._]+", "");
        return s.isEmpty() ? "model" : s;
    }

    private static String text(Object o) {
        if (o == null) {
            return null;
        }
        String s = String.valueOf(o).strip();
        return s.isEmpty() || s.equals("null") ? null : s;
    }

    private static List<Path> folders(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static int line(Path file, String prefix) {
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
