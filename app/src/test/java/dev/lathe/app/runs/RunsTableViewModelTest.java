package dev.lathe.app.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.app.TestWorkspaces;
import dev.lathe.core.RunStatus;
import dev.lathe.workspace.RunQuery;
import dev.lathe.workspace.Workspace;
import dev.lathe.workspace.query.RunField;
import dev.lathe.workspace.query.RunSort;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunsTableViewModelTest {
    private static final Executor SAME_THREAD = Runnable::run;

    @TempDir
    Path dir;
    private Workspace ws;

    @BeforeEach
    void openWorkspace() {
        ws = Workspace.open(TestWorkspaces.small(dir));
    }

    @AfterEach
    void closeWorkspace() {
        ws.close();
    }

    @Test
    void columnsAreTheUnionOfTheShownRunsKeys() {
        RunsTableViewModel vm = new RunsTableViewModel(SAME_THREAD, SAME_THREAD, Clock.systemUTC());

        vm.show(ws, RunQuery.all(), null);

        assertEquals(List.of("depth", "lr"), vm.paramKeys());
        assertEquals(List.of("val_accuracy", "rmse"), vm.metricKeys(), "validation metrics come first");
        RunItem runA = vm.rows().stream().filter(r -> r.name().equals("run-a")).findFirst().orElseThrow();
        assertEquals("0.01", runA.param("lr"));
        assertEquals(0.93123, runA.lastValue("val_accuracy"), 1e-12);
        assertEquals(5, runA.metric("val_accuracy").count());
        assertNull(runA.lastValue("rmse"), "a metric the run did not log is missing, not zero");
        assertEquals("iris", runA.experiment());
        assertEquals("djl-mlp", runA.trainer());
    }

    @Test
    void archivedRunsLeaveTheTableAndComeBackMarkedWhenShownThenUnarchive() {
        RunsTableViewModel vm = new RunsTableViewModel(SAME_THREAD, SAME_THREAD, Clock.systemUTC());
        vm.show(ws, RunQuery.all(), null);
        String runB = idOf(vm, "run-b");

        vm.archive(List.of(runB));
        assertEquals(List.of("run-a", "run-c"), names(vm).stream().sorted().toList());

        vm.setShowArchived(true);
        RunItem b = vm.rows().stream().filter(r -> r.name().equals("run-b")).findFirst().orElseThrow();
        assertTrue(b.archived(), "an archived run is listed as archived");
        assertEquals(1, vm.rows().stream().filter(RunItem::archived).count());

        vm.unarchive(List.of(runB));
        vm.setShowArchived(false);
        assertEquals(List.of("run-a", "run-b", "run-c"), names(vm).stream().sorted().toList());
    }

    @Test
    void notesAndTagsAreWrittenAsRunTagsAndABadTagIsRefusedWithAReason() {
        RunsTableViewModel vm = new RunsTableViewModel(SAME_THREAD, SAME_THREAD, Clock.systemUTC());
        vm.show(ws, RunQuery.all(), null);
        String runA = idOf(vm, "run-a");
        String runC = idOf(vm, "run-c");

        assertTrue(vm.addTag(List.of(runA, runC), " team = vision ").isEmpty());
        assertEquals("vision", ws.runs().detail(runC).orElseThrow().tags().get("team"));
        assertTrue(vm.addTag(List.of(runA), "no equals sign").orElseThrow().contains("key=value"));
        vm.removeTag(List.of(runA), "team");
        assertEquals(Map.of(), ws.runs().detail(runA).orElseThrow().tags());

        vm.setNote(List.of(runA), "  lr too high?  ");
        List<String> read = new ArrayList<>();
        vm.noteOf(runA, read::add);
        assertEquals(List.of("lr too high?"), read);
        vm.setNote(List.of(runA), " ");
        assertTrue(ws.runs().detail(runA).orElseThrow().tags().isEmpty(), "a blank note removes the tag");

        vm.rename(runA, "renamed");
        assertTrue(names(vm).contains("renamed"));
    }

    private static String idOf(RunsTableViewModel vm, String name) {
        return vm.rows().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow().run().id();
    }

    @Test
    void aLiveRunsDurationRunsToTheClock() {
        String iris = ws.experiments().byName("iris").orElseThrow().id();
        var live = TestWorkspaces.addRun(ws, iris, "live", "djl-mlp", Map.of(), Map.of(), null);
        Instant later = live.startedAt().plusSeconds(95);
        RunsTableViewModel vm = new RunsTableViewModel(SAME_THREAD, SAME_THREAD, Clock.fixed(later, ZoneOffset.UTC));

        vm.show(ws, RunQuery.inExperiment(iris), "iris");

        RunItem item = vm.rows().getFirst();
        assertEquals(RunStatus.RUNNING, item.status());
        assertEquals(Duration.ofSeconds(95), item.duration());
    }

    @Test
    void aSlowOlderRequestNeverReplacesANewerOne() {
        Queue<Runnable> background = new ArrayDeque<>();
        RunsTableViewModel vm = new RunsTableViewModel(background::add, SAME_THREAD, Clock.systemUTC());
        String iris = ws.experiments().byName("iris").orElseThrow().id();
        String wine = ws.experiments().byName("wine").orElseThrow().id();

        vm.show(ws, RunQuery.inExperiment(iris), "iris");
        vm.show(ws, RunQuery.inExperiment(wine), "wine");
        assertTrue(vm.loadingProperty().get());
        Runnable irisLoad = background.poll();
        background.poll().run();
        irisLoad.run();

        assertEquals(List.of("run-c"), vm.rows().stream().map(RunItem::name).toList());
        assertEquals(List.of("rmse"), vm.metricKeys());
        assertEquals(false, vm.loadingProperty().get());
    }

    @Test
    void anEmptyExperimentSaysSo() {
        RunsTableViewModel vm = new RunsTableViewModel(SAME_THREAD, SAME_THREAD, Clock.systemUTC());
        String empty = ws.experiments().getOrCreate("empty").id();

        vm.show(ws, RunQuery.inExperiment(empty), "empty");

        assertTrue(vm.rows().isEmpty());
        assertEquals("No runs in empty yet", vm.emptyStateProperty().get().title());
        assertTrue(vm.paramKeys().isEmpty());
    }

    @Test
    void aFailedLoadBecomesAMessage() throws Exception {
        RunsTableViewModel vm = new RunsTableViewModel(SAME_THREAD, SAME_THREAD, Clock.systemUTC());
        vm.show(ws, RunQuery.all(), null);
        // a damaged database: the params query fails while the runs query still works
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + ws.databaseFile());
             Statement s = c.createStatement()) {
            s.executeUpdate("DROP TABLE param");
        }

        vm.show(ws, RunQuery.all(), null);

        assertTrue(vm.rows().isEmpty(), "no stale rows under the message");
        assertEquals("Cannot load the runs", vm.emptyStateProperty().get().title());
        assertTrue(vm.emptyStateProperty().get().text().contains("no such table: param"), vm.emptyStateProperty().get().text());
        assertEquals("", vm.statusTextProperty().get());
    }

    @Test
    void filterTextNarrowsTheRowsAndNamesItInTheStatusBar() {
        RunsTableViewModel vm = new RunsTableViewModel(SAME_THREAD, SAME_THREAD, Clock.systemUTC());
        vm.show(ws, RunQuery.all(), null);

        vm.setFilterText("metrics.val_accuracy > 0.85 or params.depth = 4");

        assertEquals(List.of("run-c", "run-a"), names(vm));
        assertEquals(2, vm.totalProperty().get());
        assertEquals("", vm.filterErrorProperty().get());
        assertEquals("2 runs · filter: metrics.val_accuracy > 0.85 or params.depth = 4 · " + ws.root(),
                vm.statusTextProperty().get());

        vm.setFilterText("status = FAILED");
        assertEquals(List.of("run-b"), names(vm));

        vm.setFilterText("name ~ nothing-like-this");
        assertTrue(vm.rows().isEmpty());
        assertEquals("No runs match the filter", vm.emptyStateProperty().get().title());

        vm.setFilterText("");
        assertEquals(3, vm.rows().size());
    }

    @Test
    void aBadFilterShowsItsErrorWithTheColumnAndKeepsTheRows() {
        RunsTableViewModel vm = new RunsTableViewModel(SAME_THREAD, SAME_THREAD, Clock.systemUTC());
        vm.show(ws, RunQuery.all(), null);
        vm.setFilterText("status = FINISHED");

        vm.setFilterText("status = FINISHED and metrics.val_accuracy >");

        assertEquals("expected a value after '>', found the end at column 45", vm.filterErrorProperty().get());
        assertEquals(List.of("run-c", "run-a"), names(vm), "the last good filter's rows stay");

        vm.setFilterText("status = FINISHED and metrics.val_accuracy > 0.9");
        assertEquals("", vm.filterErrorProperty().get());
        assertEquals(List.of("run-a"), names(vm));
    }

    @Test
    void sortingHappensInTheWorkspaceWithMissingValuesLast() {
        RunsTableViewModel vm = new RunsTableViewModel(SAME_THREAD, SAME_THREAD, Clock.systemUTC());
        vm.show(ws, RunQuery.all(), null);

        vm.setSort(List.of(RunSort.asc(RunField.metric("val_accuracy"))));
        assertEquals(List.of("run-b", "run-a", "run-c"), names(vm), "run-c has no val_accuracy");

        vm.setSort(List.of(RunSort.desc(RunField.param("lr"))));
        assertEquals(List.of("run-b", "run-a", "run-c"), names(vm));
    }

    @Test
    void rowsArriveAPageAtATime() {
        RunsTableViewModel vm = new RunsTableViewModel(SAME_THREAD, SAME_THREAD, Clock.systemUTC(), 2);
        vm.show(ws, RunQuery.all(), null);

        assertEquals(List.of("run-c", "run-b"), names(vm));
        assertEquals(3, vm.totalProperty().get());
        vm.loadMore();
        assertEquals(List.of("run-c", "run-b", "run-a"), names(vm));
        vm.loadMore();
        assertEquals(3, vm.rows().size(), "nothing more to load");
    }

    @Test
    void selectionDrivesTheCompareAndOpenHooksAndTheStatusBar() {
        RunsTableViewModel vm = new RunsTableViewModel(SAME_THREAD, SAME_THREAD, Clock.systemUTC());
        List<List<String>> compared = new ArrayList<>();
        List<String> opened = new ArrayList<>();
        vm.setOnCompare(compared::add);
        vm.setOnOpen(opened::add);
        vm.show(ws, RunQuery.all(), null);
        String a = vm.rows().get(2).run().id();
        String c = vm.rows().get(0).run().id();

        vm.select(List.of(a));
        vm.compareSelected();
        assertTrue(compared.isEmpty(), "one run is not a comparison");
        assertEquals("3 runs · 1 selected · " + ws.root(), vm.statusTextProperty().get());

        vm.select(List.of(a, c));
        assertTrue(vm.canCompareProperty().get());
        vm.compareSelected();
        vm.open(c);
        assertEquals(List.of(List.of(a, c)), compared);
        assertEquals(List.of(c), opened);
    }

    @Test
    void archiveRenameAndTagWriteThenReload() {
        RunsTableViewModel vm = new RunsTableViewModel(SAME_THREAD, SAME_THREAD, Clock.systemUTC());
        vm.show(ws, RunQuery.all(), null);
        String b = vm.rows().get(1).run().id();
        String c = vm.rows().get(0).run().id();

        vm.rename(b, "renamed");
        vm.addTag(List.of(b), "team", "vision");
        vm.setFilterText("tags.team = vision");
        assertEquals(List.of("renamed"), names(vm));

        vm.setFilterText("");
        vm.archive(List.of(c));
        assertEquals(List.of("renamed", "run-a"), names(vm));
    }

    private static List<String> names(RunsTableViewModel vm) {
        return vm.rows().stream().map(RunItem::name).toList();
    }
}
