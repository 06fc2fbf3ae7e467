package dev.lathe.publishing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lathe.core.Artifact;
import dev.lathe.core.MetricPoint;
import dev.lathe.core.MetricSummary;
import dev.lathe.core.ModelVersion;
import dev.lathe.core.RunDetail;
import dev.lathe.workspace.RegistryRepository;
import dev.lathe.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One registered model version with everything a publisher sends: its model files (in the workspace's
 * content-addressed blob store, so each file's sha256 is already its OCI digest), its lineage, and the run it
 * came from (params, tags, metric histories) when that run is still in the workspace.
 */
public record ModelBundle(ModelVersion version, List<ModelFile> files, JsonNode manifest, Optional<RunDetail> run,
                          Map<String, List<MetricPoint>> metricHistory) {
    static final ObjectMapper JSON = new ObjectMapper();

    /** A file of the model folder: path relative to the folder ("lathe-model.json"), digest, size, bytes on disk. */
    public record ModelFile(String path, String sha256, long size, Path blob, boolean weights) {
        public String digest() {
            return "sha256:" + sha256;
        }
    }

    public String name() {
        return version.modelName();
    }

    public int number() {
        return version.version();
    }

    /** Reads the version's model folder and run from the workspace. */
    public static ModelBundle load(Workspace ws, ModelVersion v) {
        List<Artifact> artifacts = ws.artifacts().list(v.runId());
        if (artifacts.isEmpty()) {
            throw PublishException.badInput("model " + v.reference() + ": its run " + v.runId()
                    + " is no longer in workspace " + ws.root() + ", so there are no model files to publish");
        }
        JsonNode manifest = null;
        String weightsFile = null;
        Optional<Path> manifestBlob = ws.artifacts().resolve(v.runId(), RegistryRepository.MODEL_MANIFEST);
        if (manifestBlob.isPresent()) {
            try {
                manifest = JSON.readTree(manifestBlob.get().toFile());
                weightsFile = manifest.path("weights").asText(null);
            } catch (IOException e) {
                throw PublishException.badInput("model " + v.reference() + ": cannot read its "
                        + RegistryRepository.MODEL_MANIFEST + ": " + e.getMessage());
            }
        }
        List<ModelFile> files = new ArrayList<>();
        for (Artifact a : artifacts) {
            if (!a.path().startsWith("model/")) {
                continue;
            }
            String rel = a.path().substring("model/".length());
            Path blob = ws.blobs().path(a.sha256());
            if (!Files.isRegularFile(blob)) {
                throw PublishException.badInput("model " + v.reference() + ": blob " + a.sha256() + " of "
                        + a.path() + " is missing from " + ws.blobs().root());
            }
            files.add(new ModelFile(rel, a.sha256(), a.size(), blob, rel.equals(weightsFile)));
        }
        if (files.isEmpty()) {
            throw PublishException.badInput("model " + v.reference() + ": run " + v.runId() + " has no model/ files");
        }
        Optional<RunDetail> run = ws.runs().detail(v.runId());
        Map<String, List<MetricPoint>> history = new LinkedHashMap<>();
        run.ifPresent(d -> {
            for (MetricSummary m : d.metrics()) {
                history.put(m.key(), ws.metrics().history(v.runId(), m.key()));
            }
        });
        return new ModelBundle(v, List.copyOf(files), manifest, run, history);
    }

    /** Compact JSON bytes of a value. */
    static byte[] bytes(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The model's engine format for the ModelPack config: "pytorch" for DJL models, else the engine's name. */
    String format() {
        String engine = manifest == null ? "" : manifest.path("engine").asText("");
        return switch (engine) {
            case "djl" -> "pytorch";
            case "" -> "lathe-model";
            default -> engine;
        };
    }

    /** Params of the version (its lineage), completed by the run's when the run is still there. */
    Map<String, String> params() {
        Map<String, String> p = new LinkedHashMap<>(version.params());
        run.ifPresent(d -> d.params().forEach(p::putIfAbsent));
        return p;
    }
}
