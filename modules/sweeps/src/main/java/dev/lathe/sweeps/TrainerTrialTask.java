package dev.lathe.sweeps;

import dev.lathe.data.Table;
import dev.lathe.training.Task;
import dev.lathe.training.Trainer;
import dev.lathe.training.TrainingListener;
import dev.lathe.training.TrainingRequest;
import java.nio.file.Path;
import java.util.Map;

/** A trial trained by a trainer of the SPI (djl-mlp, tribuo-*) on the sweep's table, read once for all trials. */
public final class TrainerTrialTask implements TrialTask {
    private final Trainer trainer;
    private final Table table;
    private final String label;
    private final Task task;

    public TrainerTrialTask(Trainer trainer, Table table, String label, Task task) {
        this.trainer = trainer;
        this.table = table;
        this.label = label;
        this.task = task;
    }

    public Table table() {
        return table;
    }

    @Override
    public Map<String, Double> train(int trial, String runId, Map<String, String> params, long seed, Path modelDir,
                                     TrainingListener listener) {
        return trainer.train(new TrainingRequest(table, label, task, params, seed, modelDir), listener).finalMetrics();
    }

    @Override
    public Map<String, String> tags() {
        return Map.of("label", label, "data", table.name(), "engine", trainer.engine());
    }
}
