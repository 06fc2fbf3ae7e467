package dev.lathe.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lathe.workspace.Workspace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * resources/ct/pipeline.sh end to end on iris, each step a real `lathe` process: sweep, best trial, gate,
 * register, alias; a second run moves the champion alias, a gate that cannot be met registers nothing.
 */
class ContinuousTrainingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SCRIPT = Path.of("../resources/ct/pipeline.sh").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private record Ran(int exitCode, String out, String err) {
    }

    private Ran pipeline(Path ws, Path sweep, Path validation, String... env) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder("bash", SCRIPT.toString(), sweep.toString(), validation.toString(), "iris");
        // the runner on the test classpath, so the pipeline runs this build
        pb.environment().put("LATHE", java + " --enable-native-access=ALL-UNNAMED -cp "
                + System.getProperty("java.class.path") + " dev.lathe.runner.Main");
        pb.environment().put("LATHE_WORKSPACE", ws.toString());
        for (int i = 0; i < env.length; i += 2) {
            pb.environment().put(env[i], env[i + 1]);
        }
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("the pipeline took more than 120 s: " + Files.readString(err));
        }
        return new Ran(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err));
    }

    private static boolean has(String program) {
        try {
            return new ProcessBuilder(program, "--version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    @Tag("slow")
    void thePipelineRegistersAndPromotesAndTheGateHolds() throws Exception {
        for (String program : List.of("bash", "python3")) {
            String message = "the pipeline script needs " + program + " (Debian package " + program + ")";
            if ("true".equals(System.getenv("CI"))) {
                assertTrue(has(program), message);
            }
            Assumptions.assumeTrue(has(program), message);
        }
        Path ws = dir.resolve("ws");
        Path iris = Datasets.copy("iris.csv", dir);
        Path sweep = dir.resolve("iris-ct.yaml");
        Files.writeString(sweep, """
                name: iris-ct
                data: iris.csv
                label: species
                trainer: tribuo-cart
                method: grid
                metric: {name: val_accuracy, goal: maximize}
                parameters:
                  max_depth: {values: [2, 4]}
                """);

        Ran first = pipeline(ws, sweep, iris);
        assertEquals(0, first.exitCode(), first.err());
        JsonNode one = JSON.readTree(first.out());
        assertEquals(1, one.get("version").asInt());
        assertTrue(first.err().contains("no champion iris@champion yet"), first.err());
        assertTrue(first.err().contains("not published"), first.err());

        Ran second = pipeline(ws, sweep, iris);
        assertEquals(0, second.exitCode(), second.err());
        assertEquals(2, JSON.readTree(second.out()).get("version").asInt());
        assertTrue(second.err().contains("is not worse than iris:1"), second.err());
        try (Workspace w = Workspace.open(ws)) {
            var model = w.registry().model("iris").orElseThrow();
            assertEquals(2, model.aliases().get("champion"), "the champion alias moved to the new version");
            assertEquals(2, model.aliases().get("challenger"));
            assertEquals(JSON.readTree(second.out()).get("run_id").asText(), w.registry().resolve("iris@champion").runId());
        }

        // a candidate that misses the minimum: exit 6 from the gate, and the pipeline would register nothing
        var gate = CliHarness.run("gate", one.get("run_id").asText(), "--data", iris.toString(), "--min", "1.01",
                "--champion", "iris@champion", "--workspace", ws.toString(), "--format", "json");
        assertEquals(6, gate.exitCode(), gate.all());
        JsonNode verdict = JSON.readTree(gate.out());
        assertEquals("accuracy", verdict.get("metric").asText());
        assertTrue(verdict.get("candidate").get("value").asDouble() > 0.8, verdict.toString());
        try (Workspace w = Workspace.open(ws)) {
            assertEquals(2, w.registry().versions("iris").size());
        }
    }
}
