package dev.lathe.charts;

/** Charts on JFreeChart for Lathe: no JavaFX here; the app shows them in a ChartViewer. */
final class PackageInfo {
    private PackageInfo() {
    }
}
