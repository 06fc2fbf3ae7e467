package dev.lathe.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CoreTest {
    @Test
    void statusesParseAnyCaseAndKnowWhichAreFinal() {
        assertEquals(RunStatus.PRUNED, RunStatus.parse(" pruned "));
        assertTrue(RunStatus.FINISHED.isTerminal());
        assertFalse(RunStatus.QUEUED.isTerminal());
        assertFalse(RunStatus.RUNNING.isTerminal());
        var e = assertThrows(IllegalArgumentException.class, () -> RunStatus.parse("DONE"));
        assertTrue(e.getMessage().contains("FINISHED"), e.getMessage());
    }

    @Test
    void idsAre32HexDigitsAndUnique() {
        String a = Ids.newId();
        assertTrue(a.matches("[0-9a-f]{32}"), a);
        assertNotEquals(a, Ids.newId());
    }

    @Test
    void aLiveRunsDurationRunsToNow() {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        Run live = new Run("id", "e", "r", RunStatus.RUNNING, null, start, null, null, null, null, null, null);
        assertEquals(Duration.ofSeconds(90), live.duration(start.plusSeconds(90)));
        Run done = new Run("id", "e", "r", RunStatus.FINISHED, null, start, start.plusSeconds(5), null, null, null, null, null);
        assertEquals(Duration.ofSeconds(5), done.duration(start.plusSeconds(90)));
    }

    @Test
    void runDetailIsImmutable() {
        var params = new java.util.HashMap<String, String>();
        params.put("lr", "0.1");
        RunDetail d = new RunDetail(null, "e", params, java.util.Map.of(), java.util.List.of(), java.util.List.of(),
                java.util.List.of(), java.util.Map.of(), java.util.Optional.empty());
        params.put("lr", "0.2");
        assertEquals("0.1", d.params().get("lr"), "a record keeps its own copy");
        assertThrows(UnsupportedOperationException.class, () -> d.params().put("x", "y"));
    }

    @Test
    void versionComesFromTheBuild() {
        assertTrue(LatheVersion.get().matches("\\d+\\.\\d+\\.\\d+.*"), LatheVersion.get());
    }
}
