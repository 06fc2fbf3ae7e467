package dev.lathe.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.lathe.data.Table;
import dev.lathe.training.Trainers;
import dev.lathe.training.TrainingListener;
import dev.lathe.training.TrainingRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("slow")
class ImageBuilderTest {
    /**
     * The cache `lathe package` uses (~/.cache/lathe, or LATHE_CACHE_DIR): jlink runs once per JDK for these tests
     * and the runner's, as it does for a user. ImageBench measures builds with an empty cache.
     */
    static final Path CACHE = ImageBuilder.defaultCacheDir();

    @TempDir
    Path dir;

    static Path iris() {
        return Path.of(System.getProperty("user.dir")).resolve("../../resources/datasets/iris.csv").normalize();
    }

    static Path train(String trainer, Path modelDir, long seed, Map<String, String> params) {
        Table table = Table.readCsv(iris());
        Trainers.byName(trainer).train(new TrainingRequest(table, "species", null, params, seed, modelDir),
                new TrainingListener() { });
        return modelDir;
    }

    static JsonNode skopeo(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("skopeo"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, String.join(" ", command) + ": " + out);
        return JsonMapper.builder().build().readTree(out);
    }

    @Test
    void pushesAServingImageAndANewVersionRepushesOnlyTheModelLayer() throws Exception {
        LocalRegistry.Tools.require("skopeo", "skopeo");
        Path v1 = train("tribuo-logistic", dir.resolve("v1"), 1, Map.of());
        Path v2 = train("tribuo-logistic", dir.resolve("v2"), 2, Map.of("epochs", "20"));
        try (LocalRegistry registry = LocalRegistry.start(dir.resolve("registry"))) {
            List<String> lines = new ArrayList<>();
            String ref = registry.host() + "/lathe/iris";
            ImageBuilder.Result first = ImageBuilder.build(new ImageBuilder.Request(v1,
                    new ImageBuilder.ModelInfo("iris", "1", "run-one", "abc123"),
                    new ImageBuilder.Target.Registry(ref + ":1", false), null, ImageBuilderTest.CACHE), lines::add);
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("jlink: runtime")), lines.toString());
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("pushed ")), lines.toString());

            JsonNode inspect = skopeo("inspect", "--tls-verify=false", "docker://" + ref + ":1");
            assertEquals(first.digest(), inspect.path("Digest").asText());
            JsonNode labels = inspect.path("Labels");
            assertEquals("iris", labels.path("dev.lathe.model.name").asText());
            assertEquals("1", labels.path("dev.lathe.model.version").asText());
            assertEquals("run-one", labels.path("dev.lathe.model.run").asText());
            assertEquals("tribuo-logistic", labels.path("dev.lathe.model.trainer").asText());
            assertEquals("abc123", labels.path("org.opencontainers.image.revision").asText());
            assertEquals(Table.readCsv(iris()).sha256(), labels.path("dev.lathe.model.dataset.sha256").asText());
            assertTrue(labels.has("org.opencontainers.image.created"));
            assertEquals(5, inspect.path("Layers").size(), "base, runtime, libs, app, model: " + inspect);
            JsonNode config = skopeo("inspect", "--config", "--tls-verify=false", "docker://" + ref + ":1");
            assertEquals("65532:65532", config.path("config").path("User").asText());
            assertTrue(config.path("config").path("ExposedPorts").has("8080/tcp"), config.toString());
            assertTrue(first.size() < 120_000_000L, "image of " + first.size() + " bytes");

            ImageBuilder.Result second = ImageBuilder.build(new ImageBuilder.Request(v2,
                    new ImageBuilder.ModelInfo("iris", "2", "run-two", "abc124"),
                    new ImageBuilder.Target.Registry(ref + ":2", false), null, ImageBuilderTest.CACHE), lines::add);
            assertNotEquals(first.digest(), second.digest());
            for (int i = 0; i < 4; i++) {
                assertEquals(first.layers().get(i).digest(), second.layers().get(i).digest(),
                        "layer " + first.layers().get(i).name() + " is the same for a new model version");
            }
            assertEquals("model", second.layers().get(4).name());
            assertNotEquals(first.layers().get(4).digest(), second.layers().get(4).digest());
            assertTrue(second.took().toSeconds() <= 15, "warm build took " + second.took());

            // a registry base image replaces the built-in base layer; its layers come first
            ImageBuilder.Result based = ImageBuilder.build(new ImageBuilder.Request(v2,
                    new ImageBuilder.ModelInfo("iris", "2", null, null),
                    new ImageBuilder.Target.Registry(ref + ":based", false), "registry://" + ref + ":1", CACHE), lines::add);
            assertEquals(9, based.layers().size(), based.layers().toString());
            assertEquals("from base", based.layers().get(4).name());
            assertEquals(first.layers().get(4).digest(), based.layers().get(4).digest());
            assertEquals("runtime", based.layers().get(5).name());
        }
    }

    @Test
    void badInputIsRefusedWithTheReason() {
        PackagingException noModel = assertThrows(PackagingException.class, () -> ImageBuilder.build(
                new ImageBuilder.Request(dir, new ImageBuilder.ModelInfo("x", "1", null, null),
                        new ImageBuilder.Target.Registry("127.0.0.1:1/x:1", false), null, CACHE), line -> { }));
        assertTrue(noModel.getMessage().contains("lathe-model.json"), noModel.getMessage());
        Path model = train("tribuo-cart", dir.resolve("m"), 1, Map.of());
        PackagingException badRef = assertThrows(PackagingException.class, () -> ImageBuilder.build(
                new ImageBuilder.Request(model, new ImageBuilder.ModelInfo("x", "1", null, null),
                        new ImageBuilder.Target.Registry("127.0.0.1:5000/Bad Name", false), null, CACHE), line -> { }));
        assertTrue(badRef.getMessage().contains("Bad Name"), badRef.getMessage());
        assertTrue(ImageBuilder.isLoopback("127.0.0.1:5000"));
        assertTrue(ImageBuilder.isLoopback("localhost:5000"));
        assertTrue(ImageBuilder.isLoopback("[::1]:5000"));
        assertFalse(ImageBuilder.isLoopback("registry.example.com"));
        assertFalse(ImageBuilder.isLoopback("10.0.0.5:5000"));
    }
}
