package dev.lathe.publishing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lathe.core.ModelVersion;
import dev.lathe.workspace.OutboxRepository;
import dev.lathe.workspace.Workspace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Publishing a trained iris model as a ModelPack artifact to a real registry, anonymous and with basic auth. */
class OciPublishTest {
    @TempDir
    Path tmp;

    static Publishers publishers(Map<String, String> env, Path home, long chunk) {
        return new Publishers(new Credentials(env, home), Http.client(), Optional.empty(), chunk);
    }

    @Test
    void pushesAModelPackArtifactThatSkopeoAndAPullSeeAndDoesNotUploadTwice() throws Exception {
        Programs.require("skopeo", "skopeo");
        try (Workspace ws = Workspace.open(tmp.resolve("ws"));
             LocalRegistry registry = LocalRegistry.start(tmp.resolve("registry"), null, null)) {
            ModelVersion v = TrainedModel.train(ws, "iris-cls", 1, 0);
            ModelBundle bundle = ModelBundle.load(ws, v);
            Outbox outbox = new Outbox(ws, publishers(Map.of(), tmp, OciClient.DEFAULT_CHUNK));
            String url = "oci://" + registry.address() + "/models/iris-cls";

            Outbox.Outcome first = outbox.publish("iris-cls", url, Outbox.Options.DEFAULT, PublishListener.NONE);
            assertTrue(first.done(), () -> String.valueOf(first.error()));
            assertEquals(bundle.files().size() + 1, first.result().details().get("blobs_uploaded"));
            assertTrue(first.job().resultDigest().startsWith("sha256:"));

            // what another tool sees: skopeo reads the manifest back as a ModelPack artifact
            String raw = Programs.run(List.of("skopeo", "inspect", "--raw", "--tls-verify=false",
                    "docker://" + registry.address() + "/models/iris-cls:1"), tmp);
            JsonNode manifest = ModelBundle.JSON.readTree(raw);
            assertEquals(OciPublisher.ARTIFACT_TYPE, manifest.path("artifactType").asText());
            assertEquals(OciPublisher.CONFIG_TYPE, manifest.path("config").path("mediaType").asText());
            assertEquals(first.job().resultDigest(), Digests.sha256(raw.getBytes(StandardCharsets.UTF_8)));
            Map<String, String> layerByPath = new HashMap<>();
            for (JsonNode l : manifest.path("layers")) {
                layerByPath.put(l.path("annotations").path(OciPublisher.FILEPATH).asText(), l.path("digest").asText());
            }
            assertTrue(layerByPath.containsKey("lathe-model.json"), raw);
            assertTrue(layerByPath.containsKey("model.tribuo"), raw);
            assertEquals(v.runId(), manifest.path("annotations").path("dev.lathe.model.run").asText());
            assertEquals(v.datasetSha256(), manifest.path("annotations").path("dev.lathe.model.dataset.sha256").asText());

            // pull the weights back: the same bytes as the workspace holds
            OciClient client = new OciClient(Http.client(), (PublishTarget.Oci) PublishTarget.parse(url), false,
                    Optional.empty(), OciClient.DEFAULT_CHUNK);
            ModelBundle.ModelFile weights = bundle.files().stream().filter(f -> f.path().equals("model.tribuo")).findFirst().orElseThrow();
            byte[] pulled = client.getBlob(layerByPath.get("model.tribuo"));
            assertEquals(weights.digest(), Digests.sha256(pulled));
            assertTrue(java.util.Arrays.equals(Files.readAllBytes(weights.blob()), pulled));
            JsonNode config = ModelBundle.JSON.readTree(client.getBlob(manifest.path("config").path("digest").asText()));
            assertEquals("iris-cls", config.path("descriptor").path("name").asText());
            assertEquals("1", config.path("descriptor").path("version").asText());
            assertEquals("tribuo", config.path("config").path("format").asText());
            assertEquals(bundle.files().size(), config.path("modelfs").path("diff_ids").size());

            // publishing again uploads nothing and gives the same digest
            long stored = registry.storedBlobs();
            Outbox.Outcome again = outbox.publish("iris-cls:1", url, Outbox.Options.DEFAULT, PublishListener.NONE);
            assertTrue(again.done());
            assertEquals(0, again.result().details().get("blobs_uploaded"));
            assertEquals(first.job().resultDigest(), again.job().resultDigest());
            assertEquals(2, ws.outbox().list().size(), "each publish is kept in the outbox's history");
            assertEquals(stored, registry.storedBlobs());
        }
    }

    @Test
    void chunkedUploadsGiveTheSameBlobs() throws Exception {
        try (Workspace ws = Workspace.open(tmp.resolve("ws"));
             LocalRegistry registry = LocalRegistry.start(tmp.resolve("registry"), null, null)) {
            ModelVersion v = TrainedModel.train(ws, "iris-cls", 2, 0);
            ModelBundle bundle = ModelBundle.load(ws, v);
            long largest = bundle.files().stream().mapToLong(ModelBundle.ModelFile::size).max().orElseThrow();
            assertTrue(largest > 2048, "the test needs a file of several chunks; largest is " + largest);
            String url = "oci://" + registry.address() + "/chunked/iris:v" + v.version();
            Outbox.Outcome o = new Outbox(ws, publishers(Map.of(), tmp, 1024))
                    .publish("iris-cls", url, Outbox.Options.DEFAULT, PublishListener.NONE);
            assertTrue(o.done(), () -> String.valueOf(o.error()));
            OciClient client = new OciClient(Http.client(), (PublishTarget.Oci) PublishTarget.parse(url), false,
                    Optional.empty(), 1024);
            for (ModelBundle.ModelFile f : bundle.files()) {
                assertEquals(f.digest(), Digests.sha256(client.getBlob(f.digest())), f.path());
            }
        }
    }

    @Test
    void basicAuthFromEnvironmentOrAuthFileAndAClearFailureWithout() throws Exception {
        try (Workspace ws = Workspace.open(tmp.resolve("ws"));
             LocalRegistry registry = LocalRegistry.start(tmp.resolve("registry"), "ana", "s3cret-pass")) {
            TrainedModel.train(ws, "iris-cls", 3, 0);
            String url = "oci://" + registry.address() + "/team/iris";

            Outbox.Outcome none = new Outbox(ws, publishers(Map.of(), tmp, OciClient.DEFAULT_CHUNK))
                    .publish("iris-cls", url, Outbox.Options.DEFAULT, PublishListener.NONE);
            assertEquals(OutboxRepository.State.FAILED, none.job().state(), "refused credentials are not retried forever");
            assertEquals(PublishException.Kind.AUTH, none.error().kind());
            assertTrue(none.error().getMessage().contains(registry.address()), none.error().getMessage());
            assertTrue(none.error().getMessage().contains("no credentials"), none.error().getMessage());
            assertNull(none.job().nextAttemptAt());

            // a podman/docker auth file with a wrong password: the message names the user and the file, not the secret
            Path auth = tmp.resolve("auth.json");
            Files.writeString(auth, "{\"auths\":{\"" + registry.address() + "\":{\"auth\":\""
                    + Base64.getEncoder().encodeToString("ana:wrong-pass".getBytes(StandardCharsets.UTF_8)) + "\"}}}");
            Outbox.Outcome wrong = new Outbox(ws, publishers(Map.of("REGISTRY_AUTH_FILE", auth.toString()), tmp,
                    OciClient.DEFAULT_CHUNK)).publish("iris-cls", url, Outbox.Options.DEFAULT, PublishListener.NONE);
            assertEquals(PublishException.Kind.AUTH, wrong.error().kind());
            assertTrue(wrong.error().getMessage().contains("user 'ana' from " + auth), wrong.error().getMessage());
            assertFalse(wrong.error().getMessage().contains("wrong-pass"));

            Outbox.Outcome ok = new Outbox(ws, publishers(Map.of("LATHE_REGISTRY_USER", "ana",
                    "LATHE_REGISTRY_PASSWORD", "s3cret-pass"), tmp, OciClient.DEFAULT_CHUNK))
                    .publish("iris-cls", url, Outbox.Options.DEFAULT, PublishListener.NONE);
            assertTrue(ok.done(), () -> String.valueOf(ok.error()));
            assertEquals(none.job().id(), ok.job().id(), "the failed job is the one that finally succeeded");
            assertEquals(3, ok.job().attempts());
            String dbText = new String(Files.readAllBytes(ws.databaseFile()), StandardCharsets.ISO_8859_1);
            assertFalse(dbText.contains("s3cret-pass"), "no password in the workspace");
        }
    }
}
