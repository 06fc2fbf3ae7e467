package dev.lathe.training;

import java.nio.file.Path;
import java.util.Map;

/**
 * What training produced: the final value of each metric (those also logged per step), and the model folder
 * (weights plus lathe-model.json, see docs/model-folder.md).
 */
public record TrainingResult(Map<String, Double> finalMetrics, Path modelDir) {
}
