package dev.lathe.sweeps;

import dev.lathe.sweeps.schedule.Scheduler;
import java.util.function.Supplier;

/**
 * Where trials run: in the coordinator's own process, or in worker processes (one per slot). A Kubernetes or
 * Slurm executor would sit beside these. {@link #run} is called from a slot thread and returns when the trial
 * has ended and its run is recorded.
 */
public interface TrialExecutor extends AutoCloseable {
    SweepStatus.Trial run(TrialLaunch launch, Hooks hooks);

    @Override
    default void close() {
    }

    /**
     * What the coordinator lends a running trial: the scheduler that may prune it, the sweep-wide stop and its
     * reason, and the listener that shows metrics.
     */
    record Hooks(Scheduler scheduler, SweepSpec.Metric metric, Supplier<String> stopReason, SweepListener listener,
                 String earlyStopName) {
        /** The reason the whole sweep is stopping, or null while it runs on. */
        public String sweepStop() {
            return stopReason.get();
        }
    }
}
