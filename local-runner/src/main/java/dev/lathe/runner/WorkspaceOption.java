package dev.lathe.runner;

import dev.lathe.workspace.Workspace;
import dev.lathe.workspace.WorkspaceLocations;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The --workspace option every command shares. */
final class WorkspaceOption {
    @Option(names = {"-w", "--workspace"}, paramLabel = "PATH",
            description = "Workspace folder (default: $LATHE_WORKSPACE, else the per-user data folder).")
    Path workspace;

    Path path() {
        return workspace != null ? workspace : WorkspaceLocations.system().defaultWorkspace();
    }

    Workspace open(Workspace.Mode mode) {
        return Workspace.open(path(), mode);
    }
}
