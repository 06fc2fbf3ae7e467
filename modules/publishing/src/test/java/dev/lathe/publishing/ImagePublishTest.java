package dev.lathe.publishing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lathe.core.ModelVersion;
import dev.lathe.workspace.Workspace;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** image:// targets: a runnable serving image of a trained iris model pushed to a real registry. */
@Tag("slow")
class ImagePublishTest {
    @TempDir
    Path tmp;

    @Test
    void pushesARunnableImageWithTheModelsLabels() throws Exception {
        Programs.require("skopeo", "skopeo");
        try (Workspace ws = Workspace.open(tmp.resolve("ws"));
             LocalRegistry registry = LocalRegistry.start(tmp.resolve("registry"), null, null)) {
            ModelVersion v = TrainedModel.train(ws, "iris-cls", 1, 0);
            Outbox outbox = new Outbox(ws, new Publishers(new Credentials(Map.of(), tmp), Http.client(),
                    Optional.of(new ImagePublisher()), OciClient.DEFAULT_CHUNK));
            Outbox.Outcome o = outbox.publish("iris-cls", "image://" + registry.address() + "/serving/iris-cls",
                    Outbox.Options.DEFAULT, PublishListener.NONE);
            assertTrue(o.done(), () -> String.valueOf(o.error()));
            JsonNode inspect = ModelBundle.JSON.readTree(Programs.run(List.of("skopeo", "inspect", "--tls-verify=false",
                    "docker://" + registry.address() + "/serving/iris-cls:1"), tmp));
            assertEquals(o.job().resultDigest(), inspect.path("Digest").asText());
            assertEquals(v.runId(), inspect.path("Labels").path("dev.lathe.model.run").asText(), inspect.toString());
        }
    }
}
