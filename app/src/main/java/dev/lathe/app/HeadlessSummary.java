package dev.lathe.app;

import dev.lathe.core.ExperimentSummary;
import dev.lathe.workspace.Workspace;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** What the launcher prints instead of opening a window when there is no display. */
public final class HeadlessSummary {
    static final String HINT = "no display: run `./lathe runs list` for the runs, or start Lathe under a desktop session";

    private HeadlessSummary() {
    }

    /** Prints the workspace and its experiments; returns the exit code (1 when the workspace cannot be read). */
    public static int print(Path workspace, PrintStream out, PrintStream err) {
        out.println("Lathe workspace: " + workspace);
        List<ExperimentSummary> experiments;
        try (Workspace ws = Workspace.open(workspace, Workspace.Mode.EXISTING)) {
            experiments = ws.experiments().list();
        } catch (RuntimeException e) {
            err.println("lathe: " + ErrorMessages.describe(e));
            out.println(HINT);
            return 1;
        }
        if (experiments.isEmpty()) {
            out.println("  no experiments yet");
        }
        for (ExperimentSummary e : experiments) {
            out.println("  " + e.experiment().name() + " · " + Formats.count(e.runCount(), "run"));
        }
        out.println(HINT);
        return 0;
    }
}
