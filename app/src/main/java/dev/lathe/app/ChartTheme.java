package dev.lathe.app;

import dev.lathe.charts.Palette;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.value.ObservableValue;

/**
 * Whether charts are drawn dark, one for the whole app: the composition root makes it, keeps it in step with
 * View &gt; Dark Theme, and hands it to every screen that draws charts, which redraw when it changes.
 */
public final class ChartTheme {
    private final BooleanProperty dark = new SimpleBooleanProperty(this, "dark");
    private final ObservableValue<Palette.Theme> palette = dark.map(on -> on ? Palette.DARK : Palette.LIGHT);

    public ChartTheme() {
        this(false);
    }

    public ChartTheme(boolean dark) {
        this.dark.set(dark);
    }

    public BooleanProperty darkProperty() {
        return dark;
    }

    public boolean isDark() {
        return dark.get();
    }

    public void setDark(boolean on) {
        dark.set(on);
    }

    /** The chart colours for the current theme, {@link Palette#DARK} or {@link Palette#LIGHT}. */
    public ObservableValue<Palette.Theme> paletteProperty() {
        return palette;
    }

    public Palette.Theme palette() {
        return dark.get() ? Palette.DARK : Palette.LIGHT;
    }
}
