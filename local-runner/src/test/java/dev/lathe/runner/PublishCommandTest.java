package dev.lathe.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `lathe publish` end to end: a trained iris model published while the registry is down (queued, exit 75),
 * `publish status`, the registry started, `publish retry` (done); and bad targets refused with exit 2.
 */
class PublishCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private CliHarness.Result lathe(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--workspace", dir.resolve("ws").toString()));
        return CliHarness.run(all.toArray(String[]::new));
    }

    private void trainAndRegister() {
        Path iris = Datasets.copy("iris.csv", dir);
        var r = lathe("train", "--data", iris.toString(), "--label", "species", "--trainer", "tribuo-cart", "--seed", "1");
        assertEquals(0, r.exitCode(), r.all());
        String runId = lathe("runs", "list", "--format", "json").out();
        String id;
        try {
            id = JSON.readTree(runId).get(0).get("id").asText();
        } catch (Exception e) {
            throw new AssertionError(runId, e);
        }
        assertEquals(0, lathe("models", "register", id, "--name", "iris-cls").exitCode());
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void publishWhileTheRegistryIsDownQueuesAndRetryDeliversIt() throws Exception {
        boolean installed = Files.isExecutable(Path.of("/usr/bin/docker-registry"));
        if (!installed && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("docker-registry is not installed (Debian package docker-registry)");
        }
        assumeTrue(installed, "docker-registry is not installed (Debian package docker-registry)");
        trainAndRegister();
        int port = freePort();
        String url = "oci://127.0.0.1:" + port + "/models/iris-cls";

        var queued = lathe("publish", "iris-cls", "--to", url);
        assertEquals(PublishCommand.QUEUED, queued.exitCode(), queued.all());
        assertTrue(queued.out().contains("queued; will retry iris-cls:1 -> " + url), queued.out());
        assertTrue(queued.out().contains("cannot reach 127.0.0.1:" + port), queued.out());

        var status = lathe("publish", "status");
        assertEquals(0, status.exitCode(), status.all());
        assertTrue(status.out().contains("queued") && status.out().contains("iris-cls:1"), status.out());

        Path reg = dir.resolve("registry");
        Files.createDirectories(reg.resolve("storage"));
        Files.writeString(reg.resolve("config.yml"), """
                version: 0.1
                log:
                  level: warn
                storage:
                  filesystem:
                    rootdirectory: %s
                http:
                  addr: 127.0.0.1:%d
                """.formatted(reg.resolve("storage"), port));
        Process registry = new ProcessBuilder("docker-registry", "serve", reg.resolve("config.yml").toString())
                .redirectErrorStream(true).redirectOutput(reg.resolve("log").toFile()).start();
        try {
            awaitPort(port);
            var retry = lathe("publish", "retry");
            assertEquals(0, retry.exitCode(), retry.all());
            assertTrue(retry.out().contains("published iris-cls:1 -> " + url), retry.out());

            JsonNode jobs = JSON.readTree(lathe("publish", "status", "--format", "json").out());
            assertEquals(1, jobs.size());
            assertEquals("done", jobs.get(0).get("state").asText());
            assertEquals(2, jobs.get(0).get("attempts").asInt());
            assertTrue(jobs.get(0).get("digest").asText().startsWith("sha256:"));

            var again = lathe("publish", "iris-cls:1", "--to", url, "--format", "json");
            assertEquals(0, again.exitCode(), again.all());
            JsonNode result = JSON.readTree(again.out());
            assertEquals(0, result.get("details").get("blobs_uploaded").asInt(), "nothing is uploaded twice");
            assertEquals(jobs.get(0).get("digest").asText(), result.get("digest").asText());
        } finally {
            registry.destroy();
            registry.waitFor();
        }
    }

    @Test
    void badTargetsAndReferencesExitTwoNamingWhatIsWrong() {
        trainAndRegister();
        var scheme = lathe("publish", "iris-cls", "--to", "ftp://example.org/x");
        assertEquals(ExitCodes.BAD_INPUT, scheme.exitCode(), scheme.all());
        assertTrue(scheme.err().contains("unknown target 'ftp://example.org/x'"), scheme.err());

        var plain = lathe("publish", "iris-cls", "--to", "mlflow+http://mlflow.example.org");
        assertEquals(ExitCodes.BAD_INPUT, plain.exitCode(), plain.all());
        assertTrue(plain.err().contains("plain HTTP to mlflow.example.org"), plain.err());

        var missing = lathe("publish", "nope", "--to", "oci://127.0.0.1:5/models/x");
        assertEquals(ExitCodes.BAD_INPUT, missing.exitCode(), missing.all());
        assertTrue(missing.err().contains("no registered model named 'nope'"), missing.err());

        var noTarget = lathe("publish", "iris-cls");
        assertEquals(ExitCodes.BAD_INPUT, noTarget.exitCode(), noTarget.all());
        assertEquals("", lathe("publish", "status").err());
    }

    private static void awaitPort(int port) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (java.io.IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("the registry did not start on port " + port);
    }
}
