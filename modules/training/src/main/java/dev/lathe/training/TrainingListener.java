package dev.lathe.training;

import java.util.Map;

/**
 * How a trainer reports while it works. The runner records what arrives here into the run; a sweep may
 * ask the trainer to stop early through {@link #stopRequested()}, which trainers check between epochs.
 */
public interface TrainingListener {
    /** The full parameter set after defaults were applied, once before training. */
    default void params(Map<String, String> resolved) {
    }

    /** A metric value at a step (the epoch for per-epoch metrics, counted from 1). */
    default void metric(String key, long step, double value) {
    }

    /** Progress through a phase ("epoch", "tree", ...), done out of total. */
    default void progress(String phase, long done, long total) {
    }

    /** Facts about where training ran: device, engine name and version, threads. */
    default void environment(Map<String, String> facts) {
    }

    /** Tags describing the run (for example the task that was inferred). */
    default void tag(String key, String value) {
    }

    /** True when the trainer should stop after the current epoch; the run then ends as PRUNED or KILLED. */
    default boolean stopRequested() {
        return false;
    }

    TrainingListener NONE = new TrainingListener() {
    };
}
