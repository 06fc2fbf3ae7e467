package dev.lathe.core;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One version of a registered model: the run whose {@code model/} artifacts are the model, and that run's
 * lineage copied at registration (dataset, commit, trainer, params, last metric values) so the version still
 * says what it is if the run is deleted. aliases are the aliases pointing at this version now.
 */
public record ModelVersion(String modelName, int version, String runId, String description, Instant createdAt,
                           String datasetSha256, String gitCommit, String trainer, Map<String, String> params,
                           Map<String, Double> metrics, List<String> aliases) {
    public ModelVersion {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        aliases = List.copyOf(aliases);
    }

    /** NAME:VERSION, the form `lathe serve` and `lathe models show` accept. */
    public String reference() {
        return modelName + ":" + version;
    }
}
