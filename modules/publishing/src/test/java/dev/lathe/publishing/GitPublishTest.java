package dev.lathe.publishing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lathe.core.ModelVersion;
import dev.lathe.workspace.OutboxRepository;
import dev.lathe.workspace.Workspace;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Publishing a version's metadata as a commit under refs/exps/ to real git remotes: a bare repo and git daemon. */
class GitPublishTest {
    @TempDir
    Path tmp;

    private Outbox outbox(Workspace ws) {
        return new Outbox(ws, new Publishers(new Credentials(Map.of(), tmp), Http.client(), Optional.empty(),
                OciClient.DEFAULT_CHUNK));
    }

    private static String git(Path repo, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("git", "--git-dir", repo.toString()));
        cmd.addAll(List.of(args));
        return Programs.run(cmd, repo);
    }

    @Test
    void aFileRemoteGetsTheRefWithModelJsonAndWeightsByDigestOnly() throws Exception {
        Programs.require("git", "git");
        try (Workspace ws = Workspace.open(tmp.resolve("ws"))) {
            ModelVersion v = TrainedModel.train(ws, "iris-cls", 1, 0);
            ModelBundle bundle = ModelBundle.load(ws, v);
            Path bare = tmp.resolve("models.git");
            Programs.run(List.of("git", "init", "-q", "--bare", bare.toString()), tmp);

            Outbox.Outcome o = outbox(ws).publish("iris-cls", "git+file://" + bare, Outbox.Options.DEFAULT, PublishListener.NONE);
            assertTrue(o.done(), () -> String.valueOf(o.error()));
            String ref = "refs/exps/iris-cls/1";
            assertEquals(o.job().resultDigest(), git(bare, "rev-parse", ref).strip());
            String files = git(bare, "ls-tree", "-r", "--name-only", ref);
            assertTrue(files.contains("model.json"), files);
            assertTrue(files.contains("run/params.json") && files.contains("run/metrics.json"), files);
            assertTrue(files.contains("model/lathe-model.json"), files);
            assertFalse(files.contains("model.tribuo"), "weights are referenced by digest, not stored: " + files);

            JsonNode model = ModelBundle.JSON.readTree(git(bare, "show", ref + ":model.json"));
            assertEquals("iris-cls", model.path("name").asText());
            assertEquals(v.runId(), model.path("run_id").asText());
            ModelBundle.ModelFile weights = bundle.files().stream().filter(ModelBundle.ModelFile::weights).findFirst().orElseThrow();
            boolean listed = false;
            for (JsonNode f : model.path("files")) {
                listed |= f.path("path").asText().equals(weights.path()) && f.path("sha256").asText().equals(weights.sha256());
            }
            assertTrue(listed, "the weights file is listed with its sha256: " + model);
            JsonNode params = ModelBundle.JSON.readTree(git(bare, "show", ref + ":run/params.json"));
            assertEquals(v.params().get("max_depth"), params.path("max_depth").asText());

            Outbox.Outcome again = outbox(ws).publish("iris-cls:1", "git+file://" + bare, Outbox.Options.DEFAULT,
                    PublishListener.NONE);
            assertTrue(again.done());
            assertEquals(o.job().resultDigest(), again.job().resultDigest(), "the same version makes the same commit");
            assertEquals(true, again.result().details().get("already_there"));
        }
    }

    @Test
    void gitDaemonRemoteAndAMissingRepositoryFailsClearly() throws Exception {
        Programs.require("git", "git");
        if (Programs.find("git-daemon") == null) {
            Programs.require("git-daemon", "git");
        }
        Path base = tmp.resolve("served");
        java.nio.file.Files.createDirectories(base);
        Programs.run(List.of("git", "init", "-q", "--bare", base.resolve("models.git").toString()), tmp);
        int port = Programs.freePort();
        Path log = tmp.resolve("daemon.log");
        Process daemon = new ProcessBuilder("git", "daemon", "--listen=127.0.0.1", "--port=" + port, "--reuseaddr",
                "--export-all", "--enable=receive-pack", "--base-path=" + base, base.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try (Workspace ws = Workspace.open(tmp.resolve("ws"))) {
            Programs.awaitPort(port, daemon, log);
            TrainedModel.train(ws, "iris-cls", 2, 0);
            Outbox.Outcome o = outbox(ws).publish("iris-cls", "git://127.0.0.1:" + port + "/models.git",
                    Outbox.Options.DEFAULT, PublishListener.NONE);
            assertTrue(o.done(), () -> String.valueOf(o.error()));
            assertEquals(o.job().resultDigest(), git(base.resolve("models.git"), "rev-parse", "refs/exps/iris-cls/1").strip());

            Outbox.Outcome missing = outbox(ws).publish("iris-cls", "git+file://" + tmp.resolve("nope.git"),
                    Outbox.Options.DEFAULT, PublishListener.NONE);
            assertEquals(OutboxRepository.State.FAILED, missing.job().state());
            assertTrue(missing.error().getMessage().contains("nope.git"), missing.error().getMessage());
        } finally {
            Programs.stop(daemon);
        }
    }
}
