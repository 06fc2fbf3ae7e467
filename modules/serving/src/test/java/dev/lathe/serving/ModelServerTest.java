package dev.lathe.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lathe.data.Table;
import dev.lathe.training.predict.Prediction;
import dev.lathe.training.predict.Predictor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real server on a free local port, called with the JDK's HTTP client. */
class ModelServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> FEATURES = List.of("sepal_length", "sepal_width", "petal_length", "petal_width");
    private static final int N = 12;
    /** From row 44: the slice crosses from setosa into versicolor, so the answers are not all alike. */
    private static final int FIRST = 44;

    @TempDir
    static Path dir;
    static Table iris;
    static Predictor predictor;
    static ModelServer server;
    static HttpClient http;
    static List<Map<String, Object>> rows;
    static List<Object> expected;

    @BeforeAll
    static void start() throws IOException {
        iris = Models.table("iris.csv");
        predictor = Predictor.load(Models.train(dir, "djl-mlp", iris, "species", Map.of()));
        server = ModelServer.start(predictor, "iris", "3", new InetSocketAddress("127.0.0.1", 0),
                ModelServer.Options.defaults());
        http = HttpClient.newHttpClient();
        rows = Models.rows(iris, "species", FIRST, N);
        expected = predictor.predict(rows).stream().map(Prediction::label).toList();
        assertTrue(expected.contains("setosa") && expected.contains("versicolor"), expected.toString());
    }

    @AfterAll
    static void stop() {
        server.stop();
        predictor.close();
        http.close();
    }

    record Reply(int status, JsonNode body, HttpResponse<String> raw) {
    }

    static Reply call(ModelServer s, String method, String path, String contentType, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""), r.body());
        return new Reply(r.statusCode(), JSON.readTree(r.body()), r);
    }

    private static Reply get(String path) throws Exception {
        return call(server, "GET", path, null, null);
    }

    private static Reply post(String path, Object body) throws Exception {
        return call(server, "POST", path, "application/json", body instanceof String s ? s : JSON.writeValueAsString(body));
    }

    private static List<Object> predictions(Reply r) {
        assertEquals(200, r.status(), r.body().toString());
        List<Object> out = new ArrayList<>();
        r.body().get("predictions").forEach(n -> out.add(n.isNumber() ? n.doubleValue() : n.asText()));
        return out;
    }

    private static ArrayNode matrix() {
        ArrayNode data = JSON.createArrayNode();
        for (Map<String, Object> row : rows) {
            ArrayNode values = data.addArray();
            FEATURES.forEach(f -> values.add((Double) row.get(f)));
        }
        return data;
    }

    private static ArrayNode records() {
        return JSON.valueToTree(rows);
    }

    @Test
    void healthAndVersion() throws Exception {
        assertEquals("ok", get("/ping").body().get("status").asText());
        assertEquals(200, get("/health").status());
        JsonNode v = get("/version").body();
        assertEquals("iris", v.get("model").asText());
        assertEquals("3", v.get("model_version").asText());
        assertEquals("djl-mlp", v.get("trainer").asText());
        assertEquals("djl", v.get("engine").asText());
        assertTrue(v.has("lathe"));
        assertTrue(get("/v2/health/live").body().get("live").asBoolean());
        assertTrue(get("/v2/health/ready").body().get("ready").asBoolean());
        assertTrue(get("/v2/models/iris/ready").body().get("ready").asBoolean());
        assertEquals("lathe", get("/v2").body().get("name").asText());
    }

    @Test
    void dataframeSplit() throws Exception {
        ObjectNode split = JSON.createObjectNode();
        split.putArray("columns").addAll(FEATURES.stream().map(JSON.getNodeFactory()::textNode).toList());
        split.set("data", matrix());
        assertEquals(expected, predictions(post("/invocations", Map.of("dataframe_split", split))));
        // MLflow also sends the index; and without columns the values are in the model's input order
        split.putArray("index").add(0);
        split.remove("columns");
        assertEquals(expected, predictions(post("/invocations", Map.of("dataframe_split", split))));
    }

    @Test
    void dataframeRecordsInstancesAndInputs() throws Exception {
        assertEquals(expected, predictions(post("/invocations", Map.of("dataframe_records", records()))));
        assertEquals(expected, predictions(post("/invocations", Map.of("instances", records()))));
        assertEquals(expected, predictions(post("/invocations", Map.of("instances", matrix()))));
        assertEquals(expected, predictions(post("/invocations", Map.of("inputs", records()))));
        assertEquals(expected, predictions(post("/invocations", Map.of("inputs", matrix()))));
        ObjectNode columns = JSON.createObjectNode();
        for (String f : FEATURES) {
            ArrayNode values = columns.putArray(f);
            rows.forEach(r -> values.add((Double) r.get(f)));
        }
        assertEquals(expected, predictions(post("/invocations", Map.of("inputs", columns, "params", Map.of()))));
    }

    @Test
    void csv() throws Exception {
        StringBuilder csv = new StringBuilder("petal_width,petal_length,sepal_width,sepal_length,comment\n");
        for (Map<String, Object> r : rows) {
            csv.append(r.get("petal_width")).append(',').append(r.get("petal_length")).append(',')
                    .append(r.get("sepal_width")).append(',').append(r.get("sepal_length")).append(",\"a, b\"\n");
        }
        assertEquals(expected, predictions(call(server, "POST", "/invocations", "text/csv; charset=utf-8", csv.toString())));
    }

    @Test
    void openInferenceOneInputPerColumn() throws Exception {
        ObjectNode request = JSON.createObjectNode();
        request.put("id", "req-1");
        ArrayNode inputs = request.putArray("inputs");
        for (String f : FEATURES) {
            ObjectNode input = inputs.addObject();
            input.put("name", f).put("datatype", "FP64");
            input.putArray("shape").add(N);
            ArrayNode data = input.putArray("data");
            rows.forEach(r -> data.add((Double) r.get(f)));
        }
        Reply r = post("/v2/models/iris/infer", request);
        assertEquals(200, r.status(), r.body().toString());
        assertEquals("iris", r.body().get("model_name").asText());
        assertEquals("3", r.body().get("model_version").asText());
        assertEquals("req-1", r.body().get("id").asText());
        JsonNode output = r.body().get("outputs").get(0);
        assertEquals("predictions", output.get("name").asText());
        assertEquals("BYTES", output.get("datatype").asText());
        assertEquals(N, output.get("shape").get(0).asInt());
        List<Object> labels = new ArrayList<>();
        output.get("data").forEach(n -> labels.add(n.asText()));
        assertEquals(expected, labels);
        assertEquals(200, post("/v2/models/iris/versions/3/infer", request).status());
    }

    @Test
    void openInferenceOneMatrixInFeatureOrder() throws Exception {
        ArrayNode flat = JSON.createArrayNode();
        matrix().forEach(row -> row.forEach(flat::add));
        for (JsonNode data : List.<JsonNode>of(flat, matrix())) { // flat row-major, or nested
            ObjectNode request = JSON.createObjectNode();
            ObjectNode input = request.putArray("inputs").addObject();
            input.put("name", "input-0").put("datatype", "FP64");
            input.putArray("shape").add(N).add(4);
            input.set("data", data);
            Reply r = post("/v2/models/iris/infer", request);
            assertEquals(200, r.status(), r.body().toString());
            List<Object> labels = new ArrayList<>();
            r.body().get("outputs").get(0).get("data").forEach(n -> labels.add(n.asText()));
            assertEquals(expected, labels);
        }
    }

    @Test
    void openInferenceMetadataListsTheFeatures() throws Exception {
        JsonNode m = get("/v2/models/iris").body();
        assertEquals("iris", m.get("name").asText());
        assertEquals("3", m.get("versions").get(0).asText());
        assertEquals("lathe", m.get("platform").asText());
        List<String> names = new ArrayList<>();
        m.get("inputs").forEach(i -> {
            names.add(i.get("name").asText());
            assertEquals("FP64", i.get("datatype").asText());
            assertEquals(-1, i.get("shape").get(0).asInt());
        });
        assertEquals(FEATURES, names);
        assertEquals("BYTES", m.get("outputs").get(0).get("datatype").asText());
    }

    private static void assertError(Reply r, int status, String code, String messagePart) {
        assertEquals(status, r.status(), r.body().toString());
        if (code == null) {
            assertTrue(r.body().get("error").asText().contains(messagePart), r.body().toString());
        } else {
            assertEquals(code, r.body().get("error_code").asText(), r.body().toString());
            assertTrue(r.body().get("message").asText().contains(messagePart), r.body().toString());
        }
    }

    @Test
    void aCallersMistakesAre4xxWithAMessage() throws Exception {
        assertError(post("/invocations", "{\"dataframe_split\": "), 400, "BAD_REQUEST", "not valid JSON");
        assertError(post("/invocations", ""), 400, "BAD_REQUEST", "empty");
        assertError(post("/invocations", "[1, 2]"), 400, "BAD_REQUEST", "dataframe_split, dataframe_records");
        assertError(post("/invocations", "{\"rows\": []}"), 400, "BAD_REQUEST", "none of the keys");
        assertError(post("/invocations", Map.of("instances", List.of(List.of(1, 2)))), 400, "BAD_REQUEST",
                "row 0 has 2 values for 4 columns");
        assertError(post("/invocations", Map.of("instances", List.of(Map.of("sepal_length", List.of(1))))), 400,
                "BAD_REQUEST", "row 0, column 'sepal_length': [1] is not a single value");

        List<Map<String, Object>> broken = new ArrayList<>(rows.subList(0, 3));
        Map<String, Object> missing = new java.util.HashMap<>(broken.get(2));
        missing.remove("petal_width");
        broken.set(2, missing);
        assertError(post("/invocations", Map.of("dataframe_records", broken)), 400, "INVALID_PARAMETER_VALUE",
                "row 2: missing column 'petal_width' (the model needs: sepal_length, sepal_width, petal_length, petal_width)");
        Map<String, Object> text = new java.util.HashMap<>(rows.getFirst());
        text.put("sepal_length", "abc");
        assertError(post("/invocations", Map.of("dataframe_records", List.of(text))), 400, "INVALID_PARAMETER_VALUE",
                "row 0, column 'sepal_length': 'abc' is not a number");

        assertError(call(server, "POST", "/invocations", "application/xml", "<x/>"), 415, "BAD_REQUEST", "application/json or text/csv");
        assertError(call(server, "POST", "/invocations", "text/csv", "a,b\n1\n"), 400, "BAD_REQUEST", "CSV row 0 has 1 fields");
        assertError(get("/nowhere"), 404, "RESOURCE_DOES_NOT_EXIST", "/nowhere");
        Reply wrongMethod = get("/invocations");
        assertError(wrongMethod, 405, "METHOD_NOT_ALLOWED", "takes POST");
        assertEquals("POST", wrongMethod.raw().headers().firstValue("Allow").orElse(""));
        assertError(post("/ping", "{}"), 405, "METHOD_NOT_ALLOWED", "takes GET");

        assertError(get("/v2/models/wine"), 404, null, "no model 'wine' here; this server serves 'iris'");
        assertError(post("/v2/models/wine/infer", "{}"), 404, null, "no model 'wine'");
        assertError(get("/v2/models/iris/versions/9"), 404, null, "no version '9'");
        assertError(post("/v2/models/iris/infer", "{\"inputs\": 3}"), 400, null, "\"inputs\"");
        assertError(post("/v2/models/iris/infer", "{\"inputs\": [{\"name\": \"sepal_length\", \"shape\": [2], "
                + "\"datatype\": \"FP64\", \"data\": [1]}]}"), 400, null, "has 1 values but its shape [2] needs 2");
        assertError(post("/v2/models/iris/infer", "{\"inputs\": [{\"name\": \"sepal_length\", \"shape\": [1], "
                + "\"datatype\": \"FP64\", \"data\": [1]}]}"), 400, null, "row 0: missing column 'sepal_width'");
        assertError(post("/v2/models/iris/infer", "{\"inputs\": [{\"name\": \"x\", \"shape\": [1, 3], "
                + "\"datatype\": \"FP64\", \"data\": [1, 2, 3]}]}"), 400, null, "the model takes 4 values per row");
        assertError(post("/v2/models/iris/infer", "not json"), 400, null, "not valid JSON");
    }

    @Test
    void aPayloadOverTheLimitIs413() throws Exception {
        try (ModelServer small = ModelServer.start(predictor, "iris", "3", new InetSocketAddress("127.0.0.1", 0),
                ModelServer.Options.defaults().withMaxPayloadBytes(1024))) {
            String body = JSON.writeValueAsString(Map.of("dataframe_records", Models.rows(iris, "species", 0, 60)));
            assertTrue(body.length() > 1024);
            assertError(call(small, "POST", "/invocations", "application/json", body), 413, "REQUEST_LIMIT_EXCEEDED",
                    "1024 bytes");
            assertError(call(small, "POST", "/v2/models/iris/infer", "application/json", body), 413, null, "1024 bytes");
            // without a Content-Length (chunked), the limit holds as the body arrives
            HttpRequest chunked = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + small.port() + "/invocations"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body.getBytes())))
                    .build();
            HttpResponse<String> r = http.send(chunked, HttpResponse.BodyHandlers.ofString());
            assertEquals(413, r.statusCode(), r.body());
            // under the limit it still answers
            String one = JSON.writeValueAsString(Map.of("dataframe_records", rows.subList(0, 1)));
            assertEquals(expected.subList(0, 1), predictions(call(small, "POST", "/invocations", "application/json", one)));
        }
    }

    @Test
    void elevenMegabytesAgainstTheDefaultLimitIs413() throws Exception {
        String body = "{\"instances\": [" + "[1.0, 2.0, 3.0, 4.0],".repeat(11 * 1024 * 1024 / 21) + "[1, 2, 3, 4]]}";
        assertError(post("/invocations", body), 413, "REQUEST_LIMIT_EXCEEDED", "10485760 bytes");
    }

    @Test
    void concurrentRequestsEachGetTheirOwnAnswers() throws Exception {
        try (ExecutorService clients = Executors.newFixedThreadPool(8)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int first = t * 15; // each thread its own rows, so a mixed-up answer shows
                List<Map<String, Object>> mine = Models.rows(iris, "species", first, 10);
                List<Object> want = predictor.predict(mine).stream().map(Prediction::label).toList();
                String body = JSON.writeValueAsString(Map.of("dataframe_records", mine));
                futures.add(clients.submit(() -> {
                    for (int k = 0; k < 25; k++) {
                        assertEquals(want, predictions(call(server, "POST", "/invocations", "application/json", body)));
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        }
    }

    @Test
    void regressionAnswersNumbers() throws Exception {
        Table wine = Models.table("wine.csv");
        try (Predictor cart = Predictor.load(Models.train(dir, "tribuo-cart", wine, "alcohol", Map.of()));
             ModelServer s = ModelServer.start(cart, "wine-alcohol", "1", new InetSocketAddress("127.0.0.1", 0),
                     new ModelServer.Options(1 << 20, 2))) {
            List<Map<String, Object>> some = Models.rows(wine, "alcohol", 0, 5);
            List<Object> want = cart.predict(some).stream().map(Prediction::label).toList();
            String body = JSON.writeValueAsString(Map.of("dataframe_records", some));
            assertEquals(want, predictions(call(s, "POST", "/invocations", "application/json", body)));
            JsonNode meta = call(s, "GET", "/v2/models/wine-alcohol", null, null).body();
            assertEquals("FP64", meta.get("outputs").get(0).get("datatype").asText());
            assertEquals(13, meta.get("inputs").size());
        }
    }
}
