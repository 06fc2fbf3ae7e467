package dev.lathe.sweeps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.core.Run;
import dev.lathe.core.RunStatus;
import dev.lathe.core.Sweep;
import dev.lathe.tracking.Tracker;
import dev.lathe.workspace.RunQuery;
import dev.lathe.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The coordinator against a real workspace and trainer, including what a dead coordinator leaves behind. */
class SweepCoordinatorTest {
    @TempDir
    Path dir;
    Path file;

    @BeforeEach
    void files() throws Exception {
        try (var in = SweepCoordinatorTest.class.getResourceAsStream("/datasets/iris.csv")) {
            Files.copy(in, dir.resolve("iris.csv"), StandardCopyOption.REPLACE_EXISTING);
        }
        file = dir.resolve("s.yaml");
        Files.writeString(file, """
                name: cart
                data: iris.csv
                label: species
                trainer: tribuo-cart
                method: random
                metric: {name: val_accuracy, goal: maximize}
                parameters:
                  max_depth: {distribution: int_uniform, min: 1, max: 8}
                  min_child_weight: {distribution: uniform, min: 1, max: 10}
                run_cap: 5
                parallel: 2
                seed: 4
                """);
    }

    private SweepStatus run(Workspace ws, Sweep sweep) {
        SweepSpec spec = Sweeps.parse(file);
        Sweeps.Plan plan = Sweeps.plan(spec);
        try (Tracker tracker = new Tracker(ws)) {
            return new SweepCoordinator(ws, sweep, spec, SweepCoordinator.inProcess(tracker, plan.task(), spec, sweep),
                    plan.sampler(), plan.scheduler(), Sweeps::format, plan.slots(), SweepListener.NONE).run();
        }
    }

    private Sweep newSweep(Workspace ws) throws Exception {
        var exp = ws.experiments().getOrCreate("cart");
        return ws.sweeps().create(exp.id(), "cart", Files.readString(file), file.toString());
    }

    @Test
    void runsToItsCapWithDistinctParams() throws Exception {
        try (Workspace ws = Workspace.open(dir.resolve("ws"))) {
            SweepStatus s = run(ws, newSweep(ws));
            assertEquals(Sweep.Status.FINISHED, s.sweep().status());
            assertEquals(5, s.count(RunStatus.FINISHED));
            assertEquals(5, s.trials().stream().map(SweepStatus.Trial::params).distinct().count());
            assertTrue(s.best().orElseThrow().objective() > 0.5);
        }
    }

    @Test
    void trialsLeftQueuedOrKilledByADeadCoordinatorRunOnResume() throws Exception {
        Map<String, String> first;
        try (Workspace ws = Workspace.open(dir.resolve("ws"))) {
            Sweep sweep = newSweep(ws);
            SweepSpec spec = Sweeps.parse(file);
            var sampler = Sweeps.plan(spec).sampler();
            // what a coordinator killed at the worst moment leaves: every trial of the budget created, one of
            // them killed while running, the others still queued
            for (int i = 0; i < 5; i++) {
                Map<String, String> params = dev.lathe.sweeps.space.SearchSpace.formatAll(sampler.sample(i, List.of()).orElseThrow());
                Run run = ws.sweeps().createTrial(sweep.id(), sweep.experimentId(), i, "tribuo-cart", 4 + i, params, "cart-" + i);
                if (i == 0) {
                    ws.runs().start(run.id());
                    ws.runs().finish(run.id(), RunStatus.KILLED, "lost: process 1 ended without finishing the run");
                }
            }
            first = ws.runs().list(RunQuery.inSweep(sweep.id())).stream().filter(r -> r.trialIndex() == 0)
                    .findFirst().map(r -> ws.runs().detail(r.id()).orElseThrow().params()).orElseThrow();
            ws.sweeps().setStatus(sweep.id(), Sweep.Status.STOPPED);

            SweepStatus s = run(ws, ws.sweeps().get(sweep.id()).orElseThrow());
            assertEquals(Sweep.Status.FINISHED, s.sweep().status());
            assertEquals(5, s.count(RunStatus.FINISHED), s.trials().toString());
            SweepStatus.Trial zero = s.trials().get(0);
            assertEquals(first.get("max_depth"), zero.params().get("max_depth"), "a killed trial re-runs with its params");
            assertEquals(6, ws.runs().list(RunQuery.inSweep(sweep.id())).size(), "the killed run is kept beside its re-run");
        }
    }
}
