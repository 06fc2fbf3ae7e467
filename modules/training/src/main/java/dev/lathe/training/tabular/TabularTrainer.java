package dev.lathe.training.tabular;

import dev.lathe.training.Params;
import dev.lathe.training.ParamSpec;
import dev.lathe.training.Task;
import dev.lathe.training.Trainer;
import dev.lathe.training.TrainingException;
import dev.lathe.training.TrainingListener;
import dev.lathe.training.TrainingRequest;
import dev.lathe.training.TrainingResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The steps every tabular trainer shares: resolve params, check and split the data, encode features, fit (the
 * part each trainer does), evaluate, write lathe-model.json. A failed run removes what it wrote, so a model
 * folder either holds a whole model or nothing new.
 */
public abstract class TabularTrainer implements Trainer {
    /** What every tabular trainer logs at the end (see {@link #finalMetrics}); trainers add their per-step ones. */
    @Override
    public java.util.Set<String> metrics(dev.lathe.training.Task task) {
        return task == dev.lathe.training.Task.CLASSIFICATION
                ? java.util.Set.of("train_accuracy", "val_accuracy", "val_f1_macro")
                : java.util.Set.of("train_rmse", "val_rmse", "val_mae", "val_r2");
    }

    public static final ParamSpec VAL_FRACTION = ParamSpec.real("val_fraction", 0.2, 0.05, 0.5,
            "share of rows held out for validation (per class for classification)");

    /**
     * What {@link #fit} produced.
     *
     * @param onnx the {@code onnx} flavor's keys of the MLmodel file when the trainer also wrote
     *             {@value MlflowModelFile#ONNX}, else null
     */
    public record Fit(Predictions train, Predictions validation, long lastStep, String weights,
                         String engineVersion, Map<String, Double> extraMetrics,
                         ModelManifest.LabelScaling labelScaling, Map<String, Object> onnx) {
        public Fit(Predictions train, Predictions validation, long lastStep, String weights, String engineVersion,
                   Map<String, Double> extraMetrics, ModelManifest.LabelScaling labelScaling) {
            this(train, validation, lastStep, weights, engineVersion, extraMetrics, labelScaling, null);
        }
    }

    /**
     * Trains on the prepared data, reports per-step metrics through the listener, and writes the weights into
     * the model folder.
     *
     * @return predictions for the training and validation rows, the last step, and the weights file name
     */
    protected abstract Fit fit(PreparedData data, Params params, TrainingRequest request, TrainingListener listener)
            throws IOException;

    @Override
    public final TrainingResult train(TrainingRequest request, TrainingListener listener) {
        Params params = Params.resolve(name(), params(), request.params());
        listener.params(params.asStrings());
        PreparedData data = PreparedData.prepare(request, this, params.getDouble(VAL_FRACTION.name()));
        listener.tag("task", data.task().name().toLowerCase(Locale.ROOT));
        listener.tag("label", data.label());

        Path dir = request.modelDir();
        Set<Path> before = existingEntries(dir);
        try {
            Files.createDirectories(dir);
            LastSteps logged = new LastSteps(listener);
            Fit fit = fit(data, params, request, logged);
            Map<String, Double> metrics = new LinkedHashMap<>(fit.extraMetrics());
            metrics.putAll(evaluate(data, fit));
            // a (key, step) pair is logged once: per-epoch curves already hold the last epoch's values
            metrics.forEach((key, value) -> {
                if (!logged.wasLogged(key, fit.lastStep())) {
                    listener.metric(key, fit.lastStep(), value);
                }
            });
            ModelManifest manifest = new ModelManifest(ModelManifest.FORMAT, ModelManifest.FORMAT_VERSION, name(),
                    engine(), fit.engineVersion(), data.task().name().toLowerCase(Locale.ROOT), data.label(),
                    data.task() == Task.CLASSIFICATION ? data.classes() : null, fit.labelScaling(),
                    data.encoder().features(), params.asStrings(), metrics, request.seed(), request.data().name(),
                    request.data().sha256(), Instant.now().truncatedTo(ChronoUnit.MILLIS).toString(), fit.weights());
            // MLflow's description of the folder, then the manifest last: a folder with a manifest is whole
            MlflowModelFile.write(dir, manifest, request.data(), fit.onnx());
            manifest.write(dir);
            return new TrainingResult(Collections.unmodifiableMap(metrics), dir);
        } catch (IOException e) {
            removeNewEntries(dir, before);
            throw new TrainingException("cannot write the model folder " + dir + ": " + e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            removeNewEntries(dir, before);
            throw e;
        }
    }

    /** Final metrics: accuracy and macro F1 for classes, RMSE, MAE and R² for numbers. */
    static Map<String, Double> evaluate(PreparedData data, Fit fit) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        switch (fit.train()) {
            case Predictions.Classes(int[] predicted) -> metrics.put("train_accuracy", Metrics.accuracy(data.trainClasses(), predicted));
            case Predictions.Values(double[] predicted) -> metrics.put("train_rmse", Metrics.rmse(data.trainTarget(), predicted));
        }
        switch (fit.validation()) {
            case Predictions.Classes(int[] predicted) -> {
                metrics.put("val_accuracy", Metrics.accuracy(data.valClasses(), predicted));
                metrics.put("val_f1_macro", Metrics.f1Macro(data.valClasses(), predicted, data.numClasses()));
            }
            case Predictions.Values(double[] predicted) -> {
                metrics.put("val_rmse", Metrics.rmse(data.valTarget(), predicted));
                metrics.put("val_mae", Metrics.mae(data.valTarget(), predicted));
                metrics.put("val_r2", Metrics.r2(data.valTarget(), predicted));
            }
        }
        return metrics;
    }

    /** Names of the given specs plus val_fraction, which every tabular trainer takes. */
    protected static List<ParamSpec> withValFraction(ParamSpec... specs) {
        return Stream.concat(Stream.of(specs), Stream.of(VAL_FRACTION)).toList();
    }

    /** Passes everything on and remembers the last step each metric was logged at. */
    private static final class LastSteps implements TrainingListener {
        private final TrainingListener delegate;
        private final Map<String, Long> lastStep = new HashMap<>();

        LastSteps(TrainingListener delegate) {
            this.delegate = delegate;
        }

        boolean wasLogged(String key, long step) {
            return lastStep.containsKey(key) && lastStep.get(key) == step;
        }

        @Override
        public void params(Map<String, String> resolved) {
            delegate.params(resolved);
        }

        @Override
        public void metric(String key, long step, double value) {
            lastStep.put(key, step);
            delegate.metric(key, step, value);
        }

        @Override
        public void progress(String phase, long done, long total) {
            delegate.progress(phase, done, total);
        }

        @Override
        public void environment(Map<String, String> facts) {
            delegate.environment(facts);
        }

        @Override
        public void tag(String key, String value) {
            delegate.tag(key, value);
        }

        @Override
        public boolean stopRequested() {
            return delegate.stopRequested();
        }
    }

    private static Set<Path> existingEntries(Path dir) {
        if (!Files.isDirectory(dir)) {
            return Set.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return new HashSet<>(entries.toList());
        } catch (IOException e) {
            throw new TrainingException("cannot read the model folder " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void removeNewEntries(Path dir, Set<Path> before) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path entry : entries.filter(p -> !before.contains(p)).toList()) {
                try (Stream<Path> tree = Files.walk(entry)) {
                    for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // best effort: the original failure is what the user needs to see
        }
    }
}
