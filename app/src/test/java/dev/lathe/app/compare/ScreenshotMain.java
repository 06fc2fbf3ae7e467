package dev.lathe.app.compare;

import dev.lathe.app.detail.RunDetailView;
import dev.lathe.app.detail.RunDetailViewModel;
import dev.lathe.core.Run;
import dev.lathe.workspace.RunQuery;
import dev.lathe.workspace.Workspace;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.application.Platform;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;

/**
 * Looks at the two screens by eye: opens a workspace (args[0], e.g. the demo one), shows CompareView for all its
 * runs and RunDetailView for its first djl-mlp run, and writes snapshots to args[1] and args[2]. With a fourth
 * argument {@code --add-git} it first records a sample git state and patch on that run (point it at a copy).
 * Run headless with -Dglass.platform=Monocle -Dmonocle.platform=Headless -Dprism.order=sw.
 *
 * <p>{@code parallel WORKSPACE OUT.png [SCATTER.png IMPORTANCE.png]} instead compares the trials of the workspace's
 * newest sweep and shots the parallel-coordinates tab with the objective's best third brushed
 * (docs/screenshots/parallel.png), then optionally the scatter (lr against the objective) and importance tabs.
 */
public final class ScreenshotMain {
    private static final String SAMPLE_PATCH = """
            diff --git a/train.py b/train.py
            index 3b18e51..a1c2d3f 100644
            --- a/train.py
            +++ b/train.py
            @@ -10,7 +10,7 @@ def main():
                 model = build(hidden=[64, 32])
            -    lr = 0.1
            +    lr = 0.01
                 epochs = 50
            -    dropout = 0.2
            +    dropout = 0.0
                 fit(model, lr, epochs)
            """;

    private ScreenshotMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("parallel")) {
            parallel(Path.of(args[1]), Path.of(args[2]), args.length > 4 ? Path.of(args[3]) : null, args.length > 4 ? Path.of(args[4]) : null);
            return;
        }
        Path root = Path.of(args[0]);
        ExecutorService background = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "screenshot-bg");
            t.setDaemon(true);
            return t;
        });
        CompletableFuture<Void> started = new CompletableFuture<>();
        Platform.startup(() -> started.complete(null));
        started.get();
        try (Workspace ws = Workspace.open(root)) {
            List<Run> runs = ws.runs().list(RunQuery.all());
            CompareViewModel compare = new CompareViewModel(ws, background, Platform::runLater);
            CompareView compareView = onFx(() -> new CompareView(compare));
            Stage compareStage = show(compareView, 1280, 820);
            onFx(() -> {
                compare.compare(runs.stream().map(Run::id).toList());
                return null;
            });
            waitFor(() -> compare.chartProperty().get() != null && !compare.loadingProperty().get());
            snapshot(compareStage, Path.of(args[1]));

            Run mlp = runs.stream().filter(r -> "djl-mlp".equals(r.trainer())).findFirst().orElse(runs.getFirst());
            if (args.length > 3 && args[3].equals("--add-git")) {
                ws.artifacts().add(mlp.id(), "git/uncommitted.patch", SAMPLE_PATCH.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                ws.runs().recordGit(mlp.id(), new dev.lathe.core.GitState("9f3c2a1d4e5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d", "main",
                        "https://github.com/example/lathe-demo.git", true, "git/uncommitted.patch", root.toString()));
            }
            RunDetailViewModel detail = new RunDetailViewModel(ws, background, Platform::runLater);
            RunDetailView detailView = onFx(() -> new RunDetailView(detail));
            Stage detailStage = show(detailView, 1100, 1500);
            onFx(() -> {
                detail.show(mlp.id());
                return null;
            });
            waitFor(() -> !detail.loadingProperty().get() && !detail.plots().isEmpty());
            snapshot(detailStage, Path.of(args[2]));
            // the lower sections (git patch, environment, artifacts) scrolled into view, beside the first shot
            onFx(() -> {
                ((javafx.scene.control.ScrollPane) detailView.lookup(".detail-scroll")).setVvalue(1);
                return null;
            });
            Thread.sleep(400);
            snapshot(detailStage, Path.of(args[2].replace(".png", "-bottom.png")));
        } finally {
            Platform.exit();
        }
    }

    private static void parallel(Path root, Path out, Path scatterOut, Path importanceOut) throws Exception {
        ExecutorService background = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "screenshot-bg");
            t.setDaemon(true);
            return t;
        });
        CompletableFuture<Void> started = new CompletableFuture<>();
        Platform.startup(() -> started.complete(null));
        started.get();
        try (Workspace ws = Workspace.open(root)) {
            dev.lathe.core.Sweep sweep = ws.sweeps().list().stream()
                    .max(java.util.Comparator.comparing(dev.lathe.core.Sweep::createdAt))
                    .orElseThrow(() -> new IllegalStateException("no sweep in " + root));
            List<String> ids = ws.runs().list(RunQuery.inSweep(sweep.id())).stream().map(Run::id).toList();
            CompareViewModel compare = new CompareViewModel(ws, background, Platform::runLater);
            CompareView view = onFx(() -> new CompareView(compare));
            Stage stage = show(view, 1280, 820);
            onFx(() -> {
                compare.compare(ids);
                view.selectTab(1);
                return null;
            });
            waitFor(() -> compare.analysis().parallelProperty().get() != null && !compare.loadingProperty().get());
            onFx(() -> {
                var chart = compare.analysis().parallelProperty().get();
                // the best third of the objective: which params the good trials share
                chart.brush(chart.axisCount() - 1, 2 / 3.0, 1);
                return null;
            });
            Thread.sleep(600);
            snapshot(stage, out);
            if (scatterOut != null) {
                onFx(() -> {
                    view.selectTab(2);
                    compare.analysis().scatterParamProperty().set("lr");
                    return null;
                });
                Thread.sleep(800);
                snapshot(stage, scatterOut);
                onFx(() -> {
                    view.selectTab(3);
                    return null;
                });
                waitFor(() -> !compare.analysis().importanceLoadingProperty().get());
                snapshot(stage, importanceOut);
            }
        } finally {
            Platform.exit();
        }
    }

    private static Stage show(Parent root, int w, int h) throws Exception {
        return onFx(() -> {
            Stage stage = new Stage();
            Scene scene = new Scene(root, w, h);
            scene.getStylesheets().add(Objects.requireNonNull(ScreenshotMain.class.getResource("/dev/lathe/app/lathe.css")).toExternalForm());
            stage.setScene(scene);
            stage.show();
            return stage;
        });
    }

    private static void waitFor(BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!onFx(condition::getAsBoolean)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for the screen to load");
            }
            Thread.sleep(100);
        }
        // a few pulses so layout, CSS and the chart canvas catch up
        Thread.sleep(600);
    }

    private static void snapshot(Stage stage, Path file) throws Exception {
        WritableImage image = onFx(() -> stage.getScene().snapshot(null));
        ImageIO.write(toBuffered(image), "png", file.toFile());
    }

    private static BufferedImage toBuffered(WritableImage image) throws IOException {
        int w = (int) image.getWidth();
        int h = (int) image.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        PixelReader reader = image.getPixelReader();
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            reader.getPixels(0, y, w, 1, javafx.scene.image.PixelFormat.getIntArgbInstance(), row, 0, w);
            out.setRGB(0, y, w, 1, row, 0, w);
        }
        return out;
    }

    private static <T> T onFx(java.util.concurrent.Callable<T> work) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                result.complete(work.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        return result.get(30, TimeUnit.SECONDS);
    }
}
