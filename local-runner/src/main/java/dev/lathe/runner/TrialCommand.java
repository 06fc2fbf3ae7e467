package dev.lathe.runner;

import dev.lathe.core.Sweep;
import dev.lathe.sweeps.SweepSpec;
import dev.lathe.sweeps.Sweeps;
import dev.lathe.sweeps.TrialWorker;
import dev.lathe.sweeps.cluster.TrialRunner;
import dev.lathe.tracking.Tracker;
import dev.lathe.workspace.Workspace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "trial", description = "Trial processes that sweeps start: workers on this machine, single trials on cluster nodes.",
        subcommands = {TrialCommand.Worker.class, TrialCommand.RunTrial.class})
final class TrialCommand {

    @Command(name = "run", description = {
            "Train one trial of a sweep into a trial folder, without a workspace (what a Slurm job or a Kubernetes "
                    + "Job runs on a node). Prints the runner protocol's JSON lines on stdout (params, metric, "
                    + "trial-finished), writes the model into DIR/model, and stops after the current step when "
                    + "DIR/stop appears or on SIGTERM.",
            "The folder holds trial.json as a sweep coordinator writes it; or give --sweep with --param and --seed "
                    + "to write one."})
    static final class RunTrial implements Callable<Integer> {
        private final Console console;
        @Option(names = "--dir", required = true, paramLabel = "TRIAL_DIR", description = "The trial folder (on the shared filesystem).")
        Path dir;
        @Option(names = "--sweep", paramLabel = "FILE.yaml", description = "A sweep file to take the trainer, data and metric from.")
        Path sweepFile;
        @Option(names = "--param", paramLabel = "KEY=VALUE", description = "A param of the trial (with --sweep; repeatable).")
        java.util.Map<String, String> params = new java.util.LinkedHashMap<>();
        @Option(names = "--seed", defaultValue = "0", description = "The trial's training seed (with --sweep; default ${DEFAULT-VALUE}).")
        long seed;
        @Option(names = "--trial", defaultValue = "0", description = "The trial's index (with --sweep).")
        int trial;

        RunTrial(Console console) {
            this.console = console;
        }

        @Override
        public Integer call() throws java.io.IOException {
            Path folder = dir.toAbsolutePath().normalize();
            if (sweepFile != null) {
                Sweeps.parse(sweepFile); // a bad file is reported with its line before anything is written
                String text;
                try {
                    text = java.nio.file.Files.readString(sweepFile);
                } catch (java.io.IOException e) {
                    throw new UserException(ExitCodes.BAD_INPUT, "cannot read " + sweepFile + ": " + e.getMessage());
                }
                java.nio.file.Files.createDirectories(folder);
                java.nio.file.Files.writeString(folder.resolve(TrialRunner.SPEC), new TrialRunner.TrialFile(text,
                        sweepFile.toAbsolutePath().toString(), trial, "trial-" + trial, params, seed).toJson());
            } else if (!java.nio.file.Files.isRegularFile(folder.resolve(TrialRunner.SPEC))) {
                throw new UserException(ExitCodes.BAD_INPUT, "no " + TrialRunner.SPEC + " in " + folder
                        + ": give a trial folder written by a sweep coordinator, or --sweep FILE.yaml");
            }
            return new TrialRunner(folder, console.out()).run();
        }
    }

    /**
     * The command a cluster job runs for one trial, without its folder (appended per trial): this JVM's java and
     * class path, which a node finds at the same paths on a shared filesystem.
     */
    static List<String> trialRunCommand() {
        List<String> cmd = new ArrayList<>(javaCommand());
        cmd.addAll(List.of("trial", "run", "--dir"));
        return cmd;
    }

    private static List<String> javaCommand() {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("--sun-misc-unsafe-memory-access=allow");
        cmd.add("-Dai.djl.offline=true");
        if (System.getProperty("DJL_CACHE_DIR") != null) {
            cmd.add("-DDJL_CACHE_DIR=" + System.getProperty("DJL_CACHE_DIR"));
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        return cmd;
    }

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
