package dev.lathe.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.chart.plot.PlotOrientation;
import org.junit.jupiter.api.Test;

class ImportanceChartTest {
    @Test
    void horizontalBarsInTheGivenOrderWithTheirValuesAndANote() throws Exception {
        ImportanceChart chart = ImportanceChart.create(List.of(new ImportanceChart.Bar("lr", 82.5, 6.1),
                new ImportanceChart.Bar("dropout", 12.0, 3.0), new ImportanceChart.Bar("optimizer", 5.5, 2.0)),
                "share of importance (%)", "held-out R² 0.91", Palette.LIGHT);
        assertEquals(List.of("lr", "dropout", "optimizer"), chart.params());
        assertEquals(82.5, chart.value("lr"), 1e-12);
        assertEquals(PlotOrientation.HORIZONTAL, chart.chart().getCategoryPlot().getOrientation());
        String svg = ChartExport.svgDocument(chart.chart(), 700, 400);
        for (String text : List.of("lr", "dropout", "optimizer", "82.5", "share of importance (%)", "held-out R² 0.91")) {
            assertTrue(svg.contains(text), text);
        }
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(ChartExport.pngBytes(chart.chart(), 700, 400)));
        // the longest bar is drawn in the first palette colour
        int blue = Palette.color(0).getRGB();
        int count = 0;
        for (int y = 0; y < 400; y++) {
            for (int x = 0; x < 700; x++) {
                count += image.getRGB(x, y) == blue ? 1 : 0;
            }
        }
        assertTrue(count > 2000, count + " bar pixels");
    }
}
