package dev.lathe.app;

import dev.lathe.workspace.Workspace;
import dev.lathe.workspace.WorkspaceLocations;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

/**
 * The app's command line: {@code [--workspace PATH | --demo | PATH] [--theme light|dark]}, where a plain PATH is a
 * workspace folder, its database or a {@code .lathe} file in it (as a file manager opens one). The workspace is absolute,
 * the default resolved; theme is null when not given (the remembered choice then applies).
 */
public record LaunchOptions(Path workspace, String theme) {
    public static final String USAGE = "usage: lathe-app [--workspace PATH | --demo | PATH] [--theme light|dark] [--version]";

    public LaunchOptions(Path workspace) {
        this(workspace, null);
    }

    /** Parses args, failing with IllegalArgumentException and a message naming the bad argument. */
    public static LaunchOptions parse(List<String> args, WorkspaceLocations locations) {
        String workspace = null;
        boolean demo = false;
        String theme = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--workspace")) {
                if (i + 1 >= args.size() || args.get(i + 1).isBlank()) {
                    throw new IllegalArgumentException("--workspace needs a folder");
                }
                workspace = args.get(++i);
            } else if (arg.equals("--demo")) {
                demo = true;
            } else if (arg.equals("--theme")) {
                if (i + 1 >= args.size() || !List.of("light", "dark").contains(args.get(i + 1))) {
                    throw new IllegalArgumentException("--theme takes light or dark");
                }
                theme = args.get(++i);
            } else if (arg.startsWith("--workspace=")) {
                workspace = arg.substring("--workspace=".length());
            } else if (!arg.startsWith("-") && workspace == null) {
                // what a file manager passes: the workspace folder, its database or a .lathe file inside it
                workspace = arg;
            } else {
                throw new IllegalArgumentException("unknown argument '" + arg + "'");
            }
        }
        try {
            if (demo && workspace != null) {
                throw new IllegalArgumentException("--demo and --workspace name two workspaces: give one");
            }
            Path path = workspace != null ? folderOf(Path.of(workspace))
                    : demo ? locations.demoWorkspace() : locations.defaultWorkspace();
            return new LaunchOptions(path.toAbsolutePath().normalize(), theme);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("not a valid folder: " + workspace, e);
        }
    }

    /** The workspace folder a path names: the folder itself, or the one holding the named database or .lathe file. */
    private static Path folderOf(Path path) {
        String name = path.getFileName() == null ? "" : path.getFileName().toString();
        boolean file = name.equals(Workspace.DB_FILE) || name.endsWith(".lathe");
        return file && path.toAbsolutePath().getParent() != null ? path.toAbsolutePath().getParent() : path;
    }

    /** The arguments that reproduce these options, for handing over to the JavaFX application. */
    public List<String> toArgs() {
        return theme == null ? List.of("--workspace", workspace.toString())
                : List.of("--workspace", workspace.toString(), "--theme", theme);
    }
}
