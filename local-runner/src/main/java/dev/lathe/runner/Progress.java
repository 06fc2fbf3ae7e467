package dev.lathe.runner;

import java.util.Map;

/**
 * Shows long work: a bar redrawn in place on a terminal, a plain line per step of at least 10% otherwise,
 * and a progress event in --events mode.
 */
final class Progress {
    private static final int WIDTH = 28;

    private final Console console;
    private final String label;
    private final java.io.PrintStream target;
    private long lastPlainPercent = -1;
    private long lastDrawNanos;
    private boolean drewBar;

    Progress(Console console, String label) {
        this(console, label, console.out());
    }

    /** Progress written to target: err when out carries a machine-readable result (--format json). */
    Progress(Console console, String label, java.io.PrintStream target) {
        this.console = console;
        this.label = label;
        this.target = target;
    }

    void update(String phase, long done, long total, String detail) {
        console.event("progress", Map.of("label", label, "phase", phase, "done", done, "total", total));
        if (console.events() || total <= 0) {
            return;
        }
        long percent = done * 100 / total;
        if (console.isTerminal()) {
            long now = System.nanoTime();
            // redraw at most 20 times a second, and always for the last step
            if (done < total && now - lastDrawNanos < 50_000_000L) {
                return;
            }
            lastDrawNanos = now;
            int filled = (int) (WIDTH * done / total);
            String bar = "=".repeat(filled) + (filled < WIDTH ? ">" : "") + " ".repeat(Math.max(0, WIDTH - filled - 1));
            target.print("\r" + label + " [" + bar + "] " + phase + " " + done + "/" + total
                    + (detail == null ? "" : "  " + detail) + "\u001b[K");
            target.flush();
            drewBar = true;
        } else if (percent / 10 != lastPlainPercent / 10 || done == total) {
            lastPlainPercent = percent;
            target.println(label + ": " + phase + " " + done + "/" + total + (detail == null ? "" : "  " + detail));
        }
    }

    /** Ends the bar's line so the next output starts on a fresh one. */
    void finish() {
        if (drewBar) {
            target.println();
            drewBar = false;
        }
    }
}
