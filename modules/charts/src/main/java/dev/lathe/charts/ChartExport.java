package dev.lathe.charts;

import java.awt.Rectangle;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.svg.SVGGraphics2D;

/**
 * Writes any chart as PNG or SVG. Files are written beside the target and moved into place, so a failed export
 * never leaves half a file where the user asked for one.
 */
public final class ChartExport {
    private ChartExport() {
    }

    public static void png(JFreeChart chart, Path file, int width, int height) throws IOException {
        write(file, pngBytes(chart, width, height));
    }

    public static void svg(JFreeChart chart, Path file, int width, int height) throws IOException {
        write(file, svgDocument(chart, width, height).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The chart drawn as PNG bytes. Separate from writing so a UI can draw on the thread that owns the chart and
     * write the file on another.
     */
    public static byte[] pngBytes(JFreeChart chart, int width, int height) throws IOException {
        checkSize(width, height);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ChartUtils.writeChartAsPNG(out, chart, width, height);
        return out.toByteArray();
    }

    /** The chart drawn as an SVG document. */
    public static String svgDocument(JFreeChart chart, int width, int height) {
        checkSize(width, height);
        SVGGraphics2D g2 = new SVGGraphics2D(width, height);
        chart.draw(g2, new Rectangle(0, 0, width, height));
        return g2.getSVGDocument();
    }

    /** Writes bytes beside file, then moves them into place. */
    public static void write(Path file, byte[] bytes) throws IOException {
        Path tmp = temp(file);
        try {
            Files.write(tmp, bytes);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static Path temp(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        return Files.createTempFile(dir, "." + file.getFileName(), ".part");
    }

    private static void checkSize(int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("export size must be positive, got " + width + "x" + height);
        }
    }
}
