package dev.lathe.app.sweeps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.core.RunStatus;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The run view alone, headless under Monocle, following a real 2-trial sweep from the form's file to its end. */
class SweepsPaneFxTest {
    @TempDir
    Path tmp;
    private final FxRobot robot = new FxRobot();
    private ExecutorService background;
    private Stage stage;

    @BeforeEach
    void setUp() throws TimeoutException {
        stage = FxToolkit.registerPrimaryStage();
        background = Executors.newFixedThreadPool(2, Thread.ofPlatform().daemon(true).factory());
    }

    @AfterEach
    void tearDown() throws TimeoutException {
        FxToolkit.cleanupStages();
        background.shutdownNow();
    }

    @Test
    void runViewShowsTrialsAppearAndFinish() throws Exception {
        RunnerCommand runner = SweepFixtures.runner();
        Path ws = tmp.resolve("ws");
        Path file = SweepFixtures.irisGrid(ws, runner).save().get(10, TimeUnit.SECONDS);
        SweepRunViewModel vm = new SweepRunViewModel(ws, runner, background, Platform::runLater);
        FxToolkit.setupStage(s -> {
            s.setScene(new Scene((javafx.scene.Parent) new SweepRunView(vm).node(), 1000, 640));
            s.show();
        });

        robot.interact(() -> vm.start(file));
        TableView<TrialRow> table = robot.lookup("#sweep-trials").queryTableView();
        waitUntil("2 finished trials", () -> table.getItems().size() == 2
                && table.getItems().stream().allMatch(t -> t.status() == RunStatus.FINISHED)
                && !vm.runningProperty().get());

        Label status = robot.lookup("#sweep-status").queryAs(Label.class);
        assertEquals("FINISHED", status.getText());
        assertTrue(robot.lookup("#sweep-summary").queryAs(Label.class).getText().startsWith("2 of 2 trials done"));
        assertTrue(robot.lookup("#sweep-stop").queryAs(Button.class).isDisabled());
        assertTrue(robot.lookup("#sweep-resume").queryAs(Button.class).isDisabled());
        assertFalse(robot.lookup("#sweep-error").query().isVisible());
        assertEquals("val_accuracy", table.getColumns().get(2).getText());
    }

    private static void waitUntil(String what, BooleanSupplier condition) throws TimeoutException {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> condition.getAsBoolean());
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(condition.getAsBoolean(), what);
    }
}
