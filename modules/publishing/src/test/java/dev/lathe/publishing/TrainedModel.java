package dev.lathe.publishing;

import dev.lathe.core.ModelVersion;
import dev.lathe.core.RunStatus;
import dev.lathe.data.Table;
import dev.lathe.tracking.RunOptions;
import dev.lathe.tracking.TrackedRun;
import dev.lathe.tracking.Tracker;
import dev.lathe.training.Trainer;
import dev.lathe.training.Trainers;
import dev.lathe.training.TrainingListener;
import dev.lathe.training.TrainingRequest;
import dev.lathe.training.TrainingResult;
import dev.lathe.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Trains a real tribuo-cart model on the bundled iris dataset into a workspace and registers it. */
final class TrainedModel {
    static final Path IRIS = Path.of("../../resources/datasets/iris.csv").toAbsolutePath().normalize();

    private TrainedModel() {
    }

    /**
     * Trains and registers NAME's next version. extraPoints adds that many points of a per-step metric, as a
     * long training run logs, so MLflow's log-batch limits are exercised.
     */
    static ModelVersion train(Workspace ws, String name, long seed, int extraPoints) throws Exception {
        Table table = Table.readCsv(IRIS);
        Trainer trainer = Trainers.byName("tribuo-cart");
        Path modelDir = Files.createTempDirectory("lathe-test-model");
        try (Tracker tracker = new Tracker(ws)) {
            TrackedRun run = tracker.startRun(RunOptions.in("iris-publish").optTrainer(trainer.name()).optSeed(seed)
                    .optCaptureGit(false).optTags(Map.of("label", "species")));
            run.recordDataset(table, "train");
            TrainingResult result = trainer.train(new TrainingRequest(table, "species", null, Map.of(), seed, modelDir),
                    new TrainingListener() {
                        @Override
                        public void params(Map<String, String> resolved) {
                            run.logParams(resolved);
                        }

                        @Override
                        public void metric(String key, long step, double value) {
                            run.log(key, step, value);
                        }
                    });
            for (int i = 0; i < extraPoints; i++) {
                run.log("train_loss_curve", i, 1.0 / (1 + i));
            }
            run.logArtifacts("model", result.modelDir());
            run.end(RunStatus.FINISHED, null);
            return ws.registry().register(run.id(), name, "tribuo-cart on iris, seed " + seed);
        }
    }
}
