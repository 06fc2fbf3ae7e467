package dev.lathe.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Image sizes and build times for a Tribuo and a DJL/PyTorch iris model, cold (empty cache: jlink, layer
 * compression) and warm (cached runtime and layers, a new model version), pushed to a local registry; then the DJL
 * image is run with podman and scored. Prints the figures docs/packaging.md quotes:
 * {@code lmvn modules/packaging test -Dtest=ImageBench -Dgroups=bench -Dlathe.excludedGroups=none}.
 */
@Tag("bench")
class ImageBench {
    @TempDir
    Path dir;

    @Test
    void sizesAndBuildTimes() throws Exception {
        LocalRegistry.Tools.require("skopeo", "skopeo");
        Path tribuo1 = ImageBuilderTest.train("tribuo-logistic", dir.resolve("t1"), 1, Map.of());
        Path tribuo2 = ImageBuilderTest.train("tribuo-logistic", dir.resolve("t2"), 2, Map.of());
        Path djl1 = ImageBuilderTest.train("djl-mlp", dir.resolve("d1"), 1, Map.of("epochs", "30"));
        Path djl2 = ImageBuilderTest.train("djl-mlp", dir.resolve("d2"), 2, Map.of("epochs", "30"));
        Path cache = dir.resolve("cache");
        try (LocalRegistry registry = LocalRegistry.start(dir.resolve("registry"))) {
            String r = registry.host() + "/bench/";
            report("tribuo cold", build(tribuo1, r + "tribuo:1", cache));
            ImageBuilder.Result tribuoWarm = build(tribuo2, r + "tribuo:2", cache);
            report("tribuo warm (new version)", tribuoWarm);
            report("djl cold (runtime cached)", build(djl1, r + "djl:1", cache));
            ImageBuilder.Result djlWarm = build(djl2, r + "djl:2", cache);
            report("djl warm (new version)", djlWarm);
            assertTrue(tribuoWarm.uncompressedSize() <= 120_000_000L, "tribuo image " + tribuoWarm.uncompressedSize());
            assertTrue(djlWarm.size() <= 450_000_000L, "djl image " + djlWarm.size());

            LocalRegistry.Tools.require("podman", "podman runc");
            Path tar = dir.resolve("djl.tar");
            ImageBuilder.build(new ImageBuilder.Request(djl2, new ImageBuilder.ModelInfo("iris-mlp", "2", null, null),
                    new ImageBuilder.Target.Tar(tar, "localhost/bench/djl:2"), null, cache), line -> { });
            ImageRunTest.Podman podman = new ImageRunTest.Podman(dir.resolve("podman"));
            String loaded = podman.run(300, "load", "-i", tar.toString());
            assertTrue(podman.ok, loaded);
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            long start = System.nanoTime();
            Process server = podman.start("run", "--rm", "--name", "lathe-bench-djl", "--network", "host",
                    "-e", "LATHE_PORT=" + port, "localhost/bench/djl:2");
            try {
                HttpRequest post = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/invocations"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"dataframe_split\": {\"columns\": [\"sepal_length\", "
                                + "\"sepal_width\", \"petal_length\", \"petal_width\"], \"data\": [[5.1, 3.5, 1.4, 0.2]]}}"))
                        .build();
                HttpResponse<String> response = null;
                while (response == null && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(90) && server.isAlive()) {
                    try {
                        response = HttpClient.newHttpClient().send(post, HttpResponse.BodyHandlers.ofString());
                    } catch (IOException e) {
                        Thread.sleep(200);
                    }
                }
                String log = server.isAlive() ? "" : new String(server.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(response != null, "the DJL container did not answer: " + log);
                System.out.printf(Locale.ROOT, "djl container: first answer %.1f s after podman run: %s%n",
                        (System.nanoTime() - start) / 1e9, response.body());
                JsonNode predictions = JsonMapper.builder().build().readTree(response.body()).path("predictions");
                assertEquals("setosa", predictions.get(0).asText(), response.body());
            } finally {
                podman.run(30, "stop", "-t", "2", "lathe-bench-djl");
                server.destroy();
                podman.run(60, "rmi", "-f", "localhost/bench/djl:2");
            }
        }
    }

    private static ImageBuilder.Result build(Path model, String ref, Path cache) {
        return ImageBuilder.build(new ImageBuilder.Request(model, new ImageBuilder.ModelInfo("iris", "1", null, null),
                new ImageBuilder.Target.Registry(ref, false), null, cache), line -> System.out.println("  " + line));
    }

    private static void report(String what, ImageBuilder.Result r) {
        System.out.printf(Locale.ROOT, "%-28s build %5.1f s  compressed %6.1f MB  uncompressed %6.1f MB  layers %s%n",
                what, r.took().toMillis() / 1000.0, r.size() / 1e6, r.uncompressedSize() / 1e6,
                r.layers().stream().map(l -> l.name() + "=" + String.format(Locale.ROOT, "%.1f", l.size() / 1e6)).toList());
    }
}
