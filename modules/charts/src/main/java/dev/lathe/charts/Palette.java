package dev.lathe.charts;

import java.awt.Color;
import java.util.List;

/** Line colours: Tableau 10, distinct for the first ten lines and readable on white; then they repeat. */
public final class Palette {
    private static final List<Color> COLORS = List.of(
            new Color(0x4E79A7), new Color(0xF28E2B), new Color(0xE15759), new Color(0x76B7B2), new Color(0x59A14F),
            new Color(0xEDC948), new Color(0xB07AA1), new Color(0xFF9DA7), new Color(0x9C755F), new Color(0xBAB0AC));

    private Palette() {
    }

    public static Color color(int index) {
        return COLORS.get(Math.floorMod(index, COLORS.size()));
    }

    /**
     * The non-data colours of a chart: background, grid and axis lines, text, and the grey of lines drawn as
     * context (filtered out by a brush). {@link #LIGHT} matches the app's white chart panes, {@link #DARK} a dark one.
     */
    public record Theme(Color background, Color grid, Color text, Color context, Color highlight) {
    }

    public static final Theme LIGHT = new Theme(Color.WHITE, new Color(0xE3E6EA), new Color(0x5F6B7A),
            new Color(0xC8CDD3), new Color(0x1F2328));
    public static final Theme DARK = new Theme(new Color(0x0D1117), new Color(0x30363D), new Color(0xB1BAC4),
            new Color(0x3D444D), new Color(0xF0F6FC));

    /** Viridis anchors (matplotlib), every 1/8: perceptually even, readable on white and on dark, and for most colour blindness. */
    private static final int[] VIRIDIS = {0x440154, 0x46327E, 0x365C8D, 0x277F8E, 0x1FA187, 0x4AC16D, 0x9FDA3A, 0xFDE725};

    /** A sequential colour for t in [0, 1] (clamped; NaN gives the middle): dark purple at 0, yellow at 1. */
    public static Color sequential(double t) {
        double v = Double.isNaN(t) ? 0.5 : Math.clamp(t, 0.0, 1.0);
        double scaled = v * (VIRIDIS.length - 1);
        int i = Math.min(VIRIDIS.length - 2, (int) Math.floor(scaled));
        double f = scaled - i;
        Color a = new Color(VIRIDIS[i]);
        Color b = new Color(VIRIDIS[i + 1]);
        return new Color((int) Math.round(a.getRed() + f * (b.getRed() - a.getRed())),
                (int) Math.round(a.getGreen() + f * (b.getGreen() - a.getGreen())),
                (int) Math.round(a.getBlue() + f * (b.getBlue() - a.getBlue())));
    }
}
