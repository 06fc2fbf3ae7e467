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

    /**
     * A trial on a cluster changed state there: submitted, started, requeued, ended. executor is "slurm" or
     * "kubernetes", jobId the engine's id (a Slurm job id, a Kubernetes Job name), state the engine's own word
     * (PENDING, RUNNING, COMPLETED, CANCELLED, TIMEOUT, ...).
     */
    default void trialState(int trial, String runId, String executor, String jobId, String state) {
    }

    /** After every change, at most a few times a second. */
    default void progress(SweepStatus status) {
    }

    SweepListener NONE = new SweepListener() {
    };
}
