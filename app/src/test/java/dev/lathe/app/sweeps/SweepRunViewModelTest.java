package dev.lathe.app.sweeps;

import static dev.lathe.app.sweeps.SweepFixtures.SAME_THREAD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.core.RunStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drives the real runner: the form writes the file, the runner runs it, the view-model follows its events. */
class SweepRunViewModelTest {
    @TempDir
    Path tmp;

    @Test
    void formWritesTheExpectedYamlAndTheRunnerRunsItToTheEnd() throws Exception {
        RunnerCommand runner = SweepFixtures.runner();
        Path ws = tmp.resolve("ws");
        SweepFormViewModel form = SweepFixtures.irisGrid(ws, runner);

        Path file = form.save().get(10, TimeUnit.SECONDS);
        assertEquals(ws.resolve("sweeps/iris-cart.yaml").toAbsolutePath(), file);
        assertEquals("""
                # A Lathe sweep (docs/sweeps.md), written by the app's sweep form
                name: iris-cart
                data: "%s"
                label: species
                trainer: tribuo-cart
                method: grid
                metric: {name: val_accuracy, goal: maximize}
                parameters:
                  max_depth: {values: [1, 2]}
                run_cap: 2
                parallel: 2
                seed: 7
                """.formatted(SweepFixtures.dataset("iris.csv")), Files.readString(file));

        SweepRunViewModel run = new SweepRunViewModel(ws, runner, SAME_THREAD, SAME_THREAD, Duration.ZERO);
        run.start(file).get(60, TimeUnit.SECONDS);

        assertEquals("", run.errorProperty().get());
        assertEquals("FINISHED", run.sweepStatusProperty().get());
        assertEquals(List.of(0, 1), run.trials().stream().map(TrialRow::trial).toList());
        assertTrue(run.trials().stream().allMatch(t -> t.status() == RunStatus.FINISHED && t.value() != null));
        double best = run.trials().stream().mapToDouble(TrialRow::value).max().orElseThrow();
        assertEquals(best, run.bestProperty().get());
        assertEquals("val_accuracy", run.metricProperty().get());
        assertEquals(1.0, run.progressProperty().get());
        assertEquals(2, run.trialPoints().size());
        assertEquals(best, run.bestCurve().getLast().best());
        assertEquals(2, run.bestCurve().getLast().done());
        assertFalse(run.runningProperty().get());
        assertFalse(run.canResumeProperty().get(), "a finished sweep has nothing to resume");
        assertTrue(run.summaryTextProperty().get().startsWith("2 of 2 trials done"), run.summaryTextProperty().get());

        // the recorded sweep reads back the same from `sweep status`
        SweepRunViewModel view = new SweepRunViewModel(ws, runner, SAME_THREAD, SAME_THREAD, Duration.ZERO);
        view.show(run.sweepIdProperty().get()).get(30, TimeUnit.SECONDS);
        assertEquals(run.trials(), view.trials());
        assertEquals(best, view.bestProperty().get());
    }

    @Test
    void aRefusedFileShowsTheRunnersMessageWithItsLine() throws Exception {
        RunnerCommand runner = SweepFixtures.runner();
        Path ws = tmp.resolve("ws");
        SweepFormViewModel form = SweepFixtures.irisGrid(ws, runner);
        SweepFormViewModel.SearchRow row = form.rows().getFirst();
        row.kindProperty().set("int_uniform");
        row.aProperty().set("5");
        row.bProperty().set("2");
        Path file = form.save().get(10, TimeUnit.SECONDS);

        SweepRunViewModel run = new SweepRunViewModel(ws, runner, SAME_THREAD, SAME_THREAD, Duration.ZERO);
        run.start(file).get(60, TimeUnit.SECONDS);

        assertEquals(file + ", line 9, column 47: parameters.max_depth: min 5 is not below max 2",
                run.fileErrorProperty().get());
        assertTrue(run.errorProperty().get().contains("line 9"), run.errorProperty().get());
        assertTrue(run.trials().isEmpty());
        assertFalse(run.runningProperty().get());
        assertFalse(run.canResumeProperty().get(), "no sweep was recorded, so there is nothing to resume");
    }

    @Test
    void aRunnerThatCrashesShowsItsStderrAndNeverThrows() throws Exception {
        // a "runner" that prints half a stream and dies, as a killed JVM would
        RunnerCommand crashing = new RunnerCommand(List.of("sh", "-c", """
                echo '{"event":"sweep-started","sweep_id":"abc","name":"x","run_cap":3,"slots":1,"workspace":"w"}'
                echo '{"event":"trial-started","trial":0,"run_id":"r0","params":{"lr":"0.1"}}'
                echo 'java.lang.OutOfMemoryError: Java heap space' >&2
                exit 137""", "runner"));
        SweepRunViewModel run = new SweepRunViewModel(tmp, crashing, SAME_THREAD, SAME_THREAD, Duration.ZERO);
        run.start(tmp.resolve("x.yaml")).get(30, TimeUnit.SECONDS);

        assertTrue(run.errorProperty().get().contains("exit code 137"), run.errorProperty().get());
        assertTrue(run.errorProperty().get().contains("OutOfMemoryError"), run.errorProperty().get());
        assertEquals("CRASHED", run.sweepStatusProperty().get());
        assertEquals(RunStatus.KILLED, run.trials().getFirst().status());
        assertTrue(run.canResumeProperty().get(), "a crashed sweep is offered for resuming");
    }
    @Test
    void clusterTrialsShowTheirJobAndItsState() throws Exception {
        // the lines `sweep start --events` prints for a sweep on Slurm (SweepCommand: trial-state, trial-finished)
        RunnerCommand slurm = new RunnerCommand(List.of("sh", "-c", """
                [ "$2" = start ] || exit 0
                echo '{"event":"sweep-started","sweep_id":"abc","name":"x","run_cap":2,"slots":2,"workspace":"w"}'
                echo '{"event":"trial-started","trial":0,"run_id":"r0","params":{"max_depth":"3"}}'
                echo '{"event":"trial-state","trial":0,"run_id":"r0","executor":"slurm","job_id":"41","executor_state":"PENDING"}'
                echo '{"event":"trial-state","trial":1,"run_id":"r1","executor":"slurm","job_id":"42","executor_state":"PENDING"}'
                echo '{"event":"trial-started","trial":1,"run_id":"r1","params":{"max_depth":"5"}}'
                echo '{"event":"trial-state","trial":0,"run_id":"r0","executor":"slurm","job_id":"41","executor_state":"RUNNING"}'
                echo '{"event":"trial-finished","trial":0,"run_id":"r0","status":"FINISHED","value":0.96,"step":1,"params":{"max_depth":"3"},"executor":"slurm","job_id":"41","executor_state":"COMPLETED"}'
                exit 0""", "runner"));
        SweepRunViewModel run = new SweepRunViewModel(tmp, slurm, SAME_THREAD, SAME_THREAD, Duration.ZERO);
        run.start(tmp.resolve("x.yaml")).get(30, TimeUnit.SECONDS);

        assertEquals("slurm 41 · COMPLETED", run.trials().get(0).job());
        // a state that came before its trial's row is kept and shown once the row arrives
        assertEquals("slurm 42 · PENDING", run.trials().get(1).job());
    }
    @Test
    void aPastSweepsClusterTrialsShowTheJobRecordedOnTheirRuns() throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree("""
                {"id": "abc", "name": "x", "status": "FINISHED", "metric": {"name": "val_accuracy", "goal": "maximize"},
                 "run_cap": 2, "done": 2, "trials": [
                  {"trial": 0, "run_id": "r0", "status": "FINISHED", "value": 0.96, "step": 1, "params": {},
                   "executor": "slurm", "job_id": "41", "executor_state": "COMPLETED"},
                  {"trial": 1, "run_id": "r1", "status": "FINISHED", "value": 0.93, "step": 1, "params": {}}]}""");
        SweepSummary summary = SweepSummary.of(json);
        assertEquals("slurm 41 · COMPLETED", summary.trials().get(0).job());
        assertEquals(null, summary.trials().get(1).job());
    }
}
