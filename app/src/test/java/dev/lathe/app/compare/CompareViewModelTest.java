package dev.lathe.app.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.app.TestWorkspaces;
import dev.lathe.core.Run;
import dev.lathe.core.RunStatus;
import dev.lathe.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.jfree.chart.axis.LogAxis;
import org.jfree.data.xy.IntervalXYDataset;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The compare view-model on a real workspace with same-thread executors. */
class CompareViewModelTest {
    private static final Executor SAME_THREAD = Runnable::run;

    @TempDir
    Path dir;
    private Workspace ws;
    private final List<String> ids = new ArrayList<>();
    private CompareViewModel vm;

    @BeforeEach
    void setUp() {
        ws = Workspace.open(dir);
        String exp = ws.experiments().getOrCreate("iris").id();
        // lr differs (two values), epochs is shared, seed only set on one run
        ids.add(run(exp, "a", Map.of("lr", "0.1", "epochs", "5"), 0.8).id());
        ids.add(run(exp, "b", Map.of("lr", "0.1", "epochs", "5", "seed", "7"), 0.9).id());
        ids.add(run(exp, "c", Map.of("lr", "0.01", "epochs", "5"), 0.7).id());
        vm = new CompareViewModel(ws, SAME_THREAD, SAME_THREAD);
    }

    private Run run(String exp, String name, Map<String, String> params, double acc) {
        return TestWorkspaces.addRun(ws, exp, name, "djl-mlp", params, Map.of("val_accuracy", acc, "train_loss", 1 - acc),
                RunStatus.FINISHED);
    }

    @AfterEach
    void close() {
        ws.close();
    }

    @Test
    void threeRunsGiveThreeLabelledLinesOfTheFirstValidationMetric() {
        vm.compare(ids);
        assertFalse(vm.loadingProperty().get());
        assertEquals(List.of("val_accuracy", "train_loss"), vm.metrics());
        assertEquals("val_accuracy", vm.metricProperty().get());
        XYDataset data = vm.chartProperty().get().dataset();
        assertEquals(3, data.getSeriesCount());
        assertEquals(List.of("a", "b", "c"), vm.chartProperty().get().keys());
        assertEquals(5, data.getItemCount(0));
        assertEquals(0.9, data.getYValue(1, 4), 1e-9);
    }

    @Test
    void switchingMetricLoadsItAndLogAxisAndSmoothingRedraw() {
        vm.compare(ids);
        vm.metricProperty().set("train_loss");
        assertEquals("train_loss", vm.chartProperty().get().options().metric());
        vm.logYProperty().set(true);
        assertInstanceOf(LogAxis.class, vm.chartProperty().get().chart().getXYPlot().getRangeAxis());
        vm.smoothingProperty().set(0.6);
        assertEquals(0.6, vm.chartProperty().get().options().smoothing(), 1e-12);
    }

    @Test
    void groupingByAParamWithTwoValuesDrawsTwoBands() {
        vm.compare(ids);
        assertTrue(vm.groupKeys().contains("lr"));
        vm.groupByProperty().set("lr");
        IntervalXYDataset bands = assertInstanceOf(IntervalXYDataset.class, vm.chartProperty().get().dataset());
        assertEquals(2, bands.getSeriesCount());
        assertEquals(List.of("lr=0.1", "lr=0.01"), vm.chartProperty().get().keys());
        // last step: runs a and b end at 0.8 and 0.9 -> mean 0.85, std 0.05
        assertEquals(0.85, bands.getYValue(0, 4), 1e-9);
        assertEquals(0.80, bands.getStartYValue(0, 4), 1e-9);
        assertEquals(0.90, bands.getEndYValue(0, 4), 1e-9);

        vm.groupByProperty().set(null);
        assertEquals(3, vm.chartProperty().get().dataset().getSeriesCount());
    }

    @Test
    void paramsTableListsOnlyParamsThatDiffer() {
        vm.compare(ids);
        assertEquals(List.of("a", "b", "c"), vm.runs().stream().map(CompareRun::label).toList());
        assertEquals(List.of(new ParamDiff("lr", List.of("0.1", "0.1", "0.01")), new ParamDiff("seed", List.of("", "7", ""))),
                vm.paramDiffs());
        assertEquals(List.of("lr", "seed"), vm.groupKeys());
    }

    @Test
    void sameNamesInTwoExperimentsAreToldApartByExperiment() {
        String other = ws.experiments().getOrCreate("wine").id();
        ids.add(run(other, "a", Map.of("lr", "0.1"), 0.5).id());
        vm.compare(ids);
        assertEquals(List.of("iris / a", "b", "c", "wine / a"), vm.runs().stream().map(CompareRun::label).toList());
    }

    @Test
    void anUnknownRunIsReported() {
        vm.compare(List.of(ids.getFirst(), "missing"));
        assertEquals("No run with id missing", vm.errorProperty().get());
        assertFalse(vm.loadingProperty().get());
    }

    @Test
    void exportsPngAndSvg() throws Exception {
        vm.compare(ids);
        Path png = dir.resolve("chart.png");
        Path svg = dir.resolve("chart.svg");
        vm.exportPng(png, 800, 500);
        vm.exportSvg(svg, 800, 500);
        assertTrue(Files.size(png) > 1000);
        assertTrue(Files.readString(svg).contains("<svg"));
        assertNotNull(vm.messageProperty().get());
    }
}
