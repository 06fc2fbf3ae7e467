package dev.lathe.app.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lathe.app.sweeps.RunnerClient;
import dev.lathe.app.sweeps.RunnerCommand;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Computes param importance for some runs. The app never fits models in its own process: the default source asks
 * the runner ({@code lathe importance --format json ...}), which fits a random forest in a child process.
 */
@FunctionalInterface
public interface ImportanceSource {

    /** One param's share of the importance (0..1) with its standard error on the same scale. */
    record Param(String param, double share, double shareStd, boolean categorical) {
    }

    /** The ranking, most important first, with the number of runs used, the held-out R² and the method in words. */
    record Result(List<Param> params, int trials, double heldOutR2, String method) {
        public Result {
            params = List.copyOf(params);
        }
    }

    /**
     * Blocks; call off the UI thread.
     *
     * @param includePruned count pruned trials too (their last value is from fewer steps), for early-stopped sweeps
     *                      where few trials finish
     */
    Result compute(Path workspace, List<String> runIds, String metric, boolean maximize, boolean includePruned) throws Exception;

    /** The runner found by {@link RunnerCommand#locate()} when first asked (so a missing runner is an error shown then). */
    static ImportanceSource runner() {
        return runner(RunnerCommand::locate);
    }

    static ImportanceSource runner(Supplier<RunnerCommand> command) {
        return (workspace, runIds, metric, maximize, includePruned) -> {
            List<String> args = new ArrayList<>(List.of("importance", "--workspace", workspace.toString(), "--format", "json",
                    "--metric", metric, "--goal", maximize ? "maximize" : "minimize"));
            if (includePruned) {
                args.add("--include-pruned");
            }
            args.addAll(runIds);
            RunnerClient.Result result = new RunnerClient(command.get()).run(null, args.toArray(String[]::new));
            if (!result.ok()) {
                throw new IllegalArgumentException(result.message());
            }
            return parse(result.stdout());
        };
    }

    /** Reads {@code lathe importance --format json} output; standard errors are scaled like the shares. */
    static Result parse(String json) throws IOException {
        JsonNode root = new ObjectMapper().readTree(json);
        double total = 0;
        for (JsonNode p : root.path("params")) {
            total += Math.max(0, p.path("mseIncrease").asDouble());
        }
        List<Param> params = new ArrayList<>();
        for (JsonNode p : root.path("params")) {
            double std = p.path("stdError").asDouble();
            params.add(new Param(p.path("param").asText(), p.path("share").asDouble(), total > 0 ? std / total : 0,
                    p.path("categorical").asBoolean()));
        }
        return new Result(params, root.path("trials").asInt(), root.path("heldOutR2").asDouble(), root.path("method").asText());
    }
}
