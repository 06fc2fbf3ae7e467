package dev.lathe.app.detail;

/** An artifact row: its path in the run and its size, formatted for the list. */
public record ArtifactItem(String path, long size, String sizeText) {
    static String humanSize(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String units = "KMGT";
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length() - 1) {
            v /= 1024;
            u++;
        }
        return String.format(java.util.Locale.ROOT, v < 10 ? "%.1f %sB" : "%.0f %sB", v, units.charAt(u));
    }
}
