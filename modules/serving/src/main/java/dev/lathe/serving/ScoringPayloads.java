package dev.lathe.serving;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The request bodies of MLflow's scoring protocol (POST /invocations), turned into rows of column -> value:
 * JSON with one of dataframe_split, dataframe_records, instances or inputs, or CSV with a header row.
 */
final class ScoringPayloads {
    static final List<String> KEYS = List.of("dataframe_split", "dataframe_records", "instances", "inputs");

    private ScoringPayloads() {
    }

    /**
     * @param features the model's input columns in order, for rows given as lists of values
     */
    static List<Map<String, Object>> fromJson(JsonNode root, List<String> features) {
        if (root == null || !root.isObject()) {
            throw HttpError.badRequest("the JSON body must be an object with one of the keys " + String.join(", ", KEYS));
        }
        List<String> present = KEYS.stream().filter(root::has).toList();
        if (present.size() != 1) {
            throw HttpError.badRequest(present.isEmpty()
                    ? "the JSON body has none of the keys " + String.join(", ", KEYS)
                    : "the JSON body has " + String.join(" and ", present) + "; send exactly one of them");
        }
        String key = present.getFirst();
        JsonNode value = root.get(key);
        return switch (key) {
            case "dataframe_split" -> split(value, features);
            case "dataframe_records" -> {
                requireArray(value, key);
                List<Map<String, Object>> rows = new ArrayList<>();
                for (JsonNode record : value) {
                    if (!record.isObject()) {
                        throw HttpError.badRequest("dataframe_records: row " + rows.size()
                                + " is not an object of column -> value");
                    }
                    rows.add(record(record, rows.size()));
                }
                yield rows;
            }
            case "inputs" -> value.isObject() ? columns(value) : instances(value, features, key);
            default -> instances(value, features, key);
        };
    }

    /** {"columns": [...], "data": [[...], ...]}; without columns the values are in the model's input order. */
    private static List<Map<String, Object>> split(JsonNode split, List<String> features) {
        if (!split.isObject()) {
            throw HttpError.badRequest("dataframe_split must be an object with \"columns\" and \"data\"");
        }
        List<String> columns = features;
        JsonNode names = split.get("columns");
        if (names != null && !names.isNull()) {
            requireArray(names, "dataframe_split.columns");
            columns = new ArrayList<>();
            for (JsonNode n : names) {
                if (!n.isTextual()) {
                    throw HttpError.badRequest("dataframe_split.columns must be a list of column names; found "
                            + Values.abbreviate(n.toString()));
                }
                columns.add(n.textValue());
            }
        }
        JsonNode data = split.get("data");
        if (data == null) {
            throw HttpError.badRequest("dataframe_split has no \"data\": a list of rows, each a list of values");
        }
        requireArray(data, "dataframe_split.data");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (JsonNode row : data) {
            rows.add(positional(row, rows.size(), columns, "dataframe_split"));
        }
        return rows;
    }

    /** A list of records, or of lists of values in the model's input order. */
    private static List<Map<String, Object>> instances(JsonNode list, List<String> features, String key) {
        requireArray(list, key);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (JsonNode row : list) {
            int r = rows.size();
            if (row.isObject()) {
                rows.add(record(row, r));
            } else if (row.isArray()) {
                rows.add(positional(row, r, features, key));
            } else if (features.size() == 1) {
                // a model with one input may take a plain list of values, one per row
                rows.add(single(features.getFirst(), Values.of(row, "row " + r + ", column '" + features.getFirst() + "'")));
            } else {
                throw HttpError.badRequest(key + ": row " + r + " must be an object of column -> value or a list of "
                        + features.size() + " values (" + String.join(", ", features) + ")");
            }
        }
        return rows;
    }

    /** {"col": [v0, v1, ...], ...}: one list per column, all of the same length. */
    private static List<Map<String, Object>> columns(JsonNode inputs) {
        int n = -1;
        String first = null;
        for (Map.Entry<String, JsonNode> column : inputs.properties()) {
            int size = column.getValue().isArray() ? column.getValue().size() : 1;
            if (n < 0) {
                n = size;
                first = column.getKey();
            } else if (size != n) {
                throw HttpError.badRequest("inputs: column '" + column.getKey() + "' has " + size + " values but '"
                        + first + "' has " + n + "; every column needs one value per row");
            }
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int r = 0; r < Math.max(n, 0); r++) {
            Map<String, Object> row = new HashMap<>();
            for (Map.Entry<String, JsonNode> column : inputs.properties()) {
                JsonNode v = column.getValue().isArray() ? column.getValue().get(r) : column.getValue();
                row.put(column.getKey(), Values.of(v, "row " + r + ", column '" + column.getKey() + "'"));
            }
            rows.add(row);
        }
        return rows;
    }

    private static Map<String, Object> record(JsonNode record, int r) {
        Map<String, Object> row = new HashMap<>();
        for (Map.Entry<String, JsonNode> e : record.properties()) {
            row.put(e.getKey(), Values.of(e.getValue(), "row " + r + ", column '" + e.getKey() + "'"));
        }
        return row;
    }

    private static Map<String, Object> positional(JsonNode row, int r, List<String> columns, String key) {
        if (!row.isArray()) {
            throw HttpError.badRequest(key + ": row " + r + " must be a list of values");
        }
        if (row.size() != columns.size()) {
            throw HttpError.badRequest(key + ": row " + r + " has " + row.size() + " values for " + columns.size()
                    + " columns (" + String.join(", ", columns) + ")");
        }
        Map<String, Object> out = new HashMap<>();
        for (int c = 0; c < columns.size(); c++) {
            out.put(columns.get(c), Values.of(row.get(c), "row " + r + ", column '" + columns.get(c) + "'"));
        }
        return out;
    }

    private static Map<String, Object> single(String column, Object value) {
        Map<String, Object> row = new HashMap<>();
        row.put(column, value);
        return row;
    }

    private static void requireArray(JsonNode node, String what) {
        if (node == null || !node.isArray()) {
            throw HttpError.badRequest(what + " must be a list");
        }
    }

    /** A header row, then one row per record; cells stay text and the predictor parses numbers. */
    static List<Map<String, Object>> fromCsv(String text) {
        CSVFormat format = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get();
        List<Map<String, Object>> rows = new ArrayList<>();
        List<String> header = null;
        try (CSVParser parser = CSVParser.parse(new StringReader(text.startsWith("\uFEFF") ? text.substring(1) : text), format)) {
            for (CSVRecord record : parser) {
                if (header == null) {
                    header = record.stream().map(String::strip).toList();
                    continue;
                }
                if (record.size() != header.size()) {
                    throw HttpError.badRequest("CSV row " + rows.size() + " has " + record.size()
                            + " fields; the header has " + header.size());
                }
                Map<String, Object> row = new HashMap<>();
                for (int c = 0; c < header.size(); c++) {
                    row.put(header.get(c), record.get(c));
                }
                rows.add(row);
            }
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            throw HttpError.badRequest("the body is not valid CSV: " + e.getMessage());
        }
        if (header == null) {
            throw HttpError.badRequest("the CSV body is empty: send a header row, then one row per prediction");
        }
        return rows;
    }
}
