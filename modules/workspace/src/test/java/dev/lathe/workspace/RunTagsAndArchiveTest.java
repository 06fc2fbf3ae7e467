package dev.lathe.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lathe.core.Run;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Removing a tag and asking which runs are archived, as the app's runs table does. */
class RunTagsAndArchiveTest {
    @TempDir
    Path dir;

    @Test
    void removeTagDropsOnlyThatKeyAndArchivedAmongNamesArchivedRuns() {
        try (Workspace ws = Workspace.open(dir)) {
            String exp = ws.experiments().getOrCreate("iris").id();
            Run a = ws.runs().create(NewRun.running(exp, "a"));
            Run b = ws.runs().create(NewRun.running(exp, "b"));
            ws.runs().setTags(a.id(), Map.of("lathe.note", "first try", "team", "vision"));
            ws.runs().removeTag(a.id(), "lathe.note");
            ws.runs().removeTag(a.id(), "no-such-tag");
            assertEquals(Map.of("team", "vision"), ws.runs().detail(a.id()).orElseThrow().tags());

            ws.runs().archive(b.id(), true);
            assertEquals(Set.of(b.id()), ws.runs().archivedAmong(List.of(a.id(), b.id())));
            ws.runs().archive(b.id(), false);
            assertEquals(Set.of(), ws.runs().archivedAmong(List.of(a.id(), b.id())));
            assertEquals(Set.of(), ws.runs().archivedAmong(List.of()));
        }
    }
}
