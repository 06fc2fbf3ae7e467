package dev.lathe.sweeps;

import dev.lathe.core.RunStatus;

/** Trials in the coordinator's own process, one thread per slot: for trainers that are safe to run side by side. */
public final class InProcessExecutor implements TrialExecutor {
    private final TrialExecution execution;

    InProcessExecutor(TrialExecution execution) {
        this.execution = execution;
    }

    @Override
    public SweepStatus.Trial run(TrialLaunch l, Hooks hooks) {
        return execution.execute(l, new TrialControl() {
            private volatile long prunedAt = -1;

            @Override
            public void metric(String key, long step, double value) {
                hooks.listener().metric(l.index(), l.run().id(), key, step, value);
                if (key.equals(hooks.metric().name()) && prunedAt < 0 && hooks.scheduler().report(l.index(), step, value)) {
                    prunedAt = step;
                }
            }

            @Override
            public boolean stopRequested() {
                return prunedAt >= 0 || hooks.sweepStop() != null;
            }

            @Override
            public Stop stop() {
                if (prunedAt >= 0) {
                    return new Stop(RunStatus.PRUNED, "pruned at step " + prunedAt + " by " + hooks.earlyStopName());
                }
                String why = hooks.sweepStop();
                return why == null ? null : new Stop(RunStatus.KILLED, why);
            }
        });
    }
}
