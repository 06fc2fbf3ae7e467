package dev.lathe.training.predict;

import dev.lathe.training.TrainingException;
import dev.lathe.training.djl.DjlMlpTrainer;
import dev.lathe.training.tabular.FeatureSpec;
import dev.lathe.training.tabular.ModelManifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained model loaded from its model folder (docs/model-folder.md), ready to predict rows given as column ->
 * value maps. Safe for concurrent {@link #predict} calls; {@link #close} frees the engine's native memory.
 *
 * <pre>{@code
 * try (Predictor p = Predictor.load(Path.of("model"))) {
 *     Prediction first = p.predict(List.of(Map.of("sepal_length", 5.1, ...))).getFirst();
 * }
 * }</pre>
 */
public final class Predictor implements AutoCloseable {
    /** The trainers whose folders this Lathe can load, for the message when a folder names another. */
    private static final List<String> KNOWN = List.of(DjlMlpTrainer.NAME, "tribuo-cart", "tribuo-forest",
            "tribuo-logistic");

    private final ModelManifest manifest;
    private final RowEncoder encoder;
    private final ModelRunner runner;

    private Predictor(ModelManifest manifest, ModelRunner runner) {
        this.manifest = manifest;
        this.encoder = new RowEncoder(manifest.features());
        this.runner = runner;
    }

    /**
     * Loads a model folder.
     *
     * @throws PredictionException when the folder has no lathe-model.json, a newer Lathe wrote it, its weights
     *                             file is missing, or a trainer this Lathe does not know made it
     */
    public static Predictor load(Path modelDir) {
        ModelManifest manifest;
        try {
            manifest = ModelManifest.read(modelDir);
        } catch (TrainingException e) {
            throw new PredictionException(e.getMessage(), e);
        }
        if (manifest.weights() == null || !Files.isRegularFile(modelDir.resolve(manifest.weights()))) {
            throw new PredictionException(modelDir + " is incomplete: its weights file '" + manifest.weights()
                    + "' named in " + ModelManifest.FILE + " is missing");
        }
        if (manifest.features() == null || manifest.features().isEmpty()) {
            throw new PredictionException(modelDir.resolve(ModelManifest.FILE) + " lists no features");
        }
        boolean classify = "classification".equals(manifest.task());
        if (classify && (manifest.labelClasses() == null || manifest.labelClasses().isEmpty())) {
            throw new PredictionException(modelDir.resolve(ModelManifest.FILE)
                    + " is a classification model without label_classes");
        }
        if (!classify && !"regression".equals(manifest.task())) {
            throw new PredictionException(modelDir.resolve(ModelManifest.FILE) + " has an unknown task '"
                    + manifest.task() + "' (expected classification or regression)");
        }
        // the trainer, not the engine alone, says how the weights are laid out
        ModelRunner runner;
        if (DjlMlpTrainer.NAME.equals(manifest.trainer())) {
            runner = new DjlRunner(modelDir, manifest);
        } else if (KNOWN.contains(manifest.trainer()) && "tribuo".equals(manifest.engine())) {
            runner = new TribuoRunner(modelDir, manifest);
        } else {
            throw new PredictionException(modelDir + " was made by trainer '" + manifest.trainer() + "' (engine '"
                    + manifest.engine() + "'), which this Lathe cannot load; it loads: " + String.join(", ", KNOWN));
        }
        return new Predictor(manifest, runner);
    }

    public ModelManifest manifest() {
        return manifest;
    }

    /** Each input column and its type ("numeric" or "categorical"), in the model's input order. */
    public Map<String, String> signature() {
        Map<String, String> columns = new LinkedHashMap<>();
        for (FeatureSpec f : manifest.features()) {
            columns.put(f.name(), f.type());
        }
        return Collections.unmodifiableMap(columns);
    }

    public boolean isClassifier() {
        return manifest.labelClasses() != null;
    }

    /**
     * Predicts rows of column -> value. Numeric columns take numbers or numeric text; categorical columns take
     * text (a number is taken as its text). A missing value (null, "", NA, N/A, NaN) is encoded as the trainer
     * encodes it: the training mean, or no level. Columns the model does not use are ignored.
     *
     * @throws PredictionException naming the row (from 0) and column when a column is absent or a value is not
     *                             of its column's type
     */
    public List<Prediction> predict(List<? extends Map<String, ?>> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        return runner.predict(encoder.encode(rows));
    }

    @Override
    public void close() {
        runner.close();
    }
}
