package dev.lathe.app.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lathe.app.sweeps.RunnerClient;
import dev.lathe.app.sweeps.RunnerCommand;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Publishes a model version by running `lathe publish ... --format json` as a child process: the runner owns the
 * registry clients, the credentials and the workspace's outbox, the app only asks and shows the answer. Blocking:
 * call it off the FX thread.
 */
public final class PublishClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Duration TIMEOUT = Duration.ofMinutes(60);

    /** How a publish ended, as the runner's job states name it. */
    public enum State { PUBLISHED, QUEUED, FAILED }

    /** The outcome shown to the user: a state and one sentence. */
    public record Outcome(State state, String message) {
    }

    private final RunnerCommand runner;

    public PublishClient(RunnerCommand runner) {
        this.runner = runner;
    }

    /** Publishes NAME:VERSION to a target URL (oci://, image://, mlflow+http(s)://, git+...). */
    public Outcome publish(Path workspace, String model, int version, String target) {
        return run(model + ":" + version, target, "publish", model + ":" + version, "--to", target,
                "--workspace", workspace.toAbsolutePath().toString(), "--format", "json");
    }

    /**
     * Sends the publishes that waited in the workspace's outbox (`lathe publish retry`); the app calls it once a
     * workspace with queued jobs is open. Returns the runner's summary line, or why it could not run.
     */
    public String retryOutbox(Path workspace) {
        try {
            RunnerClient.Result done = new RunnerClient(runner).run(TIMEOUT, null, "publish", "retry", "--workspace",
                    workspace.toAbsolutePath().toString());
            return (done.stdout() + done.stderr()).strip();
        } catch (RunnerClient.TimedOut e) {
            return "the outbox retry did not end within " + TIMEOUT.toMinutes() + " minutes";
        } catch (RuntimeException e) {
            return "cannot start Lathe's runner: " + e.getMessage();
        }
    }

    private Outcome run(String what, String target, String... args) {
        RunnerClient.Result done;
        try {
            done = new RunnerClient(runner).run(TIMEOUT, null, args);
        } catch (RunnerClient.TimedOut e) {
            return new Outcome(State.FAILED, "Publishing " + what + " did not end within " + TIMEOUT.toMinutes()
                    + " minutes");
        } catch (RuntimeException e) {
            return new Outcome(State.FAILED, "Cannot start Lathe's runner: " + e.getMessage());
        }
        try {
            return outcome(done.stdout().strip(), RunnerClient.stripPrefixes(done.stderr()).strip(), done.exitCode(),
                    what, target);
        } catch (IOException e) {
            return new Outcome(State.FAILED, "Cannot read what the runner answered: " + e.getMessage());
        }
    }

    /** Reads the runner's JSON answer (one job) or, when there is none, its error text. */
    static Outcome outcome(String stdout, String stderr, int exit, String what, String target) throws IOException {
        if (stdout.startsWith("{")) {
            JsonNode job = JSON.readTree(stdout);
            String state = job.path("state").asText("");
            String url = job.path("url").asText(null);
            String digest = job.path("digest").asText(null);
            String error = job.path("last_error").asText(null);
            return switch (state) {
                case "done" -> new Outcome(State.PUBLISHED, "Published " + what + " to "
                        + (url != null ? url : target) + (digest != null ? " (" + shortDigest(digest) + ")" : ""));
                case "queued", "running" -> new Outcome(State.QUEUED, "Queued " + what + " for " + target
                        + (error != null ? ": " + error : "") + ". It is retried when the target is reachable.");
                default -> new Outcome(State.FAILED, "Publishing " + what + " to " + target + " failed"
                        + (error != null ? ": " + error : "") + (stderr.isEmpty() ? "" : "\n" + stderr));
            };
        }
        String reason = stderr.isEmpty() ? "lathe publish exited with code " + exit : stderr;
        return new Outcome(State.FAILED, reason);
    }

    private static String shortDigest(String digest) {
        int colon = digest.indexOf(':');
        String hex = colon < 0 ? digest : digest.substring(colon + 1);
        return (colon < 0 ? "" : digest.substring(0, colon + 1)) + hex.substring(0, Math.min(12, hex.length()));
    }
}
