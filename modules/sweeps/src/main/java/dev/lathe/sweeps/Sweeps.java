package dev.lathe.sweeps;

import dev.lathe.core.Sweep;
import dev.lathe.data.Table;
import dev.lathe.sweeps.command.CommandTemplate;
import dev.lathe.sweeps.sample.Sampler;
import dev.lathe.sweeps.sample.Samplers;
import dev.lathe.sweeps.schedule.Scheduler;
import dev.lathe.sweeps.schedule.Schedulers;
import dev.lathe.sweeps.space.SearchSpace;
import dev.lathe.training.Params;
import dev.lathe.training.Task;
import dev.lathe.training.Trainer;
import dev.lathe.training.Trainers;
import dev.lathe.training.TrainingRequest;
import dev.lathe.training.tabular.PreparedData;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Reading sweep files and turning a spec into what a coordinator needs, with every check done up front. */
public final class Sweeps {
    private Sweeps() {
    }

    public static SweepSpec parse(Path file) {
        return SweepSpecParser.parse(file);
    }

    /** The spec a sweep was started with, re-read from the text kept in the workspace, checked to run again. */
    public static SweepSpec parseStored(Sweep sweep) {
        return SweepSpecParser.parseText(sweep.spec(), Path.of(sweep.source()));
    }

    /** The same for showing a sweep: its data file may since have moved, its trainer be gone. */
    public static SweepSpec readStored(Sweep sweep) {
        return SweepSpecParser.parseRecorded(sweep.spec(), Path.of(sweep.source()));
    }

    /** How a value is passed to a trainer as a string param. */
    public static String format(Object value) {
        return SearchSpace.format(value);
    }

    /**
     * What a coordinator runs: the trial task, the sampler, the scheduler, the number of trial slots, and
     * whether trials need processes of their own (DJL's PyTorch engine trains one model at a time per process).
     */
    public record Plan(TrialTask task, Sampler sampler, Scheduler scheduler, int slots, boolean ownProcesses, int gpus) {
    }

    /** GPUs on this machine as nvidia-smi lists them (0 without one, or without the tool). */
    public static int gpuCount() {
        try {
            Process p = new ProcessBuilder("nvidia-smi", "-L").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
                return 0;
            }
            return (int) out.lines().filter(l -> l.startsWith("GPU ")).count();
        } catch (java.io.IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /**
     * Prepares a sweep: loads the data once, checks the label, task and the params of the first sampled point
     * against the trainer (or the command's placeholders), and sizes the trial slots. Throws with a clear
     * message before anything is written.
     */
    public static Plan plan(SweepSpec spec) {
        Sampler sampler = Samplers.create(spec);
        Scheduler scheduler = Schedulers.create(spec.earlyTerminate(), spec.metric());
        Path baseDir = spec.source() != null && spec.source().toAbsolutePath().getParent() != null
                ? spec.source().toAbsolutePath().getParent() : Path.of("").toAbsolutePath();
        TrialTask task;
        boolean ownProcesses = false;
        int cores = Runtime.getRuntime().availableProcessors();
        if (SweepSpecParser.COMMAND_TRAINER.equals(spec.trainer())) {
            try {
                CommandTemplate.validate(spec.command(), spec.parameters().names());
            } catch (IllegalArgumentException e) {
                throw new SweepSpecException(spec.source(), 0, 0, "command: " + e.getMessage());
            }
            task = new CommandTrialTask(spec.command(), baseDir, spec.data(), spec.label());
        } else {
            Trainer trainer = Trainers.byName(spec.trainer());
            Table table = Table.readCsv(spec.data());
            Task taskKind = spec.task() == null ? null : Task.parse(spec.task());
            Map<String, String> first = sampler.sample(0, List.of()).map(SearchSpace::formatAll).orElse(Map.of());
            Params.resolve(trainer.name(), trainer.params(), first);
            Task settled = PreparedData.check(new TrainingRequest(table, spec.label(), taskKind, first, spec.seed(), null),
                    trainer);
            java.util.Set<String> logged = trainer.metrics(settled);
            if (!logged.isEmpty() && !logged.contains(spec.metric().name())) {
                int line = lineOf(spec, "metric");
                throw new SweepSpecException(spec.source(), line, line > 0 ? 1 : 0, "metric.name: " + trainer.name()
                        + " does not log '" + spec.metric().name() + "' for "
                        + settled.name().toLowerCase(java.util.Locale.ROOT) + " (it logs: "
                        + String.join(", ", new java.util.TreeSet<>(logged)) + ")");
            }
            task = new TrainerTrialTask(trainer, table, spec.label(), taskKind);
            ownProcesses = trainer.engine().equals("djl");
        }
        // one slot per GPU when there are GPUs (each worker sees one of them), else one per core
        int gpus = ownProcesses ? gpuCount() : 0;
        int slots = spec.parallel() != null ? spec.parallel() : gpus > 0 ? gpus : cores;
        // slots share the cores: each PyTorch op gets its share of threads, so two slots on two cores do not
        // fight (read by DJL when its engine starts; a user's own setting wins)
        setIfAbsent("ai.djl.pytorch.num_threads", String.valueOf(Math.max(1, cores / slots)));
        setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
        return new Plan(task, sampler, scheduler, slots, ownProcesses, gpus);
    }

    /** The 1-based line of a top-level key in the sweep file, 0 when it cannot be read. */
    private static int lineOf(SweepSpec spec, String key) {
        try {
            List<String> lines = java.nio.file.Files.readAllLines(spec.source());
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).startsWith(key + ":")) {
                    return i + 1;
                }
            }
        } catch (java.io.IOException | RuntimeException ignored) {
            // the message still names the file and key
        }
        return 0;
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
