package dev.lathe.app.models;

import dev.lathe.app.TestWorkspaces;
import dev.lathe.core.Run;
import dev.lathe.core.RunStatus;
import dev.lathe.workspace.RegistryRepository;
import dev.lathe.workspace.Workspace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** A real workspace with a registered model, as `lathe models register` and `models alias` would leave it. */
final class RegistryFixtures {
    private RegistryFixtures() {
    }

    /**
     * Model iris-cls with version 1 (run "cart-depth-2", description "baseline") and version 2 (run
     * "cart-depth-4"), and alias champion set to version 1 with the comment "first cut". Closed on return.
     */
    static Path irisModel(Path dir) {
        try (Workspace ws = Workspace.open(dir)) {
            String iris = ws.experiments().getOrCreate("iris").id();
            Run v1 = modelRun(ws, iris, "cart-depth-2", "2", 0.9333);
            Run v2 = modelRun(ws, iris, "cart-depth-4", "4", 0.9667);
            ws.registry().register(v1.id(), "iris-cls", "baseline");
            ws.registry().register(v2.id(), "iris-cls", null);
            ws.registry().setAlias("iris-cls", "champion", 1, "first cut");
        }
        return dir;
    }

    private static Run modelRun(Workspace ws, String experiment, String name, String depth, double accuracy) {
        Run run = TestWorkspaces.addRun(ws, experiment, name, "tribuo-cart", Map.of("max_depth", depth),
                Map.of("val_accuracy", accuracy), null);
        ws.artifacts().add(run.id(), RegistryRepository.MODEL_MANIFEST,
                "{\"trainer\":\"tribuo-cart\"}".getBytes(StandardCharsets.UTF_8));
        ws.runs().finish(run.id(), RunStatus.FINISHED, null);
        return run;
    }
}
