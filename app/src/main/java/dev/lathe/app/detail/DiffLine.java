package dev.lathe.app.detail;

import java.util.ArrayList;
import java.util.List;

/** One line of a unified diff with what it is, so the view can colour added lines green and removed ones red. */
public record DiffLine(Kind kind, String text) {
    public enum Kind { FILE, HUNK, ADDED, REMOVED, CONTEXT }

    /** The lines of a unified diff (git diff output); file headers come before their +/- check. */
    public static List<DiffLine> parse(String patch) {
        List<DiffLine> out = new ArrayList<>();
        for (String line : patch.split("\\R", -1)) {
            out.add(new DiffLine(kindOf(line), line));
        }
        // split leaves one empty string after the final newline; it is not a line of the patch
        if (!out.isEmpty() && out.getLast().text().isEmpty()) {
            out.removeLast();
        }
        return out;
    }

    private static Kind kindOf(String line) {
        if (line.startsWith("diff ") || line.startsWith("index ") || line.startsWith("+++ ") || line.startsWith("--- ")
                || line.startsWith("new file") || line.startsWith("deleted file")) {
            return Kind.FILE;
        }
        if (line.startsWith("@@")) {
            return Kind.HUNK;
        }
        if (line.startsWith("+")) {
            return Kind.ADDED;
        }
        if (line.startsWith("-")) {
            return Kind.REMOVED;
        }
        return Kind.CONTEXT;
    }
}
