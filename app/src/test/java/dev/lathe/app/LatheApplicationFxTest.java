package dev.lathe.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.app.runs.RunItem;
import dev.lathe.app.workspace.SidebarItem;
import dev.lathe.core.RunStatus;
import dev.lathe.workspace.Workspace;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.prefs.Preferences;
import javafx.scene.control.TabPane;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import javafx.application.Application;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.ListView;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The real window, headless under Monocle (see the surefire argLine), on a workspace with 2 experiments and 3 runs. */
class LatheApplicationFxTest {
    @TempDir
    Path dir;
    private Stage stage;
    private Application app;
    private final FxRobot robot = new FxRobot();

    private final String prefsNode = "dev/lathe/test-" + UUID.randomUUID();

    @BeforeEach
    void start() throws TimeoutException {
        TestWorkspaces.small(dir);
        // a throw-away prefs node: the test must neither read nor change the user's remembered theme and layout
        System.setProperty(LatheApplication.PREFS_NODE_PROPERTY, prefsNode);
        stage = FxToolkit.registerPrimaryStage();
        app = FxToolkit.setupApplication(LatheApplication.class, "--workspace", dir.toString());
    }

    @AfterEach
    void stop() throws Exception {
        FxToolkit.cleanupApplication(app);
        FxToolkit.cleanupStages();
        Preferences.userRoot().node(prefsNode).removeNode();
        System.clearProperty(LatheApplication.PREFS_NODE_PROPERTY);
    }

    @Test
    void typingAFilterNarrowsTheRowsAndABadOneSaysWhereItIsWrong() {
        TableView<RunItem> table = robot.lookup("#runs-table").queryTableView();
        waitUntil("all 3 runs", () -> table.getItems().size() == 3);

        robot.press(KeyCode.CONTROL, KeyCode.F).release(KeyCode.F, KeyCode.CONTROL);
        robot.write("metrics.val_accuracy > 0.9");
        waitUntil("run-a alone", () -> table.getItems().size() == 1);
        assertEquals("run-a", table.getItems().getFirst().name());
        assertTrue(robot.lookup("#status-text").queryAs(Label.class).getText()
                .startsWith("1 run · filter: metrics.val_accuracy > 0.9"));

        robot.write(" and status =");
        Label error = robot.lookup("#filter-error").queryAs(Label.class);
        waitUntil("the parse error", error::isVisible);
        assertEquals("expected a value after '=', found the end at column 40", error.getText());
        assertEquals(1, table.getItems().size(), "the last good filter's rows stay");

        robot.write(" FAILED");
        waitUntil("no rows, no error", () -> table.getItems().isEmpty() && !error.isVisible());
    }

    @Test
    void clickingAHeaderSortsInTheWorkspaceAndEnterOpensTheRunInATab() {
        TableView<RunItem> table = robot.lookup("#runs-table").queryTableView();
        waitUntil("all 3 runs", () -> table.getItems().size() == 3);

        robot.clickOn("val_accuracy");
        waitUntil("ascending val_accuracy, missing last", () -> table.getItems().stream().map(RunItem::name).toList()
                .equals(List.of("run-b", "run-a", "run-c")));

        robot.clickOn("run-a");
        robot.press(KeyCode.ENTER).release(KeyCode.ENTER);
        TabPane tabs = robot.lookup("#main-tabs").queryAs(TabPane.class);
        waitUntil("a run tab", () -> tabs.getTabs().size() == 2);
        assertTrue(tabs.getSelectionModel().getSelectedItem().getText().startsWith("Run "));
    }

    @Test
    void sidebarListsExperimentsClickingOneShowsItsRunsAndF5Reloads() {
        ListView<SidebarItem> sidebar = robot.lookup("#experiments").queryListView();
        TableView<RunItem> table = robot.lookup("#runs-table").queryTableView();
        waitUntil("the sidebar and all 3 runs", () -> sidebar.getItems().size() == 3 && table.getItems().size() == 3);

        assertEquals("Lathe — " + dir, stage.getTitle());
        assertEquals(List.of("All runs", "iris · 2 runs", "wine · 1 run"),
                sidebar.getItems().stream().map(SidebarItem::label).toList());

        robot.clickOn("iris · 2 runs");
        waitUntil("iris's 2 runs", () -> table.getItems().size() == 2);

        assertEquals(List.of("run-b", "run-a"), table.getItems().stream().map(RunItem::name).toList());
        assertEquals(List.of("Status", "Name", "Experiment", "Trainer", "Started", "Duration", "val_accuracy", "lr"),
                leafColumnTitles(table));
        assertTrue(robot.lookup(".table-cell").queryAll().stream()
                .anyMatch(cell -> "0.9312".equals(((Labeled) cell).getText())),
                "val_accuracy shows run-a's last value to 4 digits");
        assertEquals("2 runs · " + dir, robot.lookup("#status-text").queryAs(Label.class).getText());

        try (Workspace ws = Workspace.open(dir)) {
            String iris = ws.experiments().byName("iris").orElseThrow().id();
            TestWorkspaces.addRun(ws, iris, "run-d", "djl-mlp", Map.of(), Map.of("val_accuracy", 0.5), RunStatus.FINISHED);
        }
        robot.press(KeyCode.F5).release(KeyCode.F5);
        waitUntil("iris's 3 runs after F5", () -> table.getItems().size() == 3);

        assertEquals("iris · 3 runs", sidebar.getSelectionModel().getSelectedItem().label(), "F5 keeps the experiment");
    }

    private static List<String> leafColumnTitles(TableView<RunItem> table) {
        return table.getVisibleLeafColumns().stream().map(TableColumn::getText).toList();
    }

    private static void waitUntil(String what, BooleanSupplier condition) {
        try {
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, condition::getAsBoolean);
        } catch (TimeoutException e) {
            throw new AssertionError("the window did not show " + what + " within 10 s", e);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }
}
