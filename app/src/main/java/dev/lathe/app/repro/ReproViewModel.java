package dev.lathe.app.repro;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lathe.app.sweeps.RunnerClient;
import dev.lathe.app.sweeps.RunnerCommand;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The reproducibility badge of a run and its Reproduce action. Reproducing trains the run again, which the app
 * never does in its own process: it starts {@code lathe reproduce RUN_ID --format json} as a runner child process
 * and reads its verdict. The badge itself comes from the run's {@value Verdict#TAG} tag.
 */
public final class ReproViewModel {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A reproduction trains a whole run again; a large one may take long, but not forever. */
    static final Duration TIMEOUT = Duration.ofHours(2);

    private final Supplier<RunnerCommand> runner;
    private final Executor background;
    private final Executor ui;
    private final ReadOnlyObjectWrapper<Verdict> verdict = new ReadOnlyObjectWrapper<>(Verdict.NOT_REPRODUCED);
    private final ReadOnlyStringWrapper reproducedBy = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");

    /** @param runner asked when a reproduction starts, so a missing runner is reported then, not at start-up */
    public ReproViewModel(Supplier<RunnerCommand> runner, Executor background, Executor ui) {
        this.runner = runner;
        this.background = background;
        this.ui = ui;
    }

    /** Shows what a run's tags say (call on the UI thread whenever the run's tags are loaded). */
    public void showTags(Map<String, String> tags) {
        if (running.get()) {
            return;
        }
        verdict.set(Verdict.ofTags(tags));
        reproducedBy.set(tags.getOrDefault(Verdict.BY_TAG, ""));
    }

    /**
     * Reproduces a run in a runner child process. The returned future completes on the UI executor once the
     * properties show the outcome; it never completes exceptionally (a failure is the message).
     */
    public CompletableFuture<Verdict> reproduce(Path workspace, String runId) {
        CompletableFuture<Verdict> done = new CompletableFuture<>();
        if (running.get() || runId == null || runId.isBlank()) {
            done.complete(verdict.get());
            return done;
        }
        running.set(true);
        message.set("Training run " + shortId(runId) + " again…");
        background.execute(() -> {
            Outcome o = run(workspace, runId);
            ui.execute(() -> {
                running.set(false);
                if (o.verdict() != null) {
                    verdict.set(o.verdict());
                    reproducedBy.set(o.by() == null ? "" : o.by());
                }
                message.set(o.message());
                done.complete(verdict.get());
            });
        });
        return done;
    }

    private record Outcome(Verdict verdict, String by, String message) {
    }

    private Outcome run(Path workspace, String runId) {
        RunnerClient.Result done;
        try {
            done = new RunnerClient(runner.get()).run(TIMEOUT, null, "reproduce", runId, "--workspace",
                    workspace.toAbsolutePath().toString(), "--format", "json");
        } catch (RunnerClient.TimedOut e) {
            return new Outcome(null, null, "The reproduction did not end within " + TIMEOUT.toHours() + " hours");
        } catch (RuntimeException e) {
            return new Outcome(null, null, "Cannot reproduce: " + e.getMessage());
        }
        String stdout = done.stdout().strip();
        if (stdout.startsWith("{")) {
            try {
                JsonNode r = JSON.readTree(stdout);
                Verdict v = Verdict.of(r.path("verdict").asText(null));
                int metrics = r.path("metrics").size();
                long exact = 0;
                for (JsonNode m : r.path("metrics")) {
                    exact += "exact".equals(m.path("verdict").asText()) ? 1 : 0;
                }
                String by = r.path("reproduced_by").asText(null);
                return new Outcome(v, by, v.text() + ": " + exact + " of " + metrics + " metrics identical"
                        + (by == null ? "" : ", run " + shortId(by)));
            } catch (IOException | RuntimeException e) {
                return new Outcome(null, null, "Cannot reproduce: " + e.getMessage());
            }
        }
        String stderr = RunnerClient.stripPrefixes(done.stderr()).strip();
        return new Outcome(null, null, stderr.isEmpty() ? "lathe reproduce exited with code " + done.exitCode()
                : stderr);
    }

    private static String shortId(String id) {
        return id.substring(0, Math.min(8, id.length()));
    }

    public ReadOnlyObjectProperty<Verdict> verdictProperty() {
        return verdict.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty reproducedByProperty() {
        return reproducedBy.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }
}
