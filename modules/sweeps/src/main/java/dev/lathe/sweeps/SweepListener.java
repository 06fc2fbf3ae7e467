package dev.lathe.sweeps;

import java.util.Map;

/** What a running sweep tells its caller (the CLI's progress display and --events, the app). */
public interface SweepListener {
    default void trialStarted(int trial, String runId, Map<String, String> params) {
    }

    default void metric(int trial, String runId, String key, long step, double value) {
    }

    default void trialEnded(SweepStatus.Trial trial) {
    }

    /** After every change, at most a few times a second. */
    default void progress(SweepStatus status) {
    }

    SweepListener NONE = new SweepListener() {
    };
}
