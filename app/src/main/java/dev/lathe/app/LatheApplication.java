package dev.lathe.app;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import dev.lathe.app.compare.CompareView;
import dev.lathe.app.compare.CompareViewModel;
import dev.lathe.app.detail.RunDetailView;
import dev.lathe.app.detail.RunDetailViewModel;
import dev.lathe.app.models.ModelsView;
import dev.lathe.app.models.ModelsViewModel;
import dev.lathe.app.models.PublishClient;
import dev.lathe.app.runs.RunsTableView;
import dev.lathe.app.runs.RunsTableViewModel;
import dev.lathe.app.sweeps.RunnerCommand;
import dev.lathe.app.sweeps.SweepsPane;
import dev.lathe.app.workspace.WindowPrefs;
import dev.lathe.app.workspace.WorkspaceView;
import dev.lathe.app.workspace.WorkspaceViewModel;
import dev.lathe.core.ModelVersion;
import dev.lathe.workspace.Workspace;
import dev.lathe.workspace.WorkspaceLocations;
import java.io.File;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TextInputDialog;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.Stage;

/**
 * The composition root: builds the executors, the view-models and their views, and nothing else builds them.
 * Started by {@link Launcher}; the workspace is opened off the FX thread once the window shows. Ctrl+O swaps
 * in another workspace in the same window, each with its remembered size, position and divider.
 */
public final class LatheApplication extends Application {
    private static final System.Logger LOG = System.getLogger(LatheApplication.class.getName());
    private static final int BACKGROUND_THREADS = 2;
    /** Tests point this at a throw-away node so they never touch the user's remembered layout. */
    static final String PREFS_NODE_PROPERTY = "lathe.prefs.node";

    private ExecutorService background;
    private SweepsPane sweeps;
    private ModelsViewModel models;
    private ModelsView modelsView;
    private final Executor ui = Platform::runLater;
    /** The last target a version was published to, offered again in the next publish dialog. */
    private String lastPublishTarget = "";
    private final Clock clock = Clock.systemDefaultZone();
    private WindowPrefs prefs;
    /** Dark or light charts, one for the app: every screen that draws charts binds to it. */
    private final ChartTheme chartTheme = new ChartTheme();
    private Stage stage;
    private Scene scene;
    private WorkspaceViewModel workspace;
    private WorkspaceView view;

    @Override
    public void start(Stage primary) {
        LaunchOptions options = LaunchOptions.parse(getParameters().getRaw(), WorkspaceLocations.system());
        background = newBackgroundExecutor();
        prefs = new WindowPrefs(Preferences.userRoot().node(System.getProperty(PREFS_NODE_PROPERTY, "dev/lathe/app")));
        if (options.theme() != null) {
            prefs.setDarkTheme(options.theme().equals("dark"));
        }
        applyTheme(prefs.darkTheme());
        stage = primary;
        scene = new Scene(new VBox(), 1200, 760);
        scene.getStylesheets().add(Objects.requireNonNull(LatheApplication.class.getResource("lathe.css")).toExternalForm());
        stage.setMinWidth(640);
        stage.setMinHeight(400);
        stage.setScene(scene);
        // a filter as well as the menu's accelerator: lists and tables take Ctrl+N for themselves
        KeyCombination newSweepKey = new KeyCodeCombination(KeyCode.N, KeyCombination.SHORTCUT_DOWN);
        scene.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (newSweepKey.match(e) && workspace != null) {
                e.consume();
                openSweeps();
            }
        });
        showWorkspace(options.workspace());
        stage.show();
        dev.lathe.app.startup.StartupProbe.watch(workspace.busyProperty());
        workspace.open();
    }

    /** Builds the view-models and views for one workspace and puts them in the window, restoring its layout. */
    private void showWorkspace(Path path) {
        RunsTableViewModel runs = new RunsTableViewModel(background, ui, clock);
        workspace = new WorkspaceViewModel(path, p -> Workspace.open(p, Workspace.Mode.EXISTING), runs, background, ui);
        view = new WorkspaceView(workspace, new RunsTableView(runs, clock.getZone(), prefs.columnChoices(path)));
        view.setMenuBar(menuBar());
        WorkspaceView shown = view;
        WorkspaceViewModel opened = workspace;
        // each opened run and each comparison gets a tab of its own, with its own view-model
        runs.setOnOpen(id -> {
            RunDetailViewModel detail = new RunDetailViewModel(opened::workspace, background, ui);
            detail.chartThemeProperty().bind(chartTheme.paletteProperty());
            detail.show(id);
            shown.openTab("run:" + id, "Run " + id.substring(0, Math.min(8, id.length())), new RunDetailView(detail).node());
        });
        runs.setOnCompare(ids -> {
            CompareViewModel compare = new CompareViewModel(opened::workspace, background, ui);
            compare.chartThemeProperty().bind(chartTheme.paletteProperty());
            compare.compare(ids);
            // "Filter runs table" on the parallel-coordinates tab: its brushed ranges go to the runs table's filter box
            compare.analysis().setOnFilterRuns(filter -> {
                shown.focusFilter();
                if (scene.lookup("#run-filter") instanceof javafx.scene.control.TextInputControl box) {
                    box.setText(filter);
                }
            });
            shown.openTab("compare:" + String.join(",", ids), "Compare " + ids.size(), new CompareView(compare).node());
        });

        // publishes queued in the outbox while offline are retried each time a workspace opens
        workspace.stateProperty().subscribe(state -> {
            if (state == WorkspaceViewModel.State.OPEN) {
                background.execute(() -> retryOutbox(opened, path));
            }
        });

        scene.getAccelerators().clear();
        scene.setRoot(view);
        view.installShortcuts(scene);
        stage.titleProperty().bind(workspace.titleProperty());
        prefs.geometry(path).ifPresent(g -> {
            stage.setX(g.x());
            stage.setY(g.y());
            stage.setWidth(g.width());
            stage.setHeight(g.height());
            stage.setMaximized(g.maximized());
            view.mainSplit().setDividerPositions(g.divider());
        });
    }

    /** A tab's content that only says something (the runner could not be found, say). */
    private static Node message(String what) {
        Label label = new Label(what);
        label.setWrapText(true);
        label.getStyleClass().add("message-text");
        VBox box = new VBox(label);
        box.setAlignment(Pos.CENTER);
        return box;
    }

    private MenuBar menuBar() {
        MenuItem open = new MenuItem("Open Workspace…");
        open.setAccelerator(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN));
        open.setOnAction(e -> chooseWorkspace());
        MenuItem quit = new MenuItem("Quit");
        quit.setAccelerator(new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN));
        quit.setOnAction(e -> stage.close());
        Menu file = new Menu("File", null, open, new SeparatorMenuItem(), quit);

        CheckMenuItem dark = new CheckMenuItem("Dark Theme");
        dark.setId("dark-theme");
        dark.setSelected(prefs.darkTheme());
        dark.selectedProperty().subscribe(on -> {
            applyTheme(on);
            prefs.setDarkTheme(on);
        });
        // the scene's accelerators (WorkspaceView.installShortcuts) serve these keys; the menu names them
        MenuItem find = new MenuItem("Filter Runs\tCtrl+F");
        find.setOnAction(e -> view.focusFilter());
        MenuItem refresh = new MenuItem("Refresh\tF5");
        refresh.setOnAction(e -> workspace.refresh());
        Menu viewMenu = new Menu("View", null, find, refresh, new SeparatorMenuItem(), dark);

        MenuItem compare = new MenuItem("Compare Selected\tCtrl+D");
        compare.setOnAction(e -> workspace.runsTable().compareSelected());
        MenuItem newSweep = new MenuItem("New Sweep…");
        newSweep.setAccelerator(new KeyCodeCombination(KeyCode.N, KeyCombination.SHORTCUT_DOWN));
        newSweep.setOnAction(e -> openSweeps());
        MenuItem models = new MenuItem("Models");
        models.setId("open-models");
        models.setAccelerator(new KeyCodeCombination(KeyCode.M, KeyCombination.SHORTCUT_DOWN));
        models.setOnAction(e -> openModels());
        Menu runsMenu = new Menu("Runs", null, compare, new SeparatorMenuItem(), newSweep, models);
        MenuBar bar = new MenuBar(file, viewMenu, runsMenu);
        bar.setId("main-menu");
        return bar;
    }

    /** The sweeps tab: a form to create a sweep and a live view of it; the runner trains, never this process. */
    private void openSweeps() {
        if (sweeps == null) {
            RunnerCommand runner;
            try {
                runner = RunnerCommand.locate();
            } catch (IllegalStateException e) {
                view.openTab("sweeps", "Sweeps", message("Sweeps need Lathe's runner: " + e.getMessage()));
                return;
            }
            sweeps = new SweepsPane(workspace.workspacePath(), workspace::workspace, runner, background, ui);
            sweeps.chartThemeProperty().bind(chartTheme.paletteProperty());
        }
        view.openTab("sweeps", "Sweeps", sweeps.node());
    }

    /** The model registry tab: read again each time it is brought up, since the CLI may have changed it. */
    private void openModels() {
        if (models == null) {
            WorkspaceViewModel opened = workspace;
            models = new ModelsViewModel(opened::workspace, background, ui);
            models.setOnOpenRun(id -> opened.runsTable().open(id));
            try {
                PublishClient publisher = new PublishClient(RunnerCommand.locate());
                ModelsViewModel shownModels = models;
                models.setOnPublish(v -> publish(publisher, opened.workspacePath(), v, shownModels::refresh));
            } catch (IllegalStateException e) {
                // no runner next to the app: the Publish button stays disabled and its tooltip says why
            }
            modelsView = new ModelsView(models, clock.getZone());
        }
        view.openTab("models", "Models", modelsView.node());
        models.refresh();
    }

    /**
     * Asks where to publish a model version, then lets the runner publish it (or queue it in the outbox when the
     * target cannot be reached) and says how it ended.
     */
    private void publish(PublishClient publisher, Path workspacePath, ModelVersion v, Runnable then) {
        TextInputDialog ask = new TextInputDialog(lastPublishTarget);
        ask.initOwner(stage);
        ask.setTitle("Publish " + v.modelName() + ":" + v.version());
        ask.setHeaderText("Publish " + v.modelName() + " version " + v.version() + " to");
        ask.setContentText("oci://host:port/repo, image://host:port/repo,\nmlflow+https://host or git+file:///path");
        ask.getEditor().setPrefColumnCount(36);
        Optional<String> target = ask.showAndWait().map(String::strip).filter(t -> !t.isEmpty());
        if (target.isEmpty()) {
            return;
        }
        lastPublishTarget = target.get();
        background.execute(() -> {
            PublishClient.Outcome outcome = publisher.publish(workspacePath, v.modelName(), v.version(), target.get());
            ui.execute(() -> {
                Alert done = new Alert(outcome.state() == PublishClient.State.FAILED ? Alert.AlertType.ERROR
                        : Alert.AlertType.INFORMATION, outcome.message());
                done.initOwner(stage);
                done.setHeaderText(switch (outcome.state()) {
                    case PUBLISHED -> "Published";
                    case QUEUED -> "Queued in the outbox";
                    case FAILED -> "Not published";
                });
                done.show();
                then.run();
            });
        });
    }

    private static void retryOutbox(WorkspaceViewModel opened, Path path) {
        try {
            if (opened.workspace().outbox().due(java.time.Instant.now()).isEmpty()) {
                return;
            }
            String said = new PublishClient(RunnerCommand.locate()).retryOutbox(path);
            LOG.log(Level.INFO, "outbox of {0}: {1}", path, said);
        } catch (RuntimeException e) {
            LOG.log(Level.INFO, "outbox of {0} not retried now: {1}", path, e.getMessage());
        }
    }

    private void closeSweeps() {
        if (sweeps != null) {
            sweeps.close();
            sweeps = null;
        }
    }

    private void chooseWorkspace() {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle("Open a Lathe workspace");
        File current = workspace.workspacePath().toFile();
        if (current.getParentFile() != null && current.getParentFile().isDirectory()) {
            chooser.setInitialDirectory(current.getParentFile());
        }
        File chosen = chooser.showDialog(stage);
        if (chosen != null) {
            saveLayout();
            closeSweeps();
            models = null;
            modelsView = null;
            workspace.close();
            showWorkspace(chosen.toPath().toAbsolutePath().normalize());
            workspace.open();
        }
    }

    private void applyTheme(boolean dark) {
        Application.setUserAgentStylesheet(dark ? new PrimerDark().getUserAgentStylesheet()
                : new PrimerLight().getUserAgentStylesheet());
        chartTheme.setDark(dark);
    }

    private void saveLayout() {
        if (stage == null || workspace == null || !stage.isShowing() && stage.getWidth() <= 0) {
            return;
        }
        double[] dividers = view.mainSplit().getDividerPositions();
        prefs.saveGeometry(workspace.workspacePath(), new WindowPrefs.Geometry(stage.getX(), stage.getY(),
                stage.getWidth(), stage.getHeight(), stage.isMaximized(), dividers.length > 0 ? dividers[0] : 0.2));
    }

    @Override
    public void stop() throws InterruptedException {
        saveLayout();
        closeSweeps();
        if (workspace != null) {
            workspace.close();
        }
        if (background != null) {
            background.shutdown();
            // let the workspace close its connections; the threads are daemons, so a stuck query cannot hold the exit
            background.awaitTermination(3, TimeUnit.SECONDS);
        }
    }

    /** Named daemon threads, so a thread dump says what they are and they never keep the JVM alive. */
    private static ExecutorService newBackgroundExecutor() {
        return Executors.newFixedThreadPool(BACKGROUND_THREADS, Thread.ofPlatform()
                .name("lathe-background-", 1)
                .daemon(true)
                .uncaughtExceptionHandler((thread, e) ->
                        LOG.log(Level.ERROR, "uncaught exception on " + thread.getName(), e))
                .factory());
    }
}
