package dev.lathe.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** `lathe models ...` end to end: two real tribuo-cart runs on iris, registered, aliased and served. */
class ModelsCommandTest {
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

    private CliHarness.Result lathe(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--workspace", ws.toString()));
        return CliHarness.run(all.toArray(String[]::new));
    }

    private JsonNode json(String... args) throws Exception {
        var r = lathe(args);
        assertEquals(0, r.exitCode(), r.all());
        return JSON.readTree(r.out());
    }

    /** Trains two runs and registers them as iris-cls versions 1 and 2; returns their run ids, oldest first. */
    private List<String> twoVersions() throws Exception {
        for (String seed : List.of("1", "2")) {
            var r = lathe("train", "--data", iris.toString(), "--label", "species", "--trainer", "tribuo-cart", "--seed", seed);
            assertEquals(0, r.exitCode(), r.all());
        }
        JsonNode runs = json("runs", "list", "--format", "json");
        List<String> ids = List.of(runs.get(1).get("id").asText(), runs.get(0).get("id").asText());
        JsonNode v1 = json("models", "register", ids.get(0), "--name", "iris-cls", "--description", "baseline", "--format", "json");
        assertEquals(1, v1.get("version").asInt());
        var v2 = lathe("models", "register", ids.get(1).substring(0, 8), "--name", "iris-cls");
        assertEquals(0, v2.exitCode(), v2.all());
        assertTrue(v2.out().contains("registered iris-cls:2"), v2.out());
        return ids;
    }

    @Test
    void registerAliasAndShowWithHistory() throws Exception {
        List<String> runIds = twoVersions();
        JsonNode first = json("models", "alias", "iris-cls", "1", "champion", "--comment", "first cut", "--format", "json");
        assertTrue(first.get("changed").asBoolean());
        assertTrue(first.get("event").get("from_version").isNull());
        var moved = lathe("models", "alias", "iris-cls", "2", "champion", "--comment", "deeper tree wins");
        assertEquals(0, moved.exitCode(), moved.all());
        assertTrue(moved.out().contains("was version 1"), moved.out());
        JsonNode again = json("models", "alias", "iris-cls", "2", "champion", "--format", "json");
        assertTrue(!again.get("changed").asBoolean() && again.get("event").isNull(), again.toString());

        JsonNode show = json("models", "show", "iris-cls@champion", "--format", "json");
        JsonNode version = show.get("version");
        assertEquals(2, version.get("version").asInt());
        assertEquals(runIds.get(1), version.get("run_id").asText());
        assertEquals("champion", version.get("aliases").get(0).asText());
        assertEquals("tribuo-cart", version.get("lineage").get("trainer").asText());
        assertEquals(64, version.get("lineage").get("dataset_sha256").asText().length());
        assertTrue(version.get("lineage").get("params").size() > 0, version.toString());
        assertTrue(version.get("metrics").get("val_accuracy").asDouble() > 0.8, version.toString());
        assertEquals(2, show.get("model").get("latest_version").asInt());
        assertEquals(2, show.get("model").get("aliases").get("champion").asInt());
        JsonNode history = show.get("alias_history");
        assertEquals(2, history.size(), history.toString());
        assertEquals(1, history.get(0).get("from_version").asInt());
        assertEquals(2, history.get(0).get("to_version").asInt());
        assertEquals("deeper tree wins", history.get(0).get("comment").asText());
        assertEquals(System.getProperty("user.name"), history.get(0).get("user").asText());
        assertTrue(history.get(1).get("from_version").isNull());
        assertEquals("first cut", history.get(1).get("comment").asText());

        assertEquals(1, json("models", "show", "iris-cls:1", "--format", "json").get("version").get("version").asInt());
        assertEquals("baseline", json("models", "show", "iris-cls:1", "--format", "json").get("version").get("description").asText());
        assertEquals(2, json("models", "show", "iris-cls", "--format", "json").get("version").get("version").asInt());
        var table = lathe("models", "show", "iris-cls@champion");
        assertTrue(table.out().contains("Model iris-cls:2  @champion") && table.out().contains("deeper tree wins")
                && table.out().contains("(new)"), table.out());

        JsonNode list = json("models", "list", "--format", "json");
        assertEquals(1, list.size());
        assertEquals("iris-cls", list.get(0).get("name").asText());
        assertEquals(2, list.get(0).get("latest_version").asInt());
        var listTable = lathe("models", "list");
        assertTrue(listTable.out().contains("@champion=2"), listTable.out());

        JsonNode deleted = json("models", "alias", "iris-cls", "--delete", "champion", "--comment", "retired", "--format", "json");
        assertTrue(deleted.get("event").get("to_version").isNull());
        assertEquals(3, json("models", "show", "iris-cls", "--format", "json").get("alias_history").size());
    }

    @Test
    void mistakesExitTwoWithAClearMessage() throws Exception {
        twoVersions();
        assertBad(lathe("models", "show", "nope"), "no registered model named 'nope'");
        assertBad(lathe("models", "show", "iris-cls:9"), "has no version 9");
        assertBad(lathe("models", "show", "iris-cls@champion"), "has no alias 'champion'");
        assertBad(lathe("models", "alias", "iris-cls", "1", "Champion"), "bad alias name 'Champion'");
        assertBad(lathe("models", "alias", "iris-cls", "1", "latest"), "reserved");
        assertBad(lathe("models", "alias", "iris-cls", "7", "champion"), "has no version 7");
        assertBad(lathe("models", "alias", "iris-cls", "one", "champion"), "VERSION must be a version number");
        assertBad(lathe("models", "alias", "iris-cls", "--delete", "champion"), "has no alias 'champion'");
        assertBad(lathe("models", "alias", "iris-cls"), "give NAME VERSION ALIAS");
        assertBad(lathe("models", "register", "deadbeef", "--name", "iris-cls"), "no run with id 'deadbeef'");
        assertBad(lathe("serve", "iris-cls@champion", "--port", "0"), "has no alias 'champion'");
    }

    private static void assertBad(CliHarness.Result r, String message) {
        assertEquals(ExitCodes.BAD_INPUT, r.exitCode(), r.all());
        assertTrue(r.err().contains(message), r.err());
    }

    @Test
    void servesTheVersionAnAliasNames() throws Exception {
        twoVersions();
        assertEquals(0, lathe("models", "alias", "iris-cls", "2", "champion").exitCode());
        for (String reference : List.of("iris-cls@champion", "iris-cls:1")) {
            ServeCommand command = parse("serve", reference, "--workspace", ws.toString(), "--port", "0");
            try (ServeCommand.Serving serving = command.start()) {
                assertEquals("iris-cls", serving.server().modelName());
                assertEquals(reference.endsWith("champion") ? "2" : "1", serving.server().modelVersion());
                assertTrue(serving.origin().startsWith("model iris-cls:"), serving.origin());
                JsonNode reply = post(serving.server().port(), "/invocations", "{\"instances\": [[5.1, 3.5, 1.4, 0.2]]}");
                assertEquals("setosa", reply.get("predictions").get(0).asText());
            }
        }
        var both = CliHarness.run("serve", "iris-cls@champion", "--run", "abcd", "--workspace", ws.toString());
        assertEquals(ExitCodes.BAD_INPUT, both.exitCode(), both.all());
    }

    private static ServeCommand parse(String... args) {
        Console console = new Console(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false);
        CommandLine.ParseResult parsed = Main.commandLine(console).parseArgs(args);
        return (ServeCommand) parsed.subcommand().commandSpec().userObject();
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
}
