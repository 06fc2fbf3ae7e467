package dev.lathe.app.detail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.app.TestWorkspaces;
import dev.lathe.core.DatasetRecord;
import dev.lathe.core.GitState;
import dev.lathe.core.Run;
import dev.lathe.core.RunStatus;
import dev.lathe.workspace.Workspace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The detail view-model on a real workspace, with same-thread executors (no FX thread needed). */
class RunDetailViewModelTest {
    private static final Executor SAME_THREAD = Runnable::run;
    private static final String PATCH = """
            diff --git a/train.py b/train.py
            --- a/train.py
            +++ b/train.py
            @@ -1,2 +1,2 @@
             import torch
            -lr = 0.1
            +lr = 0.01
            """;

    @TempDir
    Path dir;
    @TempDir
    Path out;
    private Workspace ws;
    private Run run;
    private final List<Path> opened = new ArrayList<>();
    private RunDetailViewModel vm;

    @BeforeEach
    void setUp() {
        ws = Workspace.open(dir);
        String exp = ws.experiments().getOrCreate("iris").id();
        run = TestWorkspaces.addRun(ws, exp, "run-a", "djl-mlp", Map.of("lr", "0.01", "epochs", "5"),
                Map.of("val_accuracy", 0.9, "train_loss", 0.2), RunStatus.FINISHED);
        ws.runs().setTags(run.id(), Map.of("owner", "ada"));
        ws.runs().recordEnvironment(run.id(), Map.of("java", "25"));
        ws.artifacts().add(run.id(), "git/uncommitted.patch", PATCH.getBytes(StandardCharsets.UTF_8));
        ws.artifacts().add(run.id(), "model/params.bin", new byte[] {1, 2, 3, 4});
        ws.runs().recordGit(run.id(), new GitState("abc123", "main", "https://example.org/repo.git", true,
                "git/uncommitted.patch", "/src"));
        ws.datasets().recordForRun(run.id(), new DatasetRecord("f00d", "iris.csv", "/data/iris.csv", 150, 5, "{}"), "train");
        vm = new RunDetailViewModel(() -> ws, SAME_THREAD, SAME_THREAD, opened::add, Clock.systemUTC());
    }

    @AfterEach
    void close() {
        ws.close();
    }

    @Test
    void showsHeaderParamsTagsEnvironmentAndDataset() {
        vm.show(run.id());
        assertFalse(vm.loadingProperty().get());
        assertEquals("", vm.errorProperty().get());
        assertEquals("run-a", vm.nameProperty().get());
        assertEquals(RunStatus.FINISHED, vm.statusProperty().get());
        assertEquals("iris", vm.experimentProperty().get());
        assertEquals("djl-mlp", vm.trainerProperty().get());
        assertEquals(run.id(), vm.runIdProperty().get());
        assertEquals(List.of(new KeyValue("epochs", "5"), new KeyValue("lr", "0.01")),
                vm.params().stream().sorted(java.util.Comparator.comparing(KeyValue::key)).toList());
        assertEquals(List.of(new KeyValue("owner", "ada")), vm.tags());
        assertEquals(List.of(new KeyValue("java", "25")), vm.environment());
        assertEquals(List.of(new DatasetItem("iris.csv", "f00d", "150 rows × 5 columns", "/data/iris.csv")), vm.datasets());
        assertEquals(List.of("git/uncommitted.patch", "model/params.bin"), vm.artifacts().stream().map(ArtifactItem::path).toList());
        assertEquals("4 B", vm.artifacts().get(1).sizeText());
    }

    @Test
    void listsValidationMetricsFirstAndChartsTheFirstOnesCurve() {
        vm.show(run.id());
        assertEquals(List.of("val_accuracy", "train_loss"), vm.metrics().stream().map(m -> m.key()).toList());
        assertEquals(1, vm.plots().size());
        assertEquals("val_accuracy", vm.plots().getFirst().key());
        XYDataset data = vm.plots().getFirst().chart().getXYPlot().getDataset();
        assertEquals(5, data.getItemCount(0), "one point per logged step");
        assertEquals(0.9, data.getYValue(0, 4), 1e-9);

        vm.selectMetrics(List.of("train_loss", "val_accuracy"));
        assertEquals(List.of("train_loss", "val_accuracy"), vm.plots().stream().map(MetricPlot::key).toList());
    }

    @Test
    void switchingToTheDarkThemeRedrawsTheShownPlotsDark() {
        vm.show(run.id());
        vm.selectMetrics(List.of("train_loss", "val_accuracy"));
        assertEquals(java.awt.Color.WHITE, vm.plots().getFirst().chart().getBackgroundPaint());

        vm.chartThemeProperty().set(dev.lathe.charts.Palette.DARK);
        assertEquals(List.of("train_loss", "val_accuracy"), vm.plots().stream().map(MetricPlot::key).toList(),
                "the same metrics are charted again");
        for (MetricPlot plot : vm.plots()) {
            assertEquals(dev.lathe.charts.Palette.DARK.background(), plot.chart().getBackgroundPaint(), plot.key());
            assertEquals(dev.lathe.charts.Palette.DARK.text(), plot.chart().getXYPlot().getRangeAxis().getLabelPaint(), plot.key());
        }
    }

    @Test
    void showsGitStateAndThePatchLineByLineWithKinds() {
        vm.show(run.id());
        assertEquals("abc123", vm.gitProperty().get().commit());
        assertTrue(vm.gitProperty().get().dirty());
        List<DiffLine> lines = vm.patch();
        assertEquals(7, lines.size());
        assertEquals(new DiffLine(DiffLine.Kind.REMOVED, "-lr = 0.1"), lines.get(5));
        assertEquals(new DiffLine(DiffLine.Kind.ADDED, "+lr = 0.01"), lines.get(6));
        assertEquals(DiffLine.Kind.FILE, lines.get(1).kind(), "--- is a file header, not a removed line");
        assertEquals(DiffLine.Kind.HUNK, lines.get(3).kind());
        assertEquals(DiffLine.Kind.CONTEXT, lines.get(4).kind());
    }

    @Test
    void aRunWithoutGitShowsNoPatch() {
        String exp = ws.experiments().getOrCreate("iris").id();
        Run plain = TestWorkspaces.addRun(ws, exp, "run-b", "djl-mlp", Map.of(), Map.of(), RunStatus.FAILED);
        vm.show(run.id());
        vm.show(plain.id());
        assertNull(vm.gitProperty().get());
        assertTrue(vm.patch().isEmpty());
        assertTrue(vm.plots().isEmpty());
        assertEquals("stopped in a test", vm.statusReasonProperty().get());
    }

    @Test
    void anUnknownRunIsASentenceNotAStackTrace() {
        vm.show("nope");
        assertEquals("No run with id nope", vm.errorProperty().get());
        assertFalse(vm.loadingProperty().get());
    }

    @Test
    void opensACopyNamedLikeTheArtifactAndExportsItsBytes() throws Exception {
        vm.show(run.id());
        vm.openArtifact("model/params.bin");
        assertEquals(1, opened.size());
        assertEquals("params.bin", opened.getFirst().getFileName().toString());
        assertEquals(4, Files.size(opened.getFirst()));

        Path target = out.resolve("exported.bin");
        vm.exportArtifact("model/params.bin", target);
        assertTrue(vm.messageProperty().get().startsWith("Exported model/params.bin"));
        assertEquals(List.of((byte) 1, (byte) 2, (byte) 3, (byte) 4), toList(Files.readAllBytes(target)));
    }

    @Test
    void longPatchesAreCutWithANote() throws Exception {
        Path big = out.resolve("big.patch");
        Files.writeString(big, "+x\n".repeat(RunDetailViewModel.MAX_PATCH_LINES + 10));
        List<DiffLine> lines = RunDetailViewModel.readPatch(big);
        assertEquals(RunDetailViewModel.MAX_PATCH_LINES + 1, lines.size());
        assertTrue(lines.getLast().text().contains("10 more lines"));
    }

    private static List<Byte> toList(byte[] bytes) {
        List<Byte> l = new ArrayList<>();
        for (byte b : bytes) {
            l.add(b);
        }
        return l;
    }
}
