package dev.lathe.sweeps;

import dev.lathe.core.RunStatus;
import dev.lathe.core.Sweep;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a sweep stands: its trials with their outcome, counts, and the best trial so far by the sweep metric.
 *
 * @param runCap    the trial budget
 * @param spent     coordinator time over all sessions
 * @param remaining an estimate of the time left (empty when unknown)
 */
public record SweepStatus(Sweep sweep, SweepSpec.Metric metric, int runCap, List<Trial> trials, Duration spent,
                          Optional<Duration> remaining) {

    /** One trial: its latest run (a trial re-run after a crash has several runs; the last one counts). */
    public record Trial(int index, String runId, RunStatus status, Map<String, String> params, Double objective,
                        long step, String reason) {
        /** Finished, pruned and failed trials count against run_cap; killed and queued ones are re-run. */
        public boolean done() {
            return status == RunStatus.FINISHED || status == RunStatus.PRUNED || status == RunStatus.FAILED;
        }
    }

    public long count(RunStatus status) {
        return trials.stream().filter(t -> t.status() == status).count();
    }

    public long done() {
        return trials.stream().filter(Trial::done).count();
    }

    /** The best finished or pruned trial by the sweep metric's goal. */
    public Optional<Trial> best() {
        Trial best = null;
        for (Trial t : trials) {
            if ((t.status() == RunStatus.FINISHED || t.status() == RunStatus.PRUNED) && t.objective() != null
                    && !t.objective().isNaN() && (best == null || metric.better(t.objective(), best.objective()))) {
                best = t;
            }
        }
        return Optional.ofNullable(best);
    }
}
