package dev.lathe.app.startup;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.beans.value.ObservableBooleanValue;

/**
 * Reports how long the app took to show its first usable frame: the first frame drawn after the workspace has
 * opened and its runs are listed. Off unless {@code -Dlathe.startup.probe=true}; it then prints
 * {@code lathe: first frame after N ms (cpu M ms)} on standard output: N counted from the start of the JVM, M the
 * processor time the process used until then (all threads; on a busy machine it says more than N).
 * With {@code -Dlathe.startup.exit=true} as well, the app quits right after that frame, which is what a
 * start-up benchmark and the AOT cache's training run need.
 */
public final class StartupProbe {
    public static final String PROBE_PROPERTY = "lathe.startup.probe";
    public static final String EXIT_PROPERTY = "lathe.startup.exit";
    /** The start of the line the probe prints; harnesses wait for it. */
    public static final String MARKER = "lathe: first frame after ";

    private StartupProbe() {
    }

    /**
     * Starts watching, when the probe is on. Call on the FX thread before the window's first pulse.
     *
     * @param busy true while the workspace is opening or its runs are loading
     */
    public static void watch(ObservableBooleanValue busy) {
        if (!Boolean.getBoolean(PROBE_PROPERTY)) {
            return;
        }
        boolean exit = Boolean.getBoolean(EXIT_PROPERTY);
        new AnimationTimer() {
            private boolean sawBusy;
            private boolean ready;
            private int pulses;

            @Override
            public void handle(long now) {
                // a pulse lays out and draws the scene; the frame of the pulse that first saw the runs loaded is on
                // screen by the next pulse
                if (ready) {
                    stop();
                    Instant shown = Instant.now();
                    long cpu = ProcessHandle.current().info().totalCpuDuration().map(Duration::toMillis).orElse(-1L);
                    // the management classes load only now, after the frame; the JVM's start is exact to the
                    // millisecond (the process start time the OS gives is rounded to seconds)
                    Instant start = Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
                    System.out.println(MARKER + Duration.between(start, shown).toMillis() + " ms (cpu " + cpu + " ms)");
                    System.out.flush();
                    if (exit) {
                        Platform.exit();
                    }
                    return;
                }
                sawBusy |= busy.get();
                // busy turns true as the workspace starts opening; an empty or failed workspace is usable too
                ready = !busy.get() && (sawBusy || pulses++ > 2);
            }
        }.start();
    }
}
