package dev.lathe.serving;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Request tensors of KServe's Open Inference Protocol v2 (POST /v2/models/NAME/infer) turned into rows: one
 * input per column with shape [n] (or [n, 1]), or a single 2-D input of shape [n, k] in the model's input order.
 * Data may be flat (row-major) or nested, as the protocol allows.
 */
final class InferenceProtocol {
    private InferenceProtocol() {
    }

    /** One request tensor: its name, shape and flattened data. */
    private record Tensor(String name, long[] shape, List<JsonNode> data) {
    }

    static List<Map<String, Object>> rows(JsonNode root, List<String> features) {
        if (root == null || !root.isObject() || !root.path("inputs").isArray() || root.get("inputs").isEmpty()) {
            throw HttpError.badRequest("the body must be an object with \"inputs\": a list of tensors, each "
                    + "{\"name\", \"shape\", \"datatype\", \"data\"}");
        }
        List<Tensor> tensors = new ArrayList<>();
        for (JsonNode input : root.get("inputs")) {
            tensors.add(tensor(input, tensors.size()));
        }
        if (tensors.size() == 1 && !features.contains(tensors.getFirst().name()) && tensors.getFirst().shape().length == 2) {
            return matrix(tensors.getFirst(), features);
        }
        long n = -1;
        String first = null;
        for (Tensor t : tensors) {
            if (t.shape().length == 0 || t.shape().length > 2 || (t.shape().length == 2 && t.shape()[1] != 1)) {
                throw HttpError.badRequest("input '" + t.name() + "' has shape " + shape(t.shape())
                        + "; one input per column takes shape [n] or [n, 1], a single input in the model's "
                        + "input order shape [n, " + features.size() + "]");
            }
            if (n < 0) {
                n = t.shape()[0];
                first = t.name();
            } else if (t.shape()[0] != n) {
                throw HttpError.badRequest("input '" + t.name() + "' has " + t.shape()[0] + " rows but '" + first
                        + "' has " + n + "; every column needs one value per row");
            }
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            Map<String, Object> row = new HashMap<>();
            for (Tensor t : tensors) {
                row.put(t.name(), Values.of(t.data().get(r), "row " + r + ", column '" + t.name() + "'"));
            }
            rows.add(row);
        }
        return rows;
    }

    private static List<Map<String, Object>> matrix(Tensor t, List<String> features) {
        long k = t.shape()[1];
        if (k != features.size()) {
            throw HttpError.badRequest("input '" + t.name() + "' has shape " + shape(t.shape()) + "; the model takes "
                    + features.size() + " values per row, in this order: " + String.join(", ", features));
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int r = 0; r < t.shape()[0]; r++) {
            Map<String, Object> row = new HashMap<>();
            for (int c = 0; c < k; c++) {
                String column = features.get(c);
                row.put(column, Values.of(t.data().get((int) (r * k + c)), "row " + r + ", column '" + column + "'"));
            }
            rows.add(row);
        }
        return rows;
    }

    private static Tensor tensor(JsonNode input, int index) {
        if (!input.isObject() || !input.path("name").isTextual()) {
            throw HttpError.badRequest("inputs[" + index + "] must be an object with a \"name\"");
        }
        String name = input.get("name").textValue();
        JsonNode shapeNode = input.get("shape");
        if (shapeNode == null || !shapeNode.isArray()) {
            throw HttpError.badRequest("input '" + name + "' has no \"shape\" (a list of sizes, such as [3])");
        }
        long[] shape = new long[shapeNode.size()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            if (!shapeNode.get(i).canConvertToLong() || shapeNode.get(i).asLong() < 0) {
                throw HttpError.badRequest("input '" + name + "' has shape " + shapeNode + ": sizes must be whole numbers, 0 or more");
            }
            shape[i] = shapeNode.get(i).asLong();
            count *= shape[i];
        }
        JsonNode data = input.get("data");
        if (data == null || !data.isArray()) {
            throw HttpError.badRequest("input '" + name + "' has no \"data\" list");
        }
        List<JsonNode> flat = new ArrayList<>();
        flatten(data, flat);
        if (flat.size() != count) {
            throw HttpError.badRequest("input '" + name + "' has " + flat.size() + " values but its shape "
                    + shape(shape) + " needs " + count);
        }
        return new Tensor(name, shape, flat);
    }

    private static void flatten(JsonNode node, List<JsonNode> out) {
        if (node.isArray()) {
            node.forEach(child -> flatten(child, out));
        } else {
            out.add(node);
        }
    }

    private static String shape(long[] shape) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) {
            s.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return s.append(']').toString();
    }
}
