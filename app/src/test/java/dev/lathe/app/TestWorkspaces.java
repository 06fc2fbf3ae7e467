package dev.lathe.app;

import dev.lathe.core.Run;
import dev.lathe.core.RunStatus;
import dev.lathe.workspace.MetricRepository;
import dev.lathe.workspace.NewRun;
import dev.lathe.workspace.Workspace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds real workspaces for tests; its main fills a richer one for looking at the window by eye. */
public final class TestWorkspaces {
    private TestWorkspaces() {
    }

    /**
     * Two experiments, three finished runs: iris (run-a: lr 0.01, val_accuracy 0.9312; run-b: lr 0.1,
     * val_accuracy 0.8) and wine (run-c: depth 4, rmse 0.61234). Closed again before returning.
     */
    public static Path small(Path dir) {
        try (Workspace ws = Workspace.open(dir)) {
            String iris = ws.experiments().getOrCreate("iris").id();
            String wine = ws.experiments().getOrCreate("wine").id();
            addRun(ws, iris, "run-a", "djl-mlp", Map.of("lr", "0.01"), Map.of("val_accuracy", 0.93123), RunStatus.FINISHED);
            addRun(ws, iris, "run-b", "djl-mlp", Map.of("lr", "0.1"), Map.of("val_accuracy", 0.8), RunStatus.FAILED);
            addRun(ws, wine, "run-c", "tribuo-tree", Map.of("depth", "4"), Map.of("rmse", 0.61234), RunStatus.FINISHED);
        }
        return dir;
    }

    public static Run addRun(Workspace ws, String experimentId, String name, String trainer, Map<String, String> params,
                             Map<String, Double> metrics, RunStatus end) {
        Run run = ws.runs().create(NewRun.running(experimentId, name).withTrainer(trainer));
        ws.runs().logParams(run.id(), params);
        List<MetricRepository.RunPoint> points = new ArrayList<>();
        long now = System.currentTimeMillis();
        metrics.forEach((key, value) -> {
            for (int step = 1; step <= 5; step++) {
                points.add(new MetricRepository.RunPoint(run.id(), key, step, now + step, value * step / 5));
            }
        });
        ws.metrics().writeBatch(points);
        if (end != null) {
            ws.runs().finish(run.id(), end, end == RunStatus.FINISHED ? null : "stopped in a test");
        }
        return run;
    }

    /** Fills the folder given as args[0] with a few experiments and runs, for screenshots. */
    public static void main(String[] args) throws InterruptedException {
        try (Workspace ws = Workspace.open(Path.of(args[0]))) {
            String iris = ws.experiments().getOrCreate("iris").id();
            String wine = ws.experiments().getOrCreate("wine-quality").id();
            String churn = ws.experiments().getOrCreate("churn").id();
            String[] trainers = {"djl-mlp", "tribuo-logistic"};
            for (int i = 0; i < 6; i++) {
                double lr = List.of(0.001, 0.003, 0.01, 0.03, 0.1, 0.3).get(i);
                RunStatus end = i == 4 ? RunStatus.FAILED : i == 5 ? RunStatus.KILLED : RunStatus.FINISHED;
                addRun(ws, iris, "iris-lr-" + lr, trainers[i % 2], Map.of("lr", String.valueOf(lr), "epochs", "20",
                        "hidden", String.valueOf(16 << (i % 3))),
                        Map.of("val_accuracy", 0.86 + i * 0.0173, "val_loss", 0.412 - i * 0.0371, "train_loss", 0.3551 - i * 0.03),
                        end);
                Thread.sleep(20);
            }
            for (int i = 0; i < 4; i++) {
                addRun(ws, wine, "wine-depth-" + (3 + i), "tribuo-tree", Map.of("max_depth", String.valueOf(3 + i)),
                        Map.of("rmse", 0.7123 - i * 0.04321, "mae", 0.5432 - i * 0.02), RunStatus.FINISHED);
                Thread.sleep(20);
            }
            addRun(ws, churn, "churn-baseline", "tribuo-logistic", Map.of("l2", "1e-4"),
                    Map.of("auc", 0.81234, "val_accuracy", 0.7891), null);
        }
    }
}
