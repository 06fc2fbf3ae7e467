package dev.lathe.sweeps;

import dev.lathe.sweeps.space.SearchSpace;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A parsed, checked sweep file (docs/sweeps.md). Paths are resolved against the file's folder.
 *
 * @param data           the CSV trials train on (null for a command sweep that brings its own data)
 * @param trainer        a trainer name from `lathe trainers`, or "command"
 * @param command        the command template for trainer "command" (empty otherwise)
 * @param earlyTerminate null when no early stopping was asked for
 * @param maxTime        null when unlimited
 * @param parallel       trial slots; null means "auto" (from cores and GPUs)
 * @param task           "classification" or "regression", null to infer from the label
 * @param executor       where trials run ({@link Executor#LOCAL} when the file has no executor block)
 */
public record SweepSpec(String name, String experiment, Path data, String label, String task, String trainer,
                        List<String> command, Method method, Metric metric, SearchSpace parameters,
                        EarlyTerminate earlyTerminate, int runCap, Duration maxTime, Integer parallel, long seed,
                        Path source, Executor executor) {

    public SweepSpec {
        executor = executor == null ? Executor.LOCAL : executor;
    }

    /** A spec that runs its trials on this machine. */
    public SweepSpec(String name, String experiment, Path data, String label, String task, String trainer,
                     List<String> command, Method method, Metric metric, SearchSpace parameters,
                     EarlyTerminate earlyTerminate, int runCap, Duration maxTime, Integer parallel, long seed,
                     Path source) {
        this(name, experiment, data, label, task, trainer, command, method, metric, parameters, earlyTerminate, runCap,
                maxTime, parallel, seed, source, Executor.LOCAL);
    }

    /** The same spec with another executor (`sweep start --executor slurm`). */
    public SweepSpec withExecutor(Executor other) {
        return new SweepSpec(name, experiment, data, label, task, trainer, command, method, metric, parameters,
                earlyTerminate, runCap, maxTime, parallel, seed, source, other);
    }

    /**
     * The executor block (docs/cluster.md): where trials run and what each asks of a cluster. Fields that do
     * not apply to a type are null or empty.
     *
     * @param partition Slurm partition (null: the cluster's default)
     * @param gpus      GPUs per trial (0: none asked for)
     * @param cpus      CPUs per trial (null: the engine's default)
     * @param mem       memory per trial as Slurm or Kubernetes write it ("8G", "512M"; null: the default)
     * @param time      Slurm time limit ("02:00:00", "30"; null: the partition's)
     * @param extra     further sbatch arguments, passed as given
     * @param workdir   a folder on the filesystem the nodes share, where trial folders go (null: the
     *                  workspace's cluster folder, which then must be shared)
     * @param ssh       user@host to run Slurm commands on (null: on this machine)
     * @param image     Kubernetes: the runner image
     * @param namespace Kubernetes: the namespace of the Jobs (null: the client's current one)
     * @param runner    Kubernetes: the command in the image that starts the `lathe` runner (default [lathe])
     */
    public record Executor(Type type, String partition, int gpus, Integer cpus, String mem, String time,
                           List<String> extra, String workdir, String ssh, String image, String namespace,
                           List<String> runner) {
        public static final Executor LOCAL = new Executor(Type.LOCAL, null, 0, null, null, null, List.of(), null, null,
                null, null, List.of("lathe"));

        public Executor {
            extra = extra == null ? List.of() : List.copyOf(extra);
            runner = runner == null || runner.isEmpty() ? List.of("lathe") : List.copyOf(runner);
        }

        public enum Type {
            LOCAL, SLURM, KUBERNETES;

            public String label() {
                return name().toLowerCase(java.util.Locale.ROOT);
            }
        }

        /** The same block with another type (what `--executor` on the command line does). */
        public Executor withType(Type other) {
            return new Executor(other, partition, gpus, cpus, mem, time, extra, workdir, ssh, image, namespace, runner);
        }
    }

    public enum Method { GRID, RANDOM, SOBOL, BAYES }

    public enum Goal { MAXIMIZE, MINIMIZE }

    /** The metric trials are ranked by; its per-step values drive early stopping. */
    public record Metric(String name, Goal goal) {
        /** True when a is better than b for this goal. */
        public boolean better(double a, double b) {
            return goal == Goal.MAXIMIZE ? a > b : a < b;
        }
    }

    /**
     * Early stopping. HYPERBAND is ASHA with {@code brackets} brackets (1 = plain ASHA); MEDIAN stops a trial
     * whose best value so far is worse than the median of the others' at the same step.
     *
     * @param minIter  first rung (ASHA) or the step before which nothing is stopped (median)
     * @param eta      reduction factor (ASHA): the top 1/eta continue at each rung
     * @param maxIter  the last rung's step (null: the trials' own length)
     * @param brackets Hyperband brackets (ASHA only)
     * @param minTrials trials that must have reached a step before the median rule judges others there
     */
    public record EarlyTerminate(Type type, int minIter, int eta, Integer maxIter, int brackets, int minTrials) {
        public enum Type { HYPERBAND, MEDIAN }
    }
}
