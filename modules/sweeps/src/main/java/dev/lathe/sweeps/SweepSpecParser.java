package dev.lathe.sweeps;

import dev.lathe.sweeps.SweepSpec.EarlyTerminate;
import dev.lathe.sweeps.command.CommandTemplate;
import dev.lathe.sweeps.SweepSpec.Goal;
import dev.lathe.sweeps.SweepSpec.Method;
import dev.lathe.sweeps.SweepSpec.Metric;
import dev.lathe.sweeps.space.Dimension;
import dev.lathe.sweeps.space.SearchSpace;
import dev.lathe.training.ParamSpec;
import dev.lathe.training.Params;
import dev.lathe.training.Task;
import dev.lathe.training.Trainer;
import dev.lathe.training.Trainers;
import dev.lathe.training.TrainingException;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.constructor.StandardConstructor;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Reads and checks a sweep file (docs/sweeps.md) into a {@link SweepSpec}. Every mistake is a
 * {@link SweepSpecException} naming the file, the line and column of the offending YAML node and the key path
 * (such as {@code parameters.lr.min}); nothing is written anywhere.
 */
public final class SweepSpecParser {
    /** The trainer name that runs a user command per trial instead of a built-in trainer. */
    public static final String COMMAND_TRAINER = "command";
    /** Placeholders a command may use besides the parameter names. */
    public static final List<String> COMMAND_VARIABLES = List.copyOf(CommandTemplate.BUILTINS);

    static final List<String> TOP_KEYS = List.of("name", "experiment", "data", "label", "task", "trainer", "command",
            "method", "metric", "parameters", "early_terminate", "run_cap", "max_minutes", "parallel", "seed", "executor");
    static final List<String> EXECUTOR_TYPES = List.of("local", "slurm", "kubernetes");
    private static final Map<String, List<String>> EXECUTOR_KEYS = Map.of(
            "local", List.of("type"),
            "slurm", List.of("type", "partition", "gpus", "cpus", "mem", "time", "extra", "workdir", "ssh"),
            "kubernetes", List.of("type", "image", "namespace", "runner", "gpus", "cpus", "mem"));
    private static final Pattern MEMORY = Pattern.compile("\\d+(\\.\\d+)?([KMGT]i?)?[Bb]?");
    /** Slurm's --time forms: minutes, minutes:seconds, hours:minutes:seconds, days-hours[:minutes[:seconds]]. */
    private static final Pattern SLURM_TIME = Pattern.compile(
            "\\d+|\\d+:\\d{1,2}|\\d+:\\d{1,2}:\\d{1,2}|\\d+-\\d{1,2}(:\\d{1,2}(:\\d{1,2})?)?|UNLIMITED|INFINITE");
    private static final Pattern SSH_TARGET = Pattern.compile("([A-Za-z0-9._-]+@)?[A-Za-z0-9.:_\\[\\]-]+");
    static final List<String> METHODS = List.of("grid", "random", "sobol", "bayes");
    static final List<String> GOALS = List.of("maximize", "minimize");
    static final List<String> PARAM_KEYS = List.of("distribution", "value", "values", "min", "max", "mu", "sigma", "q");
    /** Each distribution with the keys it takes (besides distribution), in W&B's order of the documentation. */
    static final Map<String, List<String>> DISTRIBUTIONS = distributions();
    static final List<String> EARLY_TERMINATE_TYPES = List.of("hyperband", "median");
    private static final Map<String, List<String>> EARLY_TERMINATE_KEYS = Map.of(
            "hyperband", List.of("type", "min_iter", "max_iter", "eta", "brackets", "s"),
            "median", List.of("type", "min_iter", "min_trials"));
    private static final Map<String, String> TOP_UNSUPPORTED = Map.of(
            "program", "Lathe runs trainers, not programs: use trainer: command with command: [python3, train.py, ...]",
            "entity", "W&B's entity has no meaning here: sweeps live in the Lathe workspace",
            "project", "W&B's project is Lathe's experiment: use experiment: NAME");
    private static final Map<String, String> PARAM_UNSUPPORTED = Map.of(
            "parameters", "nested parameters are not supported: give each parameter its own top-level name",
            "probabilities", "categorical probabilities are not supported: values are equally likely",
            "a", "beta distributions are not supported",
            "b", "beta distributions are not supported");
    /** Metric names that are losses or errors default to minimize; everything else (accuracy, f1, r2) to maximize. */
    private static final Pattern LOWER_IS_BETTER = Pattern.compile("(?i).*(loss|error|mse|mae|rmse|mape|perplexity).*");
    private static final double MAX_EXACT_INT = 0x1p53;

    private final List<Trainer> trainers;

    /** A parser that knows these trainers (tests pass their own; the static methods use {@link Trainers#all()}). */
    public SweepSpecParser(List<Trainer> trainers) {
        this.trainers = List.copyOf(trainers);
    }

    /** Reads a sweep file; relative paths in it are resolved against its folder. */
    public static SweepSpec parse(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new SweepSpecException(file, 0, 0, "no such file");
        } catch (MalformedInputException e) {
            throw new SweepSpecException(file, 0, 0, "not UTF-8 text");
        } catch (IOException e) {
            throw new SweepSpecException(file, 0, 0, "cannot read the file: " + e.getMessage());
        }
        return parseText(text, file);
    }

    /**
     * Parses sweep YAML that came from {@code source} (a file, or the text stored with a sweep when it is
     * resumed); relative paths resolve against source's folder.
     */
    public static SweepSpec parseText(String yaml, Path source) {
        Path absolute = source.toAbsolutePath().normalize();
        Path base = absolute.getParent() != null ? absolute.getParent() : absolute;
        return parse(yaml, source, base);
    }

    /** Parses sweep YAML, naming {@code source} in errors and resolving relative paths against baseDir. */
    public static SweepSpec parse(String yaml, Path source, Path baseDir) {
        return new SweepSpecParser(Trainers.all()).read(yaml, source, baseDir);
    }

    /**
     * Reads the YAML stored with a sweep for showing it (status, list): as {@link #parseText}, except that the
     * data file need not exist any more and the trainer need not be installed (its param checks are skipped), so
     * an old sweep stays readable after its dataset moved. Not for running trials: use {@link #parseText}.
     */
    public static SweepSpec parseRecorded(String yaml, Path source) {
        Path absolute = source.toAbsolutePath().normalize();
        Path base = absolute.getParent() != null ? absolute.getParent() : absolute;
        return new SweepSpecParser(Trainers.all()).new Reader(source, base, false).read(yaml);
    }

    /** As {@link #parse(String, Path, Path)}, with this parser's trainers. */
    public SweepSpec read(String yaml, Path source, Path baseDir) {
        return new Reader(source, baseDir, true).read(yaml);
    }

    private static Map<String, List<String>> distributions() {
        Map<String, List<String>> d = new LinkedHashMap<>();
        d.put("constant", List.of("value"));
        d.put("categorical", List.of("values"));
        d.put("int_uniform", List.of("min", "max"));
        d.put("uniform", List.of("min", "max"));
        d.put("q_uniform", List.of("min", "max", "q"));
        d.put("log_uniform_values", List.of("min", "max"));
        d.put("q_log_uniform_values", List.of("min", "max", "q"));
        d.put("inv_log_uniform_values", List.of("min", "max"));
        d.put("normal", List.of("mu", "sigma"));
        d.put("q_normal", List.of("mu", "sigma", "q"));
        d.put("log_normal", List.of("mu", "sigma"));
        d.put("q_log_normal", List.of("mu", "sigma", "q"));
        d.put("log_uniform", List.of("min", "max"));
        d.put("q_log_uniform", List.of("min", "max", "q"));
        d.put("inv_log_uniform", List.of("min", "max"));
        return Collections.unmodifiableMap(d);
    }

    /** A key of a mapping with its value. */
    private record Entry(ScalarNode key, Node value) {
    }

    /** A parsed parameter and the nodes it came from, for the checks against the trainer. */
    private record Param(String name, Dimension dimension, Entry entry, Map<String, Entry> keys, boolean inferred,
                         List<Node> valueNodes) {
    }

    /** One parse: the file being read and the helpers that turn nodes into values or errors. */
    private final class Reader {
        private final Path file;
        private final Path baseDir;
        private final LoadSettings settings;
        private final StandardConstructor constructor;
        /** False when reading a recorded sweep: the data file and the trainer's presence are not required. */
        private final boolean strict;

        Reader(Path file, Path baseDir, boolean strict) {
            this.file = file;
            this.baseDir = baseDir;
            this.strict = strict;
            this.settings = LoadSettings.builder().setLabel(file.toString()).setSchema(new CoreSchema()).build();
            this.constructor = new StandardConstructor(settings);
        }

        SweepSpec read(String yaml) {
            Node root = compose(yaml);
            if (!(root instanceof MappingNode rootMap)) {
                throw error(root, "a sweep file is a mapping of keys such as trainer, method, metric and parameters");
            }
            Map<String, Entry> top = keys(rootMap, "", TOP_KEYS, TOP_UNSUPPORTED);

            String trainerName = text(required(top, "trainer", rootMap, ""), "trainer");
            boolean isCommand = trainerName.equals(COMMAND_TRAINER);
            Trainer trainer = isCommand ? null : trainer(top.get("trainer"));

            Entry methodEntry = required(top, "method", rootMap, "");
            Method method = Method.valueOf(choice(methodEntry, "method", METHODS).toUpperCase(Locale.ROOT));

            String defaultName = defaultName();
            String name = top.containsKey("name") ? text(top.get("name"), "name") : defaultName;
            String experiment = top.containsKey("experiment") ? text(top.get("experiment"), "experiment") : name;

            Path data = null;
            if (top.containsKey("data") || !isCommand) {
                data = dataFile(required(top, "data", rootMap, ""));
            }
            String label = null;
            if (top.containsKey("label") || !isCommand) {
                label = text(required(top, "label", rootMap, ""), "label");
            }
            String task = top.containsKey("task") ? task(top.get("task"), trainer) : null;

            List<String> command = List.of();
            if (isCommand) {
                command = command(required(top, "command", rootMap, ""));
            } else if (top.containsKey("command")) {
                throw error(top.get("command").key(), "command is only for trainer: command (this sweep's trainer is "
                        + trainerName + ")");
            }

            Metric metric = metric(required(top, "metric", rootMap, ""));
            Entry parametersEntry = required(top, "parameters", rootMap, "");
            List<Param> params = parameters(parametersEntry);
            Map<String, Dimension> dims = new LinkedHashMap<>();
            params.forEach(p -> dims.put(p.name(), p.dimension()));
            SearchSpace space = new SearchSpace(dims);

            if (trainer != null) {
                for (Param p : params) {
                    checkAgainstTrainer(p, trainer);
                }
            } else if (isCommand) {
                checkPlaceholders(top.get("command"), dims.keySet(), data != null, label != null);
            }

            EarlyTerminate earlyTerminate = top.containsKey("early_terminate")
                    ? earlyTerminate(top.get("early_terminate")) : null;

            Integer runCapGiven = top.containsKey("run_cap")
                    ? (int) integer(top.get("run_cap").value(), "run_cap", 1, Integer.MAX_VALUE, "a positive integer")
                    : null;
            int runCap;
            if (method == Method.GRID) {
                int gridSize = checkGrid(params, methodEntry);
                runCap = runCapGiven == null ? gridSize : Math.min(runCapGiven, gridSize);
            } else if (runCapGiven == null) {
                throw error(methodEntry.value(), "run_cap is required for method " + raw(methodEntry.value())
                        + ": how many trials to run (only a grid knows its own size)");
            } else {
                runCap = runCapGiven;
            }

            Duration maxTime = null;
            if (top.containsKey("max_minutes")) {
                double minutes = number(top.get("max_minutes").value(), "max_minutes", "a positive number of minutes");
                if (!(minutes > 0) || minutes > 1e9) {
                    throw error(top.get("max_minutes").value(), "max_minutes must be a positive number of minutes, got "
                            + describe(top.get("max_minutes").value()));
                }
                maxTime = Duration.ofMillis(Math.round(minutes * 60_000));
            }

            Integer parallel = top.containsKey("parallel") ? parallel(top.get("parallel")) : null;
            long seed = top.containsKey("seed")
                    ? integer(top.get("seed").value(), "seed", Long.MIN_VALUE, Long.MAX_VALUE, "an integer") : 0;

            SweepSpec.Executor executor = top.containsKey("executor") ? executor(top.get("executor"))
                    : SweepSpec.Executor.LOCAL;

            return new SweepSpec(name, experiment, data, label, task, trainerName, command, method, metric, space,
                    earlyTerminate, runCap, maxTime, parallel, seed, file.toAbsolutePath().normalize(), executor);
        }

        private SweepSpec.Executor executor(Entry e) {
            if (isNull(e.value())) {
                return SweepSpec.Executor.LOCAL;
            }
            if (e.value() instanceof ScalarNode s && EXECUTOR_TYPES.contains(s.getValue())) {
                // executor: slurm, as a short form of {type: slurm}
                return new SweepSpec.Executor(SweepSpec.Executor.Type.valueOf(s.getValue().toUpperCase(Locale.ROOT)),
                        null, 0, null, null, null, List.of(), null, null, null, null, null);
            }
            MappingNode m = mapping(e, "executor", "{type: slurm, partition: gpu, gpus: 1, cpus: 4, mem: 8G, "
                    + "time: \"02:00:00\"}");
            Map<String, Entry> keys = keys(m, "executor", List.of("type", "partition", "gpus", "cpus", "mem", "time",
                    "extra", "workdir", "ssh", "image", "namespace", "runner"), Map.of());
            String type = choice(required(keys, "type", m, "executor"), "executor.type", EXECUTOR_TYPES);
            List<String> allowed = EXECUTOR_KEYS.get(type);
            for (Entry k : keys.values()) {
                if (!allowed.contains(k.key().getValue())) {
                    throw error(k.key(), "executor." + k.key().getValue() + " does not apply to type " + type
                            + (allowed.size() > 1 ? " (it takes " + String.join(", ", allowed.subList(1, allowed.size())) + ")"
                            : " (it takes no other keys)"));
                }
            }
            String partition = keys.containsKey("partition") ? text(keys.get("partition"), "executor.partition") : null;
            int gpus = keys.containsKey("gpus")
                    ? (int) integer(keys.get("gpus").value(), "executor.gpus", 0, 1024, "a whole number of GPUs (0 or more)")
                    : 0;
            Integer cpus = keys.containsKey("cpus")
                    ? (int) integer(keys.get("cpus").value(), "executor.cpus", 1, 100_000, "a positive number of CPUs")
                    : null;
            String mem = null;
            if (keys.containsKey("mem")) {
                mem = text(keys.get("mem"), "executor.mem");
                if (!MEMORY.matcher(mem).matches()) {
                    throw error(keys.get("mem").value(), "executor.mem must be an amount such as 8G, 512M or 16Gi, got '"
                            + mem + "'");
                }
            }
            String time = null;
            if (keys.containsKey("time")) {
                time = text(keys.get("time"), "executor.time");
                if (!SLURM_TIME.matcher(time).matches()) {
                    throw error(keys.get("time").value(), "executor.time must be a Slurm time limit such as \"02:00:00\", "
                            + "\"90\" (minutes) or \"1-12:00:00\", got '" + time + "'");
                }
            }
            List<String> extra = List.of();
            if (keys.containsKey("extra")) {
                Entry x = keys.get("extra");
                if (!(x.value() instanceof SequenceNode seq)) {
                    throw error(x.value(), "executor.extra must be a list of sbatch options such as [\"--account=x\"], got "
                            + describe(x.value()));
                }
                List<String> args = new ArrayList<>();
                for (int i = 0; i < seq.getValue().size(); i++) {
                    Node item = seq.getValue().get(i);
                    if (!(item instanceof ScalarNode s) || isNull(s) || !s.getValue().startsWith("-")) {
                        throw error(item, "executor.extra[" + i + "] must be an sbatch option starting with -, such as "
                                + "--account=x, got " + describe(item));
                    }
                    if (s.getValue().startsWith("--output") || s.getValue().startsWith("--error")
                            || s.getValue().startsWith("--parsable") || s.getValue().startsWith("--wrap")) {
                        throw error(item, "executor.extra[" + i + "]: " + s.getValue().split("=")[0]
                                + " is set by Lathe (each trial's output goes to its trial folder)");
                    }
                    args.add(s.getValue());
                }
                extra = List.copyOf(args);
            }
            String ssh = null;
            if (keys.containsKey("ssh")) {
                ssh = text(keys.get("ssh"), "executor.ssh");
                if (!SSH_TARGET.matcher(ssh).matches()) {
                    throw error(keys.get("ssh").value(), "executor.ssh must be host or user@host, got '" + ssh + "'");
                }
            }
            String workdir = null;
            if (keys.containsKey("workdir")) {
                workdir = text(keys.get("workdir"), "executor.workdir");
                if (ssh != null || type.equals("kubernetes")) {
                    if (!workdir.startsWith("/")) {
                        throw error(keys.get("workdir").value(), "executor.workdir must be an absolute path on the "
                                + (ssh != null ? "cluster (" + ssh + ")" : "nodes") + ", got '" + workdir + "'");
                    }
                } else {
                    try {
                        workdir = baseDir.resolve(workdir).toAbsolutePath().normalize().toString();
                    } catch (InvalidPathException ex) {
                        throw error(keys.get("workdir").value(), "executor.workdir: '" + workdir + "' is not a valid path");
                    }
                }
            }
            String image = keys.containsKey("image") ? text(keys.get("image"), "executor.image") : null;
            if (type.equals("kubernetes") && image == null) {
                throw error(m, "executor: missing required key 'image' (the runner image each trial's Job runs, "
                        + "such as registry.example.com/lathe-runner:0.1.0)");
            }
            String namespace = keys.containsKey("namespace") ? text(keys.get("namespace"), "executor.namespace") : null;
            List<String> runner = null;
            if (keys.containsKey("runner")) {
                Entry r = keys.get("runner");
                if (!(r.value() instanceof SequenceNode seq) || seq.getValue().isEmpty()) {
                    throw error(r.value(), "executor.runner must be the command that starts lathe in the image, such "
                            + "as [/opt/lathe/bin/lathe], got " + describe(r.value()));
                }
                runner = new ArrayList<>();
                for (int i = 0; i < seq.getValue().size(); i++) {
                    Node item = seq.getValue().get(i);
                    if (!(item instanceof ScalarNode sc) || isNull(sc)) {
                        throw error(item, "executor.runner[" + i + "] must be text, got " + describe(item));
                    }
                    runner.add(sc.getValue());
                }
            }
            return new SweepSpec.Executor(SweepSpec.Executor.Type.valueOf(type.toUpperCase(Locale.ROOT)), partition, gpus,
                    cpus, mem, time, extra, workdir, ssh, image, namespace, runner);
        }

        // ---- top-level keys ----------------------------------------------------------------------------------

        private String defaultName() {
            Path fileName = file.getFileName();
            String base = fileName == null ? "sweep" : fileName.toString();
            int dot = base.lastIndexOf('.');
            return dot > 0 ? base.substring(0, dot) : base;
        }

        private Trainer trainer(Entry e) {
            String name = e.value() instanceof ScalarNode s ? s.getValue() : "";
            for (Trainer t : trainers) {
                if (t.name().equals(name)) {
                    return t;
                }
            }
            List<String> names = new ArrayList<>(trainers.stream().map(Trainer::name).toList());
            names.add(COMMAND_TRAINER);
            if (!strict) {
                return null;
            }
            throw error(e.value(), "unknown trainer '" + name + "'" + suggestion(name, names) + "; available: "
                    + String.join(", ", names));
        }

        private Path dataFile(Entry e) {
            String text = text(e, "data");
            Path path;
            try {
                path = baseDir.resolve(text).toAbsolutePath().normalize();
            } catch (InvalidPathException ex) {
                throw error(e.value(), "data: '" + text + "' is not a valid path");
            }
            if (!strict) {
                return path;
            }
            if (Files.isDirectory(path)) {
                throw error(e.value(), "data: " + path + " is a folder; give the CSV file");
            }
            if (!Files.isRegularFile(path)) {
                throw error(e.value(), "data: no such file: " + path);
            }
            return path;
        }

        private String task(Entry e, Trainer trainer) {
            String text = text(e, "task");
            Task task;
            try {
                task = Task.parse(text);
            } catch (TrainingException ex) {
                throw error(e.value(), "task: unknown task '" + text + "'; allowed: classification, regression");
            }
            if (trainer != null && !trainer.tasks().contains(task)) {
                throw error(e.value(), "task: trainer " + trainer.name() + " cannot do " + task.name().toLowerCase(Locale.ROOT));
            }
            return task.name().toLowerCase(Locale.ROOT);
        }

        private List<String> command(Entry e) {
            if (!(e.value() instanceof SequenceNode seq)) {
                throw error(e.value(), "command must be a list such as [python3, train.py, --lr, \"${lr}\"], got "
                        + describe(e.value()));
            }
            if (seq.getValue().isEmpty()) {
                throw error(seq, "command is empty: give the program and its arguments");
            }
            List<String> args = new ArrayList<>();
            for (int i = 0; i < seq.getValue().size(); i++) {
                Node item = seq.getValue().get(i);
                if (!(item instanceof ScalarNode s) || s.getTag().equals(Tag.NULL)) {
                    throw error(item, "command[" + i + "] must be text, got " + describe(item));
                }
                args.add(s.getValue());
            }
            return List.copyOf(args);
        }

        private void checkPlaceholders(Entry commandEntry, Set<String> params, boolean hasData, boolean hasLabel) {
            List<String> known = new ArrayList<>(params);
            known.addAll(COMMAND_VARIABLES);
            SequenceNode seq = (SequenceNode) commandEntry.value();
            for (int i = 0; i < seq.getValue().size(); i++) {
                ScalarNode item = (ScalarNode) seq.getValue().get(i);
                Set<String> used;
                try {
                    // the command trainer's own reading of ${name} (with $${ as a literal), so both agree
                    used = CommandTemplate.placeholders(List.of(item.getValue()));
                } catch (IllegalArgumentException ex) {
                    throw error(item, "command[" + i + "]: " + ex.getMessage());
                }
                for (String var : used) {
                    if (!known.contains(var)) {
                        throw error(item, "command[" + i + "]: unknown placeholder ${" + var + "}"
                                + suggestion(var, known).replace("'", "") + "; known: " + String.join(", ", known));
                    }
                    if (var.equals("data") && !hasData || var.equals("label") && !hasLabel) {
                        throw error(item, "command[" + i + "] uses ${" + var + "} but the sweep has no " + var + " key");
                    }
                }
            }
        }

        private Metric metric(Entry e) {
            MappingNode m = mapping(e, "metric", "{name: val_accuracy, goal: maximize}");
            Map<String, Entry> keys = keys(m, "metric", List.of("name", "goal"), Map.of("target",
                    "metric targets are not supported: use run_cap or max_minutes to bound the sweep"));
            String name = text(required(keys, "name", m, "metric"), "metric.name");
            Goal goal;
            if (keys.containsKey("goal")) {
                goal = Goal.valueOf(choice(keys.get("goal"), "metric.goal", GOALS).toUpperCase(Locale.ROOT));
            } else {
                goal = LOWER_IS_BETTER.matcher(name).matches() ? Goal.MINIMIZE : Goal.MAXIMIZE;
            }
            return new Metric(name, goal);
        }

        private EarlyTerminate earlyTerminate(Entry e) {
            if (isNull(e.value())) {
                return null;
            }
            MappingNode m = mapping(e, "early_terminate", "{type: hyperband, min_iter: 3, eta: 3}");
            Map<String, Entry> keys = keys(m, "early_terminate", List.of("type", "min_iter", "max_iter", "eta",
                    "brackets", "s", "min_trials"), Map.of());
            String typeName = choice(required(keys, "type", m, "early_terminate"), "early_terminate.type",
                    EARLY_TERMINATE_TYPES);
            List<String> allowed = EARLY_TERMINATE_KEYS.get(typeName);
            for (Entry k : keys.values()) {
                if (!allowed.contains(k.key().getValue())) {
                    throw error(k.key(), "early_terminate." + k.key().getValue() + " does not apply to " + typeName
                            + " (it takes " + String.join(", ", allowed.subList(1, allowed.size())) + ")");
                }
            }
            int minIter = intKey(keys, "min_iter", "early_terminate", 1, 1);
            if (typeName.equals("median")) {
                int minTrials = intKey(keys, "min_trials", "early_terminate", 3, 1);
                return new EarlyTerminate(EarlyTerminate.Type.MEDIAN, minIter, 3, null, 1, minTrials);
            }
            int eta = intKey(keys, "eta", "early_terminate", 3, 2);
            if (keys.containsKey("brackets") && keys.containsKey("s")) {
                throw error(keys.get("s").key(), "early_terminate: give brackets or W&B's s, not both");
            }
            int brackets = keys.containsKey("s") ? intKey(keys, "s", "early_terminate", 1, 1)
                    : intKey(keys, "brackets", "early_terminate", 1, 1);
            Integer maxIter = null;
            if (keys.containsKey("max_iter")) {
                maxIter = intKey(keys, "max_iter", "early_terminate", 0, 1);
                if (maxIter <= minIter) {
                    throw error(keys.get("max_iter").value(), "early_terminate: max_iter " + maxIter
                            + " is not above min_iter " + minIter);
                }
            }
            return new EarlyTerminate(EarlyTerminate.Type.HYPERBAND, minIter, eta, maxIter, brackets, 3);
        }

        private int intKey(Map<String, Entry> keys, String key, String path, int dflt, int least) {
            if (!keys.containsKey(key)) {
                return dflt;
            }
            String what = least == 1 ? "a positive integer" : "an integer of at least " + least;
            return (int) integer(keys.get(key).value(), path + "." + key, least, Integer.MAX_VALUE, what);
        }

        private Integer parallel(Entry e) {
            if (e.value() instanceof ScalarNode s && s.getValue().strip().equalsIgnoreCase("auto")) {
                return null;
            }
            return (int) integer(e.value(), "parallel", 1, Integer.MAX_VALUE, "auto or a positive integer");
        }

        // ---- parameters --------------------------------------------------------------------------------------

        private List<Param> parameters(Entry e) {
            MappingNode m = mapping(e, "parameters", "{lr: {min: 0.0001, max: 0.1}}");
            if (m.getValue().isEmpty()) {
                throw error(m, "parameters is empty: a sweep needs at least one parameter");
            }
            List<Param> params = new ArrayList<>();
            Map<String, Entry> names = keys(m, "parameters", null, Map.of());
            for (Entry p : names.values()) {
                params.add(parameter(p));
            }
            return params;
        }

        private Param parameter(Entry e) {
            String name = e.key().getValue();
            String path = "parameters." + name;
            if (!(e.value() instanceof MappingNode m)) {
                String example = e.value() instanceof SequenceNode ? "{values: [...]}"
                        : e.value() instanceof ScalarNode s && !isNull(s) ? "{value: " + s.getValue() + "}"
                        : "{values: [...]} or {min: 0.0, max: 1.0}";
                throw error(e.value(), path + " must be a mapping such as " + example + ", got " + describe(e.value()));
            }
            Map<String, Entry> keys = keys(m, path, PARAM_KEYS, PARAM_UNSUPPORTED);
            boolean inferred = !keys.containsKey("distribution");
            String dist;
            if (!inferred) {
                dist = choice(keys.get("distribution"), path + ".distribution", List.copyOf(DISTRIBUTIONS.keySet()));
            } else if (keys.containsKey("values")) {
                dist = "categorical";
            } else if (keys.containsKey("value")) {
                dist = "constant";
            } else if (keys.containsKey("min") || keys.containsKey("max")) {
                // W&B's inference: two integers make an int_uniform, anything else a uniform
                required(keys, "min", m, path);
                required(keys, "max", m, path);
                dist = isInteger(keys.get("min").value()) && isInteger(keys.get("max").value()) ? "int_uniform" : "uniform";
            } else {
                throw error(m, path + " needs value, values, min and max, or a distribution");
            }
            List<String> takes = DISTRIBUTIONS.get(dist);
            for (Entry k : keys.values()) {
                String key = k.key().getValue();
                if (!key.equals("distribution") && !takes.contains(key)) {
                    throw error(k.key(), path + "." + key + " does not apply to " + dist + " (it takes "
                            + String.join(", ", takes) + ")");
                }
            }
            List<Node> valueNodes = new ArrayList<>();
            Dimension d = switch (dist) {
                case "constant" -> {
                    Node v = required(keys, "value", m, path).value();
                    valueNodes.add(v);
                    yield new Dimension.Constant(listValue(v, path + ".value"));
                }
                case "categorical" -> new Dimension.Categorical(values(required(keys, "values", m, path), path, valueNodes));
                case "int_uniform" -> {
                    long min = integer(required(keys, "min", m, path).value(), path + ".min", -MAX_EXACT_INT,
                            MAX_EXACT_INT, "an integer for int_uniform");
                    long max = integer(required(keys, "max", m, path).value(), path + ".max", -MAX_EXACT_INT,
                            MAX_EXACT_INT, "an integer for int_uniform");
                    below(keys, path, min, max);
                    yield new Dimension.IntUniform(min, max);
                }
                case "uniform" -> {
                    double[] r = range(keys, m, path);
                    yield new Dimension.Uniform(r[0], r[1]);
                }
                case "q_uniform" -> {
                    double[] r = range(keys, m, path);
                    double q = q(keys, path);
                    multipleExists(keys, path, r[0], r[1], q);
                    yield new Dimension.QUniform(r[0], r[1], q);
                }
                case "log_uniform_values", "inv_log_uniform_values", "q_log_uniform_values" -> {
                    double[] r = range(keys, m, path);
                    if (!(r[0] > 0)) {
                        throw error(keys.get("min").value(), path + ".min must be above 0 for " + dist + " (it is a "
                                + "logarithmic scale), got " + raw(keys.get("min").value()));
                    }
                    if (dist.equals("log_uniform_values")) {
                        yield new Dimension.LogUniform(r[0], r[1]);
                    } else if (dist.equals("inv_log_uniform_values")) {
                        yield new Dimension.InvLogUniform(r[0], r[1]);
                    }
                    double q = q(keys, path);
                    multipleExists(keys, path, r[0], r[1], q);
                    yield new Dimension.QLogUniform(r[0], r[1], q);
                }
                case "log_uniform", "inv_log_uniform", "q_log_uniform" -> {
                    // W&B's legacy forms: min and max are natural-log exponents
                    double[] r = range(keys, m, path);
                    if (r[0] > 0 && r[1] <= 1) {
                        // exponents in (0, 1] give values between 1 and e: nearly always values meant as such
                        String values = dist.replace("log_uniform", "log_uniform_values");
                        throw error(keys.get("min").value(), path + ": " + dist + " takes exponents (values from e^min "
                                + "to e^max, here " + Dimension.format(Math.exp(r[0])) + " to "
                                + Dimension.format(Math.exp(r[1])) + "); for values from " + raw(keys.get("min").value())
                                + " to " + raw(keys.get("max").value()) + " use distribution: " + values);
                    }
                    double lo = dist.equals("inv_log_uniform") ? Math.exp(-r[1]) : Math.exp(r[0]);
                    double hi = dist.equals("inv_log_uniform") ? Math.exp(-r[0]) : Math.exp(r[1]);
                    if (!(lo > 0) || !Double.isFinite(hi) || !(lo < hi)) {
                        throw error(keys.get("min").value(), path + ": for " + dist + " min and max are exponents "
                                + "(the values run from e^min to e^max); e^" + r[0] + " to e^" + r[1]
                                + " is outside what a double holds (did you mean " + dist.replace("log_uniform",
                                "log_uniform_values") + "?)");
                    }
                    if (dist.equals("log_uniform")) {
                        yield new Dimension.LogUniform(lo, hi);
                    } else if (dist.equals("inv_log_uniform")) {
                        yield new Dimension.InvLogUniform(lo, hi);
                    }
                    double q = q(keys, path);
                    multipleExists(keys, path, lo, hi, q);
                    yield new Dimension.QLogUniform(lo, hi, q);
                }
                case "normal", "q_normal", "log_normal", "q_log_normal" -> {
                    double mu = keys.containsKey("mu") ? number(keys.get("mu").value(), path + ".mu", "a number") : 0;
                    double sigma = keys.containsKey("sigma")
                            ? number(keys.get("sigma").value(), path + ".sigma", "a positive number") : 1;
                    if (!(sigma > 0)) {
                        throw error(keys.get("sigma").value(), path + ".sigma must be a positive number, got "
                                + raw(keys.get("sigma").value()));
                    }
                    yield switch (dist) {
                        case "normal" -> new Dimension.Normal(mu, sigma);
                        case "log_normal" -> new Dimension.LogNormal(mu, sigma);
                        case "q_normal" -> new Dimension.QNormal(mu, sigma, q(keys, path));
                        default -> new Dimension.QLogNormal(mu, sigma, q(keys, path));
                    };
                }
                default -> throw new IllegalStateException(dist);
            };
            return new Param(name, d, e, keys, inferred, valueNodes);
        }

        private List<Object> values(Entry e, String path, List<Node> nodes) {
            if (!(e.value() instanceof SequenceNode seq)) {
                throw error(e.value(), path + ".values must be a list such as [16, 32, 64], got " + describe(e.value()));
            }
            if (seq.getValue().isEmpty()) {
                throw error(seq, path + ".values is empty: list at least one value");
            }
            List<Object> values = new ArrayList<>();
            Map<String, Node> seen = new LinkedHashMap<>();
            for (int i = 0; i < seq.getValue().size(); i++) {
                Node item = seq.getValue().get(i);
                Object v = listValue(item, path + ".values[" + i + "]");
                Node first = seen.putIfAbsent(Dimension.format(v), item);
                if (first != null) {
                    throw error(item, path + ".values lists " + Dimension.format(v) + " twice (first at line "
                            + line(first) + ")");
                }
                values.add(v);
                nodes.add(item);
            }
            return values;
        }

        /** A parameter value: Long, Double, String or Boolean. */
        private Object listValue(Node node, String path) {
            if (!(node instanceof ScalarNode s)) {
                String hint = node instanceof SequenceNode ? " (for a list param such as hidden layers, write the text "
                        + "\"64,32\")" : "";
                throw error(node, path + " must be a single value (number, text or true/false), got " + describe(node)
                        + hint);
            }
            Object v = construct(s);
            return switch (v) {
                case null -> throw error(node, path + " is empty (null); write a value, or \"null\" for the text");
                case Integer i -> (long) i;
                case Long l -> l;
                case BigInteger b -> {
                    if (b.bitLength() > 63) {
                        throw error(node, path + " " + b + " is too large for a 64-bit integer");
                    }
                    yield b.longValue();
                }
                case Double d -> d;
                case Float f -> f.doubleValue();
                case Boolean b -> b;
                case String text -> text;
                default -> s.getValue();
            };
        }

        private double[] range(Map<String, Entry> keys, MappingNode m, String path) {
            double min = number(required(keys, "min", m, path).value(), path + ".min", "a number");
            double max = number(required(keys, "max", m, path).value(), path + ".max", "a number");
            below(keys, path, min, max);
            return new double[] {min, max};
        }

        private void below(Map<String, Entry> keys, String path, double min, double max) {
            if (!(min < max)) {
                throw error(keys.get("min").value(), path + ": min " + raw(keys.get("min").value())
                        + " is not below max " + raw(keys.get("max").value()));
            }
        }

        private double q(Map<String, Entry> keys, String path) {
            if (!keys.containsKey("q")) {
                return 1;
            }
            double q = number(keys.get("q").value(), path + ".q", "a positive number");
            if (!(q > 0)) {
                throw error(keys.get("q").value(), path + ".q must be a positive number, got "
                        + raw(keys.get("q").value()));
            }
            return q;
        }

        private void multipleExists(Map<String, Entry> keys, String path, double min, double max, double q) {
            if (Math.floor(max / q + 1e-9) < Math.ceil(min / q - 1e-9)) {
                Node at = keys.containsKey("q") ? keys.get("q").value() : keys.get("min").value();
                throw error(at, path + ": no multiple of q = " + Dimension.format(q) + " lies between min "
                        + Dimension.format(min) + " and max " + Dimension.format(max));
            }
        }

        // ---- checks across keys ------------------------------------------------------------------------------

        /** The sweep's values must be ones the trainer accepts: checked with the trainer's own rules. */
        private void checkAgainstTrainer(Param p, Trainer trainer) {
            String path = "parameters." + p.name();
            ParamSpec spec = trainer.params().stream().filter(s -> s.name().equals(p.name())).findFirst().orElse(null);
            List<String> names = trainer.params().stream().map(ParamSpec::name).toList();
            if (spec == null) {
                throw error(p.entry().key(), path + ": trainer " + trainer.name() + " has no param '" + p.name() + "'"
                        + suggestion(p.name(), names) + "; its params: " + String.join(", ", names));
            }
            Dimension d = p.dimension();
            switch (d) {
                case Dimension.Constant c -> accepts(trainer, p, c.value(), p.valueNodes().getFirst());
                case Dimension.Categorical c -> {
                    for (int i = 0; i < c.values().size(); i++) {
                        accepts(trainer, p, c.values().get(i), p.valueNodes().get(i));
                    }
                }
                default -> {
                    String kind = trainer.name() + "'s " + p.name();
                    switch (spec.type()) {
                        case BOOLEAN, CHOICE -> throw error(p.entry().key(), path + ": " + kind + " is "
                                + (spec.type() == ParamSpec.Type.BOOLEAN ? "true or false"
                                : "one of " + String.join(", ", spec.choices())) + "; list the ones to try with values");
                        case INT, INT_LIST -> {
                            if (!d.integral()) {
                                throw error(p.entry().key(), path + ": " + kind + " takes integers but "
                                        + d.distribution() + " draws fractions; use int_uniform, values, or a q_ "
                                        + "distribution with a whole q");
                            }
                        }
                        case DOUBLE -> {
                            if (p.inferred() && d instanceof Dimension.IntUniform) {
                                throw error(p.entry().key(), path + ": min " + raw(p.keys().get("min").value())
                                        + " and max " + raw(p.keys().get("max").value()) + " are both integers, "
                                        + "which (as in W&B) means int_uniform, whole numbers only, but " + kind
                                        + " takes fractions: write them as " + raw(p.keys().get("min").value())
                                        + ".0 and " + raw(p.keys().get("max").value())
                                        + ".0, or add distribution: uniform");
                            }
                        }
                    }
                    // the extreme values the distribution can give; the normal kinds are unbounded and not checked
                    Object[] ends = switch (d) {
                        case Dimension.IntUniform i -> new Object[] {i.min(), i.max()};
                        case Dimension.Uniform u -> new Object[] {u.min(), u.max()};
                        case Dimension.LogUniform u -> new Object[] {u.min(), u.max()};
                        case Dimension.InvLogUniform u -> new Object[] {u.min(), u.max()};
                        case Dimension.QUniform q -> new Object[] {q.fromUnit(0), q.fromUnit(1)};
                        case Dimension.QLogUniform q -> new Object[] {q.fromUnit(0), q.fromUnit(1)};
                        default -> null;
                    };
                    if (ends != null) {
                        accepts(trainer, p, ends[0], p.keys().get("min").value());
                        accepts(trainer, p, ends[1], p.keys().get("max").value());
                    }
                }
            }
        }

        private void accepts(Trainer trainer, Param p, Object value, Node node) {
            try {
                Params.resolve(trainer.name(), trainer.params(), Map.of(p.name(), Dimension.format(value)));
            } catch (TrainingException ex) {
                throw error(node, "parameters." + p.name() + ": " + ex.getMessage());
            }
        }

        private int checkGrid(List<Param> params, Entry methodEntry) {
            for (Param p : params) {
                Dimension d = p.dimension();
                if (!d.isDiscrete()) {
                    String why = switch (d) {
                        case Dimension.IntUniform i -> "int_uniform from " + i.min() + " to " + i.max() + " has more than "
                                + Dimension.MAX_GRID_VALUES + " values";
                        case Dimension.QUniform q -> "it has more than " + Dimension.MAX_GRID_VALUES + " multiples of q";
                        case Dimension.QLogUniform q -> "it has more than " + Dimension.MAX_GRID_VALUES + " multiples of q";
                        case Dimension.QNormal q -> "parameters." + p.name() + " is unbounded (q_normal)";
                        case Dimension.QLogNormal q -> "parameters." + p.name() + " is unbounded (q_log_normal)";
                        default -> "parameters." + p.name() + " is continuous (" + d.distribution() + ")";
                    };
                    throw error(p.entry().key(), "grid needs values or int_uniform/q_* ranges; " + why);
                }
            }
            Map<String, Dimension> dims = new LinkedHashMap<>();
            params.forEach(p -> dims.put(p.name(), p.dimension()));
            OptionalLong size = new SearchSpace(dims).gridSize();
            if (size.isEmpty() || size.getAsLong() > Integer.MAX_VALUE) {
                throw error(methodEntry.value(), "the grid has " + (size.isEmpty() ? "more than 2^63" : size.getAsLong())
                        + " points, more than a sweep can run (" + Integer.MAX_VALUE + ")");
            }
            return (int) size.getAsLong();
        }

        // ---- node helpers ------------------------------------------------------------------------------------

        private Node compose(String yaml) {
            Optional<Node> root;
            try {
                root = new Compose(settings).composeString(yaml);
            } catch (MarkedYamlEngineException e) {
                Mark mark = e.getProblemMark().or(e::getContextMark).orElse(null);
                String problem = e.getProblem() == null ? e.getMessage() : e.getProblem();
                String context = e.getContext() == null ? "" : " (" + e.getContext() + ")";
                throw new SweepSpecException(file, mark == null ? 0 : mark.getLine() + 1,
                        mark == null ? 0 : mark.getColumn() + 1, "YAML syntax: " + problem.strip() + context);
            } catch (YamlEngineException e) {
                throw new SweepSpecException(file, 0, 0, "YAML syntax: " + e.getMessage());
            }
            return root.orElseThrow(() -> new SweepSpecException(file, 0, 0,
                    "the file is empty: a sweep needs at least trainer, method, metric and parameters"));
        }

        /**
         * The keys of a mapping, in order, refusing non-text and duplicate keys, and (when allowed is not null)
         * unknown ones with the closest known key suggested.
         */
        private Map<String, Entry> keys(MappingNode m, String path, List<String> allowed, Map<String, String> unsupported) {
            Map<String, Entry> keys = new LinkedHashMap<>();
            String where = path.isEmpty() ? "" : " in " + path;
            for (NodeTuple t : m.getValue()) {
                if (!(t.getKeyNode() instanceof ScalarNode k) || isNull(k)) {
                    throw error(t.getKeyNode(), "keys" + where + " must be names, got " + describe(t.getKeyNode()));
                }
                String key = k.getValue();
                String qualified = path.isEmpty() ? key : path + "." + key;
                if (keys.containsKey(key)) {
                    throw error(k, "duplicate key '" + qualified + "' (first at line " + line(keys.get(key).key()) + ")");
                }
                if (unsupported.containsKey(key)) {
                    throw error(k, qualified + ": " + unsupported.get(key));
                }
                if (allowed != null && !allowed.contains(key)) {
                    throw error(k, "unknown key '" + key + "'" + where + suggestion(key, allowed) + "; known keys: "
                            + String.join(", ", allowed));
                }
                keys.put(key, new Entry(k, t.getValueNode()));
            }
            return keys;
        }

        private Entry required(Map<String, Entry> keys, String key, Node parent, String path) {
            Entry e = keys.get(key);
            if (e == null) {
                String what = switch (path + "." + key) {
                    case ".trainer" -> " (a name from `lathe trainers`, or command)";
                    case ".method" -> " (grid, random, sobol or bayes)";
                    case ".data" -> " (the CSV file trials train on)";
                    case ".label" -> " (the column to predict)";
                    case ".command" -> " (the program and arguments each trial runs)";
                    case ".metric" -> " (such as {name: val_accuracy, goal: maximize})";
                    default -> "";
                };
                throw error(parent, (path.isEmpty() ? "" : path + ": ") + "missing required key '" + key + "'" + what);
            }
            return e;
        }

        private MappingNode mapping(Entry e, String path, String example) {
            if (!(e.value() instanceof MappingNode m)) {
                throw error(e.value(), path + " must be a mapping such as " + example + ", got " + describe(e.value()));
            }
            return m;
        }

        /** Non-empty text from a scalar of any type (a name may be 2024). */
        private String text(Entry e, String path) {
            if (!(e.value() instanceof ScalarNode s)) {
                throw error(e.value(), path + " must be text, got " + describe(e.value()));
            }
            if (isNull(s) || s.getValue().isBlank()) {
                throw error(e.value(), path + " needs a value");
            }
            return s.getValue();
        }

        private String choice(Entry e, String path, List<String> allowed) {
            String value = text(e, path);
            if (!allowed.contains(value)) {
                String kind = path.substring(path.lastIndexOf('.') + 1);
                throw error(e.value(), path + ": unknown " + kind + " '" + value + "'" + suggestion(value, allowed)
                        + "; allowed: " + String.join(", ", allowed));
            }
            return value;
        }

        private long integer(Node node, String path, double least, double most, String what) {
            Object v = node instanceof ScalarNode s ? construct(s) : null;
            long result;
            switch (v) {
                case Integer i -> result = i;
                case Long l -> result = l;
                case BigInteger b when b.bitLength() <= 63 -> result = b.longValue();
                case Double d when d == Math.rint(d) && Math.abs(d) < MAX_EXACT_INT -> result = (long) (double) d;
                case null, default -> throw error(node, path + " must be " + what + ", got " + describe(node));
            }
            if (result < least || result > most) {
                throw error(node, path + " must be " + what + ", got " + describe(node));
            }
            return result;
        }

        private double number(Node node, String path, String what) {
            Object v = node instanceof ScalarNode s ? construct(s) : null;
            double result = switch (v) {
                case Number n -> n.doubleValue();
                case null, default -> throw error(node, path + " must be " + what + ", got " + describe(node));
            };
            if (!Double.isFinite(result)) {
                throw error(node, path + " must be a finite number, got " + describe(node));
            }
            return result;
        }

        private boolean isInteger(Node node) {
            Object v = node instanceof ScalarNode s ? construct(s) : null;
            return v instanceof Integer || v instanceof Long || v instanceof BigInteger;
        }

        private Object construct(ScalarNode s) {
            try {
                return constructor.constructSingleDocument(Optional.of(s));
            } catch (YamlEngineException e) {
                return s.getValue();
            }
        }

        private boolean isNull(Node node) {
            return node instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
        }

        private String describe(Node node) {
            return switch (node) {
                case ScalarNode s when isNull(s) -> "nothing";
                case ScalarNode s -> "'" + s.getValue() + "'";
                case SequenceNode q -> "a list";
                case MappingNode m -> "a mapping";
                default -> "a " + node.getNodeType().name().toLowerCase(Locale.ROOT);
            };
        }

        /** A scalar's text as written (for messages). */
        private String raw(Node node) {
            return node instanceof ScalarNode s ? s.getValue() : describe(node);
        }

        private int line(Node node) {
            return node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
        }

        private SweepSpecException error(Node node, String problem) {
            Optional<Mark> mark = node == null ? Optional.empty() : node.getStartMark();
            return new SweepSpecException(file, mark.map(m -> m.getLine() + 1).orElse(0),
                    mark.map(m -> m.getColumn() + 1).orElse(0), problem);
        }
    }

    /** " (did you mean 'x'?)" for the closest known word, or "" when nothing is close. */
    static String suggestion(String word, List<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(word.toLowerCase(Locale.ROOT), k.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        if (best == null) {
            return "";
        }
        String lower = word.toLowerCase(Locale.ROOT);
        boolean close = bestDistance <= Math.max(2, word.length() / 3)
                || lower.length() >= 3 && best.startsWith(lower)
                || best.length() >= 3 && lower.startsWith(best);
        return close && !best.equals(word) ? " (did you mean '" + best + "'?)" : "";
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
