package dev.lathe.publishing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The few calls of MLflow's REST API 2.0 that publishing needs. An error answer's {@code error_code}
 * (RESOURCE_ALREADY_EXISTS, RESOURCE_DOES_NOT_EXIST, INVALID_PARAMETER_VALUE, ...) is kept for the caller.
 */
final class MlflowClient {
    /** An answer: status, parsed body, and MLflow's error_code when it is an error. */
    record Reply(int status, JsonNode body) {
        boolean ok() {
            return status == 200;
        }

        String errorCode() {
            return body.path("error_code").asText("");
        }

        String message() {
            return body.path("message").asText("");
        }
    }

    private final HttpClient http;
    private final URI base;
    private final String host;
    private final Optional<String> authorization;
    private final String credentialDescription;

    MlflowClient(HttpClient http, URI base, Optional<String> authorization, String credentialDescription) {
        this.http = http;
        this.base = base;
        this.host = base.getAuthority();
        this.authorization = authorization;
        this.credentialDescription = credentialDescription;
    }

    Reply get(String endpoint, Map<String, String> query) {
        String q = query.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/api/2.0/mlflow/" + endpoint
                + (q.isEmpty() ? "" : "?" + q))).timeout(Http.REQUEST_TIMEOUT).GET();
        return send(b, "GET " + endpoint);
    }

    Reply post(String endpoint, Object body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/api/2.0/mlflow/" + endpoint))
                .timeout(Http.REQUEST_TIMEOUT).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(ModelBundle.bytes(body)));
        return send(b, "POST " + endpoint);
    }

    /** Like post, but any error other than the accepted codes fails the publish. */
    Reply postOk(String endpoint, Object body, String... accepted) {
        Reply r = post(endpoint, body);
        return check(r, "POST " + endpoint, accepted);
    }

    Reply check(Reply r, String what, String... accepted) {
        if (r.ok()) {
            return r;
        }
        for (String code : accepted) {
            if (code.equals(r.errorCode())) {
                return r;
            }
        }
        throw new PublishException(PublishException.Kind.REJECTED, "MLflow at " + host + " refused " + what + ": HTTP "
                + r.status() + (r.errorCode().isEmpty() ? "" : " " + r.errorCode())
                + (r.message().isEmpty() ? "" : ": " + r.message()));
    }

    private Reply send(HttpRequest.Builder b, String what) {
        authorization.ifPresent(a -> b.header("Authorization", a));
        HttpResponse<String> r = Http.send(http, b.build(), HttpResponse.BodyHandlers.ofString(), host);
        if (r.statusCode() == 401 || r.statusCode() == 403) {
            throw new PublishException(PublishException.Kind.AUTH, "MLflow at " + host + " refused " + what + " (HTTP "
                    + r.statusCode() + "); tried " + credentialDescription);
        }
        if (Http.transientStatus(r.statusCode())) {
            throw new PublishException(PublishException.Kind.UNREACHABLE, "MLflow at " + host + " answered HTTP "
                    + r.statusCode() + " to " + what);
        }
        JsonNode body;
        try {
            body = r.body() == null || r.body().isBlank() ? MissingNode.getInstance() : ModelBundle.JSON.readTree(r.body());
        } catch (IOException e) {
            throw new PublishException(PublishException.Kind.REJECTED, "MLflow at " + host + " answered " + what
                    + " with something that is not JSON (HTTP " + r.statusCode() + "); is " + base + " an MLflow server?");
        }
        return new Reply(r.statusCode(), body);
    }
}
