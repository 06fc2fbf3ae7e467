package dev.lathe.sweeps.cluster;

import dev.lathe.core.Sweep;
import dev.lathe.sweeps.SweepCoordinator;
import dev.lathe.sweeps.SweepListener;
import dev.lathe.sweeps.SweepSpec;
import dev.lathe.sweeps.SweepStatus;
import dev.lathe.sweeps.Sweeps;
import dev.lathe.tracking.Tracker;
import dev.lathe.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A sweep coordinator with the Slurm executor, as a process of its own (tests kill it to play a crash) or in the
 * test's process: starts the sweep of a file, or resumes a sweep by id.
 */
public final class CoordinatorMain {
    private CoordinatorMain() {
    }

    /** The command that runs one trial on a node: this JVM's java and class path. */
    static List<String> trialCommand() {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), TrialRunner.class.getName());
    }

    static Sweep create(Workspace ws, Path file) throws java.io.IOException {
        SweepSpec spec = Sweeps.parse(file);
        var exp = ws.experiments().getOrCreate(spec.experiment());
        return ws.sweeps().create(exp.id(), spec.name(), Files.readString(file), file.toString());
    }

    /** Runs (or resumes) a sweep to its end with a Slurm executor; returns the result and the executor. */
    static Map.Entry<SweepStatus, SlurmExecutor> run(Workspace ws, Sweep sweep, Path slurmConf, String workdir,
                                                     SweepListener listener) {
        SweepSpec spec = Sweeps.parseStored(sweep);
        Sweeps.Plan plan = Sweeps.plan(spec);
        try (Tracker tracker = new Tracker(ws)) {
            SlurmExecutor executor = new SlurmExecutor(ws, tracker, spec, sweep, plan.task().tags(),
                    CommandRunner.local(Map.of("SLURM_CONF", slurmConf.toString())), workdir, trialCommand(), 500);
            int slots = spec.parallel() != null ? spec.parallel() : spec.runCap();
            SweepStatus s = new SweepCoordinator(ws, sweep, spec, executor, plan.sampler(), plan.scheduler(),
                    Sweeps::format, slots, listener).run();
            return Map.entry(s, executor);
        }
    }

    /** args: WORKSPACE SWEEP_FILE SLURM_CONF WORKDIR; prints "sweep ID" then runs the sweep. */
    public static void main(String[] args) throws Exception {
        try (Workspace ws = Workspace.open(Path.of(args[0]))) {
            Sweep sweep = create(ws, Path.of(args[1]));
            System.out.println("sweep " + sweep.id());
            System.out.flush();
            run(ws, sweep, Path.of(args[2]), args[3], new SweepListener() {
                @Override
                public void trialState(int trial, String runId, String executor, String jobId, String state) {
                    System.out.println("trial " + trial + " job " + jobId + " " + state);
                    System.out.flush();
                }
            });
        }
    }
}
