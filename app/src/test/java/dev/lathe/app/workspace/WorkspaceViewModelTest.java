package dev.lathe.app.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.app.TestWorkspaces;
import dev.lathe.app.runs.RunItem;
import dev.lathe.app.runs.RunsTableViewModel;
import dev.lathe.workspace.Workspace;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plain JUnit, no FX toolkit: both executors run work on the test thread, against a real SQLite workspace. */
class WorkspaceViewModelTest {
    private static final Executor SAME_THREAD = Runnable::run;

    @TempDir
    Path dir;
    private WorkspaceViewModel vm;

    private WorkspaceViewModel open(Path path) {
        RunsTableViewModel runs = new RunsTableViewModel(SAME_THREAD, SAME_THREAD, Clock.systemUTC());
        vm = new WorkspaceViewModel(path, p -> Workspace.open(p, Workspace.Mode.EXISTING), runs, SAME_THREAD, SAME_THREAD);
        vm.open();
        return vm;
    }

    @AfterEach
    void close() {
        if (vm != null) {
            vm.close();
        }
    }

    @Test
    void sidebarListsAllRunsThenExperimentsWithCounts() {
        open(TestWorkspaces.small(dir));

        assertEquals(WorkspaceViewModel.State.OPEN, vm.stateProperty().get());
        assertEquals(List.of("All runs", "iris · 2 runs", "wine · 1 run"), labels());
        assertEquals("Lathe — " + dir, vm.titleProperty().get());
        assertEquals("All runs", vm.selectedItemProperty().get().label());
        assertEquals(List.of("run-c", "run-b", "run-a"), runNames(), "newest first");
        assertEquals("3 runs · " + dir, vm.statusTextProperty().get());
    }

    @Test
    void selectingAnExperimentShowsOnlyItsRunsAndTheirColumns() {
        open(TestWorkspaces.small(dir));

        vm.select(vm.sidebarItems().get(2));

        assertEquals(List.of("run-c"), runNames());
        assertEquals(List.of("depth"), vm.runsTable().paramKeys());
        assertEquals(List.of("rmse"), vm.runsTable().metricKeys());
        assertEquals("1 run · " + dir, vm.statusTextProperty().get());
    }

    @Test
    void refreshShowsNewRunsAndKeepsTheSelectedExperiment() {
        open(TestWorkspaces.small(dir));
        vm.select(vm.sidebarItems().get(1));
        try (Workspace ws = Workspace.open(dir)) {
            String iris = ws.experiments().byName("iris").orElseThrow().id();
            TestWorkspaces.addRun(ws, iris, "run-d", "djl-mlp", Map.of("lr", "0.5"), Map.of("f1", 0.5), null);
        }

        vm.refresh();

        assertEquals(List.of("All runs", "iris · 3 runs · 1 live", "wine · 1 run"), labels());
        assertEquals("iris · 3 runs · 1 live", vm.selectedItemProperty().get().label());
        assertEquals(List.of("run-d", "run-b", "run-a"), runNames());
        assertEquals(List.of("val_accuracy", "f1"), vm.runsTable().metricKeys(), "validation metrics come first");
    }

    @Test
    void missingWorkspaceIsAMessageAndRefreshRetries() {
        open(dir);

        assertEquals(WorkspaceViewModel.State.FAILED, vm.stateProperty().get());
        assertTrue(vm.errorProperty().get().startsWith("no Lathe workspace at " + dir), vm.errorProperty().get());
        assertTrue(vm.sidebarItems().isEmpty());

        TestWorkspaces.small(dir);
        vm.refresh();

        assertEquals(WorkspaceViewModel.State.OPEN, vm.stateProperty().get());
        assertNull(vm.errorProperty().get());
        assertEquals(3, vm.runsTable().rows().size());
    }

    @Test
    void workspaceOfANewerLatheIsRefusedWithAnUpgradeHint() throws Exception {
        TestWorkspaces.small(dir);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(Workspace.DB_FILE));
             Statement s = c.createStatement()) {
            s.executeUpdate("""
                    INSERT INTO flyway_schema_history
                        (installed_rank, version, description, type, script, installed_by, execution_time, success)
                    VALUES (99, '99', 'from the future', 'SQL', 'V99__future.sql', 'test', 0, 1)""");
        }

        open(dir);

        assertEquals(WorkspaceViewModel.State.FAILED, vm.stateProperty().get());
        assertTrue(vm.errorProperty().get().contains("Upgrade Lathe"), vm.errorProperty().get());
        assertTrue(vm.statusTextProperty().get().startsWith("Not opened"));
    }

    @Test
    void emptyWorkspaceSaysHowToGetRuns() {
        Workspace.open(dir).close();

        open(dir);

        assertEquals(List.of("All runs"), labels());
        var empty = vm.runsTable().emptyStateProperty().get();
        assertEquals("No runs yet", empty.title());
        assertTrue(empty.commands().contains("./lathe demo"), empty.commands().toString());
        assertTrue(empty.commands().stream().anyMatch(c -> c.startsWith("./lathe train --data FILE.csv")));
        assertEquals("0 runs · " + dir, vm.statusTextProperty().get());
    }

    private List<String> labels() {
        return vm.sidebarItems().stream().map(SidebarItem::label).toList();
    }

    private List<String> runNames() {
        return vm.runsTable().rows().stream().map(RunItem::name).toList();
    }
}
