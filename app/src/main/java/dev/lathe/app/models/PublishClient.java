package dev.lathe.app.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lathe.app.sweeps.RunnerCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Publishes a model version by running `lathe publish ... --format json` as a child process: the runner owns the
 * registry clients, the credentials and the workspace's outbox, the app only asks and shows the answer. Blocking:
 * call it off the FX thread.
 */
public final class PublishClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final long TIMEOUT_MINUTES = 60;

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
        List<String> args = runner.with("publish", model + ":" + version, "--to", target,
                "--workspace", workspace.toAbsolutePath().toString(), "--format", "json");
        return run(args, model + ":" + version, target);
    }

    /**
     * Sends the publishes that waited in the workspace's outbox (`lathe publish retry`); the app calls it once a
     * workspace with queued jobs is open. Returns the runner's summary line, or why it could not run.
     */
    public String retryOutbox(Path workspace) {
        List<String> args = runner.with("publish", "retry", "--workspace", workspace.toAbsolutePath().toString());
        try {
            Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return "the outbox retry did not end within " + TIMEOUT_MINUTES + " minutes";
            }
            return out;
        } catch (IOException e) {
            return "cannot start Lathe's runner: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    Outcome run(List<String> args, String what, String target) {
        Path err = null;
        try {
            err = Files.createTempFile("lathe-publish-", ".err");
            ProcessBuilder pb = new ProcessBuilder(args);
            pb.redirectError(err.toFile());
            Process p = pb.start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return new Outcome(State.FAILED, "Publishing " + what + " did not end within " + TIMEOUT_MINUTES
                        + " minutes");
            }
            String stdout = new String(out, StandardCharsets.UTF_8).strip();
            String stderr = Files.readString(err).replaceAll("(?m)^lathe: ", "").strip();
            return outcome(stdout, stderr, p.exitValue(), what, target);
        } catch (IOException e) {
            return new Outcome(State.FAILED, "Cannot start Lathe's runner: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(State.FAILED, "Interrupted");
        } finally {
            if (err != null) {
                try {
                    Files.deleteIfExists(err);
                } catch (IOException ignored) {
                    // a temp file left behind is harmless
                }
            }
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
