package dev.lathe.training.predict;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Batchifier;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import dev.lathe.training.djl.DjlMlpTrainer;
import dev.lathe.training.tabular.ModelManifest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A djl-mlp model: the block rebuilt from the manifest's params, the weights loaded from model-NNNN.params.
 * Runs on the CPU even where training used a GPU: a request's few rows cost less there than the copies to and
 * from a device.
 */
final class DjlRunner implements ModelRunner {
    private static final Pattern EPOCH = Pattern.compile("model-(\\d+)\\.params");
    private static final Translator<float[][], float[][]> MATRIX = new MatrixTranslator();

    private final Model model;
    private final List<String> classes;
    private final ModelManifest.LabelScaling scaling;

    DjlRunner(Path dir, ModelManifest manifest) {
        this.classes = manifest.labelClasses();
        this.scaling = manifest.labelScaling();
        Model m;
        try {
            m = Model.newInstance("lathe-mlp", Device.cpu(), DjlMlpTrainer.ENGINE);
        } catch (EngineException | IllegalArgumentException e) {
            throw new PredictionException("DJL could not start its " + DjlMlpTrainer.ENGINE + " engine ("
                    + e.getMessage() + "); the pytorch-native-cpu jar must be on the class path", e);
        }
        try {
            m.setBlock(DjlMlpTrainer.blockFor(manifest));
            Map<String, String> options = new LinkedHashMap<>();
            // the manifest names the weights file; DJL would otherwise pick the highest epoch it finds
            Matcher epoch = EPOCH.matcher(manifest.weights());
            if (epoch.matches()) {
                options.put("epoch", epoch.group(1));
            }
            m.load(dir, "model", options);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            m.close();
            throw new PredictionException("cannot load the weights " + dir.resolve(manifest.weights()) + ": "
                    + e.getMessage(), e);
        }
        this.model = m;
    }

    @Override
    public List<Prediction> predict(double[][] inputs) {
        float[][] x = new float[inputs.length][];
        for (int i = 0; i < inputs.length; i++) {
            x[i] = new float[inputs[i].length];
            for (int j = 0; j < x[i].length; j++) {
                x[i][j] = (float) inputs[i][j];
            }
        }
        float[][] out;
        // DJL's Predictor is not thread-safe but Model is: one short-lived Predictor per call keeps concurrent
        // requests apart, and costs little next to the forward pass.
        try (ai.djl.inference.Predictor<float[][], float[][]> predictor = model.newPredictor(MATRIX)) {
            out = predictor.predict(x);
        } catch (TranslateException e) {
            throw new IllegalStateException("the MLP's forward pass failed: " + e.getMessage(), e);
        }
        List<Prediction> predictions = new ArrayList<>(out.length);
        for (float[] row : out) {
            if (classes == null) {
                double v = row[0];
                predictions.add(new Prediction.Value(scaling == null ? v : v * scaling.std() + scaling.mean()));
            } else {
                predictions.add(classify(row));
            }
        }
        return predictions;
    }

    /** The arg max of the logits, and their softmax as probabilities. */
    private Prediction classify(float[] logits) {
        int best = 0;
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < logits.length; c++) {
            if (logits[c] > max) {
                max = logits[c];
                best = c;
            }
        }
        double[] e = new double[logits.length];
        double sum = 0;
        for (int c = 0; c < logits.length; c++) {
            e[c] = Math.exp(logits[c] - max); // shifted by the max so exp cannot overflow
            sum += e[c];
        }
        Map<String, Double> probabilities = new LinkedHashMap<>();
        for (int c = 0; c < logits.length; c++) {
            probabilities.put(classes.get(c), e[c] / sum);
        }
        return new Prediction.ClassLabel(classes.get(best), probabilities);
    }

    @Override
    public void close() {
        model.close();
    }

    /** A whole batch in, a whole batch out: rows are already batched, so no batchifier. */
    private static final class MatrixTranslator implements Translator<float[][], float[][]> {
        @Override
        public NDList processInput(TranslatorContext ctx, float[][] input) {
            int width = input.length == 0 ? 0 : input[0].length;
            float[] flat = new float[input.length * width];
            for (int i = 0; i < input.length; i++) {
                System.arraycopy(input[i], 0, flat, i * width, width);
            }
            return new NDList(ctx.getNDManager().create(flat, new Shape(input.length, width)));
        }

        @Override
        public float[][] processOutput(TranslatorContext ctx, NDList list) {
            NDArray out = list.singletonOrThrow();
            int rows = (int) out.getShape().get(0);
            int cols = (int) (out.getShape().size() / Math.max(rows, 1));
            float[] flat = out.toFloatArray();
            float[][] result = new float[rows][cols];
            for (int i = 0; i < rows; i++) {
                System.arraycopy(flat, i * cols, result[i], 0, cols);
            }
            return result;
        }

        @Override
        public Batchifier getBatchifier() {
            return null;
        }
    }
}
