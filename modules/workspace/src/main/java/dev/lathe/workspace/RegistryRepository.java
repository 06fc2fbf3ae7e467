package dev.lathe.workspace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lathe.core.AliasEvent;
import dev.lathe.core.Ids;
import dev.lathe.core.MetricSummary;
import dev.lathe.core.ModelVersion;
import dev.lathe.core.RegisteredModel;
import dev.lathe.core.Run;
import dev.lathe.core.RunDetail;
import dev.lathe.core.RunStatus;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The local model registry: named models, numbered versions that each point at a FINISHED run with a model
 * folder, and aliases (champion, production, ...) that point at versions. Every alias change is kept in
 * alias_event, so the registry can say which version an alias named at any time.
 */
public final class RegistryRepository {
    /** The model folder a run must have among its artifacts to be registered (see docs/model-folder.md). */
    public static final String MODEL_MANIFEST = "model/lathe-model.json";
    /** Resolves to the highest version; never stored, so it cannot be set or deleted. */
    public static final String LATEST = "latest";

    private static final Pattern ALIAS = Pattern.compile("[a-z][a-z0-9_-]*");
    // ':' and '@' separate a name from its version or alias, and '/' would not survive a URL path
    private static final Pattern MODEL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Database db;
    private final RunRepository runs;
    private final ArtifactRepository artifacts;

    RegistryRepository(Database db, RunRepository runs, ArtifactRepository artifacts) {
        this.db = db;
        this.runs = runs;
        this.artifacts = artifacts;
    }

    /**
     * Registers a run's model as the next version of modelName, creating the model when it is new. The run
     * (an id or unique prefix) must be FINISHED and hold {@value #MODEL_MANIFEST}.
     */
    public ModelVersion register(String runIdOrPrefix, String modelName, String description) {
        checkModelName(modelName);
        Run run = runs.find(runIdOrPrefix).orElseThrow(() -> new RegistryException("no run with id '"
                + runIdOrPrefix + "' (see `lathe runs list`)"));
        if (run.status() != RunStatus.FINISHED) {
            throw new RegistryException("run " + run.id() + " is " + run.status()
                    + (run.statusReason() == null ? "" : " (" + run.statusReason() + ")")
                    + "; only a FINISHED run's model can be registered");
        }
        if (artifacts.list(run.id()).stream().noneMatch(a -> a.path().equals(MODEL_MANIFEST))) {
            throw new RegistryException("run " + run.id() + " has no model folder: no " + MODEL_MANIFEST
                    + " among its artifacts, so there is nothing to register");
        }
        RunDetail d = runs.detail(run.id()).orElseThrow();
        String params = toJson(d.params());
        Map<String, Double> last = new LinkedHashMap<>();
        for (MetricSummary m : d.metrics()) {
            if (!Double.isNaN(m.last())) {
                last.put(m.key(), m.last());
            }
        }
        String metrics = toJson(last);
        // the training data: the dataset with role "train" when the run names one, else its first by role
        String dataset = db.read(c -> Sql.query(c, "SELECT dataset_sha256 FROM run_dataset WHERE run_pk = ? "
                + "ORDER BY role = 'train' DESC, role LIMIT 1", rs -> rs.getString(1), runs.pk(c, run.id())))
                .stream().findFirst().orElse(null);
        String commit = d.git().map(g -> g.commit()).orElse(null);
        long now = System.currentTimeMillis();
        return db.write(c -> {
            String modelId = modelId(c, modelName).orElse(null);
            if (modelId == null) {
                modelId = Ids.newId();
                Sql.update(c, "INSERT INTO registered_model (id, name, description, created_at) VALUES (?, ?, ?, ?)",
                        modelId, modelName, null, now);
            }
            int version = Sql.query(c, "SELECT COALESCE(MAX(version), 0) + 1 FROM model_version WHERE model_id = ?",
                    rs -> rs.getInt(1), modelId).get(0);
            Sql.update(c, """
                    INSERT INTO model_version (model_id, version, run_id, description, created_at, dataset_sha256,
                                               git_commit, trainer, params, metrics)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", modelId, version, run.id(), description, now,
                    dataset, commit, run.trainer(), params, metrics);
            return fetchVersion(c, modelName, version).orElseThrow();
        });
    }

    /**
     * Adds a version under the number another registry gave it (an import): the model is created when new, and a
     * version that already exists is left as it is, so importing twice changes nothing. The run need not hold a
     * Lathe model folder; its lineage (params, last metrics, commit, trainer) is copied when it is in the workspace.
     *
     * @return true when the version was added, false when it was already there
     */
    public boolean importVersion(String modelName, String modelDescription, int version, String runId,
                                 String description, Instant createdAt) {
        checkModelName(modelName);
        if (version < 1) {
            throw new RegistryException("bad version " + version + " of model '" + modelName + "'");
        }
        Optional<RunDetail> d = runs.detail(runId);
        Map<String, Double> last = new LinkedHashMap<>();
        d.ifPresent(x -> x.metrics().stream().filter(m -> !Double.isNaN(m.last())).forEach(m -> last.put(m.key(), m.last())));
        String params = toJson(d.map(RunDetail::params).orElse(Map.of()));
        String metrics = toJson(last);
        String commit = d.flatMap(RunDetail::git).map(g -> g.commit()).orElse(null);
        String trainer = d.map(x -> x.run().trainer()).orElse(null);
        long at = createdAt == null ? System.currentTimeMillis() : createdAt.toEpochMilli();
        return db.write(c -> {
            String modelId = modelId(c, modelName).orElse(null);
            if (modelId == null) {
                modelId = Ids.newId();
                Sql.update(c, "INSERT INTO registered_model (id, name, description, created_at) VALUES (?, ?, ?, ?)",
                        modelId, modelName, modelDescription, at);
            }
            if (fetchVersion(c, modelName, version).isPresent()) {
                return false;
            }
            Sql.update(c, """
                    INSERT INTO model_version (model_id, version, run_id, description, created_at, dataset_sha256,
                                               git_commit, trainer, params, metrics)
                    VALUES (?, ?, ?, ?, ?, NULL, ?, ?, ?, ?)""", modelId, version, runId, description, at, commit,
                    trainer, params, metrics);
            return true;
        });
    }

    /** Every model with its latest version and aliases, by name. */
    public List<RegisteredModel> list() {
        return db.read(c -> {
            Map<String, Map<String, Integer>> aliases = new HashMap<>();
            for (var row : Sql.query(c, "SELECT model_id, name, version FROM alias",
                    rs -> new Object[] {rs.getString(1), rs.getString(2), rs.getInt(3)})) {
                aliases.computeIfAbsent((String) row[0], k -> new HashMap<>()).put((String) row[1], (Integer) row[2]);
            }
            return Sql.query(c, """
                    SELECT m.*, (SELECT COALESCE(MAX(version), 0) FROM model_version v WHERE v.model_id = m.id) AS latest
                    FROM registered_model m ORDER BY m.name""",
                    rs -> mapModel(rs, aliases.getOrDefault(rs.getString("id"), Map.of())));
        });
    }

    public Optional<RegisteredModel> model(String name) {
        return list().stream().filter(m -> m.name().equals(name)).findFirst();
    }

    /** A model's versions, newest first. */
    public List<ModelVersion> versions(String modelName) {
        return db.read(c -> {
            String modelId = requireModel(c, modelName);
            Map<Integer, List<String>> aliases = aliasesByVersion(c, modelId);
            return Sql.query(c, "SELECT * FROM model_version WHERE model_id = ? ORDER BY version DESC",
                    rs -> mapVersion(rs, modelName, aliases.getOrDefault(rs.getInt("version"), List.of())), modelId);
        });
    }

    public Optional<ModelVersion> get(String modelName, int version) {
        return db.read(c -> fetchVersion(c, modelName, version));
    }

    /**
     * Resolves NAME (the latest version), NAME:VERSION, NAME@ALIAS or NAME@latest to a version.
     *
     * @throws RegistryException naming the model, version or alias that is missing
     */
    public ModelVersion resolve(String reference) {
        String ref = reference.strip();
        int at = ref.lastIndexOf('@');
        int colon = ref.lastIndexOf(':');
        return db.read(c -> {
            if (at > 0) {
                String name = ref.substring(0, at);
                String alias = ref.substring(at + 1);
                String modelId = requireModel(c, name);
                if (alias.equals(LATEST)) {
                    return latest(c, name, modelId);
                }
                List<Integer> v = Sql.query(c, "SELECT version FROM alias WHERE model_id = ? AND name = ?",
                        rs -> rs.getInt(1), modelId, alias);
                if (v.isEmpty()) {
                    throw new RegistryException("model '" + name + "' has no alias '" + alias + "'"
                            + knownAliases(c, modelId));
                }
                return fetchVersion(c, name, v.get(0)).orElseThrow();
            }
            if (colon > 0) {
                String name = ref.substring(0, colon);
                int version = parseVersion(ref.substring(colon + 1), reference);
                requireModel(c, name);
                Optional<ModelVersion> found = fetchVersion(c, name, version);
                if (found.isEmpty()) {
                    throw new RegistryException("model '" + name + "' has no version " + version + " (it has "
                            + versionRange(c, name) + ")");
                }
                return found.get();
            }
            if (ref.isEmpty() || at == 0 || colon == 0) {
                throw new RegistryException("'" + reference + "' is not a model reference: use NAME, NAME:VERSION or NAME@ALIAS");
            }
            return latest(c, ref, requireModel(c, ref));
        });
    }

    /**
     * Points alias at a version of a model, recording the move (from, to, user, comment).
     *
     * @return the recorded event, or empty when the alias already pointed there (nothing is recorded)
     */
    public Optional<AliasEvent> setAlias(String modelName, String alias, int version, String comment) {
        checkAlias(alias);
        return db.write(c -> {
            String modelId = requireModel(c, modelName);
            if (fetchVersion(c, modelName, version).isEmpty()) {
                throw new RegistryException("model '" + modelName + "' has no version " + version + " (it has "
                        + versionRange(c, modelName) + ")");
            }
            Integer from = currentAlias(c, modelId, alias);
            if (from != null && from == version) {
                return Optional.empty();
            }
            Sql.update(c, "INSERT INTO alias (model_id, name, version) VALUES (?, ?, ?) "
                    + "ON CONFLICT (model_id, name) DO UPDATE SET version = excluded.version", modelId, alias, version);
            return Optional.of(recordEvent(c, modelId, modelName, alias, from, version, comment));
        });
    }

    /** Removes an alias, recording its last version in the history. */
    public AliasEvent deleteAlias(String modelName, String alias, String comment) {
        checkAlias(alias);
        return db.write(c -> {
            String modelId = requireModel(c, modelName);
            Integer from = currentAlias(c, modelId, alias);
            if (from == null) {
                throw new RegistryException("model '" + modelName + "' has no alias '" + alias + "'"
                        + knownAliases(c, modelId));
            }
            Sql.update(c, "DELETE FROM alias WHERE model_id = ? AND name = ?", modelId, alias);
            return recordEvent(c, modelId, modelName, alias, from, null, comment);
        });
    }

    /** Every alias change of a model, newest first. */
    public List<AliasEvent> aliasHistory(String modelName) {
        return db.read(c -> Sql.query(c, "SELECT * FROM alias_event WHERE model_id = ? ORDER BY at DESC, id DESC",
                rs -> new AliasEvent(modelName, rs.getString("alias"), Sql.getInt(rs, "from_version"),
                        Sql.getInt(rs, "to_version"), Instant.ofEpochMilli(rs.getLong("at")), rs.getString("user"),
                        rs.getString("comment")), requireModel(c, modelName)));
    }

    /** Checks an alias name: lowercase, starts with a letter, and not the reserved {@value #LATEST}. */
    public static void checkAlias(String alias) {
        if (alias == null || !ALIAS.matcher(alias).matches()) {
            throw new RegistryException("bad alias name '" + alias + "': use a lowercase letter, then letters, digits, "
                    + "'_' or '-' (champion, production, ...)");
        }
        if (alias.equals(LATEST)) {
            throw new RegistryException("'latest' is reserved: it always resolves to a model's highest version");
        }
    }

    static void checkModelName(String name) {
        if (name == null || !MODEL_NAME.matcher(name).matches()) {
            throw new RegistryException("bad model name '" + name + "': use letters, digits, '.', '_' and '-', "
                    + "starting with a letter or digit");
        }
    }

    private AliasEvent recordEvent(Connection c, String modelId, String modelName, String alias, Integer from,
                                   Integer to, String comment) throws SQLException {
        long now = System.currentTimeMillis();
        String user = System.getProperty("user.name");
        Sql.update(c, "INSERT INTO alias_event (model_id, alias, from_version, to_version, at, user, comment) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?)", modelId, alias, from, to, now, user, comment);
        return new AliasEvent(modelName, alias, from, to, Instant.ofEpochMilli(now), user, comment);
    }

    private static Integer currentAlias(Connection c, String modelId, String alias) throws SQLException {
        return Sql.query(c, "SELECT version FROM alias WHERE model_id = ? AND name = ?", rs -> rs.getInt(1),
                modelId, alias).stream().findFirst().orElse(null);
    }

    private static int parseVersion(String text, String reference) {
        try {
            int v = Integer.parseInt(text);
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // reported below with the whole reference
        }
        throw new RegistryException("'" + reference + "': a version is a whole number from 1, not '" + text + "'");
    }

    private ModelVersion latest(Connection c, String name, String modelId) throws SQLException {
        int v = Sql.query(c, "SELECT COALESCE(MAX(version), 0) FROM model_version WHERE model_id = ?",
                rs -> rs.getInt(1), modelId).get(0);
        if (v == 0) {
            throw new RegistryException("model '" + name + "' has no versions yet");
        }
        return fetchVersion(c, name, v).orElseThrow();
    }

    private static Optional<String> modelId(Connection c, String name) throws SQLException {
        return Sql.query(c, "SELECT id FROM registered_model WHERE name = ?", rs -> rs.getString(1), name)
                .stream().findFirst();
    }

    private static String requireModel(Connection c, String name) throws SQLException {
        return modelId(c, name).orElseThrow(() -> new RegistryException("no registered model named '" + name
                + "' (see `lathe models list`)"));
    }

    private static String versionRange(Connection c, String name) throws SQLException {
        int max = Sql.query(c, """
                SELECT COALESCE(MAX(v.version), 0) FROM model_version v JOIN registered_model m ON m.id = v.model_id
                WHERE m.name = ?""", rs -> rs.getInt(1), name).get(0);
        return max == 0 ? "no versions" : max == 1 ? "version 1" : "versions 1 to " + max;
    }

    private static String knownAliases(Connection c, String modelId) throws SQLException {
        List<String> names = Sql.query(c, "SELECT name FROM alias WHERE model_id = ? ORDER BY name",
                rs -> rs.getString(1), modelId);
        return names.isEmpty() ? " (it has none yet)" : " (it has " + String.join(", ", names) + ")";
    }

    private static Map<Integer, List<String>> aliasesByVersion(Connection c, String modelId) throws SQLException {
        Map<Integer, List<String>> out = new HashMap<>();
        for (var row : Sql.query(c, "SELECT version, name FROM alias WHERE model_id = ? ORDER BY name",
                rs -> Map.entry(rs.getInt(1), rs.getString(2)), modelId)) {
            out.computeIfAbsent(row.getKey(), k -> new ArrayList<>()).add(row.getValue());
        }
        return out;
    }

    private static Optional<ModelVersion> fetchVersion(Connection c, String modelName, int version) throws SQLException {
        Optional<String> modelId = modelId(c, modelName);
        if (modelId.isEmpty()) {
            return Optional.empty();
        }
        List<String> aliases = aliasesByVersion(c, modelId.get()).getOrDefault(version, List.of());
        return Sql.query(c, "SELECT * FROM model_version WHERE model_id = ? AND version = ?",
                rs -> mapVersion(rs, modelName, aliases), modelId.get(), version).stream().findFirst();
    }

    private static RegisteredModel mapModel(ResultSet rs, Map<String, Integer> aliases) throws SQLException {
        return new RegisteredModel(rs.getString("id"), rs.getString("name"), rs.getString("description"),
                Instant.ofEpochMilli(rs.getLong("created_at")), rs.getInt("latest"), aliases);
    }

    private static ModelVersion mapVersion(ResultSet rs, String modelName, List<String> aliases) throws SQLException {
        return new ModelVersion(modelName, rs.getInt("version"), rs.getString("run_id"), rs.getString("description"),
                Instant.ofEpochMilli(rs.getLong("created_at")), rs.getString("dataset_sha256"),
                rs.getString("git_commit"), rs.getString("trainer"),
                fromJson(rs.getString("params"), new TypeReference<LinkedHashMap<String, String>>() { }),
                fromJson(rs.getString("metrics"), new TypeReference<LinkedHashMap<String, Double>>() { }), aliases);
    }

    private static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T fromJson(String json, TypeReference<T> type) {
        try {
            return JSON.readValue(json == null ? "{}" : json, type);
        } catch (JsonProcessingException e) {
            throw new WorkspaceException("model_version lineage is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }
}
