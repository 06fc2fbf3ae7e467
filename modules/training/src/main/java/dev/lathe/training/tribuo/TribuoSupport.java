package dev.lathe.training.tribuo;

import ai.onnx.proto.OnnxMl;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import dev.lathe.data.Table;
import dev.lathe.training.Task;
import dev.lathe.training.tabular.MlflowModelFile;
import dev.lathe.training.tabular.PreparedData;
import dev.lathe.training.tabular.Predictions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.ONNXExportable;
import org.tribuo.Prediction;
import org.tribuo.Tribuo;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.common.sgd.AbstractSGDTrainer;
import org.tribuo.ensemble.BaggingTrainer;
import org.tribuo.ensemble.EnsembleModel;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;

/** Moves prepared data into Tribuo's types and Tribuo's models into a model folder. */
final class TribuoSupport {
    static final String WEIGHTS = "model.tribuo";
    static final String PROVENANCE = "provenance.json";
    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    // Tribuo logs at INFO once per forest tree and per SGD run; a 500-tree forest would bury a user's console.
    // A logging configuration that sets these loggers' levels still wins. The list keeps the loggers (and their
    // levels) alive, since java.util.logging holds loggers weakly.
    private static final List<Logger> QUIETED = Stream.of(BaggingTrainer.class.getName(), AbstractSGDTrainer.class.getName())
            .map(Logger::getLogger)
            .toList();

    static {
        QUIETED.stream().filter(l -> l.getLevel() == null).forEach(l -> l.setLevel(Level.WARNING));
    }

    private TribuoSupport() {
    }

    static String version() {
        return Tribuo.VERSION;
    }

    /** The examples of the training or validation rows, with their labels as Tribuo outputs. */
    static List<Example<Label>> labelled(PreparedData data, boolean training) {
        double[][] x = training ? data.trainX() : data.valX();
        int[] y = training ? data.trainClasses() : data.valClasses();
        String[] names = data.encoder().inputNames().toArray(String[]::new);
        List<Example<Label>> examples = new ArrayList<>(x.length);
        for (int i = 0; i < x.length; i++) {
            examples.add(new ArrayExample<>(new Label(data.classes().get(y[i])), names, x[i]));
        }
        return examples;
    }

    static List<Example<Regressor>> numbered(PreparedData data, boolean training) {
        double[][] x = training ? data.trainX() : data.valX();
        double[] y = training ? data.trainTarget() : data.valTarget();
        String[] names = data.encoder().inputNames().toArray(String[]::new);
        List<Example<Regressor>> examples = new ArrayList<>(x.length);
        for (int i = 0; i < x.length; i++) {
            examples.add(new ArrayExample<>(new Regressor(data.label(), y[i]), names, x[i]));
        }
        return examples;
    }

    /** A dataset whose provenance names the CSV file, its digest and the part used. */
    static MutableDataset<Label> labelDataset(PreparedData data) {
        return new MutableDataset<>(labelled(data, true), provenance(data, new LabelFactory()), new LabelFactory());
    }

    static MutableDataset<Regressor> regressorDataset(PreparedData data) {
        return new MutableDataset<>(numbered(data, true), provenance(data, new RegressionFactory()), new RegressionFactory());
    }

    private static <T extends org.tribuo.Output<T>> SimpleDataSourceProvenance provenance(
            PreparedData data, org.tribuo.OutputFactory<T> factory) {
        Table table = data.table();
        return new SimpleDataSourceProvenance(table.name() + " sha256:" + table.sha256() + " training rows: "
                + data.split().train().length + " of " + table.rows(), OffsetDateTime.now(), factory);
    }

    static Predictions.Classes classes(PreparedData data, List<Prediction<Label>> predictions) {
        Map<String, Integer> index = new HashMap<>();
        for (int c = 0; c < data.classes().size(); c++) {
            index.put(data.classes().get(c), c);
        }
        int[] out = new int[predictions.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = index.get(predictions.get(i).getOutput().getLabel());
        }
        return new Predictions.Classes(out);
    }

    static Predictions.Values values(List<Prediction<Regressor>> predictions) {
        double[] out = new double[predictions.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = predictions.get(i).getOutput().getValues()[0];
        }
        return new Predictions.Values(out);
    }

    /** Predictions for the training and validation rows, as class indexes or numbers. */
    @SuppressWarnings("unchecked")
    static Predictions[] predict(PreparedData data, Model<?> model) {
        if (data.task() == Task.CLASSIFICATION) {
            Model<Label> m = (Model<Label>) model;
            return new Predictions[] {classes(data, m.predict(labelled(data, true))), classes(data, m.predict(labelled(data, false)))};
        }
        Model<Regressor> m = (Model<Regressor>) model;
        return new Predictions[] {values(m.predict(numbered(data, true))), values(m.predict(numbered(data, false)))};
    }

    /**
     * Writes the model as ONNX ({@code model.onnx}) when Tribuo can export it: of the models these trainers make,
     * only the linear SGD model (tribuo-logistic) implements {@link ONNXExportable}; Tribuo's tree models do not,
     * and a forest exports only when every member does. The ONNX graph takes the encoded inputs (as
     * docs/model-folder.md describes) as one float tensor [rows, inputs] in Tribuo's feature order, and gives one
     * score per class.
     *
     * @return the MLmodel file's {@code onnx} flavor keys (opset, the input order, the output classes), or null
     *         when the model cannot be exported
     */
    static Map<String, Object> exportOnnx(Model<?> model, Path dir) throws IOException {
        if (!(model instanceof ONNXExportable exportable) || model instanceof EnsembleModel<?>) {
            return null;
        }
        OnnxMl.ModelProto proto = exportable.exportONNXModel("dev.lathe", 1);
        Files.write(dir.resolve(MlflowModelFile.ONNX), proto.toByteArray());
        List<String> inputs = new ArrayList<>();
        for (int id = 0; id < model.getFeatureIDMap().size(); id++) {
            inputs.add(model.getFeatureIDMap().get(id).getName());
        }
        Map<String, Object> flavor = new LinkedHashMap<>();
        flavor.put("opset", proto.getOpsetImport(0).getVersion());
        flavor.put("input", proto.getGraph().getInput(0).getName());
        flavor.put("input_features", inputs);
        flavor.put("output", proto.getGraph().getOutput(0).getName());
        if (model.getOutputIDInfo().getOutput(0) instanceof Label) {
            List<String> classes = new ArrayList<>();
            for (int id = 0; id < model.getOutputIDInfo().size(); id++) {
                classes.add(((Label) model.getOutputIDInfo().getOutput(id)).getLabel());
            }
            flavor.put("output_classes", classes);
        }
        return flavor;
    }

    /**
     * Writes the model (Tribuo's protobuf format, {@link Model#deserializeFromFile} reads it back) and its
     * provenance (the trainer's configuration, the data source, the run's host and versions) as JSON.
     *
     * @return the weights file name
     */
    static String save(Model<?> model, Path dir) throws IOException {
        model.serializeToFile(dir.resolve(WEIGHTS));
        Map<String, Object> provenance = ProvenanceUtil.convertToMap(model.getProvenance());
        Files.writeString(dir.resolve(PROVENANCE), JSON.writeValueAsString(provenance));
        return WEIGHTS;
    }
}
