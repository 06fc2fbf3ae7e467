package dev.lathe.app.sweeps;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.animation.PauseTransition;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javafx.util.Duration;
import javax.imageio.ImageIO;

/**
 * For looking at the screen by eye (not a test): opens the sweeps pane on a scratch workspace, fills the form
 * from resources/sweeps/wine-mlp.yaml with a smaller budget, saves /tmp/lathe-sweep-form.png, runs the sweep and
 * saves /tmp/lathe-sweep-run.png when it ends. Run under a display, e.g. xvfb-run.
 */
public final class SweepScreenshots {
    private SweepScreenshots() {
    }

    /** Launches {@link Shots}; a main class that is itself an Application needs JavaFX on the module path. */
    public static void main(String[] args) {
        Application.launch(Shots.class, args);
    }

    public static final class Shots extends Application {
    private ExecutorService background;

    @Override
    public void start(Stage stage) throws IOException {
        // the app's theme: lathe.css and sweeps.css use its colour tokens
        Application.setUserAgentStylesheet(new atlantafx.base.theme.PrimerLight().getUserAgentStylesheet());
        Path ws = Files.createTempDirectory("lathe-sweep-shot");
        background = Executors.newFixedThreadPool(2, Thread.ofPlatform().daemon(true).factory());
        SweepsPane pane = new SweepsPane(ws, RunnerCommand.locate(), background, Platform::runLater);
        Scene scene = new Scene((javafx.scene.Parent) pane.node(), 1400, 900);
        scene.getStylesheets().add(SweepScreenshots.class.getResource("/dev/lathe/app/lathe.css").toExternalForm());
        stage.setScene(scene);
        stage.setTitle("Lathe sweeps");
        stage.show();

        Path example = SweepFixtures.dataset("wine.csv").getParent().resolveSibling("sweeps/wine-mlp.yaml");
        SweepFormViewModel form = pane.form();
        form.open(example).thenRun(() -> {
            form.nameProperty().set("wine-mlp-small");
            form.runCapProperty().set("6");
            form.maxMinutesProperty().set("5");
            form.parallelProperty().set("2");
            form.saveTo(ws.resolve("sweeps/wine-mlp-small.yaml"));
        });
        later(6, () -> {
            shoot(scene, Path.of("/tmp/lathe-sweep-form.png"));
            pane.start();
            SweepRunViewModel run = pane.run();
            // a trace on stdout, and a shot after 4 minutes whatever the state, so a stuck sweep still shows
            javafx.animation.Timeline trace = new javafx.animation.Timeline(new javafx.animation.KeyFrame(
                    Duration.seconds(10), e -> System.out.println(run.sweepStatusProperty().get() + " | "
                    + run.summaryTextProperty().get() + " | " + run.errorProperty().get())));
            trace.setCycleCount(javafx.animation.Animation.INDEFINITE);
            trace.play();
            later(240, () -> {
                shoot(scene, Path.of("/tmp/lathe-sweep-run.png"));
                pane.close();
                Platform.exit();
            });
            pane.run().runningProperty().subscribe((was, now) -> {
                if (was && !now) {
                    later(1, () -> {
                        shoot(scene, Path.of("/tmp/lathe-sweep-run.png"));
                        Platform.exit();
                    });
                }
            });
        });
    }

    @Override
    public void stop() {
        background.shutdownNow();
    }

    }

    private static void later(double seconds, Runnable r) {
        PauseTransition p = new PauseTransition(Duration.seconds(seconds));
        p.setOnFinished(e -> r.run());
        p.play();
    }

    /** The scene as a PNG, without javafx.swing: pixels copied by hand into an AWT image. */
    private static void shoot(Scene scene, Path to) {
        WritableImage image = scene.snapshot(null);
        int w = (int) image.getWidth();
        int h = (int) image.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        PixelReader pixels = image.getPixelReader();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out.setRGB(x, y, pixels.getArgb(x, y));
            }
        }
        try {
            ImageIO.write(out, "png", to.toFile());
            System.out.println("wrote " + to);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
