package dev.lathe.sweeps.cluster;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A real one-node Slurm cluster on 127.0.0.1 for tests: its own munged (key and socket in the temp folder), a
 * slurm.conf with free ports, slurmctld and slurmd. Closing it cancels every job, waits for the queue to empty
 * and stops the daemons by their pid files. Needs root and Debian's slurmctld, slurmd, slurm-client and munge
 * (.ci/setup-slurm.sh installs them): without them the test is skipped, or fails when CI=true.
 */
final class SlurmCluster implements AutoCloseable {
    static final String PACKAGES = "slurmctld slurmd slurm-client munge";
    private final Path dir;
    private final Path conf;
    private final CommandRunner shell;

    private SlurmCluster(Path dir) {
        this.dir = dir;
        this.conf = dir.resolve("slurm.conf");
        this.shell = CommandRunner.local(Map.of("SLURM_CONF", conf.toString()));
    }

    static Optional<Path> tool(String name) {
        for (String d : List.of("/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin")) {
            Path p = Path.of(d, name);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Skips (or fails under CI=true) when Slurm or munge is missing or we are not root. */
    static void requireSlurm() {
        List<String> missing = new ArrayList<>();
        for (String t : List.of("slurmctld", "slurmd", "sbatch", "squeue", "scontrol", "scancel", "sinfo", "munged", "mungekey")) {
            if (tool(t).isEmpty()) {
                missing.add(t);
            }
        }
        String why = null;
        if (!missing.isEmpty()) {
            why = "Slurm tests need " + String.join(", ", missing) + ": apt-get install " + PACKAGES
                    + " (.ci/setup-slurm.sh)";
        } else if (!"root".equals(System.getProperty("user.name"))) {
            why = "Slurm tests start slurmd, which must run as root";
        }
        if (why != null) {
            if ("true".equals(System.getenv("CI"))) {
                fail(why);
            }
            assumeTrue(false, why);
        }
    }

    static SlurmCluster start(Path dir) throws IOException, InterruptedException {
        requireSlurm();
        SlurmCluster c = new SlurmCluster(dir);
        // a test JVM stopped from outside (a build timeout) still stops its daemons
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(c::close));
        try {
            c.boot();
        } catch (IOException | RuntimeException | InterruptedException e) {
            c.close();
            throw e;
        }
        return c;
    }

    CommandRunner shell() {
        return shell;
    }

    Map<String, String> env() {
        return Map.of("SLURM_CONF", conf.toString());
    }

    Path dir() {
        return dir;
    }

    Path jobComp() {
        return dir.resolve("jobcomp.txt");
    }

    /** Runs a Slurm command against this cluster; fails the test when it cannot run. */
    CommandRunner.Result run(String... argv) {
        try {
            return shell.run(List.of(argv), Duration.ofSeconds(60));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void boot() throws IOException, InterruptedException {
        Path key = dir.resolve("munge.key");
        exec(List.of(tool("mungekey").orElseThrow().toString(), "-c", "-k", key.toString(), "-f"));
        Files.setPosixFilePermissions(key, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        exec(List.of(tool("munged").orElseThrow().toString(), "--key-file=" + key, "--socket=" + dir.resolve("munge.socket"),
                "--pid-file=" + dir.resolve("munged.pid"), "--log-file=" + dir.resolve("munged.log"),
                "--seed-file=" + dir.resolve("munge.seed"), "--force"));
        int ctldPort = freePort();
        int slurmdPort = freePort();
        Files.createDirectories(dir.resolve("state"));
        Files.createDirectories(dir.resolve("spool"));
        Files.writeString(conf, String.join("\n",
                "ClusterName=lathetest",
                "SlurmctldHost=localhost",
                "SlurmctldPort=" + ctldPort,
                "SlurmdPort=" + slurmdPort,
                "AuthType=auth/munge",
                "AuthInfo=socket=" + dir.resolve("munge.socket"),
                "CredType=cred/munge",
                "SlurmUser=root",
                "SlurmdUser=root",
                "StateSaveLocation=" + dir.resolve("state"),
                "SlurmdSpoolDir=" + dir.resolve("spool"),
                "SlurmctldPidFile=" + dir.resolve("slurmctld.pid"),
                "SlurmdPidFile=" + dir.resolve("slurmd.pid"),
                "SlurmctldLogFile=" + dir.resolve("slurmctld.log"),
                "SlurmdLogFile=" + dir.resolve("slurmd.log"),
                "ProctrackType=proctrack/linuxproc",
                "TaskPlugin=task/none",
                "SelectType=select/cons_tres",
                "SelectTypeParameters=CR_CPU",
                "JobAcctGatherType=jobacct_gather/none",
                "JobCompType=jobcomp/filetxt",
                "JobCompLoc=" + jobComp(),
                "ReturnToService=2",
                "KillWait=5",
                "MinJobAge=600",
                "SchedulerParameters=sched_min_interval=100000",
                "NodeName=localhost NodeAddr=127.0.0.1 CPUs=2 RealMemory=20000 State=UNKNOWN",
                "PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP",
                ""));
        exec(List.of(tool("slurmctld").orElseThrow().toString(), "-f", conf.toString()));
        exec(List.of(tool("slurmd").orElseThrow().toString(), "-f", conf.toString(), "-N", "localhost"));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            CommandRunner.Result r = run("sinfo", "-h", "-o", "%T");
            last = r.out().strip() + r.err().strip();
            if (r.ok() && r.out().strip().equals("idle")) {
                return;
            }
            Thread.sleep(300);
        }
        throw new IOException("the test Slurm cluster did not become idle in 60 s (sinfo: " + last + "); logs in " + dir);
    }

    private void exec(List<String> argv) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().put("SLURM_CONF", conf.toString());
        CommandRunner.Result r = CommandRunner.exec(pb, null, Duration.ofSeconds(60));
        if (!r.ok()) {
            throw new IOException(String.join(" ", argv) + " exited " + r.exit() + ": " + r.err().strip());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Job ids in the queue now. */
    List<String> queued() {
        CommandRunner.Result r = run("squeue", "-h", "-o", "%i");
        return r.out().lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        try {
            if (Files.exists(dir.resolve("slurmctld.pid"))) {
                List<String> jobs = queued();
                if (!jobs.isEmpty()) {
                    List<String> cancel = new ArrayList<>(List.of("scancel", "--full"));
                    cancel.addAll(jobs);
                    run(cancel.toArray(String[]::new));
                }
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (!queued().isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException ignored) {
            // stop the daemons anyway
        }
        for (String pidFile : List.of("slurmd.pid", "slurmctld.pid", "munged.pid")) {
            stop(dir.resolve(pidFile));
        }
    }

    private static void stop(Path pidFile) {
        try {
            if (!Files.exists(pidFile)) {
                return;
            }
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            Optional<ProcessHandle> p = ProcessHandle.of(pid);
            if (p.isEmpty()) {
                return;
            }
            p.get().destroy();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (p.get().isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            if (p.get().isAlive()) {
                p.get().destroyForcibly();
            }
        } catch (IOException | NumberFormatException e) {
            // no daemon to stop
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
