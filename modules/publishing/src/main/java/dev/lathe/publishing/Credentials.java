package dev.lathe.publishing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds credentials for a publish target without ever writing them anywhere: from the environment, or from
 * the auth files docker and podman keep ({@code auths} entries with base64 {@code user:password}).
 * {@link Credential#source()} says where one came from, for messages; the secret is never shown.
 */
public final class Credentials {
    /** A user name and secret, and where they were found (e.g. "LATHE_REGISTRY_USER", "~/.docker/config.json"). */
    public record Credential(String user, String secret, String source) {
        public String basicHeader() {
            return "Basic " + Base64.getEncoder().encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
        }

        /** "user 'ana' from LATHE_REGISTRY_USER/LATHE_REGISTRY_PASSWORD": what was tried, without the secret. */
        public String describe() {
            return "user '" + user + "' from " + source;
        }

        @Override
        public String toString() {
            return describe();
        }
    }

    private final Map<String, String> env;
    private final Path home;

    public Credentials(Map<String, String> env, Path home) {
        this.env = env;
        this.home = home;
    }

    public static Credentials system() {
        return new Credentials(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    public Map<String, String> env() {
        return env;
    }

    /**
     * Credentials for an OCI registry (host or host:port): LATHE_REGISTRY_USER and LATHE_REGISTRY_PASSWORD, else
     * the first auth file that has an entry for it: $REGISTRY_AUTH_FILE, $XDG_RUNTIME_DIR/containers/auth.json,
     * ~/.config/containers/auth.json, $DOCKER_CONFIG/config.json or ~/.docker/config.json.
     */
    public Optional<Credential> registry(String registry) {
        String user = env.get("LATHE_REGISTRY_USER");
        String pass = env.get("LATHE_REGISTRY_PASSWORD");
        if (user != null && !user.isBlank() && pass != null) {
            return Optional.of(new Credential(user, pass, "LATHE_REGISTRY_USER/LATHE_REGISTRY_PASSWORD"));
        }
        for (Path file : authFiles()) {
            Optional<Credential> c = fromAuthFile(file, registry);
            if (c.isPresent()) {
                return c;
            }
        }
        return Optional.empty();
    }

    /** The auth files looked at, in order (those that exist or not). */
    public List<Path> authFiles() {
        List<Path> files = new ArrayList<>();
        String explicit = env.get("REGISTRY_AUTH_FILE");
        if (explicit != null && !explicit.isBlank()) {
            files.add(Path.of(explicit));
        }
        String runtime = env.get("XDG_RUNTIME_DIR");
        if (runtime != null && !runtime.isBlank()) {
            files.add(Path.of(runtime, "containers", "auth.json"));
        }
        files.add(home.resolve(".config/containers/auth.json"));
        String docker = env.get("DOCKER_CONFIG");
        files.add(docker != null && !docker.isBlank() ? Path.of(docker, "config.json") : home.resolve(".docker/config.json"));
        return files;
    }

    static Optional<Credential> fromAuthFile(Path file, String registry) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        JsonNode root;
        try {
            root = ModelBundle.JSON.readTree(file.toFile());
        } catch (IOException e) {
            // a broken auth file is the user's to fix, but it must not stop an anonymous publish
            return Optional.empty();
        }
        JsonNode auths = root.path("auths");
        for (String key : List.of(registry, "https://" + registry, "http://" + registry, "https://" + registry + "/v2/",
                "https://" + registry + "/v1/")) {
            JsonNode entry = auths.path(key);
            String auth = entry.path("auth").asText("");
            if (!auth.isEmpty()) {
                String decoded;
                try {
                    decoded = new String(Base64.getDecoder().decode(auth.strip()), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    continue;
                }
                int colon = decoded.indexOf(':');
                if (colon > 0) {
                    return Optional.of(new Credential(decoded.substring(0, colon), decoded.substring(colon + 1),
                            file.toString()));
                }
            }
        }
        return Optional.empty();
    }

    /** MLflow: MLFLOW_TRACKING_TOKEN (bearer) or MLFLOW_TRACKING_USERNAME/MLFLOW_TRACKING_PASSWORD (basic). */
    public Optional<String> mlflowAuthorization() {
        String token = env.get("MLFLOW_TRACKING_TOKEN");
        if (token != null && !token.isBlank()) {
            return Optional.of("Bearer " + token.strip());
        }
        String user = env.get("MLFLOW_TRACKING_USERNAME");
        String pass = env.get("MLFLOW_TRACKING_PASSWORD");
        if (user != null && !user.isBlank() && pass != null) {
            return Optional.of(new Credential(user, pass, "MLFLOW_TRACKING_USERNAME").basicHeader());
        }
        return Optional.empty();
    }

    /** What mlflowAuthorization used, for messages. */
    public String mlflowDescription() {
        if (env.get("MLFLOW_TRACKING_TOKEN") != null && !env.get("MLFLOW_TRACKING_TOKEN").isBlank()) {
            return "a bearer token from MLFLOW_TRACKING_TOKEN";
        }
        if (env.get("MLFLOW_TRACKING_USERNAME") != null) {
            return "user '" + env.get("MLFLOW_TRACKING_USERNAME") + "' from MLFLOW_TRACKING_USERNAME/MLFLOW_TRACKING_PASSWORD";
        }
        return "no credentials (set MLFLOW_TRACKING_TOKEN, or MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD)";
    }

    /** Git over HTTP(S): LATHE_GIT_USER (default "git") with LATHE_GIT_TOKEN. */
    public Optional<Credential> git() {
        String token = env.get("LATHE_GIT_TOKEN");
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        String user = env.getOrDefault("LATHE_GIT_USER", "git");
        return Optional.of(new Credential(user, token, "LATHE_GIT_TOKEN"));
    }
}
