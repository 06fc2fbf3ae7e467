package dev.lathe.sweeps;

import dev.lathe.sweeps.command.CommandResult;
import dev.lathe.sweeps.command.CommandTemplate;
import dev.lathe.sweeps.command.CommandTrial;
import dev.lathe.training.TrainingException;
import dev.lathe.training.TrainingListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trial that runs the sweep's command (any language): params go in through the templated arguments, metrics
 * come back as JSON or key=value lines on stdout, and the command's output is kept as the artifact
 * {@code model/output.log}. It runs in the sweep file's folder, so relative script paths work.
 */
public final class CommandTrialTask implements TrialTask {
    private final List<String> template;
    private final Path workDir;
    private final Path data;
    private final String label;

    public CommandTrialTask(List<String> template, Path workDir, Path data, String label) {
        this.template = List.copyOf(template);
        this.workDir = workDir;
        this.data = data;
        this.label = label;
    }

    @Override
    public Map<String, Double> train(int trial, String runId, Map<String, String> params, long seed, Path outDir,
                                     TrainingListener listener) {
        Map<String, String> builtins = new LinkedHashMap<>();
        builtins.put("data", data == null ? "" : data.toAbsolutePath().toString());
        builtins.put("label", label == null ? "" : label);
        builtins.put("seed", String.valueOf(seed));
        builtins.put("trial", String.valueOf(trial));
        builtins.put("run_id", runId);
        builtins.put("out_dir", outDir.toAbsolutePath().toString());
        List<String> argv = CommandTemplate.render(template, params, builtins);
        listener.params(params);
        Map<String, String> env = Map.of("LATHE_RUN_ID", runId, "LATHE_OUT_DIR", outDir.toAbsolutePath().toString(),
                "LATHE_TRIAL", String.valueOf(trial), "LATHE_SEED", String.valueOf(seed));
        Path log = outDir.resolve("output.log");
        CommandResult result;
        try (Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            result = CommandTrial.run(argv, workDir, env, listener, null, (stream, line) -> {
                try {
                    out.write(stream == CommandTrial.Stream.STDERR ? "[stderr] " + line + "\n" : line + "\n");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new TrainingException("cannot write the command's log " + log + ": " + e.getMessage(), e);
        }
        if (result.status() == CommandResult.Status.FAILED) {
            throw new TrainingException(result.reason());
        }
        return result.finalMetrics();
    }

    @Override
    public Map<String, String> tags() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("command", String.join(" ", template));
        if (data != null) {
            tags.put("data", data.getFileName().toString());
        }
        return tags;
    }
}
