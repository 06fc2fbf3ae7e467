package dev.lathe.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lathe.core.RunStatus;
import dev.lathe.workspace.NewRun;
import dev.lathe.workspace.Workspace;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** `lathe serve`: the command's own server, started in-process on a free port, for a run trained by the CLI. */
class ServeCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    Path ws;
    Path iris;

    @BeforeEach
    void data() throws Exception {
        ws = dir.resolve("ws");
        iris = Datasets.copy("iris.csv", dir);
    }

    /** The serve command as the command line parses it, ready for {@link ServeCommand#start}. */
    private static ServeCommand parse(String... args) {
        Console console = new Console(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false);
        CommandLine.ParseResult parsed = Main.commandLine(console).parseArgs(args);
        return (ServeCommand) parsed.subcommand().commandSpec().userObject();
    }

    private String trainRun() throws Exception {
        var r = CliHarness.run("train", "--data", iris.toString(), "--label", "species", "--trainer", "tribuo-logistic",
                "--workspace", ws.toString());
        assertEquals(0, r.exitCode(), r.all());
        var runs = CliHarness.run("runs", "list", "--workspace", ws.toString(), "--format", "json");
        return JSON.readTree(runs.out()).get(0).get("id").asText();
    }

    private static JsonNode post(int port, String path, String body) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            return JSON.readTree(r.body());
        }
    }

    @Test
    void servesTheModelOfARun() throws Exception {
        String runId = trainRun();
        ServeCommand command = parse("serve", "--run", runId.substring(0, 8), "--workspace", ws.toString(), "--port", "0");
        try (ServeCommand.Serving serving = command.start()) {
            assertEquals("iris", serving.server().modelName());
            assertEquals(runId.substring(0, 8), serving.server().modelVersion());
            assertEquals("run " + runId.substring(0, 8), serving.origin());
            // rows 0, 50 and 100: one clear example of each species
            String body = """
                    {"dataframe_split": {"columns": ["sepal_length", "sepal_width", "petal_length", "petal_width"],
                      "data": [[5.1, 3.5, 1.4, 0.2], [7.0, 3.2, 4.7, 1.4], [6.3, 3.3, 6.0, 2.5]]}}""";
            JsonNode reply = post(serving.server().port(), "/invocations", body);
            List<String> labels = JSON.convertValue(reply.get("predictions"), JSON.getTypeFactory()
                    .constructCollectionType(List.class, String.class));
            assertEquals(List.of("setosa", "versicolor", "virginica"), labels);
            JsonNode infer = post(serving.server().port(), "/v2/models/iris/infer", """
                    {"inputs": [{"name": "input-0", "shape": [1, 4], "datatype": "FP64", "data": [5.1, 3.5, 1.4, 0.2]}]}""");
            assertEquals("setosa", infer.get("outputs").get(0).get("data").get(0).asText());
        }
    }

    @Test
    void servesAModelFolderUnderAGivenName() throws Exception {
        Path model = dir.resolve("iris-model");
        dev.lathe.training.Trainers.byName("tribuo-cart").train(new dev.lathe.training.TrainingRequest(
                dev.lathe.data.Table.readCsv(iris), "species", null, Map.of(), 1, model), dev.lathe.training.TrainingListener.NONE);
        try (ServeCommand.Serving serving = parse("serve", "--model-dir", model.toString(), "--port", "0",
                "--name", "my iris", "--max-payload-mb", "1").start()) {
            assertEquals("my-iris", serving.server().modelName());
            JsonNode reply = post(serving.server().port(), "/invocations", "{\"instances\": [[5.1, 3.5, 1.4, 0.2]]}");
            assertEquals("setosa", reply.get("predictions").get(0).asText());
        }
    }

    @Test
    void anUnknownRunIsAClearError() throws Exception {
        trainRun();
        var r = CliHarness.run("serve", "--run", "deadbeef", "--workspace", ws.toString(), "--port", "0");
        assertEquals(ExitCodes.BAD_INPUT, r.exitCode(), r.all());
        assertTrue(r.err().contains("no run with id 'deadbeef'"), r.err());
    }

    @Test
    void aRunWithoutAModelFolderIsAClearError() throws Exception {
        trainRun(); // creates the workspace
        String runId;
        try (Workspace w = Workspace.open(ws, Workspace.Mode.EXISTING)) {
            var experiment = w.experiments().getOrCreate("bare");
            runId = w.runs().create(NewRun.running(experiment.id(), "bare")).id();
            w.runs().finish(runId, RunStatus.FAILED, "diverged");
        }
        var r = CliHarness.run("serve", "--run", runId, "--workspace", ws.toString(), "--port", "0");
        assertEquals(ExitCodes.BAD_INPUT, r.exitCode(), r.all());
        assertTrue(r.err().contains("has no model folder") && r.err().contains("FAILED: diverged"), r.err());
    }

    @Test
    void aFolderThatIsNotAModelIsAClearError() {
        var r = CliHarness.run("serve", "--model-dir", dir.toString(), "--port", "0");
        assertEquals(ExitCodes.BAD_INPUT, r.exitCode(), r.all());
        assertTrue(r.err().contains("is not a model folder"), r.err());
    }

    @Test
    void runAndModelDirExcludeEachOther() {
        var r = CliHarness.run("serve", "--run", "abcd", "--model-dir", dir.toString());
        assertEquals(ExitCodes.BAD_INPUT, r.exitCode(), r.all());
        assertThrows(CommandLine.ParameterException.class, () -> parse("serve", "--port", "0"));
        var help = CliHarness.run("serve", "--help");
        assertEquals(0, help.exitCode(), help.all());
        assertTrue(help.out().contains("NAME@ALIAS") && help.out().contains("--max-payload-mb"), help.all());
    }
}
