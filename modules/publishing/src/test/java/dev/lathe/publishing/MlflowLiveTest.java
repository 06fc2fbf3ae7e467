package dev.lathe.publishing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.workspace.Workspace;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Publishes to a real MLflow server when MLFLOW_TRACKING_URI names one (http(s)://HOST:PORT); its credentials
 * come from MLFLOW_TRACKING_TOKEN or MLFLOW_TRACKING_USERNAME/PASSWORD as for the CLI. Skipped otherwise.
 */
@EnabledIfEnvironmentVariable(named = "MLFLOW_TRACKING_URI", matches = "https?://.+")
class MlflowLiveTest {
    @TempDir
    Path tmp;

    @Test
    void publishesToTheServerTwiceWithoutDuplicates() throws Exception {
        String url = "mlflow+" + System.getenv("MLFLOW_TRACKING_URI");
        String name = "lathe-live-" + Long.toHexString(System.currentTimeMillis());
        try (Workspace ws = Workspace.open(tmp.resolve("ws"))) {
            TrainedModel.train(ws, name, 1, 1200);
            ws.registry().setAlias(name, "champion", 1, "live test");
            Outbox outbox = new Outbox(ws, new Publishers(Credentials.system(), Http.client(), Optional.empty(),
                    OciClient.DEFAULT_CHUNK));
            Outbox.Outcome first = outbox.publish(name + "@champion", url, new Outbox.Options(true), PublishListener.NONE);
            assertTrue(first.done(), () -> String.valueOf(first.error()));
            Outbox.Outcome again = outbox.publish(name + ":1", url, new Outbox.Options(true), PublishListener.NONE);
            assertTrue(again.done(), () -> String.valueOf(again.error()));
            assertTrue((Boolean) again.result().details().get("run_reused"));
            assertTrue(first.result().details().get("model_version").equals(again.result().details().get("model_version")));
        }
    }
}
