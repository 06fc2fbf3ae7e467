package dev.lathe.training.tabular;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.lathe.training.TrainingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * lathe-model.json: what is needed to use a trained model without the run that made it (the label classes, how
 * to encode the inputs, the weights file) and where it came from (trainer, params, seed, dataset digest).
 * docs/model-folder.md describes the folder.
 *
 * @param labelClasses classification: the classes in output order; absent for regression
 * @param labelScaling regression models that predict a standardised label: prediction * std + mean; absent
 *                     when the model predicts the label directly
 * @param weights      the weights file, relative to the folder
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"format", "format_version", "trainer", "engine", "engine_version", "task", "label",
        "label_classes", "label_scaling", "features", "params", "metrics", "seed", "dataset_name", "dataset_sha256",
        "created_at", "weights"})
public record ModelManifest(String format, int formatVersion, String trainer, String engine, String engineVersion,
                            String task, String label, List<String> labelClasses, LabelScaling labelScaling,
                            List<FeatureSpec> features, Map<String, String> params, Map<String, Double> metrics,
                            long seed, String datasetName, String datasetSha256, String createdAt, String weights) {
    public static final String FILE = "lathe-model.json";
    public static final String FORMAT = "lathe-model";
    public static final int FORMAT_VERSION = 1;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    public ModelManifest {
        labelClasses = labelClasses == null ? null : List.copyOf(labelClasses);
        features = List.copyOf(features);
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    /** mean and std of the training rows' label: the original value is prediction * std + mean. */
    public record LabelScaling(double mean, double std) {
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new IllegalStateException("a manifest is always serialisable", e);
        }
    }

    /** Writes {@value #FILE} into a model folder. */
    public void write(Path modelDir) throws IOException {
        Files.writeString(modelDir.resolve(FILE), toJson());
    }

    /**
     * Reads a model folder's manifest.
     *
     * @throws TrainingException when there is none, it is not a manifest, or a newer Lathe wrote it
     */
    public static ModelManifest read(Path modelDir) {
        Path file = modelDir.resolve(FILE);
        ModelManifest manifest;
        try {
            manifest = JSON.readValue(Files.readString(file), ModelManifest.class);
        } catch (NoSuchFileException e) {
            throw new TrainingException(modelDir + " is not a model folder: it has no " + FILE);
        } catch (IOException e) {
            throw new TrainingException(file + " cannot be read: " + e.getMessage(), e);
        }
        if (!FORMAT.equals(manifest.format())) {
            throw new TrainingException(file + " is not a Lathe model manifest (format '" + manifest.format() + "')");
        }
        if (manifest.formatVersion() > FORMAT_VERSION) {
            throw new TrainingException(file + " has format_version " + manifest.formatVersion()
                    + "; this Lathe reads up to " + FORMAT_VERSION + ": update Lathe");
        }
        return manifest;
    }
}
