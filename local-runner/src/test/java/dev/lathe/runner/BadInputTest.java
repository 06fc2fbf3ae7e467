package dev.lathe.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.core.RunStatus;
import dev.lathe.workspace.RunQuery;
import dev.lathe.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each bad input gets a message naming the file, line, column or param, a non-zero exit, and no run. */
class BadInputTest {
    @TempDir
    Path dir;
    Path ws;
    Path wine;

    @BeforeEach
    void data() throws Exception {
        ws = dir.resolve("ws");
        wine = Datasets.copy("wine.csv", dir);
    }

    private CliHarness.Result train(Path data, String label, String trainer, String... extra) {
        String[] base = {"train", "--data", data.toString(), "--label", label, "--trainer", trainer,
                "--workspace", ws.toString()};
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return CliHarness.run(all);
    }

    private void assertRefused(CliHarness.Result r, String... fragments) {
        assertEquals(2, r.exitCode(), r.all());
        for (String f : fragments) {
            assertTrue(r.err().contains(f), "expected '" + f + "' in: " + r.err());
        }
        assertFalse(r.err().contains("Exception"), "no stack trace or exception name for a user's mistake: " + r.err());
        assertFalse(Files.exists(ws.resolve(Workspace.DB_FILE)), "bad input must not record anything");
    }

    private Path csv(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void missingFile() {
        Path missing = dir.resolve("nope.csv");
        assertRefused(train(missing, "y", "tribuo-logistic"), missing.toString());
    }

    @Test
    void emptyCsv() throws Exception {
        assertRefused(train(csv("empty.csv", ""), "y", "tribuo-logistic"), "empty.csv", "empty");
    }

    @Test
    void raggedRow() throws Exception {
        Path p = csv("ragged.csv", "a,b,y\n1,2,x\n3,4\n5,6,z\n");
        assertRefused(train(p, "y", "tribuo-logistic"), "ragged.csv", "line 3");
    }

    @Test
    void missingLabelColumn() {
        assertRefused(train(wine, "grape", "tribuo-logistic"), "grape", "cultivar");
    }

    @Test
    void nonNumericValueInANumericColumn() throws Exception {
        String text = Files.readString(wine).replaceFirst("\n13.2,", "\nabc,");
        assertRefused(train(csv("bad-wine.csv", text), "cultivar", "tribuo-logistic"), "bad-wine.csv", "line 3",
                "alcohol", "abc");
    }

    @Test
    void unknownTrainer() {
        assertRefused(train(wine, "cultivar", "xgboost"), "xgboost", "tribuo-forest");
    }

    @Test
    void unknownParam() {
        assertRefused(train(wine, "cultivar", "djl-mlp", "--param", "lrr=0.1"), "lrr", "djl-mlp");
    }

    @Test
    void outOfRangeParam() {
        assertRefused(train(wine, "cultivar", "djl-mlp", "--param", "lr=-1"), "lr", "range");
    }

    @Test
    void labelWithOneClass() throws Exception {
        Path p = csv("one.csv", "a,b,y\n1,2,x\n3,4,x\n5,6,x\n7,8,x\n");
        assertRefused(train(p, "y", "tribuo-logistic"), "single class", "'y'");
    }

    @Test
    void divergingLossFailsTheRunWithTheEpoch() {
        var r = train(wine, "alcohol", "djl-mlp", "--param", "lr=10", "--param", "optimizer=sgd", "--task", "regression",
                "--param", "epochs=30");
        assertEquals(1, r.exitCode(), r.all());
        assertTrue(r.err().contains("epoch"), r.err());
        try (Workspace w = Workspace.open(ws, Workspace.Mode.EXISTING)) {
            var run = w.runs().list(RunQuery.all()).get(0);
            assertEquals(RunStatus.FAILED, run.status());
            assertTrue(run.statusReason().contains("epoch"), run.statusReason());
        }
    }

    @Test
    void workspaceFromANewerVersionIsRefusedWithBothVersions() throws Exception {
        try (Workspace w = Workspace.open(ws)) {
            w.experiments().getOrCreate("x");
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + ws.resolve(Workspace.DB_FILE));
             Statement st = c.createStatement()) {
            st.execute("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum, "
                    + "installed_by, installed_on, execution_time, success) VALUES (99, '42', 'future', 'SQL', "
                    + "'V42__future.sql', 0, 'x', CURRENT_TIMESTAMP, 1, 1)");
        }
        var r = CliHarness.run("runs", "list", "--workspace", ws.toString());
        assertEquals(3, r.exitCode(), r.all());
        assertTrue(r.err().contains("schema version 42") && r.err().contains("reads schema versions up to"), r.err());
    }

    @Test
    void damagedWorkspaceIsReportedAndLeftAsItWas() throws Exception {
        Files.createDirectories(ws);
        Path db = ws.resolve(Workspace.DB_FILE);
        Files.writeString(db, "not a database ".repeat(100));
        var r = train(wine, "cultivar", "tribuo-logistic");
        assertEquals(3, r.exitCode(), r.all());
        assertTrue(r.err().contains(db.toString()) && r.err().contains("damaged"), r.err());
        assertEquals("not a database ".repeat(100), Files.readString(db));
    }
}
