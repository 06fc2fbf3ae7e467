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
}
