package dev.lathe.sweeps;

import dev.lathe.training.TrainingListener;
import java.nio.file.Path;
import java.util.Map;

/**
 * How one trial trains: with a trainer of the SPI on the sweep's table, or by running the sweep's command.
 * Implementations are thread-safe: trials of several slots call them at once.
 */
public interface TrialTask {
    /**
     * Trains one trial, reporting through the listener (metrics per step; {@code stopRequested} is how early
     * stopping and `sweep stop` reach it).
     *
     * @param modelDir an empty folder for the model or the command's outputs; stored as the run's artifacts
     * @return final metrics; throws TrainingException for a failed trial (the message becomes the run's reason)
     */
    Map<String, Double> train(int trial, String runId, Map<String, String> params, long seed, Path modelDir,
                              TrainingListener listener);

    /** Facts recorded with each trial's tags: the trainer, the data. */
    Map<String, String> tags();
}
