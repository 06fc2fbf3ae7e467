package dev.lathe.app.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.core.AliasEvent;
import dev.lathe.core.RegisteredModel;
import dev.lathe.workspace.Workspace;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import javafx.application.Platform;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The models screen, headless under Monocle, on a real workspace with a registered model. */
class ModelsViewFxTest {
    @TempDir
    Path dir;
    private final FxRobot robot = new FxRobot();
    private ExecutorService background;
    private Workspace ws;

    @BeforeEach
    void setUp() throws TimeoutException {
        ws = Workspace.open(RegistryFixtures.irisModel(dir));
        FxToolkit.registerPrimaryStage();
        background = Executors.newFixedThreadPool(2, Thread.ofPlatform().daemon(true).factory());
    }

    @AfterEach
    void tearDown() throws TimeoutException {
        FxToolkit.cleanupStages();
        background.shutdownNow();
        ws.close();
    }

    @Test
    void listsTheRegisteredModelAndAnAliasMoveShowsInTheHistory() throws Exception {
        ModelsViewModel vm = new ModelsViewModel(() -> ws, background, Platform::runLater);
        FxToolkit.setupStage(s -> {
            s.setScene(new Scene((Parent) new ModelsView(vm, ZoneOffset.UTC).node(), 1200, 760));
            s.show();
        });
        robot.interact(vm::refresh);

        ListView<RegisteredModel> models = robot.lookup("#models-list").queryListView();
        TableView<AliasEvent> history = robot.lookup("#alias-history").queryTableView();
        waitUntil("the model and its history", () -> models.getItems().size() == 1 && history.getItems().size() == 1);
        assertEquals("iris-cls", models.getItems().getFirst().name());
        assertEquals("iris-cls", robot.lookup("#model-title").queryAs(Label.class).getText());
        assertEquals(2, robot.lookup("#model-versions").queryTableView().getItems().size());
        assertTrue(robot.lookup("#lineage-trainer").queryAs(Label.class).getText().contains("tribuo-cart"));
        assertTrue(robot.lookup("#publish-version").queryAs(Button.class).isDisabled(),
                "publishing is a hook until it is wired in");

        robot.clickOn("#alias-name").write("champion");
        ComboBox<Integer> version = robot.lookup("#alias-version").queryComboBox();
        robot.interact(() -> version.setValue(2));
        robot.clickOn("#alias-comment").write("deeper tree wins");
        robot.clickOn("#set-alias");

        waitUntil("the move in the history", () -> history.getItems().size() == 2);
        AliasEvent move = history.getItems().getFirst();
        assertEquals("champion", move.alias());
        assertEquals(1, move.fromVersion());
        assertEquals(2, move.toVersion());
        assertEquals("deeper tree wins", move.comment());
        assertEquals("Alias 'champion' moved from version 1 to 2.",
                robot.lookup("#alias-message").queryAs(Label.class).getText());
        assertEquals(2, ws.registry().resolve("iris-cls@champion").version(), "the move is in the workspace");
    }

    private static void waitUntil(String what, BooleanSupplier condition) throws TimeoutException {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, condition::getAsBoolean);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(condition.getAsBoolean(), what);
    }
}
