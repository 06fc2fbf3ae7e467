package dev.lathe.publishing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lathe.core.ModelVersion;
import dev.lathe.workspace.OutboxRepository;
import dev.lathe.workspace.OutboxRepository.Job;
import dev.lathe.workspace.Workspace;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Publishing through the workspace's outbox: every publish is a job. When the target cannot be reached
 * (connection refused, unknown host, timeout, 5xx) the job stays queued and is retried with exponential
 * backoff by {@link #drain()} (which {@code lathe publish}, {@code lathe serve} and the app call as they start)
 * or at once by {@link #retry(boolean)}. Credentials refused or content rejected fail the job for good, with the
 * reason. Publishers are idempotent, so a retry after an interruption finishes the job without duplicates.
 */
public final class Outbox {
    /** Options of a publish, kept with its job so a retry uses the same ones. */
    public record Options(boolean insecure) {
        public static final Options DEFAULT = new Options(false);

        String json() {
            return new String(ModelBundle.bytes(Map.of("insecure", insecure)), java.nio.charset.StandardCharsets.UTF_8);
        }

        static Options parse(String json) {
            try {
                JsonNode n = ModelBundle.JSON.readTree(json == null ? "{}" : json);
                return new Options(n.path("insecure").asBoolean(false));
            } catch (IOException e) {
                return DEFAULT;
            }
        }
    }

    /** How one attempt ended: the job as it is now, and the result (when done) or the error (queued, failed). */
    public record Outcome(Job job, PublishResult result, PublishException error) {
        public boolean done() {
            return job.state() == OutboxRepository.State.DONE;
        }

        public boolean queued() {
            return job.state() == OutboxRepository.State.QUEUED;
        }
    }

    private final Workspace ws;
    private final Publishers publishers;

    public Outbox(Workspace ws, Publishers publishers) {
        this.ws = ws;
        this.publishers = publishers;
    }

    /**
     * Publishes a version (NAME, NAME:VERSION or NAME@ALIAS) to a target URL. A bad reference or URL throws
     * (RegistryException, PublishException BAD_INPUT) before any job is made; otherwise the job's outcome is
     * returned: done, queued for a retry, or failed.
     */
    public Outcome publish(String reference, String url, Options options, PublishListener listener) {
        ModelVersion v = ws.registry().resolve(reference);
        PublishTarget target = PublishTarget.parse(url);
        Publisher publisher = publishers.forTarget(target, options.insecure());
        ModelBundle bundle = ModelBundle.load(ws, v);
        Job job = ws.outbox().start(v.modelName(), v.version(), target.url(), options.json());
        return attempt(job, publisher, bundle, listener);
    }

    /** Attempts every queued job whose backoff has passed (and any left running by a process that died). */
    public List<Outcome> drain() {
        return drain(PublishListener.NONE);
    }

    public List<Outcome> drain(PublishListener listener) {
        List<Outcome> out = new ArrayList<>();
        for (Job due : ws.outbox().due(Instant.now())) {
            ws.outbox().claim(due.id()).ifPresent(job -> out.add(attempt(job, listener)));
        }
        return out;
    }

    /** Attempts every queued job now, whatever its backoff; failed ones too when asked (after fixing credentials). */
    public List<Outcome> retry(boolean failedToo, PublishListener listener) {
        if (failedToo) {
            ws.outbox().requeueFailed();
        }
        ws.outbox().makeQueuedDue();
        return drain(listener);
    }

    private Outcome attempt(Job job, PublishListener listener) {
        Publisher publisher;
        ModelBundle bundle;
        try {
            Optional<ModelVersion> v = ws.registry().get(job.model(), job.version());
            if (v.isEmpty()) {
                throw PublishException.badInput("model " + job.reference() + " is no longer in the registry");
            }
            publisher = publishers.forTarget(PublishTarget.parse(job.target()), Options.parse(job.options()).insecure());
            bundle = ModelBundle.load(ws, v.get());
        } catch (PublishException e) {
            return new Outcome(ws.outbox().fail(job.id(), e.getMessage()), null, e);
        }
        return attempt(job, publisher, bundle, listener);
    }

    private Outcome attempt(Job job, Publisher publisher, ModelBundle bundle, PublishListener listener) {
        try {
            PublishResult r = publisher.publish(bundle, (phase, done, total) -> {
                listener.step(phase, done, total);
            });
            return new Outcome(ws.outbox().done(job.id(), r.digest(), r.url()), r, null);
        } catch (PublishException e) {
            Job after = e.retryable() ? ws.outbox().requeue(job.id(), e.getMessage()) : ws.outbox().fail(job.id(), e.getMessage());
            return new Outcome(after, null, e);
        } catch (RuntimeException e) {
            // a bug, not the target's fault: keep the job for a later retry and let the caller report it
            ws.outbox().requeue(job.id(), e.getClass().getSimpleName() + ": " + e.getMessage());
            throw e;
        }
    }
}
