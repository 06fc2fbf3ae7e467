package dev.lathe.publishing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An in-process MLflow tracking server for tests, following MLflow's REST API 2.0 for the endpoints Lathe uses:
 * experiments (get-by-name, create), runs (create, search, log-batch with its limits, update, delete), the
 * model registry (registered-models create and alias, model-versions create and search). Errors have MLflow's
 * shape: HTTP 400/404 with {"error_code": "...", "message": "..."}. With a token set, requests without
 * "Authorization: Bearer TOKEN" get 401 as from an authenticating proxy.
 */
final class FakeMlflow implements AutoCloseable {
    record Metric(String key, double value, long timestamp, long step) {
    }

    static final class Run {
        final String id;
        final String experimentId;
        String status = "RUNNING";
        boolean deleted;
        final Map<String, String> params = new LinkedHashMap<>();
        final Map<String, String> tags = new LinkedHashMap<>();
        final List<Metric> metrics = new ArrayList<>();

        Run(String id, String experimentId) {
            this.id = id;
            this.experimentId = experimentId;
        }
    }

    record Version(String name, String version, String runId, String source, Map<String, String> tags) {
    }

    final Map<String, String> experiments = new LinkedHashMap<>();
    final Map<String, Run> runs = new LinkedHashMap<>();
    final Map<String, List<Version>> models = new LinkedHashMap<>();
    final Map<String, Map<String, String>> aliases = new LinkedHashMap<>();
    final AtomicInteger logBatchCalls = new AtomicInteger();
    final AtomicInteger requests = new AtomicInteger();
    volatile String token;
    /** When > 0, requests from this number on get 503, as from a server going down. */
    volatile int failFrom;
    private final HttpServer server;
    private int ids;

    FakeMlflow() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/2.0/mlflow/", this::handle);
        server.start();
    }

    String url() {
        return "mlflow+http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private synchronized void handle(HttpExchange ex) throws IOException {
        int n = requests.incrementAndGet();
        try (ex) {
            answer(ex, n);
        }
    }

    private void answer(HttpExchange ex, int n) throws IOException {
        try {
            if (failFrom > 0 && n >= failFrom) {
                send(ex, 503, json().put("error_code", "TEMPORARILY_UNAVAILABLE").put("message", "starting"));
                return;
            }
            if (token != null && !("Bearer " + token).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                send(ex, 401, json().put("error_code", "UNAUTHENTICATED").put("message", "missing or bad token"));
                return;
            }
            String endpoint = ex.getRequestURI().getPath().substring("/api/2.0/mlflow/".length());
            String method = ex.getRequestMethod();
            JsonNode body = method.equals("POST") ? ModelBundle.JSON.readTree(ex.getRequestBody()) : query(ex);
            ObjectNode reply = switch (method + " " + endpoint) {
                case "GET experiments/get-by-name" -> getExperiment(body.path("experiment_name").asText());
                case "POST experiments/create" -> createExperiment(body);
                case "POST runs/create" -> createRun(body);
                case "POST runs/search" -> searchRuns(body);
                case "POST runs/log-batch" -> logBatch(body);
                case "POST runs/update" -> updateRun(body);
                case "POST runs/delete" -> deleteRun(body);
                case "POST registered-models/create" -> createModel(body);
                case "POST model-versions/create" -> createVersion(body);
                case "GET model-versions/search" -> searchVersions(body);
                case "POST registered-models/alias" -> setAlias(body);
                default -> throw new Failure(404, "ENDPOINT_NOT_FOUND", "no endpoint " + method + " " + endpoint);
            };
            send(ex, 200, reply);
        } catch (Failure f) {
            send(ex, f.status, json().put("error_code", f.code).put("message", f.getMessage()));
        }
    }

    private static final class Failure extends RuntimeException {
        final int status;
        final String code;

        Failure(int status, String code, String message) {
            super(message);
            this.status = status;
            this.code = code;
        }
    }

    private static Failure invalid(String message) {
        return new Failure(400, "INVALID_PARAMETER_VALUE", message);
    }

    private static String required(JsonNode body, String field) {
        String v = body.path(field).asText("");
        if (v.isEmpty()) {
            throw invalid("Missing value for required parameter '" + field + "'.");
        }
        return v;
    }

    private ObjectNode getExperiment(String name) {
        String id = experiments.get(name);
        if (id == null) {
            throw new Failure(404, "RESOURCE_DOES_NOT_EXIST", "Could not find experiment with name '" + name + "'");
        }
        ObjectNode r = json();
        r.putObject("experiment").put("experiment_id", id).put("name", name).put("lifecycle_stage", "active");
        return r;
    }

    private ObjectNode createExperiment(JsonNode body) {
        String name = required(body, "name");
        if (experiments.containsKey(name)) {
            throw new Failure(400, "RESOURCE_ALREADY_EXISTS", "Experiment '" + name + "' already exists.");
        }
        String id = String.valueOf(++ids);
        experiments.put(name, id);
        return json().put("experiment_id", id);
    }

    private ObjectNode createRun(JsonNode body) {
        String experimentId = required(body, "experiment_id");
        if (!experiments.containsValue(experimentId)) {
            throw new Failure(404, "RESOURCE_DOES_NOT_EXIST", "No Experiment with id=" + experimentId + " exists");
        }
        Run run = new Run(java.util.UUID.randomUUID().toString().replace("-", ""), experimentId);
        for (JsonNode t : body.path("tags")) {
            run.tags.put(t.path("key").asText(), t.path("value").asText());
        }
        runs.put(run.id, run);
        ObjectNode r = json();
        runJson(r.putObject("run"), run);
        return r;
    }

    private static void runJson(ObjectNode node, Run run) {
        node.putObject("info").put("run_id", run.id).put("experiment_id", run.experimentId).put("status", run.status)
                .put("lifecycle_stage", run.deleted ? "deleted" : "active");
        ArrayNode tags = node.putObject("data").putArray("tags");
        run.tags.forEach((k, v) -> tags.addObject().put("key", k).put("value", v));
    }

    private static final Pattern TAG_FILTER = Pattern.compile("tags\\.`?([^`=\\s]+)`?\\s*=\\s*'([^']*)'");

    private ObjectNode searchRuns(JsonNode body) {
        List<String> experimentIds = new ArrayList<>();
        body.path("experiment_ids").forEach(n -> experimentIds.add(n.asText()));
        String filter = body.path("filter").asText("");
        Matcher m = TAG_FILTER.matcher(filter);
        if (!filter.isEmpty() && !m.matches()) {
            throw invalid("Invalid filter '" + filter + "'");
        }
        ObjectNode r = json();
        ArrayNode list = r.putArray("runs");
        for (Run run : runs.values()) {
            if (run.deleted || !experimentIds.contains(run.experimentId)) {
                continue;
            }
            if (!filter.isEmpty() && !m.group(2).equals(run.tags.get(m.group(1)))) {
                continue;
            }
            runJson(list.addObject(), run);
        }
        return r;
    }

    private Run run(JsonNode body) {
        Run run = runs.get(required(body, "run_id"));
        if (run == null || run.deleted) {
            throw new Failure(404, "RESOURCE_DOES_NOT_EXIST", "Run '" + body.path("run_id").asText() + "' not found");
        }
        return run;
    }

    private ObjectNode logBatch(JsonNode body) {
        Run run = run(body);
        int metrics = body.path("metrics").size();
        int params = body.path("params").size();
        int tags = body.path("tags").size();
        // the limits MLflow documents for runs/log-batch
        if (metrics > 1000) {
            throw invalid("A batch logging request can contain at most 1000 metrics. Got " + metrics + " metrics.");
        }
        if (params > 100) {
            throw invalid("A batch logging request can contain at most 100 params. Got " + params + " params.");
        }
        if (tags > 100) {
            throw invalid("A batch logging request can contain at most 100 tags. Got " + tags + " tags.");
        }
        if (metrics + params + tags > 1000) {
            throw invalid("A batch logging request can contain at most 1000 metrics, params, and tags in total. Got "
                    + (metrics + params + tags) + ".");
        }
        for (JsonNode p : body.path("params")) {
            String key = p.path("key").asText();
            String value = p.path("value").asText();
            String old = run.params.get(key);
            if (old != null && !old.equals(value)) {
                throw invalid("Changing param values is not allowed. Param with key='" + key + "' was already logged "
                        + "with value='" + old + "' for run ID='" + run.id + "'. Attempted logging new value '" + value + "'.");
            }
            run.params.put(key, value);
        }
        for (JsonNode t : body.path("tags")) {
            run.tags.put(t.path("key").asText(), t.path("value").asText());
        }
        for (JsonNode mt : body.path("metrics")) {
            if (!mt.path("value").isNumber()) {
                throw invalid("Got invalid value " + mt.path("value") + " for metric '" + mt.path("key").asText() + "'");
            }
            run.metrics.add(new Metric(mt.path("key").asText(), mt.path("value").asDouble(), mt.path("timestamp").asLong(),
                    mt.path("step").asLong()));
        }
        logBatchCalls.incrementAndGet();
        return json();
    }

    private ObjectNode updateRun(JsonNode body) {
        Run run = run(body);
        String status = body.path("status").asText(run.status);
        if (!List.of("RUNNING", "SCHEDULED", "FINISHED", "FAILED", "KILLED").contains(status)) {
            throw invalid("Invalid status '" + status + "'");
        }
        run.status = status;
        ObjectNode r = json();
        r.putObject("run_info").put("run_id", run.id).put("status", run.status);
        return r;
    }

    private ObjectNode deleteRun(JsonNode body) {
        run(body).deleted = true;
        return json();
    }

    private ObjectNode createModel(JsonNode body) {
        String name = required(body, "name");
        if (models.containsKey(name)) {
            throw new Failure(400, "RESOURCE_ALREADY_EXISTS", "Registered Model (name=" + name + ") already exists.");
        }
        models.put(name, new ArrayList<>());
        ObjectNode r = json();
        r.putObject("registered_model").put("name", name);
        return r;
    }

    private ObjectNode createVersion(JsonNode body) {
        String name = required(body, "name");
        String source = required(body, "source");
        List<Version> versions = models.get(name);
        if (versions == null) {
            throw new Failure(404, "RESOURCE_DOES_NOT_EXIST", "Registered Model with name=" + name + " not found");
        }
        Map<String, String> tags = new LinkedHashMap<>();
        body.path("tags").forEach(t -> tags.put(t.path("key").asText(), t.path("value").asText()));
        Version v = new Version(name, String.valueOf(versions.size() + 1), body.path("run_id").asText(null), source, tags);
        versions.add(v);
        ObjectNode r = json();
        versionJson(r.putObject("model_version"), v);
        return r;
    }

    private static void versionJson(ObjectNode n, Version v) {
        n.put("name", v.name()).put("version", v.version()).put("source", v.source()).put("run_id", v.runId())
                .put("current_stage", "None").put("status", "READY");
    }

    private static final Pattern NAME_FILTER = Pattern.compile("name\\s*=\\s*'([^']*)'");

    private ObjectNode searchVersions(JsonNode query) {
        String filter = query.path("filter").asText("");
        Matcher m = NAME_FILTER.matcher(filter);
        if (!filter.isEmpty() && !m.matches()) {
            throw invalid("Invalid filter '" + filter + "'");
        }
        ObjectNode r = json();
        ArrayNode list = r.putArray("model_versions");
        models.forEach((name, versions) -> {
            if (filter.isEmpty() || m.group(1).equals(name)) {
                versions.forEach(v -> versionJson(list.addObject(), v));
            }
        });
        return r;
    }

    private ObjectNode setAlias(JsonNode body) {
        String name = required(body, "name");
        String alias = required(body, "alias");
        String version = required(body, "version");
        List<Version> versions = models.get(name);
        if (versions == null || versions.stream().noneMatch(v -> v.version().equals(version))) {
            throw new Failure(404, "RESOURCE_DOES_NOT_EXIST", "Model Version (name=" + name + ", version=" + version
                    + ") not found");
        }
        if (alias.equalsIgnoreCase("latest") || alias.matches("v\\d+")) {
            throw invalid("'" + alias + "' alias name (case insensitive) is reserved.");
        }
        aliases.computeIfAbsent(name, k -> new LinkedHashMap<>()).put(alias, version);
        return json();
    }

    private static JsonNode query(HttpExchange ex) {
        ObjectNode n = json();
        String q = ex.getRequestURI().getRawQuery();
        if (q != null) {
            for (String pair : q.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    n.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return n;
    }

    private static ObjectNode json() {
        return ModelBundle.JSON.createObjectNode();
    }

    private static void send(HttpExchange ex, int status, ObjectNode body) throws IOException {
        byte[] bytes = ModelBundle.bytes(body);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }
}
