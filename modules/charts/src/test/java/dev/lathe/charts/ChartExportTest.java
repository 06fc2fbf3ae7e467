package dev.lathe.charts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartExportTest {
    @TempDir
    Path dir;

    private static JFreeChart chart() {
        return OverlayChart.create(List.of(new MetricSeries("a", "run-a", new long[] {1, 2, 3}, new double[] {0.9, 0.5, 0.3})),
                ChartOptions.of("val_loss")).chart();
    }

    @Test
    void writesAPngOfTheAskedSize() throws IOException {
        Path file = dir.resolve("chart.png");
        ChartExport.png(chart(), file, 640, 400);
        assertTrue(Files.size(file) > 1000);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(Files.readAllBytes(file), 4));
        BufferedImage image = ImageIO.read(file.toFile());
        assertEquals(640, image.getWidth());
        assertEquals(400, image.getHeight());
        assertEquals(List.of(file), listDir(), "no temporary file is left behind");
    }

    @Test
    void writesAnSvgWithTheLegendText() throws IOException {
        Path file = dir.resolve("chart.svg");
        ChartExport.svg(chart(), file, 640, 400);
        String svg = Files.readString(file);
        assertTrue(svg.contains("<svg"));
        assertTrue(svg.contains("run-a"));
        assertEquals(List.of(file), listDir());
    }

    private List<Path> listDir() throws IOException {
        try (var files = Files.list(dir)) {
            return files.toList();
        }
    }
}
