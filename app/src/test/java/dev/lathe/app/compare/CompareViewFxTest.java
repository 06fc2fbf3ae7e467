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
}
