package dev.lathe.training.tabular;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lathe.data.CategoricalColumn;
import dev.lathe.data.Column;
import dev.lathe.data.NumericColumn;
import dev.lathe.data.Table;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writes MLflow's description of a model folder beside lathe-model.json: an {@code MLmodel} file (flavors, the
 * signature in MLflow's column types, where the input example is) and {@code input_example.json} (the first rows
 * of the training data in pandas' split orient, as MLflow saves input examples). Tools that read MLflow model
 * folders (the MLflow UI, model registries, scoring clients) can then show the model's inputs and outputs and
 * build a request. docs/model-folder.md describes both files.
 *
 * <p>The file is written by hand as YAML: it is a handful of keys, and the training module stays free of a YAML
 * library.
 */
public final class MlflowModelFile {
    public static final String FILE = "MLmodel";
    public static final String INPUT_EXAMPLE = "input_example.json";
    /** The ONNX export's file name, when the trainer's engine can export one. */
    public static final String ONNX = "model.onnx";
    /** How many rows of the training data the input example holds. */
    static final int EXAMPLE_ROWS = 5;

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private MlflowModelFile() {
    }

    /** MLflow's type of a column: long for whole numbers, double for other numbers, string for text. */
    public static String mlflowType(Column column) {
        return switch (column) {
            case NumericColumn n -> n.isIntegral() ? "long" : "double";
            case CategoricalColumn c -> "string";
        };
    }

    /**
     * Writes {@value #FILE} and {@value #INPUT_EXAMPLE} into a model folder whose manifest is {@code manifest}.
     *
     * @param table the training data (its column types and first rows)
     * @param onnx  extra keys of the {@code onnx} flavor when the folder holds {@value #ONNX}, else null
     */
    public static void write(Path dir, ModelManifest manifest, Table table, Map<String, Object> onnx)
            throws IOException {
        List<String> columns = manifest.features().stream().map(FeatureSpec::name).toList();
        Files.writeString(dir.resolve(INPUT_EXAMPLE), inputExample(table, columns));

        ArrayNode inputs = JSON.createArrayNode();
        for (String name : columns) {
            inputs.addObject().put("type", mlflowType(table.column(name))).put("name", name).put("required", true);
        }
        ArrayNode outputs = JSON.createArrayNode();
        outputs.addObject().put("type", "classification".equals(manifest.task()) ? "string" : "double")
                .put("name", manifest.label()).put("required", true);

        StringBuilder y = new StringBuilder();
        y.append("artifact_path: model\n");
        y.append("flavors:\n");
        y.append("  lathe:\n");
        y.append("    format: ").append(quote(ModelManifest.FORMAT)).append('\n');
        y.append("    format_version: ").append(ModelManifest.FORMAT_VERSION).append('\n');
        y.append("    manifest: ").append(quote(ModelManifest.FILE)).append('\n');
        y.append("    trainer: ").append(quote(manifest.trainer())).append('\n');
        y.append("    engine: ").append(quote(manifest.engine())).append('\n');
        y.append("    engine_version: ").append(quote(manifest.engineVersion())).append('\n');
        y.append("    weights: ").append(quote(manifest.weights())).append('\n');
        y.append("    task: ").append(quote(manifest.task())).append('\n');
        if (onnx != null) {
            y.append("  onnx:\n");
            y.append("    data: ").append(quote(ONNX)).append('\n');
            for (Map.Entry<String, Object> e : onnx.entrySet()) {
                y.append("    ").append(e.getKey()).append(": ").append(scalar(e.getValue())).append('\n');
            }
        }
        y.append("model_uuid: ").append(quote(UUID.randomUUID().toString().replace("-", ""))).append('\n');
        y.append("saved_input_example_info:\n");
        y.append("  artifact_path: ").append(quote(INPUT_EXAMPLE)).append('\n');
        y.append("  pandas_orient: split\n");
        y.append("  type: dataframe\n");
        y.append("signature:\n");
        y.append("  inputs: ").append(singleQuoted(inputs.toString())).append('\n');
        y.append("  outputs: ").append(singleQuoted(outputs.toString())).append('\n');
        y.append("  params: null\n");
        y.append("utc_time_created: ").append(quote(manifest.createdAt())).append('\n');
        Files.writeString(dir.resolve(FILE), y.toString());
    }

    /** The first rows' model inputs as {"columns": [...], "data": [[...], ...]}; a missing value is null. */
    static String inputExample(Table table, List<String> columns) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode names = root.putArray("columns");
        columns.forEach(names::add);
        ArrayNode data = root.putArray("data");
        int rows = Math.min(EXAMPLE_ROWS, table.rows());
        for (int r = 0; r < rows; r++) {
            ArrayNode row = data.addArray();
            for (String name : columns) {
                Column column = table.column(name);
                if (column.isMissing(r)) {
                    row.addNull();
                    continue;
                }
                switch (column) {
                    case NumericColumn n when n.isIntegral() -> row.add((long) n.value(r));
                    case NumericColumn n -> row.add(n.value(r));
                    case CategoricalColumn c -> row.add(c.value(r));
                }
            }
        }
        return root.toString();
    }

    private static String scalar(Object value) {
        if (value instanceof List<?> list) {
            return JSON.valueToTree(list).toString(); // a JSON array is a YAML flow sequence
        }
        return value instanceof Number || value instanceof Boolean ? value.toString() : quote(String.valueOf(value));
    }

    /** A YAML double-quoted scalar (JSON's string syntax is valid YAML). */
    private static String quote(String s) {
        if (s == null) {
            return "null";
        }
        return JSON.getNodeFactory().textNode(s).toString();
    }

    private static String singleQuoted(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
