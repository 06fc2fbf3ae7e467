package dev.lathe.charts;

import java.awt.image.BufferedImage;

/**
 * Antialiased translucent 1 px lines drawn straight into a pixel buffer (Xiaolin Wu's algorithm). Java2D's software
 * loops take about a second for 500 translucent 20-segment polylines; this takes milliseconds, which is what lets
 * a parallel-coordinates chart of 500 runs follow a brush drag.
 */
final class LineRaster {
    private final int width;
    private final int height;
    private final BufferedImage image;
    private final int[] pixels;

    /** A buffer filled with an opaque background colour. */
    LineRaster(int width, int height, int background) {
        this.width = Math.max(1, width);
        this.height = Math.max(1, height);
        // the image's own pixels: no copy when it is drawn
        image = new BufferedImage(this.width, this.height, BufferedImage.TYPE_INT_RGB);
        pixels = ((java.awt.image.DataBufferInt) image.getRaster().getDataBuffer()).getData();
        java.util.Arrays.fill(pixels, background | 0xFF000000);
    }

    /** A line from (x0, y0) to (x1, y1), in buffer pixels, in rgb at opacity alpha. */
    void line(double x0, double y0, double x1, double y1, int rgb, double alpha) {
        boolean steep = Math.abs(y1 - y0) > Math.abs(x1 - x0);
        if (steep) {
            double t = x0;
            x0 = y0;
            y0 = t;
            t = x1;
            x1 = y1;
            y1 = t;
        }
        if (x0 > x1) {
            double t = x0;
            x0 = x1;
            x1 = t;
            t = y0;
            y0 = y1;
            y1 = t;
        }
        double dx = x1 - x0;
        double gradient = dx == 0 ? 1 : (y1 - y0) / dx;
        int start = (int) Math.round(x0);
        int end = (int) Math.round(x1);
        double y = y0 + gradient * (start - x0);
        for (int x = start; x <= end; x++) {
            int iy = (int) Math.floor(y);
            double f = y - iy;
            plot(steep, x, iy, rgb, alpha * (1 - f));
            plot(steep, x, iy + 1, rgb, alpha * f);
            y += gradient;
        }
    }

    private void plot(boolean steep, int a, int b, int rgb, double alpha) {
        int x = steep ? b : a;
        int y = steep ? a : b;
        if (x < 0 || y < 0 || x >= width || y >= height || alpha <= 0) {
            return;
        }
        int i = y * width + x;
        int dst = pixels[i];
        double k = 1 - alpha;
        int r = (int) (((rgb >> 16) & 0xFF) * alpha + ((dst >> 16) & 0xFF) * k + 0.5);
        int g = (int) (((rgb >> 8) & 0xFF) * alpha + ((dst >> 8) & 0xFF) * k + 0.5);
        int bl = (int) ((rgb & 0xFF) * alpha + (dst & 0xFF) * k + 0.5);
        pixels[i] = 0xFF000000 | r << 16 | g << 8 | bl;
    }

    BufferedImage image() {
        return image;
    }
}
