package dev.lathe.app.workspace;

import dev.lathe.app.runs.ColumnChoices;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;

/**
 * What the window remembers: the theme (for all workspaces) and, per workspace, its size, position,
 * divider and the runs table's chosen columns. Kept in java.util.prefs under one node given by the composition root; each workspace gets a child
 * node named by a hash of its path, since prefs node names are limited to 80 characters.
 */
public final class WindowPrefs {
    private static final String DARK = "dark-theme";
    private static final String SHOWN = "shown-columns";
    private static final String HIDDEN = "hidden-columns";

    /** Where and how big the window was. */
    public record Geometry(double x, double y, double width, double height, boolean maximized, double divider) {
    }

    private final Preferences root;

    public WindowPrefs(Preferences root) {
        this.root = root;
    }

    public boolean darkTheme() {
        return root.getBoolean(DARK, false);
    }

    public void setDarkTheme(boolean dark) {
        root.putBoolean(DARK, dark);
        flush(root);
    }

    public Optional<Geometry> geometry(Path workspace) {
        Preferences node = node(workspace);
        double w = node.getDouble("width", -1);
        if (w <= 0) {
            return Optional.empty();
        }
        return Optional.of(new Geometry(node.getDouble("x", 0), node.getDouble("y", 0), w, node.getDouble("height", 760),
                node.getBoolean("maximized", false), node.getDouble("divider", 0.2)));
    }

    public void saveGeometry(Path workspace, Geometry g) {
        Preferences node = node(workspace);
        node.put("path", workspace.toString());
        node.putDouble("x", g.x());
        node.putDouble("y", g.y());
        node.putDouble("width", g.width());
        node.putDouble("height", g.height());
        node.putBoolean("maximized", g.maximized());
        node.putDouble("divider", g.divider());
        flush(node);
    }

    /**
     * The runs table's shown and hidden columns for one workspace, kept beside its geometry as two lists of
     * column ids ("shown-columns", "hidden-columns", one id a line).
     */
    public ColumnChoices columnChoices(Path workspace) {
        return new ColumnChoices() {
            @Override
            public Map<String, Boolean> load() {
                Preferences node = node(workspace);
                Map<String, Boolean> out = new HashMap<>();
                node.get(SHOWN, "").lines().filter(l -> !l.isBlank()).forEach(id -> out.put(id, true));
                node.get(HIDDEN, "").lines().filter(l -> !l.isBlank()).forEach(id -> out.put(id, false));
                return out;
            }

            @Override
            public void save(Map<String, Boolean> choices) {
                Preferences node = node(workspace);
                node.put("path", workspace.toString());
                node.put(SHOWN, ids(choices, true));
                node.put(HIDDEN, ids(choices, false));
                flush(node);
            }
        };
    }

    private static String ids(Map<String, Boolean> choices, boolean visible) {
        String joined = choices.entrySet().stream().filter(e -> e.getValue() == visible).map(Map.Entry::getKey)
                .sorted().collect(Collectors.joining("\n"));
        // a prefs value holds at most 8 KiB; past that the oldest choices are simply not remembered
        return joined.length() <= Preferences.MAX_VALUE_LENGTH ? joined
                : joined.substring(0, joined.lastIndexOf('\n', Preferences.MAX_VALUE_LENGTH));
    }

    private Preferences node(Path workspace) {
        return root.node("workspaces").node(hash(workspace.toAbsolutePath().normalize().toString()));
    }

    private static String hash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void flush(Preferences node) {
        try {
            node.flush();
        } catch (BackingStoreException e) {
            // remembering the layout is a convenience: a read-only home must not break the app
            System.getLogger(WindowPrefs.class.getName()).log(System.Logger.Level.DEBUG, "cannot save window prefs", e);
        }
    }
}
