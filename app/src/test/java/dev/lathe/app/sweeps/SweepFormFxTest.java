package dev.lathe.app.sweeps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.core.RunStatus;
import dev.lathe.workspace.Workspace;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import javafx.application.Platform;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The whole sweeps screen, headless, with the real runner: a small sweep filled in on the form and started with
 * its Start button; its trials appear and finish, it joins the list of sweeps, and a trial's curve can be shown,
 * live and again from the workspace once the sweep is reopened from the list. About 35 s on 2 cores (three
 * runner starts and two trainings), hence slow.
 */
@Tag("slow")
class SweepFormFxTest {
    @TempDir
    Path tmp;
    private final FxRobot robot = new FxRobot();
    private ExecutorService background;
    private Workspace ws;
    private SweepsPane pane;

    @BeforeEach
    void setUp() throws TimeoutException {
        ws = Workspace.open(tmp.resolve("ws"));
        FxToolkit.registerPrimaryStage();
        background = Executors.newFixedThreadPool(2, Thread.ofPlatform().daemon(true).factory());
    }

    @AfterEach
    void tearDown() throws TimeoutException {
        if (pane != null) {
            pane.close();
        }
        FxToolkit.cleanupStages();
        background.shutdownNow();
        ws.close();
    }

    @Test
    void aSweepStartedFromTheFormRunsListsAndShowsATrialsCurve() throws Exception {
        RunnerCommand runner = SweepFixtures.runner();
        FxToolkit.setupStage(s -> {
            pane = new SweepsPane(ws.root(), () -> ws, runner, background, Platform::runLater);
            s.setScene(new Scene((Parent) pane.node(), 1200, 760));
            s.show();
        });
        TableView<SweepSummary> list = robot.lookup("#sweep-list").queryTableView();
        waitUntil("the empty list loaded", () -> !pane.list().loadingProperty().get());
        assertTrue(list.getItems().isEmpty());

        SweepFormViewModel form = pane.form();
        robot.interact(() -> {
            form.nameProperty().set("iris-cart");
            form.dataFileProperty().set(SweepFixtures.dataset("iris.csv"));
            form.trainerProperty().set("tribuo-cart");
            form.methodProperty().set("grid");
            form.metricProperty().set("val_accuracy");
            form.parallelProperty().set("1");
            form.runCapProperty().set("2");
            form.seedProperty().set("7");
            SweepFormViewModel.SearchRow row = form.addRow();
            row.nameProperty().set("max_depth");
            row.kindProperty().set("values");
            row.aProperty().set("1, 3");
        });
        // the form scrolls under the list of sweeps: scroll to its buttons, as a user would
        javafx.scene.Node start = robot.lookup("#sweep-start").query();
        robot.interact(() -> {
            for (javafx.scene.Node n = start.getParent(); n != null; n = n.getParent()) {
                if (n instanceof javafx.scene.control.ScrollPane scroll) {
                    scroll.setVvalue(scroll.getVmax());
                    break;
                }
            }
        });
        robot.clickOn("#sweep-start");

        TableView<TrialRow> trials = robot.lookup("#sweep-trials").queryTableView();
        SweepRunViewModel run = pane.run();
        waitUntil("2 finished trials", () -> trials.getItems().size() == 2
                && trials.getItems().stream().allMatch(t -> t.status() == RunStatus.FINISHED)
                && !run.runningProperty().get());
        assertEquals("", run.errorProperty().get());
        waitUntil("the sweep in the list", () -> list.getItems().size() == 1
                && list.getItems().getFirst().status().equals("FINISHED"));
        SweepSummary listed = list.getItems().getFirst();
        assertEquals("iris-cart", listed.name());
        assertEquals(2, listed.done());
        assertTrue(listed.best() != null && listed.best().value() > 0.5, "the list shows the best value");

        robot.interact(() -> trials.getSelectionModel().select(1));
        waitUntil("trial 1's curve", () -> !run.trialCurve().isEmpty());
        double last = run.trialCurve().getLast().value();
        assertEquals(trials.getItems().get(1).value(), last, 1e-9, "the curve ends at the trial's value");

        // reopened from the list, the sweep is read back and the curve comes from the workspace
        robot.interact(() -> pane.open(listed));
        waitUntil("the reopened sweep", () -> trials.getItems().size() == 2 && run.trialCurve().isEmpty());
        robot.interact(() -> trials.getSelectionModel().select(0));
        waitUntil("trial 0's recorded curve", () -> !run.trialCurve().isEmpty());
        assertFalse(run.runningProperty().get());
    }

    private static void waitUntil(String what, BooleanSupplier condition) throws TimeoutException {
        try {
            WaitForAsyncUtils.waitFor(40, TimeUnit.SECONDS, condition::getAsBoolean);
        } catch (TimeoutException e) {
            throw new AssertionError("the sweeps screen did not show " + what + " within 40 s", e);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }
}
