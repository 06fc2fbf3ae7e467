package dev.lathe.training.predict;

import dev.lathe.training.tabular.FeatureEncoder;
import dev.lathe.training.tabular.ModelManifest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;

/**
 * A Tribuo model read from its protobuf file. Tribuo models are immutable once trained, and predict is safe to
 * call from several threads.
 */
final class TribuoRunner implements ModelRunner {
    private final Model<Label> classifier;
    private final Model<Regressor> regressor;
    private final List<String> classes;
    private final String[] inputNames;

    @SuppressWarnings("unchecked")
    TribuoRunner(Path dir, ModelManifest manifest) {
        Path file = dir.resolve(manifest.weights());
        Model<?> model;
        try {
            model = Model.deserializeFromFile(file);
        } catch (IOException | RuntimeException e) {
            throw new PredictionException("cannot read the Tribuo model " + file + ": " + e.getMessage(), e);
        }
        this.classes = manifest.labelClasses();
        boolean classify = classes != null;
        if (!model.validate(classify ? Label.class : Regressor.class)) {
            throw new PredictionException(file + " does not hold a Tribuo " + (classify ? "classifier" : "regressor")
                    + " although lathe-model.json says the task is " + manifest.task());
        }
        this.classifier = classify ? (Model<Label>) model : null;
        this.regressor = classify ? null : (Model<Regressor>) model;
        // the names the trainer gave the inputs: a column, or column=level for a one-hot input
        this.inputNames = FeatureEncoder.of(manifest.features()).inputNames().toArray(String[]::new);
    }

    @Override
    public List<Prediction> predict(double[][] inputs) {
        List<Prediction> out = new ArrayList<>(inputs.length);
        if (classifier != null) {
            List<Example<Label>> examples = new ArrayList<>(inputs.length);
            for (double[] row : inputs) {
                examples.add(new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, inputNames, row));
            }
            for (org.tribuo.Prediction<Label> p : classifier.predict(examples)) {
                Map<String, Double> probabilities = new LinkedHashMap<>();
                if (p.hasProbabilities()) {
                    Map<String, Label> scores = p.getOutputScores();
                    for (String c : classes) {
                        Label score = scores.get(c);
                        probabilities.put(c, score == null ? 0.0 : score.getScore());
                    }
                }
                out.add(new Prediction.ClassLabel(p.getOutput().getLabel(), probabilities));
            }
        } else {
            List<Example<Regressor>> examples = new ArrayList<>(inputs.length);
            for (double[] row : inputs) {
                examples.add(new ArrayExample<>(RegressionFactory.UNKNOWN_REGRESSOR, inputNames, row));
            }
            for (org.tribuo.Prediction<Regressor> p : regressor.predict(examples)) {
                out.add(new Prediction.Value(p.getOutput().getValues()[0]));
            }
        }
        return out;
    }

    @Override
    public void close() {
        // a Tribuo model holds only heap memory
    }
}
