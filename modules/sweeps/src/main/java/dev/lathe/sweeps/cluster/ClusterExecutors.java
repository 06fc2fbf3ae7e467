package dev.lathe.sweeps.cluster;

import dev.lathe.core.RunRow;
import dev.lathe.core.Sweep;
import dev.lathe.sweeps.SweepSpec;
import dev.lathe.sweeps.SweepSpecException;
import dev.lathe.sweeps.Sweeps;
import dev.lathe.tracking.Tracker;
import dev.lathe.workspace.RunQuery;
import dev.lathe.workspace.Workspace;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;

/** Picks and builds the executor a sweep's executor block asks for. */
public final class ClusterExecutors {
    /** Trials handed to a cluster at once when the sweep file sets no `parallel`. */
    public static final int MAX_SLOTS = 64;

    private ClusterExecutors() {
    }

    /** The executor for a sweep whose executor block is slurm or kubernetes. */
    public static ClusterExecutor create(Workspace ws, Tracker tracker, SweepSpec spec, Sweep sweep, Sweeps.Plan plan,
                                         List<String> trialCommand) {
        return factory(spec).create(ws, tracker, spec, sweep, plan.task().tags(), trialCommand);
    }

    /**
     * Checks that the sweep's cluster answers (Slurm's commands run, the Kubernetes API lists Jobs), before a
     * sweep is recorded; throws IllegalArgumentException naming what to fix.
     */
    public static void preflight(SweepSpec spec, Workspace ws) {
        if (spec.executor().type() != SweepSpec.Executor.Type.LOCAL) {
            factory(spec).preflight(spec, ws);
        }
    }

    public static String describe(SweepSpec spec, Workspace ws) {
        return factory(spec).describe(spec, ws);
    }

    static ClusterExecutorFactory factory(SweepSpec spec) {
        SweepSpec.Executor.Type type = spec.executor().type();
        if (type == SweepSpec.Executor.Type.SLURM) {
            return new SlurmFactory();
        }
        try {
            for (ClusterExecutorFactory f : ServiceLoader.load(ClusterExecutorFactory.class)) {
                if (f.type() == type) {
                    return f;
                }
            }
        } catch (java.util.ServiceConfigurationError | LinkageError e) {
            throw new IllegalArgumentException("executor " + type.label() + " cannot be loaded: " + e.getMessage(), e);
        }
        throw new SweepSpecException(spec.source(), 0, 0, "executor: type " + type.label()
                + " is not available in this installation (its module is missing from the class path)");
    }

    /**
     * The executor type a sweep's trials ran with so far (from their runs' {@value ClusterExecutor#TAG_EXECUTOR}
     * tag), or null when they ran locally or there are none: `sweep resume` keeps following a cluster sweep
     * that was started with `--executor`.
     */
    public static SweepSpec.Executor.Type usedBy(Workspace ws, Sweep sweep) {
        List<RunRow> rows = ws.runs().rows(RunQuery.inSweep(sweep.id()));
        return rows.stream()
                .max(Comparator.comparing((RunRow r) -> r.run().startedAt() == null ? Instant.EPOCH : r.run().startedAt()))
                .flatMap(r -> ws.runs().detail(r.run().id()))
                .map(d -> d.tags().get(ClusterExecutor.TAG_EXECUTOR))
                .map(t -> SweepSpec.Executor.Type.valueOf(t.toUpperCase(Locale.ROOT)))
                .orElse(null);
    }

    /** The shared folder trials go to: the block's workdir, else the workspace's cluster folder. */
    static String workdir(SweepSpec spec, Workspace ws) {
        if (spec.executor().workdir() != null) {
            return spec.executor().workdir();
        }
        if (spec.executor().ssh() != null) {
            throw new SweepSpecException(spec.source(), 0, 0, "executor: workdir is required with ssh: a folder on "
                    + spec.executor().ssh() + " that the compute nodes share, such as /scratch/me/lathe");
        }
        return ws.root().resolve("cluster").toAbsolutePath().toString();
    }

    /** Slurm through the commands on this machine, or over ssh. */
    static final class SlurmFactory implements ClusterExecutorFactory {
        @Override
        public SweepSpec.Executor.Type type() {
            return SweepSpec.Executor.Type.SLURM;
        }

        @Override
        public ClusterExecutor create(Workspace ws, Tracker tracker, SweepSpec spec, Sweep sweep, Map<String, String> tags,
                                      List<String> trialCommand) {
            String ssh = spec.executor().ssh();
            CommandRunner shell = ssh == null ? CommandRunner.local(Map.of()) : CommandRunner.ssh(ssh, List.of());
            return new SlurmExecutor(ws, tracker, spec, sweep, tags, shell, workdir(spec, ws), trialCommand, 1000);
        }

        @Override
        public void preflight(SweepSpec spec, Workspace ws) {
            String ssh = spec.executor().ssh();
            CommandRunner shell = ssh == null ? CommandRunner.local(Map.of()) : CommandRunner.ssh(ssh, List.of());
            SlurmExecutor.check(shell);
            workdir(spec, ws);
        }

        @Override
        public String describe(SweepSpec spec, Workspace ws) {
            SweepSpec.Executor e = spec.executor();
            StringBuilder sb = new StringBuilder();
            sb.append(e.ssh() == null ? "sbatch on this machine" : "sbatch over ssh " + e.ssh());
            if (e.partition() != null) {
                sb.append(", partition ").append(e.partition());
            }
            sb.append(", trial folders in ").append(workdir(spec, ws));
            return sb.toString();
        }
    }
}
