package dev.lathe.app.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.app.TestWorkspaces;
import dev.lathe.core.RunStatus;
import dev.lathe.workspace.Workspace;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.jfree.chart.JFreeChart;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** CompareView alone in a stage, headless (Monocle), with real background loading. */
class CompareViewFxTest {
    @TempDir
    Path dir;
    private Workspace ws;
    private ExecutorService background;

    @BeforeEach
    void setUp() throws TimeoutException {
        FxToolkit.registerPrimaryStage();
        // the app's theme, whose looked-up colours charts.css uses
        FxToolkit.setupFixture(() -> javafx.application.Application.setUserAgentStylesheet(
                new atlantafx.base.theme.PrimerLight().getUserAgentStylesheet()));
        ws = Workspace.open(dir);
        background = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "compare-test-bg");
            t.setDaemon(true);
            return t;
        });
    }

    @AfterEach
    void tearDown() throws TimeoutException {
        FxToolkit.cleanupStages();
        FxToolkit.setupFixture(() -> javafx.application.Application.setUserAgentStylesheet(null));
        background.shutdownNow();
        ws.close();
    }

    @Test
    void showsAChartWithOneSeriesPerRun() throws Exception {
        String exp = ws.experiments().getOrCreate("iris").id();
        String a = TestWorkspaces.addRun(ws, exp, "a", "djl-mlp", Map.of("lr", "0.1"), Map.of("val_loss", 0.5), RunStatus.FINISHED).id();
        String b = TestWorkspaces.addRun(ws, exp, "b", "djl-mlp", Map.of("lr", "0.2"), Map.of("val_loss", 0.4), RunStatus.FINISHED).id();

        CompareView[] view = new CompareView[1];
        FxToolkit.setupStage(stage -> {
            CompareViewModel vm = new CompareViewModel(ws, background, Platform::runLater);
            view[0] = new CompareView(vm);
            stage.setScene(new Scene(view[0], 1000, 700));
            stage.show();
            vm.compare(List.of(a, b));
        });
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> view[0].chartViewer().getChart() != null);
        WaitForAsyncUtils.waitForFxEvents();
        JFreeChart chart = view[0].chartViewer().getChart();
        assertEquals(2, chart.getXYPlot().getDataset().getSeriesCount());
        assertEquals(List.of("a", "b"), List.of(chart.getXYPlot().getDataset().getSeriesKey(0),
                chart.getXYPlot().getDataset().getSeriesKey(1)));
        assertTrue(view[0].chartViewer().isVisible());
        assertEquals(1, view[0].lookupAll("#compare-params").size());
    }

    /** Brightness of the viewer's pixel at (x, y) as drawn on screen, 0 black .. 1 white. */
    private static double drawnBrightness(javafx.scene.Node node, int x, int y) {
        javafx.scene.image.WritableImage image = node.snapshot(null, null);
        return image.getPixelReader().getColor(x, y).getBrightness();
    }

    @Test
    void switchingTheAppThemeToDarkRedrawsTheChartsDark() throws Exception {
        String exp = ws.experiments().getOrCreate("iris").id();
        String a = TestWorkspaces.addRun(ws, exp, "a", "djl-mlp", Map.of("lr", "0.1"), Map.of("val_loss", 0.5), RunStatus.FINISHED).id();
        String b = TestWorkspaces.addRun(ws, exp, "b", "djl-mlp", Map.of("lr", "0.2"), Map.of("val_loss", 0.4), RunStatus.FINISHED).id();
        dev.lathe.app.ChartTheme theme = new dev.lathe.app.ChartTheme();
        CompareView[] view = new CompareView[1];
        CompareViewModel[] vm = new CompareViewModel[1];
        FxToolkit.setupStage(stage -> {
            vm[0] = new CompareViewModel(ws, background, Platform::runLater);
            // as the composition root does
            vm[0].chartThemeProperty().bind(theme.paletteProperty());
            view[0] = new CompareView(vm[0]);
            stage.setScene(new Scene(view[0], 1000, 700));
            stage.show();
            vm[0].compare(List.of(a, b));
        });
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> view[0].chartViewer().getChart() != null
                && vm[0].analysis().parallelProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        JFreeChart light = view[0].chartViewer().getChart();
        double[] before = new double[1];
        WaitForAsyncUtils.asyncFx(() -> before[0] = drawnBrightness(view[0].chartViewer(), 3, 3)).get();
        assertTrue(before[0] > 0.9, "light theme: the curves are drawn on white, got brightness " + before[0]);

        WaitForAsyncUtils.asyncFx(() -> theme.setDark(true)).get();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> view[0].chartViewer().getChart() != light);
        WaitForAsyncUtils.waitForFxEvents();
        JFreeChart dark = view[0].chartViewer().getChart();
        assertEquals(2, dark.getXYPlot().getDataset().getSeriesCount(), "the same runs are drawn again");
        assertTrue(((java.awt.Color) dark.getBackgroundPaint()).getRed() < 60, "the chart background is dark");
        assertTrue(((java.awt.Color) dark.getXYPlot().getRangeAxis().getLabelPaint()).getRed() > 150, "axis text is light");
        double[] after = new double[1];
        WaitForAsyncUtils.asyncFx(() -> after[0] = drawnBrightness(view[0].chartViewer(), 3, 3)).get();
        assertTrue(after[0] < 0.2, "dark theme: the curves are drawn on a dark background, got brightness " + after[0]);
        assertEquals(dev.lathe.charts.Palette.DARK, vm[0].analysis().parallelProperty().get().theme(),
                "parallel coordinates follow the theme too");

        WaitForAsyncUtils.asyncFx(() -> theme.setDark(false)).get();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> view[0].chartViewer().getChart() != dark);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(java.awt.Color.WHITE, view[0].chartViewer().getChart().getBackgroundPaint(), "and back to light");
    }

    @Test
    void theParallelCoordinatesTabShowsOneLinePerRunAndADragOnAnAxisBrushesIt() throws Exception {
        String exp = ws.experiments().getOrCreate("wine").id();
        List<String> ids = new java.util.ArrayList<>();
        double[] lrs = {0.0001, 0.001, 0.01, 0.1};
        for (int i = 0; i < lrs.length; i++) {
            ids.add(TestWorkspaces.addRun(ws, exp, "t" + i, "djl-mlp", Map.of("lr", Double.toString(lrs[i]), "hidden", i % 2 == 0 ? "32" : "64"),
                    Map.of("val_accuracy", 0.6 + 0.1 * i), RunStatus.FINISHED).id());
        }
        CompareView[] view = new CompareView[1];
        CompareViewModel[] vm = new CompareViewModel[1];
        FxToolkit.setupStage(stage -> {
            vm[0] = new CompareViewModel(ws, background, Platform::runLater);
            view[0] = new CompareView(vm[0]);
            stage.setScene(new Scene(view[0], 1000, 700));
            stage.show();
            vm[0].compare(ids);
            view[0].selectTab(1);
        });
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> view[0].parallelViewer().getChart() != null
                && view[0].parallelViewer().isVisible());
        WaitForAsyncUtils.waitForFxEvents();
        dev.lathe.charts.ParallelCoordinatesChart chart = vm[0].analysis().parallelProperty().get();
        assertEquals(chart.chart(), view[0].parallelViewer().getChart());
        assertEquals(4, chart.lineCount(), "one line per compared run");
        assertEquals(List.of("hidden", "lr", "val_accuracy"), chart.axisNames());

        // drag down the lr axis (log: 1e-4 at the bottom, 0.1 at the top) over its upper half: the runs with lr 0.01 and 0.1 stay
        var canvas = view[0].parallelViewer().getCanvas();
        double[] axisX = {-1};
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> {
            for (int x = 0; x < canvas.getWidth() && axisX[0] < 0; x++) {
                if (chart.axisAt(x) == 1) {
                    axisX[0] = x;
                }
            }
            return axisX[0] >= 0;
        });
        double top = -1;
        double bottom = -1;
        for (int y = 0; y < canvas.getHeight(); y++) {
            double p = chart.positionAt(y);
            if (top < 0 && p < 1) {
                // a little above the axis top: positions clamp to 1, so the drag takes the largest lr
                top = Math.max(0, y - 4);
            }
            if (p > 0.55) {
                bottom = y;
            }
        }
        org.testfx.api.FxRobot robot = new org.testfx.api.FxRobot();
        robot.drag(canvas.localToScreen(axisX[0] + 8, top), javafx.scene.input.MouseButton.PRIMARY)
                .moveTo(canvas.localToScreen(axisX[0] + 8, bottom)).release(javafx.scene.input.MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(2, vm[0].analysis().brushedCountProperty().get(), vm[0].analysis().brushFilterProperty().get());
        assertTrue(vm[0].analysis().brushFilterProperty().get().startsWith("params.lr >= "));
    }
}
