package dev.lathe.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.workspace.OutboxRepository.Job;
import dev.lathe.workspace.OutboxRepository.State;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The publish outbox in a real workspace file: queueing, backoff, claiming, and the state kept across reopening. */
class OutboxRepositoryTest {
    @TempDir
    Path dir;

    @Test
    void backoffDoublesFromThirtySecondsUpToAnHour() {
        assertEquals(Duration.ofSeconds(30), OutboxRepository.backoff(1));
        assertEquals(Duration.ofSeconds(60), OutboxRepository.backoff(2));
        assertEquals(Duration.ofMinutes(4), OutboxRepository.backoff(4));
        assertEquals(Duration.ofHours(1), OutboxRepository.backoff(9));
        assertEquals(Duration.ofHours(1), OutboxRepository.backoff(500));
    }

    @Test
    void aQueuedJobWaitsItsBackoffIsClaimedOnceAndSurvivesReopening() {
        String id;
        try (Workspace ws = Workspace.open(dir)) {
            Job job = ws.outbox().start("iris", 1, "oci://127.0.0.1:5000/models/iris", "{}");
            assertEquals(State.RUNNING, job.state());
            assertEquals(1, job.attempts());
            Job queued = ws.outbox().requeue(job.id(), "cannot reach 127.0.0.1:5000: connection refused");
            assertEquals(State.QUEUED, queued.state());
            assertTrue(queued.nextAttemptAt().isAfter(Instant.now().plusSeconds(25)));
            assertTrue(ws.outbox().due(Instant.now()).isEmpty(), "not due before its backoff");
            assertEquals(1, ws.outbox().due(Instant.now().plusSeconds(31)).size());

            // publishing the same version to the same target again reuses the waiting job
            Job same = ws.outbox().start("iris", 1, "oci://127.0.0.1:5000/models/iris", "{}");
            assertEquals(job.id(), same.id());
            assertEquals(2, same.attempts());
            ws.outbox().requeue(same.id(), "still down");
            id = same.id();
        }
        try (Workspace ws = Workspace.open(dir)) {
            Job kept = ws.outbox().get(id).orElseThrow();
            assertEquals(State.QUEUED, kept.state());
            assertEquals("still down", kept.lastError());
            assertEquals(1, ws.outbox().makeQueuedDue());
            assertEquals(1, ws.outbox().due(Instant.now().plusMillis(1)).size());
            assertTrue(ws.outbox().claim(id).isPresent());
            assertTrue(ws.outbox().claim(id).isEmpty(), "a second process cannot take the same job");
            Job done = ws.outbox().done(id, "sha256:abc", "oci://127.0.0.1:5000/models/iris@sha256:abc");
            assertEquals(State.DONE, done.state());
            assertNull(done.lastError());
            assertEquals(3, done.attempts());

            Job other = ws.outbox().start("iris", 2, "mlflow+https://mlflow.example.org", "{}");
            Job failed = ws.outbox().fail(other.id(), "MLflow at mlflow.example.org refused (HTTP 401)");
            assertNull(failed.nextAttemptAt());
            assertTrue(ws.outbox().due(Instant.now().plusSeconds(86_400)).isEmpty(), "failed jobs are not retried by themselves");
            assertEquals(1, ws.outbox().requeueFailed());
            assertEquals(2, ws.outbox().list().size());
        }
    }
}
