package dev.lathe.workspace;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Where workspaces live when the user does not say: $LATHE_WORKSPACE, else the per-user data folder of the OS
 * (XDG_DATA_HOME/lathe/workspace on Linux, ~/Library/Application Support/Lathe/workspace on macOS,
 * %LOCALAPPDATA%\Lathe\workspace on Windows). The demo workspace sits beside it as "demo".
 */
public final class WorkspaceLocations {
    private final Map<String, String> env;
    private final String osName;
    private final Path home;

    public WorkspaceLocations(Map<String, String> env, String osName, Path home) {
        this.env = env;
        this.osName = osName.toLowerCase(Locale.ROOT);
        this.home = home;
    }

    public static WorkspaceLocations system() {
        return new WorkspaceLocations(System.getenv(), System.getProperty("os.name", ""),
                Path.of(System.getProperty("user.home")));
    }

    /** The workspace to use when none is given: $LATHE_WORKSPACE or the per-user default. */
    public Path defaultWorkspace() {
        String explicit = env.get("LATHE_WORKSPACE");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        return dataHome().resolve("workspace");
    }

    /** The demo workspace that `lathe demo` fills: $LATHE_DEMO_WORKSPACE, else "demo" in the data folder. */
    public Path demoWorkspace() {
        String explicit = env.get("LATHE_DEMO_WORKSPACE");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        return dataHome().resolve("demo");
    }

    /** Lathe's per-user data folder. */
    public Path dataHome() {
        if (osName.startsWith("windows")) {
            String local = env.get("LOCALAPPDATA");
            return (local != null ? Path.of(local) : home.resolve("AppData").resolve("Local")).resolve("Lathe");
        }
        if (osName.startsWith("mac")) {
            return home.resolve("Library").resolve("Application Support").resolve("Lathe");
        }
        String xdg = env.get("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".local").resolve("share");
        return base.resolve("lathe");
    }
}
