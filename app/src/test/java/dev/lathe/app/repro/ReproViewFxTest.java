package dev.lathe.app.repro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.lathe.app.detail.RunDetailView;
import dev.lathe.app.detail.RunDetailViewModel;
import dev.lathe.app.sweeps.RunnerCommand;
import dev.lathe.workspace.RunQuery;
import dev.lathe.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import javafx.application.Platform;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The run detail's reproducibility row, headless under Monocle: the button reproduces through the real runner. */
class ReproViewFxTest {
    @TempDir
    Path dir;
    private final FxRobot robot = new FxRobot();
    private ExecutorService background;
    private Workspace ws;
    private String runId;

    @BeforeEach
    void setUp() throws Exception {
        RunnerCommand runner;
        try {
            runner = RunnerCommand.locate();
        } catch (IllegalStateException e) {
            fail(e.getMessage() + " — run `./lathe build` first");
            return;
        }
        Path data = dir.resolve("iris.csv");
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("resources/datasets/iris.csv"))) {
                Files.copy(d.resolve("resources/datasets/iris.csv"), data);
                break;
            }
        }
        Process p = new ProcessBuilder(runner.with("train", "--data", data.toString(), "--label", "species",
                "--trainer", "tribuo-cart", "--workspace", dir.resolve("ws").toString())).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0);
        ws = Workspace.open(dir.resolve("ws"));
        runId = ws.runs().list(RunQuery.all()).getFirst().id();
        FxToolkit.registerPrimaryStage();
        // the app's theme, whose looked-up colours charts.css uses
        FxToolkit.setupFixture(() -> javafx.application.Application.setUserAgentStylesheet(
                new atlantafx.base.theme.PrimerLight().getUserAgentStylesheet()));
        background = Executors.newFixedThreadPool(2, Thread.ofPlatform().daemon(true).factory());
    }

    @AfterEach
    void tearDown() throws TimeoutException {
        FxToolkit.cleanupStages();
        FxToolkit.setupFixture(() -> javafx.application.Application.setUserAgentStylesheet(null));
        if (background != null) {
            background.shutdownNow();
        }
        if (ws != null) {
            ws.close();
        }
    }

    @Test
    @Tag("slow")
    void theBadgeSaysNotReproducedThenTheButtonReproducesExactly() throws Exception {
        RunDetailViewModel vm = new RunDetailViewModel(() -> ws, background, Platform::runLater);
        FxToolkit.setupStage(s -> {
            s.setScene(new Scene((Parent) new RunDetailView(vm).node(), 1100, 800));
            s.show();
        });
        robot.interact(() -> vm.show(runId));
        Label badge = robot.lookup("#repro-badge").queryAs(Label.class);
        waitUntil("the run loaded", () -> runId.equals(vm.runIdProperty().get()));
        assertEquals("Not reproduced", badge.getText());

        robot.clickOn("#reproduce");
        waitUntil("the reproduction to end", () -> "Reproduced exactly".equals(badge.getText()));
        Label message = robot.lookup("#repro-message").queryAs(Label.class);
        assertTrue(message.getText().startsWith("Reproduced exactly:"), message.getText());
        // the detail was reloaded: the tag the runner wrote is in the tags table
        waitUntil("the tags reloaded", () -> vm.tags().stream().anyMatch(kv -> kv.key().equals(Verdict.TAG)
                && kv.value().equals("exact")));
        shoot(robot.lookup("#run-detail").query().getScene(), "repro-detail.png");
    }

    @Test
    @Tag("slow")
    void theDriftWindowNamesAShiftedColumnAndChartsIt() throws Exception {
        RunDetailViewModel vm = new RunDetailViewModel(() -> ws, background, Platform::runLater);
        FxToolkit.setupStage(s -> {
            s.setScene(new Scene((Parent) new RunDetailView(vm).node(), 1100, 800));
            s.show();
        });
        robot.interact(() -> vm.show(runId));
        waitUntil("the run loaded", () -> runId.equals(vm.runIdProperty().get()));
        // petal_length moved by 3 cm: far outside the training distribution
        Path iris = dir.resolve("iris.csv");
        java.util.List<String> lines = Files.readAllLines(iris);
        java.util.List<String> shifted = new java.util.ArrayList<>(java.util.List.of(lines.getFirst()));
        int col = java.util.List.of(lines.getFirst().split(",")).indexOf("petal_length");
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            f[col] = String.valueOf(Double.parseDouble(f[col]) + 3);
            shifted.add(String.join(",", f));
        }
        Path data = dir.resolve("shifted.csv");
        Files.write(data, shifted);
        DriftViewModel[] drift = new DriftViewModel[1];
        robot.interact(() -> drift[0] = ReproView.openDrift(vm, data, robot.listWindows().getFirst()));
        try {
            waitUntil("the drift report", () -> !drift[0].features().isEmpty());
        } catch (TimeoutException e) {
            fail("no drift report within the wait; the window says: " + drift[0].summaryProperty().get());
        }
        assertTrue(drift[0].driftedProperty().get());
        assertTrue(drift[0].summaryProperty().get().contains("petal_length"), drift[0].summaryProperty().get());
        Label title = robot.lookup("#drift-chart-title").queryAs(Label.class);
        try {
            waitUntil("the drifted feature charted", () -> title.getText().startsWith("petal_length: PSI"));
        } catch (TimeoutException e) {
            fail("the chart title says '" + title.getText() + "' for features " + drift[0].features());
        }
        shoot(title.getScene(), "drift-window.png");
    }

    /** With -Dlathe.shots=DIR, saves a picture of the scene there, for looking at by eye. */
    private void shoot(javafx.scene.Scene scene, String name) throws Exception {
        String shots = System.getProperty("lathe.shots");
        if (shots == null) {
            return;
        }
        javafx.scene.image.WritableImage[] image = new javafx.scene.image.WritableImage[1];
        robot.interact(() -> image[0] = scene.snapshot(null));
        java.awt.image.BufferedImage out = new java.awt.image.BufferedImage((int) image[0].getWidth(),
                (int) image[0].getHeight(), java.awt.image.BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < out.getHeight(); y++) {
            for (int x = 0; x < out.getWidth(); x++) {
                out.setRGB(x, y, image[0].getPixelReader().getArgb(x, y));
            }
        }
        javax.imageio.ImageIO.write(out, "png", Path.of(shots, name).toFile());
    }

    private static void waitUntil(String what, BooleanSupplier condition) throws TimeoutException {
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> {
            WaitForAsyncUtils.waitForFxEvents();
            return condition.getAsBoolean();
        });
    }
}
