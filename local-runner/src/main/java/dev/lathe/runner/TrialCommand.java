package dev.lathe.runner;

import dev.lathe.core.Sweep;
import dev.lathe.sweeps.SweepSpec;
import dev.lathe.sweeps.Sweeps;
import dev.lathe.sweeps.TrialWorker;
import dev.lathe.tracking.Tracker;
import dev.lathe.workspace.Workspace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "trial", description = "Trial processes that sweeps start (not for direct use).",
        subcommands = TrialCommand.Worker.class)
final class TrialCommand {

    @Command(name = "worker", description = "Train the trials a sweep coordinator sends on stdin; print events on stdout.")
    static final class Worker implements Callable<Integer> {
        private final Console console;
        @Mixin
        WorkspaceOption workspace;
        @Option(names = "--sweep", required = true, paramLabel = "SWEEP_ID")
        String sweepId;

        Worker(Console console) {
            this.console = console;
        }

        @Override
        public Integer call() throws InterruptedException {
            try (Workspace ws = workspace.open(Workspace.Mode.EXISTING); Tracker tracker = new Tracker(ws)) {
                Sweep sweep = SweepCommand.find(ws, sweepId);
                SweepSpec spec = Sweeps.parseStored(sweep);
                Sweeps.Plan plan = Sweeps.plan(spec);
                new TrialWorker(ws, tracker, sweep, spec, plan.task(), console.out()).serve(System.in);
            }
            return ExitCodes.OK;
        }
    }

    /** The command line of a worker for this sweep: this JVM's java and class path, the thread settings. */
    static List<String> workerCommand(Workspace ws, Sweep sweep) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("--sun-misc-unsafe-memory-access=allow");
        cmd.add("-Dai.djl.offline=true");
        for (String key : List.of("ai.djl.pytorch.num_threads", "ai.djl.pytorch.num_interop_threads", "DJL_CACHE_DIR")) {
            if (System.getProperty(key) != null) {
                cmd.add("-D" + key + "=" + System.getProperty(key));
            }
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.addAll(List.of("trial", "worker", "--workspace", ws.root().toString(), "--sweep", sweep.id()));
        return cmd;
    }
}
