package dev.lathe.app.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lathe.charts.ParallelCoordinatesChart.Brush;
import dev.lathe.workspace.query.RunFilter;
import java.math.RoundingMode;
import java.util.List;
import org.junit.jupiter.api.Test;

class BrushFilterTest {

    @Test
    void numericRangesRoundOutwardAndLevelsAreQuoted() {
        BrushFilter.Text text = BrushFilter.of(List.of(
                new Brush("lr", false, false, 0.0012345678, 0.0098765432, List.of()),
                new Brush("optimizer", false, true, Double.NaN, Double.NaN, List.of("adam", "sgd \"nesterov\"")),
                new Brush("hidden", false, true, Double.NaN, Double.NaN, List.of("64")),
                new Brush("val_accuracy", true, false, 0.9, 1.0, List.of())));
        assertEquals("params.lr >= 0.001234 and params.lr <= 0.009877 and params.optimizer in (\"adam\", \"sgd \\\"nesterov\\\"\")"
                + " and params.hidden = \"64\" and metrics.val_accuracy >= 0.9 and metrics.val_accuracy <= 1", text.filter());
        assertEquals(List.of(), text.skipped());
        // the runs-table parser reads it
        RunFilter.parse(text.filter());
    }

    @Test
    void namesTheLanguageCannotSpellAndEmptyLevelBrushesAreLeftOutAndNamed() {
        BrushFilter.Text text = BrushFilter.of(List.of(new Brush("model/depth", false, false, 1, 3, List.of()),
                new Brush("optimizer", false, true, Double.NaN, Double.NaN, List.of()),
                new Brush("dropout", false, false, 0, 0.25, List.of())));
        assertEquals("params.dropout >= 0 and params.dropout <= 0.25", text.filter());
        assertEquals(List.of("model/depth", "optimizer"), text.skipped());
        assertEquals("", BrushFilter.of(List.of()).filter());
    }

    @Test
    void roundingNeverCutsOffTheBound() {
        assertEquals("0.0001234", BrushFilter.round(1.2345e-4, RoundingMode.FLOOR));
        assertEquals("0.0001235", BrushFilter.round(1.2341e-4, RoundingMode.CEILING));
        assertEquals("-2.346", BrushFilter.round(-2.3456, RoundingMode.FLOOR));
        assertEquals("123500", BrushFilter.round(123456, RoundingMode.CEILING));
    }
}
