package dev.lathe.app;

import dev.lathe.core.LatheVersion;
import dev.lathe.workspace.WorkspaceLocations;
import java.util.List;
import javafx.application.Application;

/**
 * The jar's main class. It is a plain class because a main class extending Application fails on the class
 * path ("JavaFX runtime components are missing"); it also keeps JavaFX from starting where there is no display.
 */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) {
        List<String> argList = List.of(args);
        if (argList.contains("--help") || argList.contains("-h")) {
            System.out.println(LaunchOptions.USAGE);
            return;
        }
        if (argList.contains("--version")) {
            System.out.println("lathe-app " + LatheVersion.get() + " (Java " + System.getProperty("java.version") + ")");
            return;
        }
        LaunchOptions options;
        try {
            options = LaunchOptions.parse(argList, WorkspaceLocations.system());
        } catch (IllegalArgumentException e) {
            System.err.println("lathe: " + e.getMessage());
            System.err.println(LaunchOptions.USAGE);
            System.exit(2);
            return;
        }
        if (!DisplayCheck.current()) {
            System.exit(HeadlessSummary.print(options.workspace(), System.out, System.err));
        }
        Application.launch(LatheApplication.class, options.toArgs().toArray(String[]::new));
    }
}
