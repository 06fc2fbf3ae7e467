package dev.lathe.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.app.runs.RunItem;
import dev.lathe.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.prefs.Preferences;
import javafx.application.Application;
import javafx.scene.control.DialogPane;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import org.controlsfx.control.CheckComboBox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The real window, headless under Monocle: the runs table's keyboard actions and column chooser, and what a
 * workspace that cannot be opened (damaged, or from a newer Lathe) looks like.
 */
class WorkbenchFxTest {
    @TempDir
    Path dir;
    private Application app;
    private final FxRobot robot = new FxRobot();
    private final String prefsNode = "dev/lathe/test-" + UUID.randomUUID();

    private void startApp(Path workspace) throws TimeoutException {
        System.setProperty(LatheApplication.PREFS_NODE_PROPERTY, prefsNode);
        FxToolkit.registerPrimaryStage();
        app = FxToolkit.setupApplication(LatheApplication.class, "--workspace", workspace.toString());
    }

    private void stopApp() throws TimeoutException {
        FxToolkit.cleanupApplication(app);
        FxToolkit.cleanupStages();
        app = null;
    }

    @AfterEach
    void tearDown() throws Exception {
        if (app != null) {
            stopApp();
        }
        Preferences.userRoot().node(prefsNode).removeNode();
        System.clearProperty(LatheApplication.PREFS_NODE_PROPERTY);
    }

    @Test
    void aHiddenColumnStaysHiddenForThisWorkspaceAfterARestart() throws Exception {
        TestWorkspaces.small(dir);
        startApp(dir);
        TableView<RunItem> table = robot.lookup("#runs-table").queryTableView();
        waitUntil("all 3 runs", () -> table.getItems().size() == 3);
        assertTrue(visibleTitles(table).contains("val_accuracy"));

        CheckComboBox<String> chooser = robot.lookup("#column-chooser").query();
        assertTrue(chooser.getItems().containsAll(List.of("attr:Name", "metric:val_accuracy", "param:lr")));
        assertTrue(chooser.getItemBooleanProperty("attr:Name").get(), "the popup's box for a shown column is ticked");
        robot.interact(() -> chooser.getCheckModel().clearCheck("metric:val_accuracy"));
        robot.interact(() -> chooser.getCheckModel().clearCheck("attr:Trainer"));
        assertFalse(visibleTitles(table).contains("val_accuracy"));
        assertFalse(visibleTitles(table).contains("Trainer"));

        stopApp();
        startApp(dir);
        TableView<RunItem> again = robot.lookup("#runs-table").queryTableView();
        waitUntil("all 3 runs again", () -> again.getItems().size() == 3);
        assertFalse(visibleTitles(again).contains("val_accuracy"), "the choice is remembered for the workspace");
        assertFalse(visibleTitles(again).contains("Trainer"));
        assertTrue(visibleTitles(again).contains("rmse"), "other columns keep their default");
        CheckComboBox<String> chooserAgain = robot.lookup("#column-chooser").query();
        assertFalse(chooserAgain.getCheckModel().isChecked("metric:val_accuracy"));
        assertTrue(chooserAgain.getCheckModel().isChecked("metric:rmse"));
    }

    @Test
    void f2RenamesDeleteArchivesAndCtrlDComparesTheSelection() throws Exception {
        TestWorkspaces.small(dir);
        startApp(dir);
        TableView<RunItem> table = robot.lookup("#runs-table").queryTableView();
        waitUntil("all 3 runs", () -> table.getItems().size() == 3);

        robot.clickOn("run-a");
        robot.press(KeyCode.F2).release(KeyCode.F2);
        waitUntil("the rename dialog", () -> robot.lookup(".dialog-pane .text-field").tryQuery().isPresent());
        // headless windows take the keyboard on a click
        robot.clickOn(".dialog-pane .text-field");
        robot.press(KeyCode.CONTROL, KeyCode.A).release(KeyCode.A, KeyCode.CONTROL);
        robot.write("baseline").press(KeyCode.ENTER).release(KeyCode.ENTER);
        waitUntil("the new name", () -> names(table).contains("baseline"));

        robot.clickOn("run-c");
        robot.press(KeyCode.DELETE).release(KeyCode.DELETE);
        waitUntil("run-c archived", () -> table.getItems().size() == 2 && !names(table).contains("run-c"));

        robot.clickOn("baseline");
        robot.press(KeyCode.CONTROL).clickOn("run-b").release(KeyCode.CONTROL);
        robot.press(KeyCode.CONTROL, KeyCode.D).release(KeyCode.D, KeyCode.CONTROL);
        TabPane tabs = robot.lookup("#main-tabs").queryAs(TabPane.class);
        waitUntil("a compare tab", () -> tabs.getTabs().size() == 2);
        assertEquals("Compare 2", tabs.getSelectionModel().getSelectedItem().getText());

        try (Workspace ws = Workspace.open(dir)) {
            assertEquals(List.of("run-c"), ws.runs().list(dev.lathe.workspace.RunQuery.all()).stream()
                    .filter(r -> ws.runs().archivedAmong(List.of(r.id())).contains(r.id())).map(r -> r.name()).toList());
        }
    }

    @Test
    void aDamagedWorkspaceFileShowsADialogNamingItAndIsLeftAsItWas() throws Exception {
        Files.createDirectories(dir);
        Path db = dir.resolve(Workspace.DB_FILE);
        Files.writeString(db, "this is not a database, it is a text file ".repeat(200));
        byte[] before = Files.readAllBytes(db);

        startApp(dir);
        String text = dialogText();
        assertTrue(text.contains(db.toString()), text);
        assertTrue(text.contains("damaged or not a Lathe workspace"), text);
        assertTrue(text.contains("Nothing in it was changed"), text);
        assertArrayEquals(before, Files.readAllBytes(db), "the damaged file must not be touched");
    }

    @Test
    void aWorkspaceFromANewerLatheShowsADialogAndIsLeftAsItWas() throws Exception {
        try (Workspace ws = Workspace.open(dir)) {
            ws.experiments().getOrCreate("keep-me");
        }
        Path db = dir.resolve(Workspace.DB_FILE);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum, "
                    + "installed_by, installed_on, execution_time, success) VALUES (99, '99', 'future', 'SQL', "
                    + "'V99__future.sql', 0, 'x', CURRENT_TIMESTAMP, 1, 1)");
            st.execute("UPDATE lathe_info SET value = '9.9.0' WHERE key = 'schema_written_by'");
            st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        byte[] before = Files.readAllBytes(db);

        startApp(dir);
        String text = dialogText();
        assertTrue(text.contains("schema version 99"), text);
        assertTrue(text.contains("9.9.0"), text);
        assertArrayEquals(before, Files.readAllBytes(db), "a newer workspace must not be modified");
    }

    private String dialogText() {
        waitUntil("the error dialog", () -> robot.lookup("#workspace-error-dialog").tryQuery().isPresent());
        DialogPane pane = robot.lookup("#workspace-error-dialog").queryAs(DialogPane.class);
        String text = pane.getHeaderText() + "\n" + pane.getContentText();
        robot.interact(() -> pane.getScene().getWindow().hide());
        return text;
    }

    private static List<String> visibleTitles(TableView<RunItem> table) {
        return table.getVisibleLeafColumns().stream().map(TableColumn::getText).toList();
    }

    private static List<String> names(TableView<RunItem> table) {
        return table.getItems().stream().map(RunItem::name).toList();
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
