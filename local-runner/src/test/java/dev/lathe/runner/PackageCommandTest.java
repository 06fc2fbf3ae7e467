package dev.lathe.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `lathe package`: a registered iris model written as an image tar, with its lineage in the labels. */
@Tag("slow")
class PackageCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void packagesARegisteredModelAsATarWithItsLineage() throws Exception {
        Path ws = dir.resolve("ws");
        Path iris = Datasets.copy("iris.csv", dir);
        assertEquals(0, CliHarness.run("train", "--data", iris.toString(), "--label", "species", "--trainer",
                "tribuo-cart", "--workspace", ws.toString()).exitCode());
        String run = JSON.readTree(CliHarness.run("runs", "list", "--workspace", ws.toString(), "--format", "json")
                .out()).get(0).get("id").asText();
        assertEquals(0, CliHarness.run("models", "register", run, "--name", "iris", "--workspace", ws.toString()).exitCode());

        Path tar = dir.resolve("iris.tar");
        var r = CliHarness.run("package", "iris", "--image", "localhost/lathe/iris", "--tar", tar.toString(),
                "--workspace", ws.toString(), "--format", "json");
        assertEquals(0, r.exitCode(), r.all());
        assertTrue(r.all().contains("jlink: runtime"), r.all());
        JsonNode result = JSON.readTree(r.out());
        assertEquals("localhost/lathe/iris:1", result.get("image").asText());
        assertTrue(result.get("digest").asText().startsWith("sha256:"), r.out());
        assertEquals("model", result.get("layers").get(4).get("name").asText());
        assertTrue(Files.size(tar) > 1_000_000);

        var unknown = CliHarness.run("package", "nosuch", "--image", "localhost/x", "--tar",
                dir.resolve("x.tar").toString(), "--workspace", ws.toString());
        assertEquals(ExitCodes.BAD_INPUT, unknown.exitCode(), unknown.all());
        assertTrue(unknown.err().contains("nosuch"), unknown.all());
        assertTrue(!Files.exists(dir.resolve("x.tar")));

        assumeTrue(Files.isExecutable(Path.of("/usr/bin/skopeo")) || "true".equals(System.getenv("CI")),
                "skopeo is not installed: apt-get install skopeo (.ci/setup-packaging.sh)");
        Process p = new ProcessBuilder("skopeo", "inspect", "docker-archive:" + tar).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, out);
        JsonNode labels = JSON.readTree(out).path("Labels");
        assertEquals("iris", labels.path("dev.lathe.model.name").asText());
        assertEquals("1", labels.path("dev.lathe.model.version").asText());
        assertEquals(run, labels.path("dev.lathe.model.run").asText());
        assertEquals("tribuo-cart", labels.path("dev.lathe.model.trainer").asText());
    }

    @Test
    void aTagOrDigestIsKeptElseTheVersionIsTheTag() {
        assertEquals("127.0.0.1:5000/iris:3", PackageCommand.withTag("127.0.0.1:5000/iris", "3"));
        assertEquals("127.0.0.1:5000/iris:prod", PackageCommand.withTag("127.0.0.1:5000/iris:prod", "3"));
        assertEquals("localhost/iris@sha256:ab", PackageCommand.withTag("localhost/iris@sha256:ab", "3"));
    }
}
