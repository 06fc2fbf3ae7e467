package dev.lathe.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.workspace.WorkspaceLocations;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LaunchOptionsTest {
    private final WorkspaceLocations locations = new WorkspaceLocations(Map.of(), "Linux", Path.of("/home/ada"));

    @Test
    void workspaceDefaultsToThePerUserFolder() {
        assertEquals(Path.of("/home/ada/.local/share/lathe/workspace"), LaunchOptions.parse(List.of(), locations).workspace());
    }

    @Test
    void workspaceOptionIsMadeAbsoluteInBothSpellings() {
        assertEquals(Path.of("/data/ws"), LaunchOptions.parse(List.of("--workspace", "/data/x/../ws"), locations).workspace());
        assertEquals(Path.of("/data/ws"), LaunchOptions.parse(List.of("--workspace=/data/ws"), locations).workspace());
        assertTrue(LaunchOptions.parse(List.of("--workspace", "rel"), locations).workspace().isAbsolute());
    }

    @Test
    void demoOpensTheDemoWorkspace() {
        assertEquals(Path.of("/home/ada/.local/share/lathe/demo"), LaunchOptions.parse(List.of("--demo"), locations).workspace());
        assertThrows(IllegalArgumentException.class, () -> LaunchOptions.parse(List.of("--demo", "--workspace", "/w"), locations));
    }

    @Test
    void themeIsLightOrDark() {
        assertEquals("dark", LaunchOptions.parse(List.of("--theme", "dark"), locations).theme());
        assertEquals(null, LaunchOptions.parse(List.of(), locations).theme());
        assertThrows(IllegalArgumentException.class, () -> LaunchOptions.parse(List.of("--theme", "blue"), locations));
    }

    @Test
    void badArgumentsAreNamed() {
        var unknown = assertThrows(IllegalArgumentException.class, () -> LaunchOptions.parse(List.of("--wrkspace", "x"), locations));
        assertEquals("unknown argument '--wrkspace'", unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LaunchOptions.parse(List.of("--workspace"), locations));
    }

    @Test
    void displayIsFoundFromTheEnvironmentAndGlassPlatform() {
        assertFalse(DisplayCheck.hasDisplay(Map.of(), "Linux", null, null));
        assertTrue(DisplayCheck.hasDisplay(Map.of("DISPLAY", ":0"), "Linux", null, null));
        assertTrue(DisplayCheck.hasDisplay(Map.of("WAYLAND_DISPLAY", "wayland-0"), "Linux", null, null));
        assertFalse(DisplayCheck.hasDisplay(Map.of("DISPLAY", ":0"), "Linux", "true", null), "AWT headless forced");
        assertTrue(DisplayCheck.hasDisplay(Map.of(), "Linux", "true", "Monocle"), "Monocle renders off-screen");
        assertTrue(DisplayCheck.hasDisplay(Map.of(), "Mac OS X", null, null));
        assertTrue(DisplayCheck.hasDisplay(Map.of(), "Windows 11", null, null));
    }
}
