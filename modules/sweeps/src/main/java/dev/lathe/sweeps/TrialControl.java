package dev.lathe.sweeps;

/**
 * How a running trial talks to whoever decides about it: it hands over each metric value, asks whether to stop,
 * and, once stopped, how to end (PRUNED by early stopping, or KILLED because the sweep stops).
 */
interface TrialControl {
    void metric(String key, long step, double value);

    boolean stopRequested();

    /** Why the trial was stopped, or null when it was not. */
    Stop stop();

    /** A stop: PRUNED or KILLED, with the reason recorded on the run. */
    record Stop(dev.lathe.core.RunStatus status, String reason) {
    }
}
