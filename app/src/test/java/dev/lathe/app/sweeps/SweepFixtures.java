package dev.lathe.app.sweeps;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executor;

/** The real runner and the repository's datasets, for tests that drive actual sweeps. */
final class SweepFixtures {
    /** Runs work at once on the calling thread: view-model tests need no FX thread. */
    static final Executor SAME_THREAD = Runnable::run;

    private SweepFixtures() {
    }

    /** The built runner jar; a missing jar fails the test with the command that builds it, never skips it. */
    static RunnerCommand runner() {
        try {
            return RunnerCommand.locate();
        } catch (IllegalStateException e) {
            return fail(e.getMessage() + " — run `./lathe build` first");
        }
    }

    static Path dataset(String name) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path csv = dir.resolve("resources/datasets").resolve(name);
            if (Files.isRegularFile(csv)) {
                return csv;
            }
        }
        return fail("resources/datasets/" + name + " not found above " + Path.of("").toAbsolutePath());
    }

    /** The form filled in for a grid over tribuo-cart's max_depth [1, 2] on iris: 2 trials, about a second. */
    static SweepFormViewModel irisGrid(Path workspace, RunnerCommand runner) {
        SweepFormViewModel form = new SweepFormViewModel(workspace, runner, SAME_THREAD, SAME_THREAD);
        form.nameProperty().set("iris-cart");
        form.dataFileProperty().set(dataset("iris.csv"));
        form.trainerProperty().set("tribuo-cart");
        form.methodProperty().set("grid");
        form.metricProperty().set("val_accuracy");
        form.parallelProperty().set("2");
        form.runCapProperty().set("2");
        form.seedProperty().set("7");
        SweepFormViewModel.SearchRow row = form.addRow();
        row.nameProperty().set("max_depth");
        row.kindProperty().set("values");
        row.aProperty().set("1, 2");
        return form;
    }
}
