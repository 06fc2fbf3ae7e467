package dev.lathe.app.runs;

import dev.lathe.workspace.Workspace;
import java.util.Map;

/** A run's free-text note, kept as the run tag {@value #TAG} so it travels with the run (export, CLI). */
public final class Notes {
    /** The tag that holds a run's note. */
    public static final String TAG = "lathe.note";

    private Notes() {
    }

    /** Writes the note, or removes it when text is blank. Call off the UI thread. */
    public static void write(Workspace ws, String runId, String text) {
        if (text == null || text.isBlank()) {
            ws.runs().removeTag(runId, TAG);
        } else {
            ws.runs().setTags(runId, Map.of(TAG, text.strip()));
        }
    }

    /** The run's note, or "" when it has none. Call off the UI thread. */
    public static String read(Workspace ws, String runId) {
        return ws.runs().detail(runId).map(d -> d.tags().getOrDefault(TAG, "")).orElse("");
    }
}
