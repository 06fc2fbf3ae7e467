package dev.lathe.publishing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lathe.core.ModelVersion;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pushes a model version as a CNCF ModelPack artifact: an OCI image manifest with artifactType
 * {@value #ARTIFACT_TYPE}, a {@value #CONFIG_TYPE} config (descriptor, config.format, modelfs) and one raw
 * layer per model file, each annotated with its path in the model folder. A blob the registry already has is
 * not sent again, so a second push, or one resumed after an interruption, uploads only what is missing.
 */
public final class OciPublisher implements Publisher {
    public static final String MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json";
    public static final String ARTIFACT_TYPE = "application/vnd.cncf.model.manifest.v1+json";
    public static final String CONFIG_TYPE = "application/vnd.cncf.model.config.v1+json";
    public static final String WEIGHT_TYPE = "application/vnd.cncf.model.weight.v1.raw";
    public static final String WEIGHT_CONFIG_TYPE = "application/vnd.cncf.model.weight.config.v1.raw";
    public static final String FILEPATH = "org.cncf.model.filepath";

    private final PublishTarget.Oci target;
    private final OciClient client;

    public OciPublisher(PublishTarget.Oci target, OciClient client) {
        this.target = target;
        this.client = client;
    }

    /** The tag a version goes under: the one in the URL, else the version number. */
    public static String tag(PublishTarget.Oci target, ModelVersion v) {
        return target.tag() != null ? target.tag() : String.valueOf(v.version());
    }

    @Override
    public PublishResult publish(ModelBundle bundle, PublishListener listener) {
        byte[] config = config(bundle);
        String configDigest = Digests.sha256(config);
        long total = config.length + bundle.files().stream().mapToLong(ModelBundle.ModelFile::size).sum();
        long done = 0;
        int uploaded = 0;
        int skipped = 0;
        long bytesUploaded = 0;
        listener.step("blobs", 0, total);
        if (client.blobExists(configDigest)) {
            skipped++;
        } else {
            client.uploadBlob(configDigest, config);
            uploaded++;
            bytesUploaded += config.length;
        }
        done += config.length;
        listener.step("blobs", done, total);
        for (ModelBundle.ModelFile f : bundle.files()) {
            if (client.blobExists(f.digest())) {
                skipped++;
            } else {
                client.uploadBlob(f.digest(), f.blob(), f.size());
                uploaded++;
                bytesUploaded += f.size();
            }
            done += f.size();
            listener.step("blobs", done, total);
        }
        byte[] manifest = manifest(bundle, configDigest, config.length);
        String tag = tag(target, bundle.version());
        String digest = client.putManifest(tag, manifest, MANIFEST_TYPE);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("tag", tag);
        details.put("reference", target.registry() + "/" + target.repository() + ":" + tag);
        details.put("blobs_uploaded", uploaded);
        details.put("blobs_skipped", skipped);
        details.put("bytes_uploaded", bytesUploaded);
        return new PublishResult(digest, "oci://" + target.registry() + "/" + target.repository() + "@" + digest, details);
    }

    /** The ModelPack config; its bytes depend only on the version, so its digest is stable across pushes. */
    static byte[] config(ModelBundle b) {
        ModelVersion v = b.version();
        ObjectNode root = ModelBundle.JSON.createObjectNode();
        ObjectNode d = root.putObject("descriptor");
        d.put("createdAt", DateTimeFormatter.ISO_INSTANT.format(v.createdAt()));
        d.put("vendor", "Lathe");
        if (v.trainer() != null) {
            d.put("family", v.trainer());
        }
        d.put("name", v.modelName());
        d.put("version", String.valueOf(v.version()));
        d.put("title", v.reference());
        if (v.description() != null) {
            d.put("description", v.description());
        }
        if (v.gitCommit() != null) {
            d.put("revision", v.gitCommit());
        }
        ObjectNode c = root.putObject("config");
        if (v.trainer() != null) {
            c.put("architecture", v.trainer());
        }
        c.put("format", b.format());
        ObjectNode fs = root.putObject("modelfs");
        fs.put("type", "layers");
        ArrayNode ids = fs.putArray("diff_ids");
        b.files().forEach(f -> ids.add(f.digest()));
        return ModelBundle.bytes(root);
    }

    static byte[] manifest(ModelBundle b, String configDigest, long configSize) {
        ModelVersion v = b.version();
        ObjectNode m = ModelBundle.JSON.createObjectNode();
        m.put("schemaVersion", 2);
        m.put("mediaType", MANIFEST_TYPE);
        m.put("artifactType", ARTIFACT_TYPE);
        ObjectNode config = m.putObject("config");
        config.put("mediaType", CONFIG_TYPE);
        config.put("digest", configDigest);
        config.put("size", configSize);
        ArrayNode layers = m.putArray("layers");
        boolean anyWeights = b.files().stream().anyMatch(ModelBundle.ModelFile::weights);
        for (ModelBundle.ModelFile f : b.files()) {
            boolean weights = anyWeights ? f.weights() : !f.path().endsWith(".json");
            ObjectNode l = layers.addObject();
            l.put("mediaType", weights ? WEIGHT_TYPE : WEIGHT_CONFIG_TYPE);
            l.put("digest", f.digest());
            l.put("size", f.size());
            l.putObject("annotations").put(FILEPATH, f.path());
        }
        Map<String, String> a = new LinkedHashMap<>();
        a.put("org.opencontainers.image.created", DateTimeFormatter.ISO_INSTANT.format(v.createdAt()));
        a.put("org.opencontainers.image.title", v.modelName());
        a.put("org.opencontainers.image.version", String.valueOf(v.version()));
        if (v.description() != null) {
            a.put("org.opencontainers.image.description", v.description());
        }
        if (v.gitCommit() != null) {
            a.put("org.opencontainers.image.revision", v.gitCommit());
        }
        a.put("dev.lathe.model.run", v.runId());
        if (v.datasetSha256() != null) {
            a.put("dev.lathe.model.dataset.sha256", v.datasetSha256());
        }
        if (v.trainer() != null) {
            a.put("dev.lathe.model.trainer", v.trainer());
        }
        a.put("dev.lathe.model.params", json(new java.util.TreeMap<>(v.params())));
        a.put("dev.lathe.model.metrics", json(new java.util.TreeMap<>(finite(v.metrics()))));
        ObjectNode ann = m.putObject("annotations");
        a.forEach(ann::put);
        return ModelBundle.bytes(m);
    }

    private static Map<String, Double> finite(Map<String, Double> metrics) {
        Map<String, Double> out = new LinkedHashMap<>();
        metrics.forEach((k, val) -> {
            if (val != null && Double.isFinite(val)) {
                out.put(k, val);
            }
        });
        return out;
    }

    private static String json(Object o) {
        return new String(ModelBundle.bytes(o), StandardCharsets.UTF_8);
    }

    /** The layers' paths in manifest order, for checks. */
    static List<String> paths(ModelBundle b) {
        List<String> out = new ArrayList<>();
        b.files().forEach(f -> out.add(f.path()));
        return out;
    }
}
