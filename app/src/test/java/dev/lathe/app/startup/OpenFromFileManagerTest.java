package dev.lathe.app.startup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lathe.app.LaunchOptions;
import dev.lathe.workspace.WorkspaceLocations;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What an installed Lathe gets from a file manager: one plain path, per the package's file association. */
class OpenFromFileManagerTest {
    private final WorkspaceLocations locations = new WorkspaceLocations(Map.of(), "Linux", Path.of("/home/ada"));

    @Test
    void aLatheFileOpensTheWorkspaceItSitsIn() {
        assertEquals(Path.of("/data/ws"), LaunchOptions.parse(List.of("/data/ws/project.lathe"), locations).workspace());
    }

    @Test
    void theWorkspaceDatabaseOrFolderOpensThatWorkspace() {
        assertEquals(Path.of("/data/ws"), LaunchOptions.parse(List.of("/data/ws/workspace.db"), locations).workspace());
        assertEquals(Path.of("/data/ws"), LaunchOptions.parse(List.of("/data/ws"), locations).workspace());
        assertEquals(Path.of("/data/ws"), LaunchOptions.parse(List.of("--workspace", "/data/ws/workspace.db"), locations).workspace());
    }

    @Test
    void twoPlainPathsOrAPathBesideDemoAreRefused() {
        var two = assertThrows(IllegalArgumentException.class, () -> LaunchOptions.parse(List.of("/a", "/b"), locations));
        assertEquals("unknown argument '/b'", two.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LaunchOptions.parse(List.of("--demo", "/a"), locations));
    }
}
