package dev.lathe.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.core.RunDetail;
import dev.lathe.core.RunStatus;
import dev.lathe.data.Table;
import dev.lathe.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrackerTest {
    @TempDir
    Path dir;

    @Test
    void runRecordsDirtyGitStateWithItsPatch() throws Exception {
        Path repo = dir.resolve("code");
        Files.createDirectories(repo);
        try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            Files.writeString(repo.resolve("train.py"), "lr = 0.1\n");
            git.add().addFilepattern("train.py").call();
            git.commit().setMessage("first").setAuthor("t", "t@example.org").setCommitter("t", "t@example.org")
                    .setSign(false).call();
            git.remoteAdd().setName("origin").setUri(new org.eclipse.jgit.transport.URIish("https://example.org/team/code.git")).call();
        }
        Files.writeString(repo.resolve("train.py"), "lr = 0.01\n");
        Files.writeString(repo.resolve("notes.txt"), "untracked\n");
        String runId;
        try (Workspace ws = Workspace.open(dir.resolve("ws")); Tracker tracker = new Tracker(ws)) {
            try (TrackedRun run = tracker.startRun(RunOptions.in("git").optGitDir(repo.resolve(".")))) {
                runId = run.id();
            }
            RunDetail d = ws.runs().detail(runId).orElseThrow();
            var git = d.git().orElseThrow();
            assertTrue(git.dirty());
            assertEquals("main", git.branch());
            assertEquals("https://example.org/team/code.git", git.remoteUrl());
            assertEquals(40, git.commit().length());
            String patch = Files.readString(ws.artifacts().resolve(runId, git.patchArtifact()).orElseThrow());
            assertTrue(patch.contains("-lr = 0.1") && patch.contains("+lr = 0.01"), patch);
            assertFalse(patch.contains("notes.txt"), "untracked files stay out of the patch");
            assertEquals("1", d.tags().get("git.untracked_files"));
            assertEquals(RunStatus.FINISHED, d.run().status());
            assertTrue(d.environment().containsKey("java.version"));
            assertTrue(d.environment().containsKey("cpu.cores"));
        }
    }

    @Test
    void outsideGitNoStateIsRecorded() {
        try (Workspace ws = Workspace.open(dir.resolve("ws")); Tracker tracker = new Tracker(ws)) {
            Path plain = dir.resolve("plain");
            plain.toFile().mkdirs();
            String id;
            try (TrackedRun run = tracker.startRun(RunOptions.in("nogit").optGitDir(plain))) {
                id = run.id();
            }
            assertTrue(ws.runs().detail(id).orElseThrow().git().isEmpty());
        }
    }

    @Test
    void datasetFingerprintIsStoredWithItsProfile() throws Exception {
        Path csv = dir.resolve("tiny.csv");
        Files.writeString(csv, "x,y,label\n1,2.5,a\n2,3.5,b\n3,4.5,a\n");
        try (Workspace ws = Workspace.open(dir.resolve("ws")); Tracker tracker = new Tracker(ws)) {
            String id;
            try (TrackedRun run = tracker.startRun(RunOptions.in("data").optCaptureGit(false))) {
                id = run.id();
                run.recordDataset(Table.readCsv(csv), "train");
            }
            var ds = ws.datasets().forRun(id).get(0);
            assertEquals(3, ds.rows());
            assertEquals(3, ds.columns());
            assertEquals(Table.readCsv(csv).sha256(), ds.sha256());
            assertTrue(ds.profileJson().contains("\"x\""), ds.profileJson());
        }
    }

    @Test
    void failedRunKeepsItsReasonAndFlushedMetrics() {
        try (Workspace ws = Workspace.open(dir.resolve("ws")); Tracker tracker = new Tracker(ws)) {
            TrackedRun run = tracker.startRun(RunOptions.in("fail").optCaptureGit(false));
            run.log("train_loss", 1, 0.7);
            run.log("train_loss", 2, Double.NaN);
            run.fail("train_loss became NaN at epoch 2");
            run.close(); // no effect: already ended
            var d = ws.runs().detail(run.id()).orElseThrow();
            assertEquals(RunStatus.FAILED, d.run().status());
            assertEquals("train_loss became NaN at epoch 2", d.run().statusReason());
            assertEquals(2, d.metrics().get(0).count());
        }
    }
}
