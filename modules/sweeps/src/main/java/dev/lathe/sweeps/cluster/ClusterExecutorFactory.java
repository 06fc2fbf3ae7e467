package dev.lathe.sweeps.cluster;

import dev.lathe.core.Sweep;
import dev.lathe.sweeps.SweepSpec;
import dev.lathe.tracking.Tracker;
import dev.lathe.workspace.Workspace;
import java.util.List;
import java.util.Map;

/**
 * Makes a cluster executor of one type; found with {@link java.util.ServiceLoader}, so an engine whose client
 * library is large (Kubernetes) lives in a module of its own.
 */
public interface ClusterExecutorFactory {
    SweepSpec.Executor.Type type();

    /**
     * @param tags         tags every trial run gets (trainer, data)
     * @param trialCommand the command that runs one trial on this machine's install, ending with `--dir`
     */
    ClusterExecutor create(Workspace ws, Tracker tracker, SweepSpec spec, Sweep sweep, Map<String, String> tags,
                           List<String> trialCommand);

    /**
     * Checks that the engine answers before anything is recorded; throws IllegalArgumentException with what to
     * fix.
     */
    void preflight(SweepSpec spec, Workspace ws);

    /** One line on where trials go, for the CLI ("namespace ml, image registry/lathe-runner:0.1"). */
    String describe(SweepSpec spec, Workspace ws);
}
