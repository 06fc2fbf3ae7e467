package dev.lathe.app.sweeps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lathe.app.AsyncRunner;
import dev.lathe.app.ErrorMessages;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The workspace's past and present sweeps, newest first, as {@code sweep list --format json} reports them
 * (status, trials done of the budget, pruned, failed, best value): the runner reads the sweep files, so the app
 * and the CLI always agree on a sweep's state. Loaded off the UI thread; the latest load wins.
 */
public final class SweepListViewModel {
    private final Path workspace;
    private final RunnerClient runner;
    private final AsyncRunner async;
    private final ObjectMapper json = new ObjectMapper();
    private final ObservableList<SweepSummary> sweeps = FXCollections.observableArrayList();
    private final ObservableList<SweepSummary> sweepsView = FXCollections.unmodifiableObservableList(sweeps);
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private long latest;

    public SweepListViewModel(Path workspace, RunnerCommand runner, Executor background, Executor ui) {
        this.workspace = workspace;
        this.runner = new RunnerClient(runner);
        this.async = new AsyncRunner(background, ui);
    }

    /** Reloads the list; the returned stage completes once it is shown (tests wait on it). */
    public CompletableFuture<Void> refresh() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        long request = ++latest;
        loading.set(true);
        async.run(() -> {
            RunnerClient.Result r = runner.run(null, "sweep", "list", "--workspace", workspace.toString(),
                    "--format", "json");
            if (!r.ok()) {
                throw new IllegalStateException(r.message());
            }
            return parse(json.readTree(r.stdout()));
        }, list -> {
            if (request == latest) {
                loading.set(false);
                error.set("");
                sweeps.setAll(list);
            }
            done.complete(null);
        }, e -> {
            if (request == latest) {
                loading.set(false);
                error.set("Cannot list the sweeps: " + ErrorMessages.describe(e));
            }
            done.complete(null);
        });
        return done;
    }

    static List<SweepSummary> parse(JsonNode array) {
        List<SweepSummary> out = new ArrayList<>();
        for (JsonNode n : array) {
            out.add(SweepSummary.of(n));
        }
        return out;
    }

    /** Newest first. */
    public ObservableList<SweepSummary> sweeps() {
        return sweepsView;
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    /** Why the last load failed, or "". */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }
}
