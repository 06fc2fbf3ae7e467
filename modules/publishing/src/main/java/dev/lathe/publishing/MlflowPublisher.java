package dev.lathe.publishing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lathe.core.MetricPoint;
import dev.lathe.core.ModelVersion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Publishes a model version to an MLflow tracking server: the experiment (created when missing), one run with
 * the version's params, tags and every metric point (sent with runs/log-batch within its limits), and the
 * registered model with a version pointing at that run and the local aliases. The run carries the tag
 * {@value #REF_TAG} = NAME:VERSION, so publishing again finds it instead of making a second one; a run left
 * unfinished by an interrupted publish is deleted and made again, so no metric is logged twice.
 */
public final class MlflowPublisher implements Publisher {
    public static final String REF_TAG = "lathe.model_version";
    public static final String RUN_TAG = "lathe.run_id";
    /** runs/log-batch limits of MLflow's REST API: per request at most 1000 metrics, 100 params, 100 tags. */
    static final int MAX_METRICS = 1000;
    static final int MAX_PARAMS = 100;
    static final int MAX_TAGS = 100;

    private final PublishTarget.Mlflow target;
    private final MlflowClient client;

    MlflowPublisher(PublishTarget.Mlflow target, MlflowClient client) {
        this.target = target;
        this.client = client;
    }

    @Override
    public PublishResult publish(ModelBundle bundle, PublishListener listener) {
        ModelVersion v = bundle.version();
        String experiment = bundle.run().map(r -> r.experimentName()).filter(n -> n != null && !n.isBlank())
                .orElse(v.modelName());
        String experimentId = experiment(experiment);
        String ref = v.reference();
        int requests = 0;

        String runId = null;
        boolean reused = false;
        JsonNode found = client.postOk("runs/search", Map.of("experiment_ids", List.of(experimentId),
                "filter", "tags.`" + REF_TAG + "` = '" + ref + "'", "max_results", 10)).body().path("runs");
        for (JsonNode run : found) {
            String status = run.path("info").path("status").asText("");
            String id = run.path("info").path("run_id").asText();
            if (status.equals("FINISHED") && runId == null) {
                runId = id;
                reused = true;
            } else if (!status.equals("FINISHED")) {
                client.postOk("runs/delete", Map.of("run_id", id), "RESOURCE_DOES_NOT_EXIST");
            }
        }
        int metricPoints = 0;
        if (runId == null) {
            long start = bundle.run().map(r -> r.run().startedAt()).filter(t -> t != null)
                    .map(java.time.Instant::toEpochMilli).orElse(v.createdAt().toEpochMilli());
            Map<String, Object> create = new LinkedHashMap<>();
            create.put("experiment_id", experimentId);
            create.put("run_name", v.modelName() + "-v" + v.version());
            create.put("start_time", start);
            create.put("tags", List.of(kv(REF_TAG, ref), kv(RUN_TAG, v.runId())));
            runId = client.postOk("runs/create", create).body().path("run").path("info").path("run_id").asText();
            if (runId.isEmpty()) {
                throw new PublishException(PublishException.Kind.REJECTED, "MLflow at " + target.host()
                        + " created a run without a run_id");
            }
            List<Map<String, Object>> batches = batches(bundle, runId);
            for (Map<String, Object> batch : batches) {
                client.postOk("runs/log-batch", batch);
                metricPoints += ((List<?>) batch.get("metrics")).size();
                listener.step("log-batch", ++requests, batches.size());
            }
            Map<String, Object> end = new LinkedHashMap<>();
            end.put("run_id", runId);
            end.put("status", "FINISHED");
            end.put("end_time", bundle.run().map(r -> r.run().endedAt()).filter(t -> t != null)
                    .map(java.time.Instant::toEpochMilli).orElse(System.currentTimeMillis()));
            client.postOk("runs/update", end);
        }

        Map<String, Object> model = new LinkedHashMap<>();
        model.put("name", v.modelName());
        client.postOk("registered-models/create", model, "RESOURCE_ALREADY_EXISTS");
        String mlflowVersion = existingVersion(v.modelName(), runId);
        if (mlflowVersion == null) {
            Map<String, Object> mv = new LinkedHashMap<>();
            mv.put("name", v.modelName());
            mv.put("source", "runs:/" + runId + "/model");
            mv.put("run_id", runId);
            mv.put("tags", List.of(kv(REF_TAG, ref), kv(RUN_TAG, v.runId())));
            if (v.description() != null) {
                mv.put("description", v.description());
            }
            mlflowVersion = client.postOk("model-versions/create", mv).body().path("model_version").path("version").asText();
        }
        for (String alias : v.aliases()) {
            client.postOk("registered-models/alias", Map.of("name", v.modelName(), "alias", alias, "version", mlflowVersion));
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("experiment", experiment);
        details.put("experiment_id", experimentId);
        details.put("run_id", runId);
        details.put("run_reused", reused);
        details.put("metric_points", metricPoints);
        details.put("log_batch_requests", requests);
        details.put("registered_model", v.modelName());
        details.put("model_version", mlflowVersion);
        details.put("aliases", v.aliases());
        return new PublishResult(null, target.base() + "/#/models/" + v.modelName() + "/versions/" + mlflowVersion, details);
    }

    private String experiment(String name) {
        MlflowClient.Reply r = client.get("experiments/get-by-name", Map.of("experiment_name", name));
        if (r.ok()) {
            return r.body().path("experiment").path("experiment_id").asText();
        }
        client.check(r, "GET experiments/get-by-name", "RESOURCE_DOES_NOT_EXIST");
        MlflowClient.Reply c = client.postOk("experiments/create", Map.of("name", name), "RESOURCE_ALREADY_EXISTS");
        if (c.ok()) {
            return c.body().path("experiment_id").asText();
        }
        // made by someone else in between
        return client.check(client.get("experiments/get-by-name", Map.of("experiment_name", name)),
                "GET experiments/get-by-name").body().path("experiment").path("experiment_id").asText();
    }

    /** The MLflow version of the model already made from this run, or null. */
    private String existingVersion(String name, String runId) {
        MlflowClient.Reply r = client.get("model-versions/search", Map.of("filter", "name = '" + name + "'",
                "max_results", "1000"));
        client.check(r, "GET model-versions/search");
        for (JsonNode mv : r.body().path("model_versions")) {
            if (runId.equals(mv.path("run_id").asText()) && !mv.path("current_stage").asText("").equals("Deleted")) {
                return mv.path("version").asText();
            }
        }
        return null;
    }

    /**
     * The run's params, tags and metric points as runs/log-batch request bodies, each within the API's limits
     * (1000 metrics, 100 params, 100 tags, 1000 items in all).
     */
    static List<Map<String, Object>> batches(ModelBundle b, String runId) {
        List<Map<String, String>> params = new ArrayList<>();
        b.params().forEach((k, val) -> params.add(kv(k, val)));
        List<Map<String, String>> tags = new ArrayList<>();
        tags.add(kv("mlflow.source.name", "lathe"));
        if (b.version().trainer() != null) {
            tags.add(kv("lathe.trainer", b.version().trainer()));
        }
        if (b.version().datasetSha256() != null) {
            tags.add(kv("lathe.dataset_sha256", b.version().datasetSha256()));
        }
        if (b.version().gitCommit() != null) {
            tags.add(kv("mlflow.source.git.commit", b.version().gitCommit()));
        }
        b.run().ifPresent(d -> d.tags().forEach((k, val) -> {
            if (!k.startsWith("mlflow.")) {
                tags.add(kv("lathe.tag." + k, val));
            }
        }));
        List<Map<String, Object>> metrics = new ArrayList<>();
        if (b.metricHistory().isEmpty()) {
            b.version().metrics().forEach((k, val) -> {
                if (val != null && Double.isFinite(val)) {
                    metrics.add(metric(k, val, b.version().createdAt().toEpochMilli(), 0));
                }
            });
        } else {
            b.metricHistory().forEach((k, points) -> {
                for (MetricPoint p : points) {
                    if (Double.isFinite(p.value())) {
                        metrics.add(metric(k, p.value(), p.timestamp(), p.step()));
                    }
                }
            });
        }
        List<Map<String, Object>> out = new ArrayList<>();
        int pi = 0;
        int ti = 0;
        int mi = 0;
        while (pi < params.size() || ti < tags.size() || mi < metrics.size() || out.isEmpty()) {
            List<Map<String, String>> bp = params.subList(pi, Math.min(params.size(), pi + MAX_PARAMS));
            List<Map<String, String>> bt = tags.subList(ti, Math.min(tags.size(), ti + MAX_TAGS));
            int room = MAX_METRICS - bp.size() - bt.size();
            List<Map<String, Object>> bm = metrics.subList(mi, Math.min(metrics.size(), mi + room));
            pi += bp.size();
            ti += bt.size();
            mi += bm.size();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("run_id", runId);
            body.put("metrics", List.copyOf(bm));
            body.put("params", List.copyOf(bp));
            body.put("tags", List.copyOf(bt));
            out.add(body);
        }
        return out;
    }

    private static Map<String, String> kv(String key, String value) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("key", key);
        m.put("value", value == null ? "" : value);
        return m;
    }

    private static Map<String, Object> metric(String key, double value, long timestamp, long step) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key", key);
        m.put("value", value);
        m.put("timestamp", timestamp);
        m.put("step", step);
        return m;
    }
}
