package dev.lathe.app;

import dev.lathe.app.runs.RunsTableView;
import dev.lathe.app.runs.RunsTableViewModel;
import dev.lathe.app.workspace.WorkspaceView;
import dev.lathe.app.workspace.WorkspaceViewModel;
import dev.lathe.workspace.Workspace;
import dev.lathe.workspace.WorkspaceLocations;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * The composition root: builds the executors, the view-models and their views, and nothing else builds them.
 * Started by {@link Launcher}; the workspace is opened off the FX thread once the window shows.
 */
public final class LatheApplication extends Application {
    private static final System.Logger LOG = System.getLogger(LatheApplication.class.getName());
    private static final int BACKGROUND_THREADS = 2;

    private ExecutorService background;
    private WorkspaceViewModel workspace;

    @Override
    public void start(Stage stage) {
        LaunchOptions options = LaunchOptions.parse(getParameters().getRaw(), WorkspaceLocations.system());
        background = newBackgroundExecutor();
        Executor ui = Platform::runLater;
        Clock clock = Clock.systemDefaultZone();

        RunsTableViewModel runs = new RunsTableViewModel(background, ui, clock);
        workspace = new WorkspaceViewModel(options.workspace(),
                path -> Workspace.open(path, Workspace.Mode.EXISTING), runs, background, ui);
        WorkspaceView view = new WorkspaceView(workspace, new RunsTableView(runs, clock.getZone()));

        Scene scene = new Scene(view, 1200, 760);
        scene.getStylesheets().add(Objects.requireNonNull(LatheApplication.class.getResource("lathe.css")).toExternalForm());
        view.installShortcuts(scene);
        stage.titleProperty().bind(workspace.titleProperty());
        stage.setMinWidth(640);
        stage.setMinHeight(400);
        stage.setScene(scene);
        stage.show();
        workspace.open();
    }

    @Override
    public void stop() throws InterruptedException {
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
