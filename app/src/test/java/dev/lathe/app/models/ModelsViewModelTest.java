package dev.lathe.app.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.core.AliasEvent;
import dev.lathe.core.ModelVersion;
import dev.lathe.workspace.Workspace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelsViewModelTest {
    private static final Executor SAME_THREAD = Runnable::run;

    @TempDir
    Path dir;
    private Workspace ws;
    private ModelsViewModel vm;

    @BeforeEach
    void open() {
        ws = Workspace.open(RegistryFixtures.irisModel(dir));
        vm = new ModelsViewModel(() -> ws, SAME_THREAD, SAME_THREAD);
    }

    @AfterEach
    void close() {
        ws.close();
    }

    @Test
    void listsTheModelAndShowsItsNewestVersionsLineage() {
        vm.refresh();

        assertEquals(List.of("iris-cls"), vm.models().stream().map(m -> m.name()).toList());
        assertEquals("iris-cls", vm.selectedModelProperty().get().name(), "the first model is shown at once");
        assertEquals(List.of(2, 1), vm.versions().stream().map(ModelVersion::version).toList());
        ModelVersion v2 = vm.selectedVersionProperty().get();
        assertEquals(2, v2.version());
        assertEquals("tribuo-cart", v2.trainer());
        assertEquals("4", v2.params().get("max_depth"));
        assertEquals(0.9667, v2.metrics().get("val_accuracy"), 1e-9);
        assertEquals(ws.runs().list(dev.lathe.workspace.RunQuery.all()).stream()
                .filter(r -> r.name().equals("cart-depth-4")).findFirst().orElseThrow().id(), v2.runId());
        assertEquals(List.of("champion"), vm.versions().get(1).aliases());
    }

    @Test
    void movingAnAliasRecordsItWithItsCommentAndABadNameIsRefused() {
        vm.refresh();
        vm.setAlias("champion", 2, "deeper tree wins");

        List<AliasEvent> history = vm.aliasHistory();
        assertEquals(2, history.size());
        AliasEvent last = history.getFirst();
        assertEquals(1, last.fromVersion());
        assertEquals(2, last.toVersion());
        assertEquals("deeper tree wins", last.comment());
        assertEquals(System.getProperty("user.name"), last.user());
        assertEquals("Alias 'champion' moved from version 1 to 2.", vm.messageProperty().get());
        assertEquals(2, vm.selectedModelProperty().get().aliases().get("champion"));

        vm.setAlias("Bad Name", 1, null);
        assertTrue(vm.errorProperty().get().toLowerCase().contains("bad alias name"), vm.errorProperty().get());
        assertEquals(2, vm.aliasHistory().size(), "a refused alias records nothing");

        vm.setAlias("latest", 1, null);
        assertTrue(vm.errorProperty().get().contains("reserved"), vm.errorProperty().get());
    }

    @Test
    void publishIsAHookThatStaysOffUntilWiredAndOpenRunHandsOverTheRun() {
        vm.refresh();
        assertTrue(!vm.canPublishProperty().get() && !vm.publishingAvailable());
        List<String> opened = new ArrayList<>();
        vm.setOnOpenRun(opened::add);
        vm.openRun();
        assertEquals(List.of(vm.selectedVersionProperty().get().runId()), opened);
        List<ModelVersion> published = new ArrayList<>();
        vm.setOnPublish(published::add);
        assertTrue(vm.canPublishProperty().get());
        vm.publish();
        assertEquals(2, published.getFirst().version());
    }

    @Test
    void theModelsPublishJobsShowWhatWentOutAndWhatWaitsInTheOutbox() {
        var done = ws.outbox().start("iris-cls", 1, "oci://127.0.0.1:5000/models/iris", "{}");
        ws.outbox().done(done.id(), "sha256:2d96", "127.0.0.1:5000/models/iris:1");
        var waiting = ws.outbox().start("iris-cls", 2, "oci://registry.example:5000/models/iris", "{}");
        ws.outbox().requeue(waiting.id(), "cannot reach registry.example:5000: connection refused");

        vm.refresh();

        assertEquals(2, vm.publishJobs().size());
        var byVersion = vm.publishJobs().stream().collect(java.util.stream.Collectors.toMap(j -> j.version(), j -> j));
        assertEquals(dev.lathe.workspace.OutboxRepository.State.DONE, byVersion.get(1).state());
        assertEquals("127.0.0.1:5000/models/iris:1", byVersion.get(1).resultUrl());
        assertEquals(dev.lathe.workspace.OutboxRepository.State.QUEUED, byVersion.get(2).state());
        assertTrue(byVersion.get(2).lastError().contains("registry.example:5000"), byVersion.get(2).lastError());
    }

    @Test
    void anEmptyRegistryShowsNoModelAndNoSelection() throws Exception {
        Path empty = dir.resolve("empty");
        try (Workspace other = Workspace.open(empty)) {
            ModelsViewModel none = new ModelsViewModel(() -> other, SAME_THREAD, SAME_THREAD);
            none.refresh();
            assertTrue(none.models().isEmpty());
            assertTrue(none.loadedProperty().get());
            assertNull(none.selectedModelProperty().get());
        }
    }
}
