package dev.lathe.app.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.app.sweeps.RunnerCommand;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PublishClientTest {
    @Test
    void aDoneJobIsPublishedWithItsUrlAndShortDigest() throws Exception {
        String json = """
                {"job_id": 3, "model": "iris", "version": 2, "target": "oci://127.0.0.1:5000/models/iris",
                 "state": "done", "attempts": 1, "digest": "sha256:2d96a1b2c3d4e5f60718293a4b5c6d7e8f",
                 "url": "127.0.0.1:5000/models/iris:2", "last_error": null}""";
        PublishClient.Outcome o = PublishClient.outcome(json, "", 0, "iris:2", "oci://127.0.0.1:5000/models/iris");
        assertEquals(PublishClient.State.PUBLISHED, o.state());
        assertEquals("Published iris:2 to 127.0.0.1:5000/models/iris:2 (sha256:2d96a1b2c3d4)", o.message());
    }

    @Test
    void anUnreachableTargetIsQueuedWithTheReason() throws Exception {
        String json = """
                {"job_id": 4, "state": "queued", "attempts": 1,
                 "last_error": "cannot reach 127.0.0.1:5999: connection refused"}""";
        PublishClient.Outcome o = PublishClient.outcome(json, "", 75, "iris:2", "oci://127.0.0.1:5999/m");
        assertEquals(PublishClient.State.QUEUED, o.state());
        assertTrue(o.message().contains("connection refused"), o.message());
        assertTrue(o.message().contains("retried"), o.message());
    }

    @Test
    void aRefusalWithoutJsonShowsTheRunnersMessage() throws Exception {
        PublishClient.Outcome o = PublishClient.outcome("", "model 'iris' has no version 9", 3, "iris:9", "oci://h/m");
        assertEquals(PublishClient.State.FAILED, o.state());
        assertEquals("model 'iris' has no version 9", o.message());
    }

    @Test
    void aRunnerThatCannotStartIsAFailureNotAnException(@TempDir Path dir) {
        PublishClient client = new PublishClient(new RunnerCommand(List.of(dir.resolve("no-such-java").toString())));
        PublishClient.Outcome o = client.publish(dir, "iris", 1, "oci://127.0.0.1:5000/m");
        assertEquals(PublishClient.State.FAILED, o.state());
        assertTrue(o.message().startsWith("Cannot start Lathe's runner"), o.message());
    }
}
