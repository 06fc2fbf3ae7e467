package dev.lathe.serving;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.lathe.core.LatheVersion;
import dev.lathe.training.predict.Prediction;
import dev.lathe.training.predict.PredictionException;
import dev.lathe.training.predict.Predictor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Serves one model over HTTP, speaking two protocols clients already know:
 * <ul>
 *   <li>MLflow's scoring server: GET /ping, /health, /version and POST /invocations (JSON dataframe_split,
 *       dataframe_records, instances, inputs; or text/csv), answering {"predictions": [...]};</li>
 *   <li>KServe's Open Inference Protocol v2: /v2, /v2/health/live|ready, /v2/models/NAME[/versions/V][/ready],
 *       POST /v2/models/NAME[/versions/V]/infer.</li>
 * </ul>
 * A caller's mistake is answered with a 4xx and a JSON message (MLflow's {"error_code", "message"}, or the
 * protocol's {"error"} under /v2); only a genuine internal failure gives a 500.
 *
 * <p>Built on the JDK's own com.sun.net.httpserver rather than a web framework: the server needs a handful of
 * routes and JSON, and every jar it does not pull in keeps the runner's install and container images small.
 * Requests run on a fixed pool, so a burst queues instead of starting one model forward pass per connection.
 */
public final class ModelServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ModelServer.class.getName());
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final String JSON_TYPE = "application/json";

    /**
     * @param maxPayloadBytes larger request bodies are refused with 413 before they are parsed
     * @param threads         requests handled at once; more wait in the queue
     */
    public record Options(long maxPayloadBytes, int threads) {
        public static final long DEFAULT_MAX_PAYLOAD_BYTES = 10L * 1024 * 1024;

        public Options {
            if (maxPayloadBytes < 1) {
                throw new IllegalArgumentException("maxPayloadBytes must be at least 1, not " + maxPayloadBytes);
            }
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1, not " + threads);
            }
        }

        /** 10 MB, MLflow's default limit, and a thread per core (at least 4). */
        public static Options defaults() {
            return new Options(DEFAULT_MAX_PAYLOAD_BYTES, Math.max(4, Runtime.getRuntime().availableProcessors()));
        }

        public Options withMaxPayloadBytes(long bytes) {
            return new Options(bytes, threads);
        }
    }

    private final Predictor predictor;
    private final String modelName;
    private final String modelVersion;
    private final Options options;
    private final List<String> features;
    private final HttpServer server;
    private final ExecutorService pool;

    private ModelServer(Predictor predictor, String modelName, String modelVersion, Options options,
                        HttpServer server, ExecutorService pool) {
        this.predictor = predictor;
        this.modelName = modelName;
        this.modelVersion = modelVersion;
        this.options = options;
        this.features = List.copyOf(predictor.signature().keySet());
        this.server = server;
        this.pool = pool;
    }

    /**
     * Binds the address (port 0: any free port, see {@link #port}) and starts serving. The predictor stays the
     * caller's: {@link #stop} does not close it.
     *
     * @throws IOException when the address cannot be bound (a port in use)
     */
    public static ModelServer start(Predictor predictor, String modelName, String modelVersion,
                                    InetSocketAddress address, Options options) throws IOException {
        Objects.requireNonNull(predictor, "predictor");
        if (modelName == null || modelName.isBlank() || modelName.contains("/")) {
            throw new IllegalArgumentException("a model name must be non-blank without '/': '" + modelName + "'");
        }
        HttpServer http = HttpServer.create(address, 0);
        AtomicInteger count = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(options.threads(), r -> {
            Thread t = new Thread(r, "lathe-serve-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        ModelServer server = new ModelServer(predictor, modelName, modelVersion, options, http, pool);
        http.createContext("/", server::handle);
        http.setExecutor(pool);
        http.start();
        return server;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    public String modelName() {
        return modelName;
    }

    public String modelVersion() {
        return modelVersion;
    }

    /** Stops accepting, gives requests in flight a second to finish, and ends the threads. */
    public void stop() {
        server.stop(1);
        pool.shutdown();
        try {
            pool.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }

    // ---- routing

    private enum Endpoint { PING, VERSION, INVOCATIONS, V2_SERVER, V2_LIVE, V2_READY, V2_MODEL, V2_MODEL_READY, V2_INFER }

    private record Route(Endpoint endpoint, String method, String model, String version) {
        boolean openInference() {
            return endpoint.name().startsWith("V2");
        }
    }

    private static Route route(String path) {
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        switch (path) {
            case "/ping", "/health" -> {
                return new Route(Endpoint.PING, "GET", null, null);
            }
            case "/version" -> {
                return new Route(Endpoint.VERSION, "GET", null, null);
            }
            case "/invocations" -> {
                return new Route(Endpoint.INVOCATIONS, "POST", null, null);
            }
            case "/v2" -> {
                return new Route(Endpoint.V2_SERVER, "GET", null, null);
            }
            case "/v2/health/live" -> {
                return new Route(Endpoint.V2_LIVE, "GET", null, null);
            }
            case "/v2/health/ready" -> {
                return new Route(Endpoint.V2_READY, "GET", null, null);
            }
            default -> {
            }
        }
        if (!path.startsWith("/v2/models/")) {
            return null;
        }
        // /v2/models/NAME[/versions/V][/ready|/infer]
        String[] parts = path.substring("/v2/models/".length()).split("/", -1);
        String name = parts[0];
        String version = null;
        int next = 1;
        if (parts.length >= 3 && parts[1].equals("versions")) {
            version = parts[2];
            next = 3;
        }
        if (name.isEmpty() || parts.length > next + 1) {
            return null;
        }
        if (parts.length == next) {
            return new Route(Endpoint.V2_MODEL, "GET", name, version);
        }
        return switch (parts[next]) {
            case "ready" -> new Route(Endpoint.V2_MODEL_READY, "GET", name, version);
            case "infer" -> new Route(Endpoint.V2_INFER, "POST", name, version);
            default -> null;
        };
    }

    private void handle(HttpExchange exchange) {
        Route route = null;
        try (exchange) {
            try {
                route = route(exchange.getRequestURI().getPath());
                if (route == null) {
                    throw new HttpError(404, "RESOURCE_DOES_NOT_EXIST", "no endpoint " + exchange.getRequestURI().getPath()
                            + "; see /invocations, /ping, /version, /v2/models/" + modelName + "[/infer]");
                }
                if (!route.method().equals(exchange.getRequestMethod())) {
                    exchange.getResponseHeaders().set("Allow", route.method());
                    throw new HttpError(405, "METHOD_NOT_ALLOWED", exchange.getRequestURI().getPath() + " takes "
                            + route.method() + ", not " + exchange.getRequestMethod());
                }
                if (route.model() != null) {
                    checkModel(route);
                }
                send(exchange, 200, answer(route, exchange));
            } catch (HttpError e) {
                send(exchange, e.status(), error(route, e.code(), e.getMessage()));
            } catch (PredictionException e) {
                send(exchange, 400, error(route, "INVALID_PARAMETER_VALUE", e.getMessage()));
            } catch (JacksonException e) {
                send(exchange, 400, error(route, "BAD_REQUEST", "the body is not valid JSON: " + e.getOriginalMessage()));
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "request " + exchange.getRequestMethod() + " "
                        + exchange.getRequestURI() + " failed", e);
                send(exchange, 500, error(route, "INTERNAL_ERROR", "internal error: " + e));
            }
        } catch (IOException e) {
            // the client went away while we answered: nothing left to tell it
            LOG.log(System.Logger.Level.DEBUG, "cannot answer " + exchange.getRequestURI() + ": " + e.getMessage());
        }
    }

    private void checkModel(Route route) {
        if (!route.model().equals(modelName)) {
            throw new HttpError(404, "RESOURCE_DOES_NOT_EXIST", "no model '" + route.model()
                    + "' here; this server serves '" + modelName + "'");
        }
        if (route.version() != null && !route.version().equals(modelVersion)) {
            throw new HttpError(404, "RESOURCE_DOES_NOT_EXIST", "model '" + modelName + "' has no version '"
                    + route.version() + "'; this server serves version '" + modelVersion + "'");
        }
    }

    private Object answer(Route route, HttpExchange exchange) throws IOException {
        return switch (route.endpoint()) {
            case PING -> Map.of("status", "ok");
            case VERSION -> version();
            case INVOCATIONS -> Map.of("predictions", labels(predictor.predict(scoringRows(exchange))));
            case V2_SERVER -> Map.of("name", "lathe", "version", LatheVersion.get(), "extensions", List.of());
            case V2_LIVE -> Map.of("live", true);
            case V2_READY -> Map.of("ready", true);
            case V2_MODEL -> metadata();
            case V2_MODEL_READY -> Map.of("name", modelName, "ready", true);
            case V2_INFER -> infer(exchange);
        };
    }

    private Map<String, Object> version() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("lathe", LatheVersion.get());
        out.put("model", modelName);
        out.put("model_version", modelVersion);
        out.put("trainer", predictor.manifest().trainer());
        out.put("engine", predictor.manifest().engine());
        out.put("engine_version", predictor.manifest().engineVersion());
        out.put("task", predictor.manifest().task());
        out.put("label", predictor.manifest().label());
        return out;
    }

    private List<Map<String, Object>> scoringRows(HttpExchange exchange) throws IOException {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        String mediaType = type == null ? JSON_TYPE : type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return switch (mediaType) {
            case "text/csv" -> ScoringPayloads.fromCsv(new String(body(exchange), StandardCharsets.UTF_8));
            case JSON_TYPE -> ScoringPayloads.fromJson(json(body(exchange)), features);
            default -> throw new HttpError(415, "BAD_REQUEST", "Content-Type '" + type
                    + "' is not supported; send application/json or text/csv");
        };
    }

    private Map<String, Object> metadata() {
        String fp = "FP64";
        List<Map<String, Object>> inputs = new ArrayList<>();
        predictor.signature().forEach((column, type) -> inputs.add(tensorSpec(column,
                "numeric".equals(type) ? fp : "BYTES")));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", modelName);
        out.put("versions", List.of(modelVersion));
        out.put("platform", "lathe");
        out.put("inputs", inputs);
        out.put("outputs", List.of(tensorSpec("predictions", predictor.isClassifier() ? "BYTES" : fp)));
        return out;
    }

    private static Map<String, Object> tensorSpec(String name, String datatype) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("name", name);
        spec.put("datatype", datatype);
        spec.put("shape", List.of(-1));
        return spec;
    }

    private Map<String, Object> infer(HttpExchange exchange) throws IOException {
        JsonNode request = json(body(exchange));
        List<Object> labels = labels(predictor.predict(InferenceProtocol.rows(request, features)));
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("name", "predictions");
        output.put("shape", List.of(labels.size()));
        output.put("datatype", predictor.isClassifier() ? "BYTES" : "FP64");
        output.put("data", labels);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model_name", modelName);
        out.put("model_version", modelVersion);
        if (request.path("id").isTextual()) {
            out.put("id", request.get("id").textValue());
        }
        out.put("outputs", List.of(output));
        return out;
    }

    private static List<Object> labels(List<Prediction> predictions) {
        List<Object> out = new ArrayList<>(predictions.size());
        predictions.forEach(p -> out.add(p.label()));
        return out;
    }

    // ---- bodies

    /** The request body, refused with 413 once it passes the limit (by its Content-Length or as it arrives). */
    private byte[] body(HttpExchange exchange) throws IOException {
        long limit = options.maxPayloadBytes();
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.strip()) > limit) {
                    throw tooLarge();
                }
            } catch (NumberFormatException e) {
                throw HttpError.badRequest("Content-Length '" + length + "' is not a number");
            }
        }
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE - 16));
            if (bytes.length > limit) {
                throw tooLarge();
            }
            return bytes;
        }
    }

    private HttpError tooLarge() {
        return new HttpError(413, "REQUEST_LIMIT_EXCEEDED", "the request body is larger than the limit of "
                + options.maxPayloadBytes() + " bytes; send fewer rows per request");
    }

    private static JsonNode json(byte[] body) throws IOException {
        if (body.length == 0) {
            throw HttpError.badRequest("the request body is empty; send JSON");
        }
        return JSON.readTree(body);
    }

    private static Map<String, Object> error(Route route, String code, String message) {
        if (route != null && route.openInference()) {
            return Map.of("error", message); // the Open Inference Protocol's error shape
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("error_code", code);
        out.put("message", message);
        return out;
    }

    private static void send(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", JSON_TYPE);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
