package dev.lathe.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.lathe.data.Table;
import dev.lathe.training.predict.Prediction;
import dev.lathe.training.predict.Predictor;
import dev.lathe.training.tabular.FeatureSpec;
import dev.lathe.training.tabular.ModelManifest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** The MLflow description (MLmodel, input_example.json) and the ONNX export trainers write into a model folder. */
class MlflowModelFolderTest {
    private static final List<String> IRIS = List.of("sepal_length", "sepal_width", "petal_length", "petal_width");

    @TempDir
    Path dir;

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mlmodel(Path folder) throws Exception {
        return (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(
                Files.readString(folder.resolve("MLmodel")));
    }

    @Test
    @SuppressWarnings("unchecked")
    void irisFolderDescribesItsSignatureAndExampleAndExportsOnnxThatPredictsLikeTribuo() throws Exception {
        Path folder = ImageBuilderTest.train("tribuo-logistic", dir.resolve("logistic"), 42, Map.of());
        Map<String, Object> mlmodel = mlmodel(folder);
        JsonMapper json = JsonMapper.builder().build();

        Map<String, Object> signature = (Map<String, Object>) mlmodel.get("signature");
        JsonNode inputs = json.readTree((String) signature.get("inputs"));
        List<String> names = new ArrayList<>();
        inputs.forEach(i -> {
            names.add(i.path("name").asText());
            assertEquals("double", i.path("type").asText(), i.toString());
        });
        assertEquals(IRIS, names);
        JsonNode outputs = json.readTree((String) signature.get("outputs"));
        assertEquals("species", outputs.get(0).path("name").asText());
        assertEquals("string", outputs.get(0).path("type").asText());

        Map<String, Object> flavors = (Map<String, Object>) mlmodel.get("flavors");
        Map<String, Object> lathe = (Map<String, Object>) flavors.get("lathe");
        assertEquals("tribuo-logistic", lathe.get("trainer"));
        assertEquals(ModelManifest.FILE, lathe.get("manifest"));
        Map<String, Object> example = (Map<String, Object>) mlmodel.get("saved_input_example_info");
        assertEquals("split", example.get("pandas_orient"));

        JsonNode input = json.readTree(folder.resolve((String) example.get("artifact_path")).toFile());
        List<String> columns = new ArrayList<>();
        input.path("columns").forEach(c -> columns.add(c.asText()));
        assertEquals(IRIS, columns);
        assertEquals(5, input.path("data").size());
        assertEquals(5.1, input.path("data").get(0).get(0).asDouble()); // iris.csv's first row
        assertEquals(0.2, input.path("data").get(0).get(3).asDouble());

        // the ONNX graph, evaluated by hand (Gemm, Softmax), picks the class Tribuo picks on every iris row
        Map<String, Object> onnxFlavor = (Map<String, Object>) flavors.get("onnx");
        assertNotNull(onnxFlavor, "tribuo-logistic exports ONNX: " + mlmodel);
        OnnxMl.ModelProto onnx = OnnxMl.ModelProto.parseFrom(Files.readAllBytes(folder.resolve("model.onnx")));
        assertTrue(onnx.getOpsetImport(0).getVersion() >= 9, onnx.getOpsetImportList().toString());
        assertEquals(((Number) onnxFlavor.get("opset")).longValue(), onnx.getOpsetImport(0).getVersion());
        List<String> order = (List<String>) onnxFlavor.get("input_features");
        List<String> classes = (List<String>) onnxFlavor.get("output_classes");
        Table iris = Table.readCsv(ImageBuilderTest.iris());
        ModelManifest manifest = ModelManifest.read(folder);
        Map<String, FeatureSpec> specs = new HashMap<>();
        manifest.features().forEach(f -> specs.put(f.name(), f));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int r = 0; r < iris.rows(); r++) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (String c : IRIS) {
                row.put(c, Double.parseDouble(iris.column(c).text(r)));
            }
            rows.add(row);
        }
        List<Prediction> tribuo;
        try (Predictor predictor = Predictor.load(folder)) {
            tribuo = predictor.predict(rows);
        }
        int agree = 0;
        for (int r = 0; r < rows.size(); r++) {
            float[] x = new float[order.size()];
            for (int i = 0; i < x.length; i++) {
                FeatureSpec f = specs.get(order.get(i));
                x[i] = (float) ((((Double) rows.get(r).get(f.name())) - f.mean()) / f.std());
            }
            String predicted = classes.get(argmax(gemm(onnx, x)));
            if (predicted.equals(tribuo.get(r).label())) {
                agree++;
            }
        }
        assertEquals(rows.size(), agree, "the ONNX model and Tribuo disagree on " + (rows.size() - agree) + " rows");
    }

    @Test
    @SuppressWarnings("unchecked")
    void treeModelsHaveNoOnnxFileOrFlavor() throws Exception {
        Path folder = ImageBuilderTest.train("tribuo-cart", dir.resolve("cart"), 42, Map.of());
        assertFalse(Files.exists(folder.resolve("model.onnx")));
        Map<String, Object> mlmodel = mlmodel(folder);
        assertFalse(((Map<String, Object>) mlmodel.get("flavors")).containsKey("onnx"));
        assertTrue(Files.isRegularFile(folder.resolve("input_example.json")));
    }

    /** The graph's one Gemm node: alpha * x * W(^T) + beta * b. */
    private static float[] gemm(OnnxMl.ModelProto model, float[] x) {
        OnnxMl.NodeProto node = model.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("Gemm"))
                .findFirst().orElseThrow();
        Map<String, OnnxMl.TensorProto> init = new HashMap<>();
        model.getGraph().getInitializerList().forEach(t -> init.put(t.getName(), t));
        float alpha = 1;
        float beta = 1;
        boolean transB = false;
        for (OnnxMl.AttributeProto a : node.getAttributeList()) {
            switch (a.getName()) {
                case "alpha" -> alpha = a.getF();
                case "beta" -> beta = a.getF();
                case "transB" -> transB = a.getI() == 1;
                default -> { }
            }
        }
        OnnxMl.TensorProto w = init.get(node.getInput(1));
        float[] weights = floats(w);
        float[] bias = floats(init.get(node.getInput(2)));
        int rows = (int) w.getDims(0);
        int cols = (int) w.getDims(1);
        int outputs = transB ? rows : cols;
        float[] out = new float[outputs];
        for (int o = 0; o < outputs; o++) {
            float sum = 0;
            for (int i = 0; i < x.length; i++) {
                sum += x[i] * (transB ? weights[o * cols + i] : weights[i * cols + o]);
            }
            out[o] = alpha * sum + beta * bias[bias.length == 1 ? 0 : o];
        }
        return out;
    }

    private static float[] floats(OnnxMl.TensorProto t) {
        if (t.getFloatDataCount() > 0) {
            float[] out = new float[t.getFloatDataCount()];
            for (int i = 0; i < out.length; i++) {
                out[i] = t.getFloatData(i);
            }
            return out;
        }
        ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[raw.remaining() / 4];
        raw.asFloatBuffer().get(out);
        return out;
    }

    private static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
