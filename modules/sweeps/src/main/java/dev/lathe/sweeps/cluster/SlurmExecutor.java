package dev.lathe.sweeps.cluster;

import dev.lathe.core.RunStatus;
import dev.lathe.core.Sweep;
import dev.lathe.sweeps.SweepSpec;
import dev.lathe.sweeps.TrialLaunch;
import dev.lathe.tracking.Tracker;
import dev.lathe.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Trials as Slurm batch jobs. Each trial gets a folder under the executor's work folder (on the filesystem the
 * login and compute nodes share) with its trial file and a job script that runs `lathe trial run` with the
 * same JDK and class path as this process; the job's stdout (the event stream) goes to events.jsonl there and
 * is read as it grows. States come from {@code squeue -h -j ID -o %i|%T|%r} while the job is known to the
 * queue and from {@code scontrol -o show job ID} after (no accounting daemon is needed); early stopping and
 * `sweep stop` write the trial's stop file and run {@code scancel}.
 */
public final class SlurmExecutor extends ClusterExecutor {
    /** Run tag with the Slurm job id. */
    public static final String TAG_SLURM_JOB_ID = "lathe.slurm.job_id";
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern FIELD = Pattern.compile("(\\w+)=(\\S*)");

    private final CommandRunner shell;
    private final SweepSpec.Executor block;
    private final String workdir;
    private final List<String> trialCommand;
    private final List<String> submitted = new CopyOnWriteArrayList<>();

    /**
     * @param shell        where sbatch and friends run (this machine, or ssh to a login node)
     * @param workdir      the shared folder for trial folders (absolute, as the nodes see it)
     * @param trialCommand the command that runs one trial, to which the trial folder is appended
     *                     (`java ... dev.lathe.runner.Main trial run --dir`)
     */
    public SlurmExecutor(Workspace ws, Tracker tracker, SweepSpec spec, Sweep sweep, Map<String, String> tags,
                         CommandRunner shell, String workdir, List<String> trialCommand, long pollMillis) {
        super(ws, tracker, spec, sweep, tags, pollMillis);
        this.shell = shell;
        this.block = spec.executor();
        this.workdir = workdir.endsWith("/") ? workdir.substring(0, workdir.length() - 1) : workdir;
        this.trialCommand = List.copyOf(trialCommand);
    }

    @Override
    public String name() {
        return "slurm";
    }

    @Override
    protected String jobIdTag() {
        return TAG_SLURM_JOB_ID;
    }

    /** Job ids this executor submitted (not those it re-attached to), in order. */
    public List<String> submitted() {
        return List.copyOf(submitted);
    }

    /** The trial's folder: the sweep's folder, then one per trial run. */
    String trialDir(TrialLaunch l) {
        return workdir + "/" + sweep.id().substring(0, Math.min(8, sweep.id().length())) + "/trial-" + l.index() + "-"
                + l.run().id().substring(0, Math.min(8, l.run().id().length()));
    }

    /** The job script: the trial command with the trial folder, exec'd so that scancel's SIGTERM reaches java. */
    String script(TrialLaunch l, String dir) {
        List<String> cmd = new ArrayList<>(trialCommand);
        cmd.add(dir);
        return "#!/bin/sh\n"
                + "# Lathe sweep " + sweep.name() + ", trial " + l.index() + " (run " + l.run().id() + ")\n"
                + "exec " + CommandRunner.shellQuote(cmd) + "\n";
    }

    /** The sbatch command line for a trial. */
    List<String> sbatch(TrialLaunch l, String dir) {
        List<String> cmd = new ArrayList<>(List.of("sbatch", "--parsable",
                "--job-name=lathe-" + safe(sweep.name()) + "-" + l.index(),
                "--output=" + dir + "/" + TrialRunner.EVENTS,
                "--error=" + dir + "/" + TrialRunner.STDERR,
                "--chdir=" + dir,
                "--ntasks=1"));
        if (block.partition() != null) {
            cmd.add("--partition=" + block.partition());
        }
        if (block.cpus() != null) {
            cmd.add("--cpus-per-task=" + block.cpus());
        }
        if (block.gpus() > 0) {
            cmd.add("--gpus=" + block.gpus());
        }
        if (block.mem() != null) {
            cmd.add("--mem=" + slurmMemory(block.mem()));
        }
        if (block.time() != null) {
            cmd.add("--time=" + block.time());
        }
        cmd.addAll(block.extra());
        cmd.add(dir + "/job.sh");
        return cmd;
    }

    /** Slurm takes K, M, G, T (binary); Kubernetes-style Gi is accepted in the sweep file and written as G. */
    static String slurmMemory(String mem) {
        return mem.replaceAll("i?[Bb]?$", "").replaceAll("i$", "");
    }

    private static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9_.-]", "_");
    }

    @Override
    public void preflight() {
        check(shell);
    }

    /** Throws IllegalArgumentException when Slurm does not answer through the shell. */
    static void check(CommandRunner shell) {
        String problem;
        try {
            CommandRunner.Result r = shell.run(List.of("sinfo", "-h", "-o", "%P %a"), COMMAND_TIMEOUT);
            problem = r.ok() ? null : "sinfo exited " + r.exit() + ": " + r.err().strip();
        } catch (IOException e) {
            problem = e.getMessage();
        }
        if (problem != null) {
            throw new IllegalArgumentException("executor slurm: the cluster does not answer on " + shell.where() + " ("
                    + problem + "); is Slurm's client installed there and its slurm.conf (SLURM_CONF) right?");
        }
    }

    @Override
    protected TrialJob submit(TrialLaunch l, String trialFile) throws IOException {
        String dir = trialDir(l);
        shell.write(dir + "/" + TrialRunner.SPEC, trialFile);
        shell.write(dir + "/job.sh", script(l, dir));
        CommandRunner.Result r = shell.run(sbatch(l, dir), COMMAND_TIMEOUT);
        if (!r.ok()) {
            throw new IOException("sbatch on " + shell.where() + " refused the job: " + r.err().strip());
        }
        String id = r.out().strip();
        int semi = id.indexOf(';');
        if (semi >= 0) {
            id = id.substring(0, semi); // "id;cluster" on a multi-cluster setup
        }
        if (!id.matches("\\d+(_\\d+)?")) {
            throw new IOException("sbatch printed no job id: '" + r.out().strip() + "' " + r.err().strip());
        }
        submitted.add(id);
        return new TrialJob(id, dir);
    }

    @Override
    protected JobState poll(TrialJob job) throws IOException {
        CommandRunner.Result q = shell.run(List.of("squeue", "-h", "-j", job.id(), "-o", "%i|%T|%r"), COMMAND_TIMEOUT);
        if (q.ok()) {
            for (String line : q.out().lines().toList()) {
                String[] f = line.strip().split("\\|", -1);
                if (f.length >= 2 && f[0].equals(job.id())) {
                    return state(f[1], f.length > 2 ? f[2] : "", null, job);
                }
            }
        }
        CommandRunner.Result s = shell.run(List.of("scontrol", "-o", "show", "job", job.id()), COMMAND_TIMEOUT);
        if (!s.ok() || s.out().isBlank()) {
            return JobState.UNKNOWN; // purged from slurmctld's memory (MinJobAge) or never known
        }
        Map<String, String> fields = fields(s.out());
        return state(fields.getOrDefault("JobState", "UNKNOWN"), fields.getOrDefault("Reason", ""),
                fields.get("ExitCode"), job);
    }

    /** The key=value fields of a `scontrol -o show job` line. */
    static Map<String, String> fields(String line) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        Matcher matcher = FIELD.matcher(line);
        while (matcher.find()) {
            m.putIfAbsent(matcher.group(1), matcher.group(2));
        }
        return m;
    }

    /** A Slurm state word as a job state, with the reason a run shows when the trial printed no result. */
    JobState state(String slurmState, String reason, String exitCode, TrialJob job) {
        String st = slurmState.toUpperCase(Locale.ROOT).replace(' ', '_');
        String why = reason == null || reason.isBlank() || reason.equals("None") ? "" : " (" + reason + ")";
        String id = "slurm job " + job.id();
        return switch (st) {
            case "PENDING", "CONFIGURING", "RUNNING", "COMPLETING", "SUSPENDED", "REQUEUED", "REQUEUE_HOLD",
                 "REQUEUE_FED", "RESIZING", "SIGNALING", "STAGE_OUT", "STOPPED", "RESV_DEL_HOLD" ->
                    new JobState(st, false, null);
            case "COMPLETED" -> new JobState(st, true, null);
            case "CANCELLED" -> new JobState(st, true, id + " was cancelled (scancel)");
            case "TIMEOUT" -> new JobState(st, true, id + " reached its time limit"
                    + (block.time() == null ? "" : " (executor.time " + block.time() + ")"));
            case "PREEMPTED" -> new JobState(st, true, id + " was preempted by a job of higher priority");
            case "NODE_FAIL" -> new JobState(st, true, id + " failed: its node failed" + why);
            case "BOOT_FAIL" -> new JobState(st, true, id + " failed: its node did not boot" + why);
            case "OUT_OF_MEMORY" -> new JobState(st, true, id + " ran out of memory"
                    + (block.mem() == null ? "" : " (executor.mem " + block.mem() + ")"));
            case "DEADLINE" -> new JobState(st, true, id + " missed its deadline");
            case "FAILED" -> new JobState(st, true, id + " failed" + (exitCode == null ? "" : " with exit code "
                    + exitCode.split(":")[0]) + why + "; see " + (job.dir() == null ? "its output" : job.dir() + "/"
                    + TrialRunner.STDERR));
            default -> new JobState(st, false, null);
        };
    }

    @Override
    protected RunStatus endStatus(JobState js) {
        return js.state().equals("CANCELLED") ? RunStatus.KILLED : RunStatus.FAILED;
    }

    @Override
    protected void cancel(TrialJob job, String why) throws IOException {
        if (job.dir() != null) {
            shell.write(job.dir() + "/" + TrialRunner.STOP, why + "\n");
        }
        CommandRunner.Result r = shell.run(List.of("scancel", job.id()), COMMAND_TIMEOUT);
        if (!r.ok() && !r.err().contains("already completing or completed")) {
            throw new IOException("scancel " + job.id() + " failed: " + r.err().strip());
        }
    }

    @Override
    protected EventReader events(TrialJob job) {
        String path = job.dir() + "/" + TrialRunner.EVENTS;
        LineSplitter splitter = new LineSplitter();
        long[] offset = {0};
        return () -> {
            byte[] bytes = shell.readFrom(path, offset[0]);
            offset[0] += bytes.length;
            return splitter.add(bytes);
        };
    }

    @Override
    protected Optional<Path> model(TrialJob job, Path localTemp) throws IOException {
        return shell.fetch(job.dir() + "/" + TrialRunner.MODEL, localTemp);
    }
}
