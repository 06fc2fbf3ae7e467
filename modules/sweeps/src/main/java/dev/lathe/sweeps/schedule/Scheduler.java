package dev.lathe.sweeps.schedule;

/**
 * Decides, from the values a trial reports per step, whether it should stop early. Thread-safe: trials in
 * parallel slots report at once. On resume the coordinator replays the stored metric history through
 * {@link #report} (with the decisions ignored) before new trials start, which rebuilds the state.
 */
public interface Scheduler {
    /**
     * A trial reported the sweep metric at a step (an epoch).
     *
     * @return true when the trial should stop now (it ends as PRUNED at this step)
     */
    boolean report(int trial, long step, double value);

    /** The trial ended (finished, pruned, failed or killed); it stops counting as running. */
    default void ended(int trial) {
    }

    /** A scheduler that never stops a trial. */
    Scheduler NONE = (trial, step, value) -> false;
}
