package dev.lathe.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeadlessSummaryTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void listsExperimentsWithRunCountsAndTheHint(@TempDir Path dir) {
        TestWorkspaces.small(dir);

        int code = HeadlessSummary.print(dir, stream(out), stream(err));

        assertEquals(0, code);
        assertEquals(List.of("Lathe workspace: " + dir, "  iris · 2 runs", "  wine · 1 run", HeadlessSummary.HINT),
                text(out).lines().toList());
    }

    @Test
    void missingWorkspaceIsAClearErrorNotAStackTrace(@TempDir Path dir) {
        int code = HeadlessSummary.print(dir.resolve("nothing-here"), stream(out), stream(err));

        assertEquals(1, code);
        assertTrue(text(err).startsWith("lathe: no Lathe workspace at "), text(err));
        assertTrue(text(out).contains("no display"), text(out));
    }

    private static PrintStream stream(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    private static String text(ByteArrayOutputStream bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
