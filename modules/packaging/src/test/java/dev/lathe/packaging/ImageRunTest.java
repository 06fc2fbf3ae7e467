package dev.lathe.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model image written as a tar, loaded and run with podman, answers /invocations with iris' classes. */
@Tag("slow")
class ImageRunTest {
    @TempDir
    Path dir;

    @Test
    void tarLoadsAndTheContainerPredictsIrisClasses() throws Exception {
        LocalRegistry.Tools.require("skopeo", "skopeo");
        Path model = ImageBuilderTest.train("tribuo-cart", dir.resolve("model"), 7, Map.of());
        Path tar = dir.resolve("iris.tar");
        List<String> lines = new ArrayList<>();
        ImageBuilder.Result result = ImageBuilder.build(new ImageBuilder.Request(model,
                new ImageBuilder.ModelInfo("iris", "3", null, null),
                new ImageBuilder.Target.Tar(tar, "localhost/lathe/iris:3"), null, ImageBuilderTest.CACHE), lines::add);
        assertTrue(Files.size(tar) > 1_000_000, lines.toString());
        assertEquals(5, result.layers().size(), result.layers().toString());
        JsonNode inspect = ImageBuilderTest.skopeo("inspect", "docker-archive:" + tar);
        assertEquals("iris", inspect.path("Labels").path("dev.lathe.model.name").asText());
        assertEquals(5, inspect.path("Layers").size());

        LocalRegistry.Tools.require("podman", "podman runc");
        Podman podman = new Podman(dir.resolve("podman"));
        String loaded = podman.run(120, "load", "-i", tar.toString());
        assumeTrue(podman.ok, "podman cannot load images here: " + loaded);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process server = podman.start("run", "--rm", "--name", "lathe-iris-test", "--network", "host",
                "-e", "LATHE_PORT=" + port, "localhost/lathe/iris:3");
        try {
            HttpClient http = HttpClient.newHttpClient();
            String body = "{\"dataframe_split\": {\"columns\": [\"sepal_length\", \"sepal_width\", \"petal_length\", "
                    + "\"petal_width\"], \"data\": [[5.1, 3.5, 1.4, 0.2], [6.7, 3.0, 5.2, 2.3]]}}";
            HttpRequest post = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/invocations"))
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            HttpResponse<String> response = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline && server.isAlive()) {
                try {
                    response = http.send(post, HttpResponse.BodyHandlers.ofString());
                    break;
                } catch (IOException e) {
                    Thread.sleep(200);
                }
            }
            String log = server.isAlive() ? "" : new String(server.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assumeTrue(response != null || !log.contains("runc"), "podman cannot run containers here: " + log);
            assertTrue(response != null, "the container did not answer on port " + port + ": " + log);
            assertEquals(200, response.statusCode(), response.body());
            JsonNode predictions = JsonMapper.builder().build().readTree(response.body()).path("predictions");
            assertEquals("setosa", label(predictions.get(0)), response.body());
            assertEquals("virginica", label(predictions.get(1)), response.body());
        } finally {
            podman.run(30, "stop", "-t", "2", "lathe-iris-test");
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
            podman.run(60, "rmi", "-f", "localhost/lathe/iris:3");
        }
    }

    private static String label(JsonNode prediction) {
        return prediction.isTextual() ? prediction.asText() : prediction.path("label").asText(prediction.toString());
    }

    /** podman with its storage, configuration and runtime (runc, lowered ulimits) in a temporary folder. */
    static final class Podman {
        private final Map<String, String> env;
        boolean ok;

        Podman(Path dir) throws IOException {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("containers.conf"), """
                    [containers]
                    default_ulimits = ["nofile=20000:20000", "nproc=4096:4096"]
                    [engine]
                    runtime = "runc"
                    cgroup_manager = "cgroupfs"
                    events_logger = "none"
                    """);
            Files.writeString(dir.resolve("storage.conf"), """
                    [storage]
                    driver = "overlay"
                    graphroot = "%s"
                    runroot = "%s"
                    """.formatted(dir.resolve("graph"), dir.resolve("run")));
            Files.writeString(dir.resolve("registries.conf"), "unqualified-search-registries = []\n");
            env = Map.of("CONTAINERS_CONF", dir.resolve("containers.conf").toString(),
                    "CONTAINERS_STORAGE_CONF", dir.resolve("storage.conf").toString(),
                    "CONTAINERS_REGISTRIES_CONF", dir.resolve("registries.conf").toString());
        }

        Process start(String... args) throws IOException {
            List<String> command = new ArrayList<>(List.of("podman"));
            command.addAll(List.of(args));
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            pb.environment().putAll(env);
            return pb.start();
        }

        String run(int seconds, String... args) throws IOException, InterruptedException {
            Process p = start(args);
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            ok = p.waitFor(seconds, TimeUnit.SECONDS) && p.exitValue() == 0;
            return out;
        }
    }
}
