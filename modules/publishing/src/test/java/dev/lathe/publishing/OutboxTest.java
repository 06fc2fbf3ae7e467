package dev.lathe.publishing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.core.ModelVersion;
import dev.lathe.workspace.OutboxRepository;
import dev.lathe.workspace.Workspace;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The outbox against a real registry that is down, comes up, and dies in the middle of a push. */
class OutboxTest {
    @TempDir
    Path tmp;

    @Test
    void aPublishToAnUnreachableRegistryIsQueuedAndDoneByARetryOnceItIsUp() throws Exception {
        Programs.require("docker-registry", "docker-registry");
        try (Workspace ws = Workspace.open(tmp.resolve("ws"))) {
            ModelVersion v = TrainedModel.train(ws, "iris-cls", 1, 0);
            int files = ModelBundle.load(ws, v).files().size();
            LocalRegistry registry = new LocalRegistry(tmp.resolve("registry"), Programs.freePort(), null, null);
            Outbox outbox = new Outbox(ws, OciPublishTest.publishers(Map.of(), tmp, OciClient.DEFAULT_CHUNK));
            String url = "oci://" + registry.address() + "/models/iris-cls";

            Outbox.Outcome queued = outbox.publish("iris-cls@latest", url, Outbox.Options.DEFAULT, PublishListener.NONE);
            assertTrue(queued.queued(), () -> queued.job().toString());
            assertTrue(queued.error().getMessage().contains("cannot reach " + registry.address()), queued.error().getMessage());
            assertTrue(queued.job().nextAttemptAt().isAfter(Instant.now()), "backoff before the next attempt");
            assertTrue(outbox.drain().isEmpty(), "not due yet: drain leaves it alone");

            // still down: an explicit retry tries again and the backoff doubles
            Outbox.Outcome again = outbox.retry(false, PublishListener.NONE).get(0);
            assertTrue(again.queued());
            assertEquals(2, again.job().attempts());
            assertEquals(OutboxRepository.backoff(2), java.time.Duration.between(again.job().updatedAt(),
                    again.job().nextAttemptAt()));

            try (registry) {
                registry.start();
                List<Outbox.Outcome> retried = outbox.retry(false, PublishListener.NONE);
                assertEquals(1, retried.size());
                assertTrue(retried.get(0).done(), () -> String.valueOf(retried.get(0).error()));
                assertEquals(3, retried.get(0).job().attempts());
                // config, one blob per model file, and the manifest (the registry keeps it as a blob too)
                assertEquals(files + 2, registry.storedBlobs());
                assertEquals(OutboxRepository.State.DONE, ws.outbox().list().get(0).state());
                assertEquals(1, ws.outbox().list().size());
            }
        }
    }

    @Test
    void aPushCutOffMidwayResumesWithoutUploadingTwice() throws Exception {
        try (Workspace ws = Workspace.open(tmp.resolve("ws"));
             LocalRegistry registry = LocalRegistry.start(tmp.resolve("registry"), null, null)) {
            ModelVersion v = TrainedModel.train(ws, "iris-cls", 5, 0);
            ModelBundle bundle = ModelBundle.load(ws, v);
            Outbox outbox = new Outbox(ws, OciPublishTest.publishers(Map.of(), tmp, OciClient.DEFAULT_CHUNK));
            String url = "oci://" + registry.address() + "/models/iris-cls";
            AtomicBoolean killed = new AtomicBoolean();
            long firstFile = bundle.files().get(0).size();
            // the registry dies as soon as the config and the first model file are up
            Outbox.Outcome cut = outbox.publish("iris-cls", url, Outbox.Options.DEFAULT, (phase, done, total) -> {
                if (!killed.get() && done > firstFile && done < total) {
                    killed.set(true);
                    try {
                        registry.kill();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
            assertTrue(killed.get());
            assertTrue(cut.queued(), () -> cut.job() + " " + cut.error());
            long storedBefore = registry.storedBlobs();
            assertEquals(2, storedBefore, "config and first file made it before the registry died");

            registry.start();
            Outbox.Outcome resumed = outbox.retry(false, PublishListener.NONE).get(0);
            assertTrue(resumed.done(), () -> String.valueOf(resumed.error()));
            assertEquals(2, resumed.result().details().get("blobs_skipped"), "what was up already is not sent again");
            assertEquals(bundle.files().size() - 1, resumed.result().details().get("blobs_uploaded"));
            assertEquals(bundle.files().size() + 2, registry.storedBlobs(), "config, files and manifest, each once");
        }
    }
}
