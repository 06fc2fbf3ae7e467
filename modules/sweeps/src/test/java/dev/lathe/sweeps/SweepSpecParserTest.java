package dev.lathe.sweeps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.sweeps.SweepSpec.EarlyTerminate;
import dev.lathe.sweeps.SweepSpec.Goal;
import dev.lathe.sweeps.SweepSpec.Method;
import dev.lathe.sweeps.SweepSpec.Metric;
import dev.lathe.sweeps.space.Dimension;
import dev.lathe.sweeps.space.SearchSpace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepSpecParserTest {
    @TempDir
    Path dir;
    private Path sweepFile;

    /** A valid wine sweep; tests replace one line to make one mistake. */
    private static final String WINE = """
            name: wine-mlp
            experiment: wine
            data: ../shared/datasets/wine.csv
            label: cultivar
            task: classification
            trainer: djl-mlp
            method: bayes
            metric: {name: val_accuracy, goal: maximize}
            parameters:
              epochs: {value: 30}
              lr: {distribution: log_uniform_values, min: 0.0001, max: 0.1}
              hidden: {values: [16, 32, 64]}
              dropout: {distribution: uniform, min: 0.0, max: 0.5}
              batch_size: {distribution: int_uniform, min: 8, max: 64}
            early_terminate: {type: hyperband, min_iter: 3, eta: 3}
            run_cap: 30
            max_minutes: 20
            parallel: auto
            seed: 7
            """;

    @BeforeEach
    void files() throws IOException {
        Path data = dir.resolve("shared/datasets/wine.csv");
        Files.createDirectories(data.getParent());
        Files.writeString(data, "alcohol,cultivar\n13.2,1\n");
        Files.createDirectories(dir.resolve("sweeps"));
        sweepFile = dir.resolve("sweeps/wine-mlp.yaml");
    }

    private SweepSpec parse(String yaml) {
        return SweepSpecParser.parseText(yaml, sweepFile);
    }

    /** Replaces the line starting with {@code prefix} (after indentation) by {@code line}. */
    private static String with(String prefix, String line) {
        StringBuilder out = new StringBuilder();
        boolean found = false;
        for (String l : WINE.split("\n")) {
            if (!found && l.strip().startsWith(prefix)) {
                out.append(line).append('\n');
                found = true;
            } else {
                out.append(l).append('\n');
            }
        }
        assertTrue(found, prefix);
        return out.toString();
    }

    private static String without(String prefix) {
        return Stream.of(WINE.split("\n")).filter(l -> !l.strip().startsWith(prefix))
                .reduce("", (a, b) -> a + b + "\n");
    }

    /** Asserts the parse fails at (line, column of token's first occurrence on that line) with the fragments. */
    private SweepSpecException fails(String yaml, int line, String token, String... fragments) {
        SweepSpecException e = assertThrows(SweepSpecException.class, () -> parse(yaml));
        String text = yaml.split("\n")[line - 1];
        int column = text.indexOf(token) + 1;
        assertTrue(column > 0, "token '" + token + "' on line " + line);
        assertEquals(line, e.line(), e.getMessage());
        assertEquals(column, e.column(), e.getMessage());
        assertTrue(e.getMessage().contains("wine-mlp.yaml, line " + line + ", column " + column + ": "),
                e.getMessage());
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "'" + f + "' in: " + e.getMessage());
        }
        assertEquals(sweepFile, e.file());
        return e;
    }

    // ---- a valid file -----------------------------------------------------------------------------------------

    @Test
    void readsTheFullExample() throws IOException {
        Files.writeString(sweepFile, WINE);
        List<Path> before;
        try (Stream<Path> walk = Files.walk(dir)) {
            before = walk.sorted().toList();
        }
        SweepSpec spec = SweepSpecParser.parse(sweepFile);

        Map<String, Dimension> dims = new LinkedHashMap<>();
        dims.put("epochs", new Dimension.Constant(30L));
        dims.put("lr", new Dimension.LogUniform(0.0001, 0.1));
        dims.put("hidden", new Dimension.Categorical(List.of(16L, 32L, 64L)));
        dims.put("dropout", new Dimension.Uniform(0.0, 0.5));
        dims.put("batch_size", new Dimension.IntUniform(8, 64));
        SweepSpec expected = new SweepSpec("wine-mlp", "wine", dir.resolve("shared/datasets/wine.csv"), "cultivar",
                "classification", "djl-mlp", List.of(), Method.BAYES, new Metric("val_accuracy", Goal.MAXIMIZE),
                new SearchSpace(dims), new EarlyTerminate(EarlyTerminate.Type.HYPERBAND, 3, 3, null, 1, 3), 30,
                Duration.ofMinutes(20), null, 7, sweepFile);
        assertEquals(expected, spec);
        assertEquals(List.of("epochs", "lr", "hidden", "dropout", "batch_size"), spec.parameters().names());
        try (Stream<Path> walk = Files.walk(dir)) {
            assertEquals(before, walk.sorted().toList(), "parsing writes nothing");
        }
    }

    @Test
    void fillsDefaults() {
        String yaml = """
                data: ../shared/datasets/wine.csv
                label: cultivar
                trainer: tribuo-forest
                method: grid
                metric: {name: val_loss}
                parameters:
                  trees: {values: [10, 50, 100]}
                  max_depth: {min: 2, max: 5}
                  fraction_features: {distribution: q_uniform, min: 0.25, max: 0.75, q: 0.25}
                """;
        SweepSpec spec = parse(yaml);
        assertEquals("wine-mlp", spec.name(), "the file's base name");
        assertEquals("wine-mlp", spec.experiment(), "the sweep's name");
        assertNull(spec.task());
        assertEquals(new Metric("val_loss", Goal.MINIMIZE), spec.metric(), "a loss defaults to minimize");
        assertEquals(36, spec.runCap(), "a grid's run cap is its size");
        assertEquals(new Dimension.IntUniform(2, 5), spec.parameters().get("max_depth"), "two integers: int_uniform");
        assertNull(spec.earlyTerminate());
        assertNull(spec.maxTime());
        assertNull(spec.parallel());
        assertEquals(0, spec.seed());
        assertEquals(List.of(0.25, 0.5, 0.75), spec.parameters().get("fraction_features").gridValues());

        SweepSpec capped = parse(yaml + "run_cap: 10\nparallel: 3\n");
        assertEquals(10, capped.runCap());
        assertEquals(3, capped.parallel());
        assertEquals(36, parse(yaml + "run_cap: 1000\n").runCap(), "never more than the grid");
        assertEquals(Goal.MAXIMIZE, parse(with("metric:", "metric: {name: val_accuracy}")).metric().goal());
    }

    @Test
    void readsEveryDistribution() {
        String yaml = """
                trainer: command
                command: [python3, train.py]
                method: random
                run_cap: 5
                metric: {name: score, goal: maximize}
                parameters:
                  a: {value: hello}
                  b: {values: [1, 2.5, text, true]}
                  c: {min: 1, max: 10}
                  d: {min: 1, max: 10.0}
                  e: {distribution: q_uniform, min: 0, max: 100}
                  f: {distribution: log_uniform_values, min: 1e-5, max: 1e-1}
                  g: {distribution: q_log_uniform_values, min: 1, max: 1024, q: 2}
                  h: {distribution: inv_log_uniform_values, min: 0.01, max: 1}
                  i: {distribution: normal}
                  j: {distribution: q_normal, mu: 10, sigma: 3, q: 0.5}
                  k: {distribution: log_normal, mu: -1, sigma: 0.5}
                  l: {distribution: q_log_normal, mu: 2, sigma: 1, q: 1}
                  m: {distribution: log_uniform, min: -2, max: 1}
                  n: {distribution: q_log_uniform, min: 0, max: 3, q: 1}
                  o: {distribution: inv_log_uniform, min: 0, max: 2}
                  p: {distribution: categorical, values: [x]}
                  q: {distribution: constant, value: 0.5}
                  r: {distribution: int_uniform, min: -3, max: 3}
                  s: {distribution: uniform, min: -1, max: 1}
                """;
        SearchSpace s = parse(yaml).parameters();
        assertEquals(new Dimension.Constant("hello"), s.get("a"));
        assertEquals(new Dimension.Categorical(List.of(1L, 2.5, "text", true)), s.get("b"));
        assertEquals(new Dimension.IntUniform(1, 10), s.get("c"));
        assertEquals(new Dimension.Uniform(1, 10), s.get("d"));
        assertEquals(new Dimension.QUniform(0, 100, 1), s.get("e"));
        assertEquals(new Dimension.LogUniform(1e-5, 1e-1), s.get("f"));
        assertEquals(new Dimension.QLogUniform(1, 1024, 2), s.get("g"));
        assertEquals(new Dimension.InvLogUniform(0.01, 1), s.get("h"));
        assertEquals(new Dimension.Normal(0, 1), s.get("i"));
        assertEquals(new Dimension.QNormal(10, 3, 0.5), s.get("j"));
        assertEquals(new Dimension.LogNormal(-1, 0.5), s.get("k"));
        assertEquals(new Dimension.QLogNormal(2, 1, 1), s.get("l"));
        assertEquals(new Dimension.LogUniform(Math.exp(-2), Math.exp(1)), s.get("m"), "legacy: exponents");
        assertEquals(new Dimension.QLogUniform(1, Math.exp(3), 1), s.get("n"));
        assertEquals(new Dimension.InvLogUniform(Math.exp(-2), 1), s.get("o"));
        assertEquals(new Dimension.Categorical(List.of("x")), s.get("p"));
        assertEquals(new Dimension.Constant(0.5), s.get("q"));
        assertEquals(new Dimension.IntUniform(-3, 3), s.get("r"));
        assertEquals(new Dimension.Uniform(-1, 1), s.get("s"));
        assertEquals(Long.class, s.get("e").fromUnit(0.37).getClass(), "a whole q gives integers");
    }

    @Test
    void readsACommandSweep() throws IOException {
        Files.writeString(dir.resolve("sweeps/train.py"), "print('hi')\n");
        SweepSpec spec = parse("""
                name: tiny
                trainer: command
                command: [python3, train.py, --lr, "${lr}", --out, "${out_dir}", "--tag=$${literal}"]
                method: sobol
                metric: {name: score, goal: maximize}
                parameters:
                  lr: {distribution: log_uniform_values, min: 0.001, max: 1}
                  anything_goes: {values: [a, b]}
                run_cap: 8
                early_terminate: {type: median}
                """);
        assertEquals(List.of("python3", "train.py", "--lr", "${lr}", "--out", "${out_dir}", "--tag=$${literal}"),
                spec.command());
        assertNull(spec.data());
        assertNull(spec.label());
        assertEquals(Method.SOBOL, spec.method());
        assertEquals(new EarlyTerminate(EarlyTerminate.Type.MEDIAN, 1, 3, null, 1, 3), spec.earlyTerminate());
    }

    @Test
    void parseTextResolvesAgainstTheSourceFolder() {
        SweepSpec spec = SweepSpecParser.parse(WINE, Path.of("stored-in-workspace"), dir.resolve("sweeps"));
        assertEquals(dir.resolve("shared/datasets/wine.csv"), spec.data());
    }

    @Test
    void aRecordedSweepStaysReadableWhenItsDataAndTrainerAreGone() {
        String yaml = with("data:", "data: moved-away.csv").replace("trainer: djl-mlp", "trainer: retired-trainer");
        assertThrows(SweepSpecException.class, () -> parse(yaml));
        SweepSpec spec = SweepSpecParser.parseRecorded(yaml, sweepFile);
        assertEquals(dir.resolve("sweeps/moved-away.csv"), spec.data());
        assertEquals("retired-trainer", spec.trainer());
        assertThrows(SweepSpecException.class, () -> SweepSpecParser.parseRecorded(with("run_cap:", "run_cap: ten"),
                sweepFile), "the file's own mistakes are still refused");
    }

    // ---- errors -----------------------------------------------------------------------------------------------

    @Test
    void unknownTopLevelKey() {
        fails(with("method:", "methd: bayes"), 7, "methd", "unknown key 'methd'", "did you mean 'method'?",
                "known keys: name, experiment");
        fails(WINE + "program: train.py\n", 20, "program", "program: Lathe runs trainers");
    }

    @Test
    void unknownKeyInsideAParameter() {
        fails(with("lr:", "  lr: {distrbution: log_uniform_values, min: 0.0001, max: 0.1}"), 11, "distrbution",
                "unknown key 'distrbution' in parameters.lr", "did you mean 'distribution'?");
        fails(with("lr:", "  lr: {distribution: uniform, min: 0.1, max: 1, mu: 3}"), 11, "mu",
                "parameters.lr.mu does not apply to uniform (it takes min, max)");
        fails(with("lr:", "  lr: {parameters: {a: {value: 1}}}"), 11, "parameters", "nested parameters are not supported");
    }

    @Test
    void wrongTypes() {
        fails(with("run_cap:", "run_cap: ten"), 16, "ten", "run_cap must be a positive integer, got 'ten'");
        fails(with("run_cap:", "run_cap: 0"), 16, "0", "run_cap must be a positive integer, got '0'");
        fails(with("seed:", "seed: [1]"), 19, "[", "seed must be an integer, got a list");
        fails(with("parallel:", "parallel: many"), 18, "many", "parallel must be auto or a positive integer");
        fails(with("max_minutes:", "max_minutes: -5"), 17, "-5", "max_minutes must be a positive number of minutes");
        fails(with("lr:", "  lr: {distribution: uniform, min: low, max: 0.1}"), 11, "low",
                "parameters.lr.min must be a number, got 'low'");
        fails(with("batch_size:", "  batch_size: {distribution: int_uniform, min: 8.5, max: 64}"), 14, "8.5",
                "parameters.batch_size.min must be an integer for int_uniform, got '8.5'");
        fails(with("epochs:", "  epochs: 30"), 10, "30", "parameters.epochs must be a mapping such as {value: 30}");
        fails(with("metric:", "metric: val_accuracy"), 8, "val_accuracy", "metric must be a mapping");
        fails(with("hidden:", "  hidden: {values: [[64, 32], [128]]}"), 12, "[64", "must be a single value",
                "\"64,32\"");
        fails(with("task:", "task: clustering"), 5, "clustering", "unknown task 'clustering'",
                "classification, regression");
    }

    @Test
    void missingRequiredKeys() {
        fails(without("method:"), 1, "name", "missing required key 'method'", "grid, random, sobol or bayes");
        fails(without("label:"), 1, "name", "missing required key 'label'");
        fails(without("run_cap:"), 7, "bayes", "run_cap is required for method bayes");
        fails(with("metric:", "metric: {goal: maximize}"), 8, "{", "metric: missing required key 'name'");
        fails(with("lr:", "  lr: {distribution: uniform, min: 0.1}"), 11, "{", "parameters.lr: missing required key 'max'");
        fails(with("lr:", "  lr: {}"), 11, "{", "parameters.lr needs value, values, min and max, or a distribution");
        fails(with("early_terminate:", "early_terminate: {eta: 3}"), 15, "{",
                "early_terminate: missing required key 'type'");
    }

    @Test
    void badValues() {
        fails(with("hidden:", "  hidden: {values: []}"), 12, "[]", "parameters.hidden.values is empty");
        fails(with("hidden:", "  hidden: {values: [16, 32, 16]}"), 12, "16]", "lists 16 twice");
        fails(with("lr:", "  lr: {distribution: log_uniform_values, min: 0.1, max: 0.0001}"), 11, "0.1",
                "parameters.lr: min 0.1 is not below max 0.0001");
        fails(with("lr:", "  lr: {distribution: log_uniform_values, min: 0, max: 0.1}"), 11, "0,",
                "parameters.lr.min must be above 0 for log_uniform_values");
        fails(with("lr:", "  lr: {distribution: q_log_uniform_values, min: -1, max: 0.1}"), 11, "-1",
                "must be above 0 for q_log_uniform_values");
        fails(with("dropout:", "  dropout: {distribution: normal, mu: 0.2, sigma: 0}"), 13, "0}",
                "parameters.dropout.sigma must be a positive number");
        fails(with("lr:", "  lr: {distribution: log_uniform, min: 0.0001, max: 0.1}"), 11, "0.0001",
                "log_uniform takes exponents", "use distribution: log_uniform_values");
        fails(with("dropout:", "  dropout: {distribution: q_uniform, min: 0.1, max: 0.2, q: 0.5}"), 13, "0.5}",
                "no multiple of q = 0.5 lies between min 0.1 and max 0.2");
        fails(with("early_terminate:", "early_terminate: {type: hyperband, eta: 1}"), 15, "1}",
                "early_terminate.eta must be an integer of at least 2");
        fails(with("early_terminate:", "early_terminate: {type: median, eta: 3}"), 15, "eta",
                "early_terminate.eta does not apply to median (it takes min_iter, min_trials)");
        fails(with("early_terminate:", "early_terminate: {type: hyperband, min_iter: 4, max_iter: 4}"), 15, "4}",
                "max_iter 4 is not above min_iter 4");
        fails(WINE + "seed: 8\n", 20, "seed", "duplicate key 'seed' (first at line 19)");
    }

    @Test
    void unknownNamesListTheAllowedOnes() {
        fails(with("lr:", "  lr: {distribution: lognormal, min: 0.0001, max: 0.1}"), 11, "lognormal",
                "parameters.lr.distribution: unknown distribution 'lognormal'", "did you mean 'log_normal'?",
                "allowed: constant, categorical, int_uniform, uniform, q_uniform, log_uniform_values");
        fails(with("method:", "method: bayesian"), 7, "bayesian", "unknown method 'bayesian'",
                "did you mean 'bayes'?", "allowed: grid, random, sobol, bayes");
        fails(with("metric:", "metric: {name: val_accuracy, goal: max}"), 8, "max}", "unknown goal 'max'",
                "allowed: maximize, minimize");
        fails(with("early_terminate:", "early_terminate: {type: asha}"), 15, "asha",
                "early_terminate.type: unknown type 'asha'", "allowed: hyperband, median");
        fails(with("trainer:", "trainer: djl-mpl"), 6, "djl-mpl", "unknown trainer 'djl-mpl'",
                "did you mean 'djl-mlp'?", "tribuo-forest", "command");
    }

    @Test
    void paramsTheTrainerDoesNotHave() {
        fails(with("epochs:", "  lr2: {value: 30}"), 10, "lr2", "parameters.lr2: trainer djl-mlp has no param 'lr2'",
                "did you mean 'lr'?", "its params: hidden");
        fails(with("epochs:", "  epochs: {distribution: uniform, min: 1.0, max: 10.0}"), 10, "epochs",
                "djl-mlp's epochs takes integers but uniform draws fractions");
        fails(with("dropout:", "  dropout: {distribution: uniform, min: 0.0, max: 1.5}"), 13, "1.5",
                "parameters.dropout: param dropout=1.5 for djl-mlp is out of range: must be between 0 and 0.9");
        fails(with("dropout:", "  dropout: {min: 0, max: 1}"), 13, "dropout", "are both integers",
                "add distribution: uniform");
        fails(with("hidden:", "  activation: {values: [relu, swish]}"), 12, "swish", "is not one of: relu, tanh");
        fails(with("hidden:", "  optimizer: {min: 1, max: 3}"), 12, "optimizer", "one of adam, sgd, adamw");
    }

    @Test
    void dataFileMustExist() {
        SweepSpecException e = fails(with("data:", "data: missing.csv"), 3, "missing.csv", "data: no such file: ");
        assertTrue(e.getMessage().contains(dir.resolve("sweeps/missing.csv").toString()), e.getMessage());
        fails(with("data:", "data: ../shared"), 3, "../shared", "is a folder");
    }

    @Test
    void gridNeedsDiscreteDimensions() {
        String grid = with("method:", "method: grid");
        fails(grid, 11, "lr", "grid needs values or int_uniform/q_* ranges; parameters.lr is continuous");
        String intGrid = with("method:", "method: grid")
                .replace("  lr: {distribution: log_uniform_values, min: 0.0001, max: 0.1}\n", "")
                .replace("  dropout: {distribution: uniform, min: 0.0, max: 0.5}\n", "");
        assertEquals(30, parse(intGrid).runCap(), "the given cap");
        assertEquals(3 * 57, parse(intGrid.replace("run_cap: 30\n", "")).runCap(), "the grid's size");
    }

    @Test
    void commandTrainerRules() {
        String base = """
                trainer: command
                command: [python3, train.py, --lr, "${lr}"]
                method: random
                run_cap: 4
                metric: {name: score}
                parameters:
                  lr: {min: 0.1, max: 1.0}
                """;
        parse(base);
        fails(base.replace("command: [python3, train.py, --lr, \"${lr}\"]\n", ""), 1, "trainer",
                "missing required key 'command'");
        fails(base.replace("${lr}", "${lrr}"), 2, "\"${lrr}\"", "command[3]: unknown placeholder ${lrr}",
                "did you mean lr?", "known: lr, data, label, seed, trial, run_id, out_dir");
        fails(base.replace("${lr}", "${data}"), 2, "\"${data}\"", "uses ${data} but the sweep has no data key");
        fails(base.replace("${lr}", "${lr"), 2, "\"${lr\"", "command[3]: unclosed");
        fails(base.replace("command: [python3, train.py, --lr, \"${lr}\"]", "command: python3 train.py"), 2,
                "python3", "command must be a list");
        fails(WINE + "command: [python3]\n", 20, "command", "command is only for trainer: command");
    }

    @Test
    void yamlSyntaxErrorsPointAtTheProblem() {
        SweepSpecException e = assertThrows(SweepSpecException.class,
                () -> parse(with("label:", "label: cultivar: x")));
        assertEquals(4, e.line(), e.getMessage());
        assertEquals(16, e.column(), e.getMessage());
        assertTrue(e.getMessage().contains("YAML syntax: mapping values are not allowed here"), e.getMessage());

        e = assertThrows(SweepSpecException.class, () -> parse(with("hidden:", "  hidden: {values: [16, 32}")));
        assertEquals(12, e.line(), e.getMessage());
        assertTrue(e.getMessage().contains("YAML syntax"), e.getMessage());

        e = assertThrows(SweepSpecException.class, () -> parse(""));
        assertTrue(e.getMessage().contains("the file is empty"), e.getMessage());
        fails("- a\n- b\n", 1, "-", "a sweep file is a mapping");
    }

    @Test
    void aMissingSweepFile() {
        SweepSpecException e = assertThrows(SweepSpecException.class,
                () -> SweepSpecParser.parse(dir.resolve("nope.yaml")));
        assertTrue(e.getMessage().endsWith("nope.yaml: no such file"), e.getMessage());
    }

    @Test
    void suggestions() {
        assertEquals(" (did you mean 'distribution'?)", SweepSpecParser.suggestion("distrbution", SweepSpecParser.PARAM_KEYS));
        assertEquals("", SweepSpecParser.suggestion("zzzzzz", SweepSpecParser.PARAM_KEYS));
        assertEquals(" (did you mean 'max_minutes'?)", SweepSpecParser.suggestion("max_minute", SweepSpecParser.TOP_KEYS));
        assertEquals(3, SweepSpecParser.distance("kitten", "sitting"));
    }
}
