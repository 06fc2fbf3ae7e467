package dev.lathe.app.models;

import dev.lathe.app.AsyncRunner;
import dev.lathe.app.ErrorMessages;
import dev.lathe.core.AliasEvent;
import dev.lathe.core.ModelVersion;
import dev.lathe.core.RegisteredModel;
import dev.lathe.workspace.RegistryException;
import dev.lathe.workspace.RegistryRepository;
import dev.lathe.workspace.OutboxRepository;
import dev.lathe.workspace.Workspace;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The model registry screen: registered models, the selected model's versions with their lineage (run, dataset,
 * commit, trainer, params, metrics, description), its aliases with their whole history, and setting or moving
 * an alias with a comment. Reads and writes go through {@link RegistryRepository} off the UI thread; every
 * change of state happens on the UI executor, and only the latest load's result is shown.
 */
public final class ModelsViewModel {
    private static final System.Logger LOG = System.getLogger(ModelsViewModel.class.getName());

    private final Supplier<Workspace> workspace;
    private final AsyncRunner async;
    private final ObservableList<RegisteredModel> models = FXCollections.observableArrayList();
    private final ObservableList<ModelVersion> versions = FXCollections.observableArrayList();
    private final ObservableList<AliasEvent> history = FXCollections.observableArrayList();
    private final ObservableList<RegisteredModel> modelsView = FXCollections.unmodifiableObservableList(models);
    private final ObservableList<ModelVersion> versionsView = FXCollections.unmodifiableObservableList(versions);
    private final ObservableList<AliasEvent> historyView = FXCollections.unmodifiableObservableList(history);
    private final ObservableList<OutboxRepository.Job> publishJobs = FXCollections.observableArrayList();
    private final ObservableList<OutboxRepository.Job> publishJobsView = FXCollections.unmodifiableObservableList(publishJobs);
    private final ReadOnlyObjectWrapper<RegisteredModel> selectedModel = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<ModelVersion> selectedVersion = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper loaded = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper loadingModel = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper canPublish = new ReadOnlyBooleanWrapper();
    private long latestList;
    private long latestModel;
    private Consumer<String> onOpenRun = id -> { };
    private Consumer<ModelVersion> onPublish;

    private record ModelDetail(List<ModelVersion> versions, List<AliasEvent> history, List<OutboxRepository.Job> jobs) {
    }

    public ModelsViewModel(Supplier<Workspace> workspace, Executor background, Executor ui) {
        this.workspace = workspace;
        this.async = new AsyncRunner(background, ui);
    }

    /** Reloads the models, keeping the selected one (by name) when it is still there. */
    public CompletableFuture<Void> refresh() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        long request = ++latestList;
        loading.set(true);
        Workspace ws = workspace.get();
        if (ws == null) {
            loading.set(false);
            done.complete(null);
            return done;
        }
        async.run(() -> ws.registry().list(), list -> {
            if (request != latestList) {
                done.complete(null);
                return;
            }
            loading.set(false);
            loaded.set(true);
            error.set("");
            models.setAll(list);
            RegisteredModel current = selectedModel.get();
            Optional<RegisteredModel> keep = current == null ? list.stream().findFirst()
                    : list.stream().filter(m -> m.name().equals(current.name())).findFirst();
            if (keep.isPresent()) {
                select(keep.get().name()).thenRun(() -> done.complete(null));
            } else {
                clearSelection();
                done.complete(null);
            }
        }, e -> {
            if (request == latestList) {
                fail(e);
            }
            done.complete(null);
        });
        return done;
    }

    /** Shows a model's versions and alias history; the selected version stays when it still exists. */
    public CompletableFuture<Void> select(String modelName) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        RegisteredModel model = models.stream().filter(m -> m.name().equals(modelName)).findFirst().orElse(null);
        if (model == null) {
            clearSelection();
            done.complete(null);
            return done;
        }
        long request = ++latestModel;
        Integer keepVersion = selectedVersion.get() != null && selectedVersion.get().modelName().equals(modelName)
                ? selectedVersion.get().version() : null;
        selectedModel.set(model);
        loadingModel.set(true);
        Workspace ws = workspace.get();
        async.run(() -> new ModelDetail(ws.registry().versions(modelName), ws.registry().aliasHistory(modelName),
                        ws.outbox().list().stream().filter(j -> j.model().equals(modelName)).toList()),
                detail -> {
                    if (request == latestModel) {
                        loadingModel.set(false);
                        versions.setAll(detail.versions());
                        history.setAll(detail.history());
                        publishJobs.setAll(detail.jobs());
                        selectedVersion.set(detail.versions().stream()
                                .filter(v -> keepVersion != null && v.version() == keepVersion).findFirst()
                                .orElse(detail.versions().isEmpty() ? null : detail.versions().getFirst()));
                        refreshPublish();
                    }
                    done.complete(null);
                }, e -> {
                    if (request == latestModel) {
                        loadingModel.set(false);
                        fail(e);
                    }
                    done.complete(null);
                });
        return done;
    }

    /** Shows one version's lineage (null: none). */
    public void selectVersion(ModelVersion version) {
        if (!Objects.equals(version, selectedVersion.get())) {
            selectedVersion.set(version);
            refreshPublish();
        }
    }

    /**
     * Points alias at version of the selected model, recording the comment; the history then shows the move.
     *
     * @return a stage that completes once the screen shows the result; a bad alias name or a refused move
     *         completes it too, with the reason in {@link #errorProperty()}
     */
    public CompletableFuture<Void> setAlias(String alias, int version, String comment) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        RegisteredModel model = selectedModel.get();
        if (model == null) {
            error.set("Select a model first.");
            done.complete(null);
            return done;
        }
        String name = alias == null ? "" : alias.strip();
        try {
            RegistryRepository.checkAlias(name);
        } catch (RegistryException e) {
            error.set(ErrorMessages.asSentence(e.getMessage()));
            done.complete(null);
            return done;
        }
        String note = comment == null || comment.isBlank() ? null : comment.strip();
        Workspace ws = workspace.get();
        async.run(() -> ws.registry().setAlias(model.name(), name, version, note), event -> {
            error.set("");
            message.set(event.isPresent()
                    ? describe(event.get())
                    : "'" + name + "' already points at version " + version + "; nothing changed.");
            refresh().thenRun(() -> done.complete(null));
        }, e -> {
            fail(e);
            done.complete(null);
        });
        return done;
    }

    /** "champion: 1 → 2" as the history and the message say it. */
    static String describe(AliasEvent e) {
        String move = e.fromVersion() == null ? "set to version " + e.toVersion()
                : e.toVersion() == null ? "removed (was version " + e.fromVersion() + ")"
                : "moved from version " + e.fromVersion() + " to " + e.toVersion();
        return "Alias '" + e.alias() + "' " + move + ".";
    }

    private void clearSelection() {
        latestModel++;
        selectedModel.set(null);
        selectedVersion.set(null);
        versions.clear();
        history.clear();
        publishJobs.clear();
        refreshPublish();
    }

    private void fail(Exception e) {
        if (!ErrorMessages.isExpected(e)) {
            LOG.log(Level.WARNING, "model registry call failed", e);
        }
        loading.set(false);
        error.set(ErrorMessages.asSentence(ErrorMessages.describe(e)));
    }

    /** Set by the composition root: opens a version's run in the run detail. */
    public void setOnOpenRun(Consumer<String> onOpenRun) {
        this.onOpenRun = onOpenRun;
    }

    /**
     * Set by the composition root when publishing is wired in: publishes a version (to an OCI registry or an
     * MLflow server). Until then the Publish button stays disabled.
     */
    public void setOnPublish(Consumer<ModelVersion> onPublish) {
        this.onPublish = onPublish;
        refreshPublish();
    }

    public void openRun() {
        ModelVersion v = selectedVersion.get();
        if (v != null && v.runId() != null) {
            onOpenRun.accept(v.runId());
        }
    }

    public void publish() {
        ModelVersion v = selectedVersion.get();
        if (v != null && onPublish != null) {
            onPublish.accept(v);
        }
    }

    private void refreshPublish() {
        canPublish.set(onPublish != null && selectedVersion.get() != null);
    }

    /** Whether a publishing handler is wired in at all (the button's tooltip says so when it is not). */
    public boolean publishingAvailable() {
        return onPublish != null;
    }

    public ObservableList<RegisteredModel> models() {
        return modelsView;
    }

    /** The selected model's versions, newest first. */
    public ObservableList<ModelVersion> versions() {
        return versionsView;
    }

    /** Every alias change of the selected model, newest first. */
    public ObservableList<AliasEvent> aliasHistory() {
        return historyView;
    }

    /** The selected model's publish jobs from the workspace's outbox, newest first (done, queued, failed). */
    public ObservableList<OutboxRepository.Job> publishJobs() {
        return publishJobsView;
    }

    public ReadOnlyObjectProperty<RegisteredModel> selectedModelProperty() {
        return selectedModel.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ModelVersion> selectedVersionProperty() {
        return selectedVersion.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    /** True while the selected model's versions and history are being read. */
    public ReadOnlyBooleanProperty loadingModelProperty() {
        return loadingModel.getReadOnlyProperty();
    }

    /** True once the list has loaded at least once (the empty state waits for it). */
    public ReadOnlyBooleanProperty loadedProperty() {
        return loaded.getReadOnlyProperty();
    }

    /** Why the last read or write failed, as a sentence; "" when none did. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** What the last alias change did. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canPublishProperty() {
        return canPublish.getReadOnlyProperty();
    }
}
