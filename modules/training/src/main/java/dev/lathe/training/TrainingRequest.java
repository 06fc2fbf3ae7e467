package dev.lathe.training;

import dev.lathe.data.Table;
import java.nio.file.Path;
import java.util.Map;

/**
 * One training job: the data, which column to predict, the task, the user's params (as given on the command
 * line, before defaults), the seed, and an empty folder where the trainer writes the model folder.
 */
public record TrainingRequest(Table data, String label, Task task, Map<String, String> params, long seed,
                              Path modelDir) {
}
