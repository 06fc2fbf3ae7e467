package dev.lathe.app.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.app.TestWorkspaces;
import dev.lathe.app.sweeps.RunnerCommand;
import dev.lathe.charts.ParallelCoordinatesChart;
import dev.lathe.charts.ScatterChart;
import dev.lathe.core.RunRow;
import dev.lathe.core.RunStatus;
import dev.lathe.workspace.RunTable;
import dev.lathe.workspace.Workspace;
import dev.lathe.workspace.query.RunFilter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executor;
import org.jfree.chart.axis.LogAxis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parallel, scatter and importance logic of the compare screen, on a real workspace, same-thread executors. */
class AnalysisViewModelTest {
    private static final Executor SAME_THREAD = Runnable::run;

    @TempDir
    Path dir;
    private Workspace ws;
    private final List<String> ids = new ArrayList<>();
    private CompareViewModel vm;

    /** 30 runs: lr log-uniform drives val_accuracy, optimizer and dropout are noise, epochs is shared. */
    @BeforeEach
    void setUp() {
        ws = Workspace.open(dir);
        String exp = ws.experiments().getOrCreate("wine").id();
        Random random = new Random(5);
        String[] optimizers = {"adam", "sgd", "rmsprop"};
        for (int i = 0; i < 30; i++) {
            double lr = Math.pow(10, -4 + 3 * random.nextDouble());
            double accuracy = 0.95 - 0.08 * Math.pow(Math.log10(lr) + 2.5, 2) + 0.003 * random.nextGaussian();
            ids.add(TestWorkspaces.addRun(ws, exp, "trial-" + i, "djl-mlp", Map.of("lr", Double.toString(lr),
                    "optimizer", optimizers[i % 3], "dropout", String.format(java.util.Locale.ROOT, "%.3f", 0.5 * random.nextDouble()),
                    "epochs", "30"), Map.of("val_accuracy", accuracy, "train_loss", 1 - accuracy),
                    i == 29 ? RunStatus.FAILED : RunStatus.FINISHED).id());
        }
        vm = new CompareViewModel(() -> ws, SAME_THREAD, SAME_THREAD, runnerOrSkip());
    }

    @AfterEach
    void close() {
        ws.close();
    }

    /** The runner jar as the build leaves it, found above the working folder; null before local-runner is built. */
    static Path runnerJar() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path jar = d.resolve("local-runner/target/lathe-local-runner.jar");
            if (Files.isRegularFile(jar)) {
                return jar;
            }
        }
        return null;
    }

    private static ImportanceSource runnerOrSkip() {
        Path jar = runnerJar();
        return (workspace, runIds, metric, maximize, pruned) -> ImportanceSource.runner(() -> RunnerCommand.ofJar(jar))
                .compute(workspace, runIds, metric, maximize, pruned);
    }

    private static void assumeRunner() {
        Assumptions.assumeTrue(runnerJar() != null, "needs the runner jar (local-runner/target/lathe-local-runner.jar): "
                + "build local-runner first");
    }

    @Test
    void parallelCoordinatesHaveOneAxisPerDifferingParamPlusTheObjectiveAndOneLinePerRun() {
        vm.compare(ids);
        AnalysisViewModel a = vm.analysis();
        assertEquals("val_accuracy", a.objectiveProperty().get(), "validation metrics come first");
        assertTrue(a.maximizeProperty().get(), "an accuracy is maximized");
        ParallelCoordinatesChart chart = a.parallelProperty().get();
        assertEquals(List.of("dropout", "lr", "optimizer", "val_accuracy"), chart.axisNames(), "epochs never differs");
        assertEquals(30, chart.lineCount());
        assertEquals("30 runs", a.parallelMessageProperty().get());

        a.axes().setAll("lr");
        assertEquals(List.of("lr", "val_accuracy"), a.parallelProperty().get().axisNames());
        a.objectiveProperty().set("train_loss");
        assertEquals(List.of("lr", "train_loss"), a.parallelProperty().get().axisNames());
    }

    @Test
    void brushedRangesBecomeFilterTextThatSelectsTheSameRunsInTheRunsTable() {
        vm.compare(ids);
        AnalysisViewModel a = vm.analysis();
        List<String> received = new ArrayList<>();
        a.setOnFilterRuns(received::add);
        ParallelCoordinatesChart chart = a.parallelProperty().get();
        int lr = chart.axisNames().indexOf("lr");
        int optimizer = chart.axisNames().indexOf("optimizer");
        chart.brushValues(lr, 1e-3, 1e-2);
        chart.brush(optimizer, 0, 0.6);
        String filter = a.brushFilterProperty().get();
        assertTrue(filter.startsWith("params.lr >= 0.001 and params.lr <= 0.01 and params.optimizer in (\"adam\", \"rmsprop\")"), filter);
        int selected = chart.selected().size();
        assertTrue(selected > 0 && selected < 30, selected + " brushed");
        assertEquals(selected, a.brushedCountProperty().get());
        assertEquals(selected + " of 30 runs inside the brushed ranges", a.parallelMessageProperty().get());

        // the runs table, asked with that text, shows exactly the brushed runs
        RunTable.Page page = ws.runs().table().page(RunTable.Query.all().withFilter(RunFilter.parse(filter)), 0, 100);
        assertEquals(new HashSet<>(chart.selectedIds()), new HashSet<>(page.rows().stream().map(r -> r.run().id()).toList()));

        a.filterRunsTable();
        assertEquals(List.of(filter), received);

        List<String> brushed = a.brushedIds();
        a.compareBrushed();
        assertEquals(brushed, vm.runs().stream().map(CompareRun::id).toList(), "compare narrowed to the brushed runs");
        assertEquals(brushed.size(), vm.analysis().parallelProperty().get().lineCount());
        assertEquals("", vm.analysis().brushFilterProperty().get(), "a new comparison starts unbrushed");
    }

    @Test
    void scatterPlotsANumericParamOnALogAxisWhenItSpansDecadesAndHighlightsTheBestRun() {
        vm.compare(ids);
        AnalysisViewModel a = vm.analysis();
        assertEquals("dropout", a.scatterParamProperty().get(), "the first numeric differing param");
        assertFalse(a.scatterLogXProperty().get());
        a.scatterParamProperty().set("lr");
        assertTrue(a.scatterLogXProperty().get(), "lr spans three decades");
        ScatterChart chart = a.scatterProperty().get();
        assertInstanceOf(LogAxis.class, chart.chart().getXYPlot().getDomainAxis());
        assertEquals(List.of("FINISHED", "FAILED", ScatterChart.BEST), chart.seriesKeys());
        assertEquals(30, chart.pointCount());
        double best = ws.runs().rows(dev.lathe.workspace.RunQuery.all()).stream().map(RunRow::metrics)
                .mapToDouble(m -> m.get("val_accuracy").last()).max().orElseThrow();
        assertEquals(best, chart.dataset().getSeries(ScatterChart.BEST).getY(0).doubleValue(), 1e-12);

        a.scatterParamProperty().set("optimizer");
        assertEquals(List.of("adam", "rmsprop", "sgd"), a.scatterProperty().get().categories());
        a.scatterMetricProperty().set("train_loss");
        assertEquals("train_loss", a.scatterProperty().get().chart().getXYPlot().getRangeAxis().getLabel());
    }

    @Test
    void importanceFromTheRunnerRanksTheParamThatDrivesTheObjectiveFirst() {
        assumeRunner();
        vm.compare(ids);
        AnalysisViewModel a = vm.analysis();
        assertTrue(a.importanceMessageProperty().get().startsWith("Compute which params explain val_accuracy"));
        a.computeImportance();
        assertFalse(a.importanceLoadingProperty().get());
        ImportanceSource.Result result = a.importanceResultProperty().get();
        assertNotNull(result, a.importanceMessageProperty().get());
        assertEquals(29, result.trials(), "finished runs only");
        assertEquals("lr", result.params().getFirst().param(), result.toString());
        assertEquals(List.of("lr", "dropout", "optimizer").size(), result.params().size());
        assertEquals("lr", a.importanceProperty().get().params().getFirst());
        assertTrue(a.importanceMessageProperty().get().startsWith("permutation importance"));
    }

    @Test
    void tooFewRunsForImportanceIsReportedAsAMessage() {
        assumeRunner();
        vm.compare(ids.subList(0, 5));
        vm.analysis().computeImportance();
        assertEquals(null, vm.analysis().importanceProperty().get());
        assertTrue(vm.analysis().importanceMessageProperty().get().contains("needs at least 8 trials"),
                vm.analysis().importanceMessageProperty().get());
    }

    @Test
    void lossesAreMinimized() {
        assertTrue(CompareViewModel.lowerIsBetter("val_loss"));
        assertTrue(CompareViewModel.lowerIsBetter("val_rmse"));
        assertFalse(CompareViewModel.lowerIsBetter("val_accuracy"));
    }
}
